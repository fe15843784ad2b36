import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { loadBundledDataset, type AgreementEntry, type Entry } from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';
import schema from '../../src/core/dataset/dataset.schema.json';

/** Table 1 of the seed paper: row, id, year, classification. Two rows are numbered 20. */
const TABLE_1: Array<[string, string, number, 'bilateral' | 'multilateral']> = [
  ['1', 'g20-2019-trade-digital-economy-statement', 2019, 'multilateral'],
  ['2', 'g20-2020-digital-economy-ministers-meeting', 2020, 'multilateral'],
  ['3', 'g20-2021-digital-ministers-declaration', 2021, 'multilateral'],
  ['4', 'g7-2021-digital-technology-ministers-meeting', 2021, 'multilateral'],
  ['5', 'moc-denmark-2021', 2021, 'bilateral'],
  ['6', 'g7-2022-digital-ministers-meeting', 2022, 'multilateral'],
  ['7', 'g20-2022-digital-economy-ministers-meeting', 2022, 'multilateral'],
  ['8', 'japan-uk-digital-partnership-2022', 2022, 'bilateral'],
  ['9', 'japan-eu-digital-partnership-2022', 2022, 'bilateral'],
  ['10', 'moc-belgium-2022', 2022, 'bilateral'],
  ['11', 'moc-uk-2022', 2022, 'bilateral'],
  ['12', 'moc-singapore-2022', 2022, 'bilateral'],
  ['13', 'moc-estonia-2022', 2022, 'bilateral'],
  ['14', 'g20-2023-digital-economy-ministers-meeting', 2023, 'multilateral'],
  ['15', 'japan-eu-digital-partnership-council-2023', 2023, 'bilateral'],
  ['16', 'moc-saudi-arabia-2023', 2023, 'bilateral'],
  ['17', 'moc-tunisia-2023', 2023, 'bilateral'],
  ['18', 'moc-jordan-2023', 2023, 'bilateral'],
  ['19', 'moc-ukraine-2023', 2023, 'bilateral'],
  ['20', 'g7-2024-industry-technology-digital-ministerial-meeting', 2024, 'multilateral'],
  ['20', 'japan-eu-digital-partnership-council-2024', 2024, 'bilateral'],
  ['21', 'japan-uk-digital-partnership-council-2024', 2024, 'bilateral'],
  ['22', 'moc-eu-2024', 2024, 'bilateral'],
];

