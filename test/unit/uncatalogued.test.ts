import assert from 'node:assert/strict';
import Ajv from 'ajv';
import {
  analyze,
  IncrementalAnalyzer,
  loadDataset,
  stubDataset,
  stubEntry,
  STUB_SUMMARY,
  slugOf,
  type Dataset,
  type Reference,
} from '../../src/core';
import { analyzeAllBlocks } from '../../src/core/analysis/analyze';
import type { BlockInfo } from '../../src/core/analysis/block';
import schema from '../../src/core/dataset/dataset.schema.json';
import { parseAnnotated } from './helpers/annotations';
import { ruleCatalogue } from './helpers/rule-catalogue';

/**
 * Names the catalogue does not know (issue 11), each rule a class of cases on the rule catalogue
 * (helpers/rule-catalogue.ts). Annotations: `{{text|new:x}}` an uncatalogued name reported with
 * exactly this span, `{{text|id}}` a catalogued reference, `{{text|-}}` nothing reported inside.
 * Every other reference or uncatalogued name is a failure.
 */
function assertNames(source: string, dataset: Dataset): void {
  const { text, expected } = parseAnnotated(source);
  const analysis = analyze(text, dataset);
  const unc = analysis.uncatalogued ?? [];
  const show = (): string =>
    [
      ...analysis.references.map((r: Reference) => `${JSON.stringify(r.text)} ${r.candidates?.join(',') ?? r.id}`),
      ...unc.map((u) => `${JSON.stringify(u.text)} (uncatalogued: ${u.label})`),
    ].join('\n');
  for (const f of expected.filter((e) => e.falseFriend)) {
    const inside = [...analysis.references, ...unc].filter((r) => r.start.offset < f.end && r.end.offset > f.start);
    assert.deepEqual(
      inside.map((r) => r.text),
      [],
      `"${f.text}" must not be reported; got:\n${show()}`,
    );
  }
  const span = (r: { start: { offset: number }; end: { offset: number } }): string => `${r.start.offset}-${r.end.offset}`;
  const isNew = (ids: string[]): boolean => ids.some((id) => id.startsWith('new:'));
  assert.deepEqual(
    unc.map(span),
    expected.filter((e) => isNew(e.ids)).map((e) => `${e.start}-${e.end}`),
    `uncatalogued; got:\n${show()}`,
  );
  assert.deepEqual(
    analysis.references.map((r) => `${span(r)} ${r.candidates ? [...r.candidates].sort().join(',') : r.id}`),
    expected.filter((e) => !e.falseFriend && !isNew(e.ids)).map((e) => `${e.start}-${e.end} ${[...e.ids].sort().join(',')}`),
    `references; got:\n${show()}`,
  );
}

