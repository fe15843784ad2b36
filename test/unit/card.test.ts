import assert from 'node:assert/strict';
import { ambiguousCard, analyze, entryCard, loadBundledDataset, type AgreementEntry } from '../../src/core';
import { loadDataset } from '../../src/core/dataset/load';
import { engagementsByParty } from '../../src/core/report/card';

describe('entry cards', () => {
  const dataset = loadBundledDataset();

  it('shows an agreement with kind, classification, type, date and citations on one line, then parties with flags, summary and sources', () => {
    const card = entryCard(dataset.entries.get('moc-estonia-2022')!, dataset, { citations: 3 });
    assert.match(card, /^### .*Memorandum of Cooperation/);
    assert.match(card, /^Agreement · bilateral memorandum · 6 May 2022 · cited 3 times in this document {2}$/m);
    assert.match(card, /\*\*Parties:\*\* .*🇪🇪 Estonia/);
    assert.match(card, /\*\*Sources:\*\* \[/);
  });

  it('writes a date as precisely as the entry knows it', () => {
    const base = dataset.entries.get('moc-estonia-2022') as AgreementEntry;
    const kindLine = (e: AgreementEntry) => entryCard(e, dataset).split('\n')[2]!;
    assert.match(kindLine({ ...base, date: '2023-10' }), / · October 2023 {2}$/);
    assert.match(kindLine({ ...base, date: undefined, year: 2021 }), / · 2021 {2}$/);
    assert.match(kindLine({ ...base, date: '2023-13-01' }), / · 2023\\-13\\-01 {2}$/, 'an odd date is shown as written, escaped');
    assert.match(entryCard(base, dataset, { citations: 1 }), /cited 1 time in this document/);
  });

  it('marks the host among the parties', () => {
    const card = entryCard(dataset.entries.get('g20-2020-digital-economy-ministers-meeting')!, dataset);
    assert.match(card, /\*\*Parties:\*\* .*Saudi Arabia \(host\)/);
    assert.doesNotMatch(card, /\*\*Host:\*\*/);
  });

  it('links related entries only through linkTo', () => {
    const entry = dataset.entries.get('japan-eu-digital-partnership-2022')!;
    assert.doesNotMatch(entryCard(entry, dataset), /\]\((?!https:)/, 'no link but sources without linkTo');
    const card = entryCard(entry, dataset, { linkTo: (id) => `entry:${id}` });
    assert.match(card, /\[🇯🇵 Japan\]\(entry:jpn\)/);
    assert.match(card, /\*\*Pillars:\*\* \[Technology strand\]\(entry:strand-technology\)/);
    assert.match(card, /\*\*Policies:\*\* .*\]\(entry:dfft\)/);
  });

  it('shows a pillar with its policy, number and siblings', () => {
    const card = entryCard(dataset.entries.get('nfoip-pillar-3')!, dataset);
    assert.match(card, /Pillar 3 of New Plan for a Free and Open Indo/);
    assert.match(card, /Sibling pillars:\*\* 1\. Principles for Peace/);
  });

  it('shows a country with official name, region, capital, flag and its engagements', () => {
    const card = entryCard(dataset.entries.get('est')!, dataset);
    assert.match(card, /🇪🇪 Estonia/);
    assert.match(card, /^Country · Northern Europe, Europe · capital Tallinn {2}$/m);
    assert.match(card, /Official name:\*\* Republic of Estonia/);
    assert.match(card, /Engagements in the dataset:\*\* .*Estonia.*\(2022\)/);
  });

  it('lists at most six engagements when compact, and counts the rest', () => {
    const japan = dataset.entries.get('jpn')!;
    const count = engagementsByParty(dataset).get('jpn')!.length;
    assert.ok(count > 8, 'Japan is party to many engagements');
    assert.doesNotMatch(entryCard(japan, dataset), / more$/m, 'all of them when not compact');
    const short = entryCard(japan, dataset, { compact: true }).match(/Engagements in the dataset:\*\* (.*)/)![1]!;
    assert.match(short, new RegExp(`^G20 Ministerial Statement on Trade and Digital Economy \\(2019\\), .* and ${count - 6} more$`));
  });

  it('names sources by their site when compact, with the title as the link title, escaped', () => {
    const base = dataset.entries.get('moc-estonia-2022') as AgreementEntry;
    const entry: AgreementEntry = {
      ...base,
      sources: [
        { title: 'A "quoted" \\ title', url: 'https://www.digital.go.jp/en/a' },
        { title: 'Second', url: 'https://www.digital.go.jp/en/b' },
        { title: 'No link, and a title long enough to be cut short in a hover card', url: undefined },
      ],
    };
    const sources = entryCard(entry, dataset, { compact: true }).match(/\*\*Sources:\*\* (.*)/)![1]!;
    assert.equal(
      sources,
      '[digital\\.go\\.jp](https://www.digital.go.jp/en/a "A \\"quoted\\" \\\\ title") · ' +
        '[digital\\.go\\.jp \\(2\\)](https://www.digital.go.jp/en/b "Second") · ' +
        'No link, and a title long enough to be cut short in a hover…',
    );
    assert.match(entryCard(entry, dataset), /\*\*Sources:\*\* \[A "quoted" \\\\ title\]\(https:\/\/www\.digital\.go\.jp\/en\/a\); /);
  });

  it('lists the candidates of an ambiguous reference', () => {
    const ref = analyze('The G20 Digital Economy Ministers’ Meeting is annual.', dataset).references[0]!;
    const card = ambiguousCard(ref, dataset);
    assert.match(card, /\(2020, ministerial meeting\)/);
    assert.match(card, /\(2023, ministerial meeting\)/);
    assert.doesNotMatch(card, /\]\(/);
    assert.match(
      ambiguousCard(ref, dataset, { linkTo: (id) => `entry:${id}` }),
      /\]\(entry:g20-2023-digital-economy-ministers-meeting\) \(2023/,
    );
  });

  it('escapes everything that comes from data: no links, commands or HTML', () => {
    // Built directly: the schema would already refuse the javascript: URL, the card must not rely on it.
    const entry: AgreementEntry = {
      id: 'evil',
      kind: 'agreement',
      label: '[click](command:workbench.action.quit) <img src=x onerror=alert(1)>',
      aliases: [],
      summary: '**bold** [x](javascript:alert(1)) <script>alert(1)</script>',
      sources: [
        { title: 'ok', url: 'javascript:alert(1)' },
        { title: 'fine', url: 'https://example.org/a' },
      ],
      type: 'agreement',
      parties: ['jpn'],
    };
    const card = entryCard(entry, dataset);
    assert.ok(!loadDataset([{ name: 'evil.json', data: { entries: [entry] } }]).entries.has('evil'), 'the schema refuses it too');
    assert.ok(!/\]\(command:/.test(card), 'no command link');
    assert.ok(!/\]\(javascript:/.test(card), 'no javascript link');
    assert.ok(!/(?<!\\)<(img|script)/.test(card), 'no unescaped HTML');
    assert.match(card, /\\\[click\\\]\\\(command\\:workbench\\\.action\\\.quit\\\)/);
    assert.match(card, /\[fine\]\(https:\/\/example\.org\/a\)/);
  });
});