describe('the bundled dataset', () => {
  const dataset = loadBundledDataset();
  const entries = [...dataset.entries.values()];

  it('loads without a single problem', () => {
    assert.deepEqual(dataset.problems, []);
  });

  it('every bundled layer holds to the JSON Schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const layer of bundledLayers()) {
      assert.ok(validate(layer.data), `${layer.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('has unique ids across every layer', () => {
    const ids = bundledLayers().flatMap((l) => (l.data as { entries: Entry[] }).entries.map((e) => e.id));
    const dupes = ids.filter((id, k) => ids.indexOf(id) !== k);
    assert.deepEqual(dupes, []);
  });

  it('has all 23 rows of Table 1 with the year and classification the table gives', () => {
    const rows = entries.filter((e): e is AgreementEntry => e.kind === 'agreement' && e.tableRow !== undefined);
    assert.equal(rows.length, 23);
    for (const [row, id, year, classification] of TABLE_1) {
      const e = dataset.entries.get(id) as AgreementEntry | undefined;
      assert.ok(e, `row ${row}: ${id} is missing`);
      assert.equal(e.tableRow, row, id);
      assert.equal(e.year ?? Number(e.date?.slice(0, 4)), year, id);
      assert.equal(e.classification, classification, id);
    }
  });

  it('points every party, host, pillar, policy and member at an existing entry of the right kind', () => {
    const kindOf = (id: string): string | undefined => dataset.entries.get(id)?.kind;
    for (const e of entries) {
      if (e.kind === 'agreement') {
        for (const p of [...e.parties, ...(e.host ? [e.host] : [])]) assert.equal(kindOf(p), 'country', `${e.id} → ${p}`);
        for (const p of e.pillars ?? []) assert.equal(kindOf(p), 'pillar', `${e.id} → ${p}`);
        for (const p of e.policies ?? []) assert.equal(kindOf(p), 'agreement', `${e.id} → ${p}`);
      } else if (e.kind === 'pillar') {
        assert.equal(kindOf(e.policy), 'agreement', `${e.id} → ${e.policy}`);
      } else {
        for (const m of e.members ?? []) assert.equal(kindOf(m), 'country', `${e.id} → ${m}`);
      }
    }
  });

  it('has the pillars the seed paper names', () => {
    const pillars = (policy: string): number[] =>
      entries
        .filter((e) => e.kind === 'pillar' && e.policy === policy)
        .map((e) => (e.kind === 'pillar' ? e.number : 0))
        .sort();
    assert.deepEqual(pillars('nfoip'), [1, 2, 3, 4]);
    assert.deepEqual(pillars('stip6'), [1, 2, 3]);
    for (const s of ['technology', 'governance', 'community', 'sustainability']) {
      const strand = dataset.entries.get(`strand-${s}`);
      assert.ok(strand?.kind === 'pillar' && strand.context, `strand-${s} is a pillar with a context rule`);
    }
  });

  it('has every country from world-countries, the EU as a bloc, and no two-letter code as a name', () => {
    const countries = entries.filter((e) => e.kind === 'country');
    assert.ok(countries.length >= 250);
    const eu = dataset.entries.get('eu');
    assert.ok(eu?.kind === 'country' && eu.type === 'bloc');
    for (const c of countries) {
      for (const a of c.aliases)
        if (/^[A-Z]{2}$/.test(a)) assert.ok(['US', 'UK', 'EU', 'UN'].includes(a), `${c.id} has the code ${a} as a name`);
    }
    for (const [id, alias] of [
      ['tur', 'Turkey'],
      ['gbr', 'Britain'],
      ['usa', 'U.S.'],
      ['kor', 'Korea'],
    ] as const) {
      assert.ok(dataset.entries.get(id)!.aliases.includes(alias), `${id} has ${alias}`);
    }
  });

  it('every agreement and pillar has a summary and at least one source', () => {
    for (const e of entries) {
      if (e.kind === 'country') continue;
      assert.ok(e.summary.length > 20, `${e.id} summary`);
      assert.ok(e.sources.length > 0, `${e.id} sources`);
    }
  });
});

describe('loading user layers', () => {
  const base = bundledLayers();

  it('overrides a bundled entry field by field', () => {
    const ds = loadDataset([...base, { name: 'user.json', data: { entries: [{ id: 'moc-estonia-2022', summary: 'Our own note.' }] } }]);
    const e = ds.entries.get('moc-estonia-2022') as AgreementEntry;
    assert.equal(e.summary, 'Our own note.');
    assert.equal(e.year, 2022);
    assert.deepEqual(ds.problems, []);
  });

  it('drops an invalid entry with a message naming it, and keeps the rest of the file', () => {
    const ds = loadDataset([
      ...base,
      {
        name: 'user.json',
        data: {
          entries: [
            {
              id: 'good-one',
              kind: 'agreement',
              label: 'Good Accord',
              aliases: [],
              summary: 's',
              sources: [],
              type: 'agreement',
              parties: ['jpn'],
            },
            { id: 'Bad Id', kind: 'agreement', label: 'x', aliases: [], summary: 's', sources: [] },
          ],
        },
      },
    ]);
    assert.ok(ds.entries.has('good-one'));
    assert.ok(!ds.entries.has('Bad Id'));
    assert.ok(ds.problems.some((p) => p.layer === 'user.json' && p.severity === 'error' && p.message.includes('Bad Id')));
    assert.ok(ds.entries.has('jpn'), 'bundled data intact');
  });

  it('skips a layer that is not a dataset, keeping the others', () => {
    const ds = loadDataset([...base, { name: 'broken.json', data: [1, 2] }]);
    assert.ok(ds.entries.has('dfft'));
    assert.equal(ds.problems.length, 1);
    assert.match(ds.problems[0]!.message, /not a Policy Lens dataset/);
  });

  it('reports duplicate ids and dangling references', () => {
    const entry = { kind: 'agreement', label: 'X', aliases: [], summary: 's', sources: [], type: 'agreement', parties: ['atlantis'] };
    const ds = loadDataset([
      ...base,
      {
        name: 'u.json',
        data: {
          entries: [
            { id: 'x1', ...entry },
            { id: 'x1', ...entry },
          ],
        },
      },
    ]);
    assert.ok(ds.problems.some((p) => /duplicate id "x1"/.test(p.message)));
    assert.ok(ds.problems.some((p) => /parties "atlantis" is not a known entry/.test(p.message)));
  });
});