const RULES: Record<string, Array<[string, string]>> = {
  'a proper name headed by an engagement noun': [
    [
      'heads of one word, with modifiers',
      'The {{Kestrel Bay Memorandum|new:a}} and the {{Lumen Coast Compact|new:b}} came first; the {{Varanese Toolkit|new:c}} followed.',
    ],
    [
      'heads of two words',
      'The {{Orrin Ministerial Meeting|new:a}}, the {{Tessaly Working Group|-}} and the {{Halden Code of Conduct|new:c}} met.',
    ],
    ['a head with its complement', 'The {{Charter on Quiet Seas and Open Harbours|new:a}} was signed.'],
    [
      'the complement stops where another name starts',
      'The summit issued a {{Statement on Harbour Safety|new:a}} and a {{Halden Vision for Open Seas|new:b}} in one day.',
    ],
    [
      'meetings of ministers, officials and heads of government',
      'The {{Halden Digital Ministers’ Meeting|new:a}}, the {{Varanese Senior Officials’ Meeting|new:b}} and the {{Kestrel Heads of Government Meeting|new:c}} met; the Heads of Government Meeting is a class.',
    ],
    [
      'a conference with its complement or a party, not a bare forum',
      'The {{Varanese Conference on Harbour Resilience|new:a}} and the {{Japan–Kenya Harbour Conference|new:b}} met; the Halden Security Conference is a private forum.',
    ],
    [
      'a call named by its place, not a consultation',
      'The {{Halden Call for Resilient Harbours|new:a}} and the {{Marrow Call to End Harbour Piracy|new:b}} stand; the Kestrel Call for Evidence, the Open Call for Proposals and a Joint Call to Action do not.',
    ],
    ['a code of practice', 'The {{Halden Code of Practice for Harbours|new:a}} was agreed; the Code of Practice is a class.'],
    [
      'a regional bloc’s programme, not a UN agency',
      'The {{ASEAN Harbour Skills Programme|new:a}} is new. The {{United Nations|un}} Harbour Programme and the {{UN|un}} Kestrel Programme are agencies.',
    ],
    ['a title with a year or a period', 'The {{Marrow Vision 2030|new:a}} and the {{Pellin Strategy 2021–2025|new:b}} are plans.'],
    ['a list inside the name', 'The {{Science, Harbours and Innovation Vellum Plan|new:a}} is long.'],
    [
      '"Principles" only in the plural; other heads only in the singular',
      'The {{Kestrel Principles|new:a}} differ from the Kestrel Principle, and from the Lumen Compacts.',
    ],
  ],
  'spans follow the matcher: dashes, soft line breaks, possessives, quotes': [
    ['a dash joins a country pair, which belongs to the name', 'The {{Japan–Kenya Harbour Compact|new:a}} is new.'],
    ['a soft line break inside the name', 'The {{Japan–Kenya Harbour\nCompact|new:a}} is new.'],
    ['a possessive ends the name', "The {{Lumen Coast Compact|new:a}}’s depots are full; the {{Lumen Coast Compact|new:b}}'s staff agree."],
    ['a possessive before the name is not part of it', '{{Japan|jpn}}’s {{Kestrel Bay Memorandum|new:a}} is new.'],
    ['a plural possessive inside the name', 'The {{Varanese Leaders’ Statement|new:a}} was short.'],
    ['quotes around the name', 'The so-called “{{Lumen Coast Compact|new:a}}” is new.'],
    ['a lower-case word after a dash inside the name', 'The {{Cold-climate Halden Accord|new:a}} is new.'],
  ],
  'a defined abbreviation and its later uses': [
    [
      'the definition is part of the reference; later uses are the same name',
      'The {{Pacific Halden Cable Framework (PHCF)|new:a}} is new. The {{PHCF|new:a}}’s depots and the {{PHCF|new:a}} staff.',
    ],
    ['uses before the definition are not references', 'PHCF first. The {{Pacific Halden Cable Framework (PHCF)|new:a}} then.'],
    ['an acronym that is not the initials is no definition', 'The {{Pacific Halden Cable Framework|new:a}} (XYZ) is new. XYZ again.'],
  ],
  'precision first: organisations and institutions': [
    ['a head that modifies another word', 'The {{Lumen Compact|-}} Secretariat and the Kestrel Partnership Tracker are bodies.'],
    [
      'a council or working group is a body unless two parties are named',
      'The Halden Council, the Harbour Business Council and the {{Japan|jpn}} Working Group are bodies; the {{Japan–Kenya Harbour Council|new:a}} is a forum.',
    ],
    ['a council of something is an institution', 'The Council of Harbour Ministers met.'],
    ['after an institution and "of"', 'The National Centre of Incident Readiness and Strategy for Harbours is an office.'],
    ['a head right after "and"', 'The Office for Readiness and Strategy is small.'],
    ['a world agency', 'The World Harbour Programme is an agency.'],
    [
      'a brand in camel case is a product',
      'The TrustLane Framework and the HarbourSafe Charter are software; the {{Kestrel HarbourSafe Charter|new:a}} is not only a brand.',
    ],
  ],
  'precision first: class nouns': [
    [
      'a head with class words only',
      'The Agreement, the Joint Statement, the Digital Partnership, the Ministerial Declaration and the Action Plan are generic.',
    ],
    ['plurals are classes', 'Joint Statements, Harbour Agreements and Kestrel Memoranda were signed.'],
    ['lower case is prose', 'A harbour compact and the kestrel memorandum are prose.'],
    ['a bloc with class words is a class of meetings', 'The {{G20|g20}} Leaders’ Declaration was short.'],
  ],
  'precision first: the document itself': [
    ['headings', '# The Kestrel Bay Memorandum\n\n## About the Lumen Coast Compact\n\nText.'],
    [
      'the title names the document; body uses of that name are the document',
      '---\ntitle: "Halden Action Plan: Review"\n---\n\nThe Halden Action Plan sets goals; the {{Lumen Coast Compact|new:a}} does not.',
    ],
    ['"this", "the present", "our"', 'This Halden Action Plan, the present Kestrel Strategy and our Varanese Roadmap are ours.'],
    [
      'the writer’s own, and later mentions of it',
      'The Institute’s own Halden Research Strategy 2023–2028 guides us. The Halden Research Strategy review is due.',
    ],
    ['its addressee', 'Prepared for the Varanese Harbour Working Group, and submitted to the Kestrel Bay Council.'],
  ],
  'precision first: publication titles': [
    ['italics', 'See *The Kestrel Bay Memorandum Revisited* and _Lumen Coast Compact_ for details.'],
    ['a quoted title in a citation', 'Smith wrote “Lumen Coast Compact” (2024), a study.'],
    ['after an author and a year', 'Institute of Harbours (2024), Lumen Coast Compact Review, Oslo.'],
    ['under a heading of sources', '## References\n\n- Lumen Coast Compact. Oslo: Harbour Press.\n- Kestrel Bay Memorandum, 2024.'],
    [
      'a link keeps its text as prose, its destination is never read',
      'The [{{Lumen Coast Compact|new:a}}](https://example.org/Kestrel-Bay-Memorandum) is new.',
    ],
  ],
  'precision first: code, HTML, front matter and title case': [
    [
      'code and HTML',
      'The `Lumen Coast Compact` and <span title="Kestrel Bay Memorandum">x</span>.\n\n```\nVaranese Toolkit\n```\n\n<div>Halden Accord</div>',
    ],
    ['front matter', '---\nkeywords: [Lumen Coast Compact]\n---\n\nText.'],
    ['a sentence in title case', '- {{Japan|jpn}} Signs Lumen Coast Compact With {{Kenya|ken}}\n- Harbour News From Oslo'],
    ['a table cell that is only a name', '| Name | Year |\n|---|---|\n| {{Lumen Coast Compact|new:a}} | 2024 |'],
  ],
  'the catalogue wins': [
    [
      'a catalogued name is never an uncatalogued one',
      'The {{Japan–UK Digital Partnership|dp-uk}} and the {{Charter for Digital Solidarity|compact}}.',
    ],
    [
      'a catalogued name inside a longer one is not shadowed',
      'The {{Charter for Digital Solidarity|compact}} Harbour Plan and the Kestrel {{Charter for Digital Solidarity|compact}}.',
    ],
    [
      'a shortened form of a catalogued name is not unknown',
      'The Digital Solidarity Charter and the Technology Ministers’ Meeting are in the catalogue in full.',
    ],
  ],
};

