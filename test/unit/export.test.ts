import assert from 'node:assert/strict';
import {
  analyze,
  citedEntries,
  engagementRows,
  engagementTableMarkdown,
  EXPORT_FORMATS,
  exportCited,
  loadBundledDataset,
} from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';
import { bibtexEscape, bibtexFromCsl, cslItems, csvField, type CslItem } from '../../src/core/report/export';

/** Splits CSV text (RFC 4180) into records of fields, honouring quotes; the reference reader for these tests. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field + record.join(''), '', 'the text ends with CRLF');
  return records;
}

/** True when every brace in a BibTeX value is balanced, escaped braces (`\{`) aside. */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('exports of cited engagements', () => {
  const bundled = loadBundledDataset();
  const draft = [
    '# Draft',
    '',
    'Japan signed the Estonia MOC, the Denmark MOC and the Estonia MOC again [@moc-estonia-2022].',
    // A strand's name alone is a short form (no policy named): it is cited by its key.
    'The Technology strand [@strand-technology] matters, with India and Japan.',
    '',
    '## Elsewhere',
    '',
    'The G20 Digital Economy Ministers’ Meeting is annual.',
    '',
    '```',
    'The Japan–UK Digital Partnership',
    '```',
    '',
  ].join('\n');
  const analyses = [analyze(draft, bundled)];

  /** A user dataset whose entry has every character the formats must escape. */
  const odd = loadDataset([
    ...bundledLayers(),
    {
      name: 'odd.json',
      data: {
        entries: [
          {
            id: 'odd-one',
            kind: 'agreement',
            label: 'Data "Free" Flow, 100% {open} & fair_play #1 $2 ~ ^ \\ <b>\nsecond line',
            aliases: [],
            summary: 'Côte d’Ivoire, Türkiye, 日本, Ελλάδα.',
            sources: [{ title: 'Notice', url: 'https://example.org/a b/{x}?q=50%25&r=1' }],
            type: 'memorandum',
            date: '2023-11-07',
            classification: 'bilateral',
            parties: ['jpn', 'cuw'],
          },
          {
            id: 'formula',
            kind: 'agreement',
            label: '=HYPERLINK("http://evil.example")',
            aliases: [],
            summary: 'A plan.',
            sources: [],
            type: 'plan',
            year: 2020,
            parties: ['jpn'],
          },
        ],
      },
    },
  ]);
  const oddAnalyses = [analyze('We cite [@odd-one] and [@formula] and Japan.\n', odd)];

  it('offers the four formats', () => {
    assert.deepEqual(EXPORT_FORMATS, ['table', 'csv', 'csl-json', 'bibtex']);
  });

  it('cites agreements and pillars, by name or key, never countries or ambiguous names', () => {
    const cited = citedEntries(analyses, bundled).map((c) => [c.entry.id, c.citations]);
    assert.deepEqual(cited, [
      ['moc-denmark-2021', 1],
      ['moc-estonia-2022', 3],
      ['strand-technology', 1],
    ]);
  });

  it('the Markdown table is the table of engagementRows', () => {
    assert.equal(exportCited('table', analyses, bundled), engagementTableMarkdown(engagementRows(analyses, bundled)));
    assert.match(
      exportCited('table', analyses, bundled),
      /\| 2 \| 2022 \| Japan–Estonia Memorandum of Cooperation \| Estonia \| Bilateral \| 3 \|/,
    );
  });

  it('CSV: a header, one row per agreement, CRLF line ends', () => {
    const csv = exportCited('csv', analyses, bundled);
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(csv), 'every line break is CRLF');
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], ['id', 'year', 'engagement', 'partner', 'classification', 'type', 'citations', 'source url']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 7)),
      [
        ['moc-denmark-2021', '2021', 'Japan–Denmark Memorandum of Cooperation', 'Denmark', 'Bilateral', 'memorandum', '1'],
        ['moc-estonia-2022', '2022', 'Japan–Estonia Memorandum of Cooperation', 'Estonia', 'Bilateral', 'memorandum', '3'],
      ],
    );
    assert.match(rows[2]![7]!, /^https:\/\/www\.digital\.go\.jp\/en\/efaaadf8/, 'the most specific source');
  });

  it('CSV quotes commas, quotes and line breaks (RFC 4180) and keeps non-ASCII', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('Japan, G8'), '"Japan, G8"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('a\nb'), '"a\nb"');
    assert.equal(csvField('Côte d’Ivoire'), 'Côte d’Ivoire');
    assert.equal(csvField(2022), '2022');
    assert.equal(csvField(undefined), '');
    const rows = parseCsv(exportCited('csv', oddAnalyses, odd));
    const row = rows.find((r) => r[0] === 'odd-one')!;
    assert.equal(row[2], 'Data "Free" Flow, 100% {open} & fair_play #1 $2 ~ ^ \\ <b>\nsecond line', 'round-trips exactly');
    assert.equal(row[3], 'Curaçao');
    assert.equal(row[7], 'https://example.org/a b/{x}?q=50%25&r=1');
  });

  it('CSV defuses cells a spreadsheet would run as a formula', () => {
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-2'), "'-2");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    const row = parseCsv(exportCited('csv', oddAnalyses, odd)).find((r) => r[0] === 'formula')!;
    assert.equal(row[2], '\'=HYPERLINK("http://evil.example")');
  });

  it('CSL-JSON: one item per cited agreement or pillar, keyed by id', () => {
    const items = JSON.parse(exportCited('csl-json', analyses, bundled)) as CslItem[];
    assert.deepEqual(
      items.map((i) => [i.id, i.type]),
      [
        ['moc-denmark-2021', 'treaty'],
        ['moc-estonia-2022', 'treaty'],
        ['strand-technology', 'document'],
      ],
    );
    const estonia = items[1]!;
    assert.deepEqual(estonia, {
      id: 'moc-estonia-2022',
      type: 'treaty',
      'citation-key': 'moc-estonia-2022',
      title: 'Japan–Estonia Memorandum of Cooperation',
      genre: 'memorandum',
      issued: { 'date-parts': [[2022, 5, 6]] },
      authority: 'Japan, Estonia',
      URL: estonia.URL,
      note: 'Bilateral memorandum',
      abstract: bundled.entries.get('moc-estonia-2022')!.summary,
    });
    const strand = items[2]!;
    assert.equal(strand.genre, 'pillar 1');
    assert.equal(strand['container-title'], bundled.entries.get('japan-technology-diplomacy')!.label);
    assert.ok(exportCited('csl-json', analyses, bundled).includes('"date-parts": [[2022, 5, 6]]'), 'dates on one line');
  });

  it('CSL-JSON types: meetings are events with their host, acts legislation, strategies reports', () => {
    const text = 'See [@g7-2022-digital-ministers-meeting], [@gdpr], [@us-chips-act], [@society-5-0] and [@oda-charter-2015].\n';
    const items = cslItems([analyze(text, bundled)], bundled);
    const types = Object.fromEntries(items.map((i) => [i.id, i.type]));
    assert.deepEqual(types, {
      'g7-2022-digital-ministers-meeting': 'event',
      gdpr: 'legislation',
      'us-chips-act': 'legislation',
      'society-5-0': 'report',
      'oda-charter-2015': 'document',
    });
    assert.equal(items.find((i) => i.type === 'event')!['event-place'], 'Germany', 'a meeting has its host');
  });

  it('CSL-JSON keeps every character and puts the title on one line', () => {
    const items = JSON.parse(exportCited('csl-json', oddAnalyses, odd)) as CslItem[];
    const item = items.find((i) => i.id === 'odd-one')!;
    assert.equal(item.title, 'Data "Free" Flow, 100% {open} & fair_play #1 $2 ~ ^ \\ <b> second line');
    assert.equal(item.authority, 'Japan, Curaçao');
    assert.equal(item.abstract, 'Côte d’Ivoire, Türkiye, 日本, Ελλάδα.');
    assert.deepEqual(item.issued, { 'date-parts': [[2023, 11, 7]] });
    assert.equal(items.find((i) => i.id === 'formula')!.type, 'report');
  });

  it('BibTeX: entries keyed by id, title protected, date as year, month macro and date', () => {
    const bib = exportCited('bibtex', analyses, bundled);
    assert.ok(bib.startsWith('% Encoding: UTF-8\n'));
    const estonia = bib.slice(bib.indexOf('@misc{moc-estonia-2022,'));
    assert.match(
      estonia,
      /^@misc\{moc-estonia-2022,\n {2}title = \{\{Japan–Estonia Memorandum of Cooperation\}\},\n {2}organization = \{Japan, Estonia\},\n {2}year = \{2022\},\n {2}month = may,\n {2}date = \{2022-05-06\},\n {2}howpublished = \{Bilateral memorandum\},\n {2}url = \{https:\/\/www\.digital\.go\.jp\/[^}]+\},\n {2}abstract = \{[^}]+\},\n\}\n/,
    );
    assert.match(
      bib,
      /@misc\{strand-technology,\n {2}title = \{\{Technology strand\}\},\n {2}organization = \{Japan\},\n {2}year = \{2024\},\n {2}howpublished = \{Pillar 1 of Technology diplomacy of Japan\},/,
    );
    assert.equal(bib.match(/^@/gm)?.length, 3);
  });

  it('BibTeX escapes what LaTeX treats specially, keeps non-ASCII, and never unbalances braces', () => {
    assert.equal(bibtexEscape('100% {open} & a_b #1 $2'), '100\\% \\{open\\} \\& a\\_b \\#1 \\$2');
    assert.equal(bibtexEscape('~ ^ \\ <b>'), '\\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}b\\textgreater{}');
    assert.equal(bibtexEscape('line\r\nbreak  and\ttab'), 'line break and tab');
    assert.equal(bibtexEscape('Côte d’Ivoire 日本 Ελλάδα'), 'Côte d’Ivoire 日本 Ελλάδα');
    assert.equal(bibtexEscape('"quoted", comma'), '"quoted", comma');
    const bib = exportCited('bibtex', oddAnalyses, odd);
    const entry = bib.slice(bib.indexOf('@misc{odd-one,'));
    const title = /title = \{(.*)\},\n/.exec(entry)![1]!;
    assert.equal(
      title,
      '{Data "Free" Flow, 100\\% \\{open\\} \\& fair\\_play \\#1 \\$2 \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}b\\textgreater{} second line}',
    );
    assert.match(entry, /organization = \{Japan, Curaçao\}/);
    assert.match(entry, /abstract = \{Côte d’Ivoire, Türkiye, 日本, Ελλάδα\.\}/);
    assert.match(entry, /url = \{https:\/\/example\.org\/a%20b\/%7Bx%7D\?q=50%25&r=1\}/, 'the URL percent-encodes braces and spaces only');
    for (const line of bib.split('\n').filter((l) => l.startsWith('  '))) assert.ok(balanced(line), `balanced: ${line}`);
    assert.match(
      bib,
      /@techreport\{formula,\n {2}title = \{\{=HYPERLINK\("http:\/\/evil\.example"\)\}\},\n {2}institution = \{Japan\},\n {2}year = \{2020\},\n {2}type = \{Plan\},\n {2}abstract = \{A plan\.\},\n\}/,
    );
  });

  it('BibTeX from CSL items: keys made safe, partial dates', () => {
    const bib = bibtexFromCsl([
      { id: 'a b{c}', 'citation-key': 'a b{c}', type: 'report', title: 'T', issued: { 'date-parts': [[2021, 4]] } },
    ]);
    assert.match(bib, /@techreport\{a-b-c-,\n {2}title = \{\{T\}\},\n {2}year = \{2021\},\n {2}month = apr,\n\}\n$/);
  });

  it('nothing cited: a header-only CSV, an empty CSL array, an empty bibliography', () => {
    const none = [analyze('Nothing here.\n', bundled)];
    assert.equal(exportCited('csv', none, bundled), 'id,year,engagement,partner,classification,type,citations,source url\r\n');
    assert.equal(exportCited('csl-json', none, bundled), '[]\n');
    assert.equal(exportCited('bibtex', none, bundled), '% Encoding: UTF-8\n% Cited engagements exported by Policy Lens.\n');
  });
});
