import assert from 'node:assert/strict';
import {
  ambiguousTooltip,
  analyze,
  citedModel,
  entryTooltip,
  lineExcerpt,
  loadBundledDataset,
  type AgreementEntry,
  type Analysis,
  type CitedModel,
  type Reference,
} from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';
import { entryFilter, partnersOf } from '../../src/core/report/cited';

const DRAFT = `# Draft

The Japan–EU Digital Partnership (2022) and the Estonia MOC matter, as does the Okinawa Charter.
The Japan-EU Digital Partnership again, with India and Japan. NFOIP Pillar 3 and multilayered connectivity. [@moc-denmark-2021]

The Technology strand [@strand-technology]. DFFT. The GDPR.

## Meetings

The G20 Digital Economy Ministers’ Meeting is annual.
`;

/** Group labels with their entries' ids, for compact comparisons. */
function groups(model: CitedModel): Record<string, string[]> {
  return Object.fromEntries(model.agreements.map((g) => [g.label, g.entries.map((e) => e.id)]));
}

describe('cited-engagements model', () => {
  const dataset = loadBundledDataset();
  const analysis = analyze(DRAFT, dataset);

  it('counts every occurrence of an entry, in document order, Pandoc citations included', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false });
    const partnership = model.agreements.flatMap((g) => g.entries).find((e) => e.id === 'japan-eu-digital-partnership-2022');
    assert.ok(partnership);
    assert.deepEqual(
      partnership.occurrences.map((i) => analysis.references[i]!.text),
      ['Japan–EU Digital Partnership', 'Japan-EU Digital Partnership'],
    );
    assert.ok(groups(model)['Memorandum']!.includes('moc-denmark-2021'), 'the [@moc-denmark-2021] citation counts');
    assert.deepEqual(
      model.pillars.map((p) => [p.id, p.occurrences.length]),
      [
        ['nfoip-pillar-3', 2],
        ['strand-technology', 1],
      ],
    );
    assert.deepEqual(
      model.countries.map((c) => c.label),
      ['India', 'Japan'],
    );
  });

  it('groups agreements by type, alphabetically, entries by year', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false });
    assert.deepEqual(groups(model), {
      Charter: ['okinawa-charter'],
      Initiative: ['dfft'],
      Memorandum: ['moc-denmark-2021', 'moc-estonia-2022'],
      Partnership: ['japan-eu-digital-partnership-2022'],
      Regulation: ['gdpr'],
    });
    assert.equal(model.agreements.find((g) => g.label === 'Partnership')!.citations, 2);
  });

  it('groups agreements by year, oldest first', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'year', showUncited: false });
    assert.deepEqual(
      model.agreements.map((g) => g.label),
      ['2000', '2016', '2019', '2021', '2022'],
    );
    assert.deepEqual(groups(model)['2022'], ['moc-estonia-2022', 'japan-eu-digital-partnership-2022']);
  });

  it('groups agreements by classification, with unilateral policies last', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'classification', showUncited: false });
    assert.deepEqual(groups(model), {
      Bilateral: ['moc-denmark-2021', 'moc-estonia-2022', 'japan-eu-digital-partnership-2022'],
      Multilateral: ['okinawa-charter'],
      Unilateral: ['gdpr', 'dfft'],
    });
    assert.equal(model.agreements.at(-1)!.label, 'Unilateral');
  });

  it('groups agreements by partner, without the home party, domestic policies last', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'partner', showUncited: false });
    assert.deepEqual(groups(model), {
      Denmark: ['moc-denmark-2021'],
      Estonia: ['moc-estonia-2022'],
      'European Union': ['gdpr', 'japan-eu-digital-partnership-2022'],
      G8: ['okinawa-charter'],
      'Domestic (Japan)': ['dfft'],
    });
  });

  it('keeps the home party however many agreements of blocs alone the catalogue holds', () => {
    const blocOnly = Array.from({ length: 4 * dataset.entries.size }, (_, k) => ({
      id: `bloc-only-${k}`,
      kind: 'agreement',
      label: `Bloc Communique Number ${k}`,
      aliases: [],
      summary: 'A test entry.',
      sources: [{ title: 'Test', url: 'https://example.org/test' }],
      type: 'declaration',
      classification: 'multilateral',
      year: 2020,
      parties: ['g20'],
    }));
    const grown = loadDataset([...bundledLayers(), { name: 'test:blocs', data: { entries: blocOnly } }]);
    const model = citedModel(analyze(DRAFT, grown), grown, { groupBy: 'partner', showUncited: false });
    assert.deepEqual(groups(model)['Domestic (Japan)'], ['dfft']);
  });

  it('lists an agreement with several partners under each, host first', () => {
    const meeting = dataset.entries.get('g20-2020-digital-economy-ministers-meeting') as AgreementEntry;
    assert.deepEqual(partnersOf(meeting, dataset), ['sau', 'g20']);
    const text = 'The G20 Digital Economy Ministers’ Meeting of 2020 in Saudi Arabia.';
    const a = analyze(text, dataset);
    const model = citedModel(a, dataset, { groupBy: 'partner', showUncited: false });
    assert.deepEqual(groups(model), {
      G20: ['g20-2020-digital-economy-ministers-meeting'],
      'Saudi Arabia': ['g20-2020-digital-economy-ministers-meeting'],
    });
    assert.equal(model.shown, 2, 'the agreement and Saudi Arabia, each counted once');
  });

  it('keeps ambiguous names apart, with their candidates, and counts them for no candidate', () => {
    const model = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false });
    assert.equal(model.ambiguous.length, 1);
    const [amb] = model.ambiguous;
    assert.equal(amb!.text, 'G20 Digital Economy Ministers’ Meeting');
    assert.ok(amb!.candidates.includes('g20-2020-digital-economy-ministers-meeting'));
    assert.ok(amb!.candidates.includes('g20-2023-digital-economy-ministers-meeting'));
    const cited = model.agreements.flatMap((g) => g.entries.map((e) => e.id));
    for (const c of amb!.candidates) assert.ok(!cited.includes(c), `${c} is not counted as cited`);
  });

  it('lists uncited agreements with no occurrences when asked, and only agreements', () => {
    const without = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false });
    const withUncited = citedModel(analysis, dataset, { groupBy: 'type', showUncited: true });
    const agreements = [...dataset.entries.values()].filter((e) => e.kind === 'agreement').length;
    const listed = withUncited.agreements.flatMap((g) => g.entries);
    assert.equal(listed.length, agreements);
    assert.ok(listed.some((e) => e.id === 'moc-singapore-2022' && e.occurrences.length === 0));
    assert.equal(listed.find((e) => e.id === 'moc-estonia-2022')!.occurrences.length, 1);
    assert.deepEqual(withUncited.countries, without.countries);
    assert.deepEqual(withUncited.pillars, without.pillars);
    assert.equal(withUncited.total, without.total + agreements - without.agreements.flatMap((g) => g.entries).length);
  });

  it('filters by label, id, type and partner, ignoring case, accents and dash variants', () => {
    const ids = (filter: string): string[] => {
      const m = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false, filter });
      return [...m.agreements.flatMap((g) => g.entries), ...m.pillars, ...m.countries].map((e) => e.id).sort();
    };
    assert.deepEqual(ids('japan-eu'), ['japan-eu-digital-partnership-2022']);
    assert.deepEqual(ids('MOC-'), ['moc-denmark-2021', 'moc-estonia-2022']);
    assert.deepEqual(ids('memorandum'), ['moc-denmark-2021', 'moc-estonia-2022']);
    assert.deepEqual(ids('estonia'), ['moc-estonia-2022']);
    assert.deepEqual(ids('european union'), ['gdpr', 'japan-eu-digital-partnership-2022']);
    assert.deepEqual(ids('memorandum 2021'), ['moc-denmark-2021'], 'every word must match');
    assert.deepEqual(ids('nothing like this'), []);
    const all = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false });
    assert.equal(ids('   ').length, all.shown - all.ambiguous.length, 'a blank filter keeps everything');
    const m = citedModel(analysis, dataset, { groupBy: 'type', showUncited: false, filter: 'estonia' });
    assert.equal(m.shown, 1);
    assert.equal(m.total, citedModel(analysis, dataset, { groupBy: 'type', showUncited: false }).total);
  });

  it('keeps an ambiguous name when the filter matches it or one of its candidates', () => {
    const count = (filter: string): number =>
      citedModel(analysis, dataset, { groupBy: 'type', showUncited: false, filter }).ambiguous.length;
    assert.equal(count('ministers'), 1);
    assert.equal(count('saudi'), 1, 'the 2020 candidate was hosted by Saudi Arabia');
    assert.equal(count('estonia'), 0);
  });

  it('matches a country by its official name and a pillar by its policy', () => {
    const match = entryFilter('federal republic', dataset);
    assert.ok(match(dataset.entries.get('deu')!));
    assert.ok(!match(dataset.entries.get('fra')!));
    assert.ok(entryFilter('nfoip', dataset)(dataset.entries.get('nfoip-pillar-3')!));
  });

  it('has no home party when no party takes part in half the agreements', () => {
    const country = (id: string) => ({
      id,
      kind: 'country',
      label: id,
      aliases: [],
      summary: 'A test country.',
      sources: [],
      type: 'country',
      officialName: id,
      commonName: id,
      demonyms: [],
      capital: [],
    });
    const pact = (id: string, party: string) => ({
      id,
      kind: 'agreement',
      label: `${id} Pact`,
      aliases: [],
      summary: 'A test pact.',
      sources: [],
      type: 'agreement',
      parties: [party],
    });
    const small = loadDataset([
      {
        name: 'test',
        data: { entries: [country('aaa'), country('bbb'), country('ccc'), pact('x', 'aaa'), pact('y', 'bbb'), pact('z', 'ccc')] },
      },
    ]);
    assert.deepEqual(small.problems, []);
    assert.deepEqual(partnersOf(small.entries.get('x') as AgreementEntry, small), ['aaa']);
  });

  it('builds the model for 20,000 references, counting every cited entry (its speed: npm run bench)', () => {
    const ids = [...dataset.entries.keys()];
    const point = (offset: number) => ({ line: 1, column: offset + 1, offset });
    const references: Reference[] = [];
    for (let k = 0; k < 20000; k++) {
      const id = ids[(k * 7919) % ids.length]!;
      const entry = dataset.entries.get(id)!;
      references.push({
        kind: entry.kind,
        id,
        label: entry.label,
        text: entry.label,
        start: point(k * 10),
        end: point(k * 10 + 5),
        via: 'name',
      });
    }
    const big: Analysis = { references, byEntry: new Map(), diagnostics: [] };
    const model = citedModel(big, dataset, { groupBy: 'partner', showUncited: true, filter: 'e' });
    const counted = new Set([...model.agreements.flatMap((g) => g.entries), ...model.pillars, ...model.countries].map((e) => e.id));
    assert.ok(counted.size > 100);
  });
});