describe('names the catalogue does not know', () => {
  const dataset = ruleCatalogue();
  for (const [rule, cases] of Object.entries(RULES)) {
    describe(rule, () => {
      for (const [name, source] of cases) it(name, () => assertNames(source, dataset));
    });
  }

  it('labels normalise spacing, dashes and quotes; a later use carries the name it stands for', () => {
    const text =
      'We saw the Japan—Kenya Harbour\nCompact, the Varanese Leaders’ Statement and the Pacific Halden Cable Framework (PHCF). The PHCF’s staff.';
    const unc = analyze(text, dataset).uncatalogued!;
    assert.deepEqual(
      unc.map((u) => [u.label, u.head, u.abbreviation ?? '', u.abbreviationUse ?? false, u.kind, u.id, u.uncatalogued]),
      [
        ['Japan–Kenya Harbour Compact', 'compact', '', false, 'agreement', null, true],
        ["Varanese Leaders' Statement", 'statement', '', false, 'agreement', null, true],
        ['Pacific Halden Cable Framework', 'framework', 'PHCF', false, 'agreement', null, true],
        ['Pacific Halden Cable Framework', 'framework', 'PHCF', true, 'agreement', null, true],
      ],
    );
    assert.deepEqual(unc[0]!.countries, ['jpn', 'ken']);
    assert.equal(text.slice(unc[3]!.start.offset, unc[3]!.end.offset), 'PHCF');
    assert.deepEqual(
      [unc[3]!.start.line, unc[3]!.start.column],
      [2, text.length - text.lastIndexOf('\n') - 1 - 'PHCF’s staff.'.length + 1],
    );
  });

  it('a country inside an uncatalogued name is part of it, and a reference again when the detector is off', () => {
    const text = 'The Japan–Kenya Harbour Compact and Japan.';
    const on = analyze(text, dataset);
    assert.deepEqual(
      on.references.map((r) => r.text),
      ['Japan'],
    );
    assert.equal(on.references[0]!.start.offset, text.lastIndexOf('Japan'));
    const off = analyze(text, dataset, { uncatalogued: false });
    assert.equal(off.uncatalogued, undefined);
    assert.ok(off.references.some((r) => r.start.offset === 4 && r.id === 'jpn'));
    assert.deepEqual(on.byEntry.get('jpn'), [0]);
  });

  it('off, the detector does not run at all: no block carries a candidate name, whole or edited', () => {
    const text = [
      '# Harbour notes',
      '',
      'The Japan–Kenya Harbour Compact (JKHC) and the Lowland Grid Charter.',
      '',
      '| Year | Name |',
      '| --- | --- |',
      '| 2022 | Tamsin Reef Dialogue |',
      '',
      'JKHC met again.',
      '',
    ].join('\n');
    // Names only: the all-capital words are kept either way, for abbreviations of catalogued names.
    const candidates = (blocks: readonly BlockInfo[]): number =>
      blocks.reduce((n, b) => n + b.segments.reduce((m, s) => m + (s.names?.length ?? 0), 0), 0);
    assert.ok(candidates(analyzeAllBlocks(text, dataset)) >= 3, 'on, the blocks carry the candidates');
    assert.equal(candidates(analyzeAllBlocks(text, dataset, Infinity, false)), 0);
    assert.equal(candidates(analyzeAllBlocks(text.repeat(40), dataset, 500, false)), 0, 'nor when parsed in regions');
    const analyzer = new IncrementalAnalyzer(dataset, { uncatalogued: false });
    analyzer.reset(text);
    const edited = text.replace('JKHC met', 'The Orrin Shelf Partnership and JKHC met');
    const after = analyzer.update(edited);
    assert.equal(after.uncatalogued, undefined);
    assert.equal(candidates(analyzer.state().blocks), 0, 'the re-parsed block neither');
    assert.deepEqual(after.references, analyze(edited, dataset, { uncatalogued: false }).references);
  });
});

