import assert from 'node:assert/strict';
import { ambiguousCard, analyze, entryCard, loadBundledDataset, loadDataset, type AgreementEntry } from '../../src/core';

describe('entry cards', () => {
  const dataset = loadBundledDataset();

  it('shows an agreement with date, classification, parties with flags, summary, sources and citations', () => {
    const card = entryCard(dataset.entries.get('moc-estonia-2022')!, dataset, { citations: 3 });
    assert.match(card, /Memorandum of Cooperation/);
    assert.match(card, /\*\*Date:\*\* 2022/);
    assert.match(card, /\*\*Classification:\*\* Bilateral/);
    assert.match(card, /🇪🇪 Estonia/);
    assert.match(card, /\*\*Sources:\*\* \[/);
    assert.match(card, /Cited 3 times in this document\./);
  });

  it('shows a pillar with its policy, number and siblings', () => {
    const card = entryCard(dataset.entries.get('nfoip-pillar-3')!, dataset);
    assert.match(card, /pillar 3 of New Plan for a Free and Open Indo/);
    assert.match(card, /Sibling pillars:\*\* 1\. Principles for Peace/);
  });

  it('shows a country with official name, region, capital, flag and its engagements', () => {
    const card = entryCard(dataset.entries.get('est')!, dataset);
    assert.match(card, /🇪🇪 Estonia/);
    assert.match(card, /Official name:\*\* Republic of Estonia/);
    assert.match(card, /Capital:\*\* Tallinn/);
    assert.match(card, /Engagements in the dataset:\*\* .*Estonia.*\(2022\)/);
  });

  it('lists the candidates of an ambiguous reference', () => {
    const ref = analyze('The G20 Digital Economy Ministers’ Meeting is annual.', dataset).references[0]!;
    const card = ambiguousCard(ref, dataset);
    assert.match(card, /\(2020, ministerial meeting\)/);
    assert.match(card, /\(2023, ministerial meeting\)/);
  });

  it('escapes everything that comes from data: no links, commands or HTML', () => {
    // Built directly: the schema would already refuse the javascript: URL, the card must not rely on it.
    const entry: AgreementEntry = {
      id: 'evil',
      kind: 'agreement',
      label: '[click](command:workbench.action.quit) <img src=x onerror=alert(1)>',
      aliases: [],
      summary: '**bold** [x](javascript:alert(1)) <script>alert(1)</script>',
      sources: [{ title: 'ok', url: 'javascript:alert(1)' }, { title: 'fine', url: 'https://example.org/a' }],
      type: 'agreement',
      parties: ['jpn'],
    };
    const card = entryCard(entry, dataset);
    assert.ok(!loadDataset([{ name: 'evil.json', data: { entries: [entry] } }]).entries.has('evil'), 'the schema refuses it too');
    assert.ok(!/\]\(command:/.test(card), 'no command link');
    assert.ok(!/\]\(javascript:/.test(card), 'no javascript link');
    assert.ok(!/(?<!\\)<(img|script)/.test(card), 'no unescaped HTML');
    assert.match(card, /\\\[click\\\]\\\(command:workbench\\\.action\\\.quit\\\)/);
    assert.match(card, /\[fine\]\(https:\/\/example\.org\/a\)/);
  });
});