describe('cited-engagements tooltips', () => {
  const dataset = loadBundledDataset();

  it('sums up an agreement: type, classification, date, parties, host, citations', () => {
    const tip = entryTooltip(dataset.entries.get('g20-2020-digital-economy-ministers-meeting')!, dataset, 2);
    assert.match(tip, /^G20 Digital Economy Ministers' Meeting 2020\n/);
    assert.match(tip, /Ministerial meeting · multilateral · 2020-07-22/);
    assert.match(tip, /Parties: G20, Saudi Arabia/);
    assert.match(tip, /Host: Saudi Arabia/);
    assert.match(tip, /Cited 2 times in this draft\.$/);
    assert.match(entryTooltip(dataset.entries.get('dfft')!, dataset, 0), /Initiative · unilateral · 2019[\s\S]*Not cited in this draft\.$/);
  });

  it('sums up a pillar and a country', () => {
    assert.match(
      entryTooltip(dataset.entries.get('nfoip-pillar-3')!, dataset, 1),
      /Pillar 3 of New Plan for a Free and Open Indo-Pacific\nCited once/,
    );
    const tip = entryTooltip(dataset.entries.get('est')!, dataset, 1);
    assert.match(tip, /^🇪🇪 Estonia\nRepublic of Estonia\nCountry · Northern Europe, Europe\n/);
  });

  it('lists the candidates of an ambiguous name', () => {
    const text = 'The G20 Digital Economy Ministers’ Meeting is annual.';
    const model = citedModel(analyze(text, dataset), dataset, { groupBy: 'type', showUncited: false });
    const tip = ambiguousTooltip(model.ambiguous[0]!, dataset);
    assert.match(tip, /^“G20 Digital Economy Ministers’ Meeting” could name any of:/);
    assert.match(tip, /• G20 Digital Economy Ministers' Meeting 2020 \(2020\)/);
    assert.match(tip, /Written once in this draft\.$/);
  });
});

describe('occurrence line excerpts', () => {
  it('trims the indentation and highlights the reference', () => {
    const line = '    - Japan brings funding and standards work.  ';
    const { text, highlight } = lineExcerpt(line, 6, 11);
    assert.equal(text, '- Japan brings funding and standards work.');
    assert.equal(text.slice(...highlight), 'Japan');
  });

  it('cuts a long line to some context around the reference, on word boundaries', () => {
    const line = `${'word '.repeat(40)}the Japan–EU Digital Partnership (2022), which gives both sides a yearly council and a shared work plan.`;
    const start = line.indexOf('Japan–EU');
    const { text, highlight } = lineExcerpt(line, start, start + 'Japan–EU Digital Partnership'.length);
    assert.equal(text, '…word word word word word the Japan–EU Digital Partnership (2022), which gives both…');
    assert.equal(text.slice(...highlight), 'Japan–EU Digital Partnership');
  });

  it('keeps a short line whole and clamps a reference that goes on to the next line', () => {
    const line = 'The Japan–EU Digital';
    const { text, highlight } = lineExcerpt(line, 4, 40);
    assert.equal(text, line);
    assert.equal(text.slice(...highlight), 'Japan–EU Digital');
  });
});