describe('stub entries for uncatalogued names', () => {
  const dataset = ruleCatalogue();
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it('read the id, type, year or date, parties, host, alias and sources from the sentence', () => {
    const text =
      'In March 2025, Japan and Fiji signed the [Pacific Halden Cable Framework (PHCF)](https://example.org/phcf) in Norway.\n\n' +
      '| Instrument | Year | Partner |\n|---|---|---|\n| Japan–Kenya Harbour Compact | 2024 | Kenya |\n';
    const analysis = analyze(text, dataset);
    const file = stubDataset([{ text, analysis }], dataset);
    assert.ok(validate(file), JSON.stringify(validate.errors));
    const [framework, compact] = file.entries as unknown as Array<Record<string, unknown>>;
    assert.deepEqual(framework, {
      id: 'pacific-halden-cable-framework',
      kind: 'agreement',
      label: 'Pacific Halden Cable Framework',
      aliases: ['PHCF'],
      type: 'framework',
      parties: ['jpn', 'fji', 'nor'],
      summary: STUB_SUMMARY,
      sources: [{ title: 'Pacific Halden Cable Framework (PHCF)', url: 'https://example.org/phcf' }],
      year: 2025,
      date: '2025-03',
      classification: 'multilateral',
      host: 'nor',
    });
    assert.deepEqual([compact!.year, compact!.parties, compact!.classification, compact!.sources], [2024, ['jpn', 'ken'], 'bilateral', []]);
  });

  it('ids: a slug, with -2, -3 on a collision with the dataset or another stub', () => {
    assert.equal(slugOf('Japan–Kenya “Harbour” Compact (2024)'), 'japan-kenya-harbour-compact-2024');
    assert.equal(slugOf('Ölands Accord'), 'olands-accord');
    assert.equal(slugOf('—'), 'engagement');
    const text = 'The Japan–Kenya Harbour Compact.';
    const analysis = analyze(text, dataset);
    const taken = new Set(['japan-kenya-harbour-compact', 'japan-kenya-harbour-compact-2']);
    assert.equal(stubEntry(analysis.uncatalogued![0]!, text, analysis, (id) => taken.has(id)).id, 'japan-kenya-harbour-compact-3');
  });

  it('one stub per name across drafts, days and ISO dates read as dates', () => {
    const a = 'The Lumen Coast Compact was signed on 14 February 2024.';
    const b = 'The Lumen Coast Compact again; the Kestrel Bay Memorandum of 2023-11-30.';
    const file = stubDataset(
      [a, b].map((text) => ({ text, analysis: analyze(text, dataset) })),
      dataset,
    );
    assert.ok(validate(file), JSON.stringify(validate.errors));
    assert.deepEqual(
      file.entries.map((e) => [e.label, (e as { date?: string }).date]),
      [
        ['Lumen Coast Compact', '2024-02-14'],
        ['Kestrel Bay Memorandum', '2023-11-30'],
      ],
    );
  });

  it('the dataset loader flags a stub summary until it is written', () => {
    const text = 'The Lumen Coast Compact.';
    const file = stubDataset([{ text, analysis: analyze(text, dataset) }], dataset);
    const { problems, entries } = loadDataset([{ name: 'team.json', data: file }], { base: dataset });
    assert.ok(entries.has('lumen-coast-compact'));
    assert.deepEqual(
      problems.map((p) => [p.severity, p.pointer]),
      [['warning', '/entries/0/summary']],
    );
  });
});
