import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  analyze,
  citedModel,
  citedModelOfCounts,
  EXPORT_FORMATS,
  exportCited,
  loadBundledDataset,
  summarizeDraft,
  WorkspaceIndex,
  type Analysis,
} from '../../src/core';
import { draftTitle } from '../../src/core/workspace/summary';

const dataset = loadBundledDataset();
const examples = path.join(__dirname, '..', '..', 'examples');
const drafts = fs
  .readdirSync(examples)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => {
    const text = fs.readFileSync(path.join(examples, f), 'utf8');
    return { uri: `file:///ws/${f}`, text, analysis: analyze(text, dataset) };
  });

function indexOf(items: ReadonlyArray<{ uri: string; text: string; analysis: Analysis }>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const d of items) index.set(d.uri, summarizeDraft(d.analysis, d.text));
  return index;
}

/** Citations per entry as counted from full analyses: the reference the index must agree with. */
function countsFrom(analyses: readonly Analysis[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of analyses) for (const r of a.references) if (!r.candidates) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  return counts;
}

const AMBIGUOUS = '# Notes\n\nThe G20 Digital Economy Ministers’ Meeting is annual. The Estonia MOC matters.\n';

describe('draftTitle', () => {
  it('takes the front matter title first, quoted or not', () => {
    assert.equal(draftTitle('---\ntitle: "Digital ties"\nauthor: x\n---\n\n# Heading\n'), 'Digital ties');
    assert.equal(draftTitle('---\ntitle: Plain one\n---\n'), 'Plain one');
  });

  it('else the first level-1 heading, skipping fenced code and deeper headings', () => {
    assert.equal(draftTitle('## Not this\n\n```md\n# Nor this\n```\n\n# This one #\n\n# Not the second\n'), 'This one');
    assert.equal(draftTitle('~~~\n# in code\n~~~\n'), undefined);
    assert.equal(draftTitle('no heading at all'), undefined);
  });
});

describe('WorkspaceIndex', () => {
  it('counts what the example drafts cite exactly as the analyses do', () => {
    const index = indexOf(drafts);
    const expected = countsFrom(drafts.map((d) => d.analysis));
    assert.ok(expected.size > 5, 'the examples cite several entries');
    assert.deepEqual(new Map([...index.citationCounts()].sort()), new Map([...expected].sort()));
    for (const c of index.cited()) {
      const citing = drafts.filter((d) => d.analysis.references.some((r) => !r.candidates && r.id === c.id));
      assert.equal(c.drafts, citing.length, `drafts citing ${c.id}`);
    }
  });

  it('gives every export format the same text from counts as from the analyses (the CLI route)', () => {
    const index = indexOf(drafts);
    const analyses = drafts.map((d) => d.analysis);
    for (const format of EXPORT_FORMATS)
      assert.equal(exportCited(format, index.citationCounts(), dataset), exportCited(format, analyses, dataset), format);
  });

  it('lists the drafts citing an entry and their occurrences at the analyses’ ranges', () => {
    const index = indexOf(drafts);
    const [top] = index.cited();
    assert.ok(top);
    const topId = top.id;
    const citing = index.draftsCiting(topId);
    assert.ok(citing.length > 0);
    for (const d of citing) {
      const source = drafts.find((x) => x.uri === d.uri)!;
      const expected = source.analysis.references
        .filter((r) => (r.candidates ?? [r.id]).includes(topId))
        .map((r) => ({
          start: { line: r.start.line, column: r.start.column },
          end: { line: r.end.line, column: r.end.column },
          ambiguous: !!r.candidates,
        }));
      assert.deepEqual(index.occurrences(d.uri, topId), expected);
      assert.equal(d.citations, expected.filter((o) => !o.ambiguous).length);
      assert.equal(d.title, draftTitle(source.text));
    }
  });

  it('keeps ambiguous references out of the counts but finds them as possible occurrences of each candidate', () => {
    const analysis = analyze(AMBIGUOUS, dataset);
    const ambiguous = analysis.references.find((r) => r.candidates);
    assert.ok(ambiguous?.candidates, 'the text has an ambiguous name');
    const index = indexOf([{ uri: 'file:///ws/amb.md', text: AMBIGUOUS, analysis }]);
    const candidate = ambiguous.candidates[1]!;
    assert.equal(index.citationCounts().get(candidate), undefined);
    assert.deepEqual(index.occurrences('file:///ws/amb.md', candidate), [
      { start: { line: 3, column: ambiguous.start.column }, end: { line: 3, column: ambiguous.end.column }, ambiguous: true },
    ]);
    assert.deepEqual(index.draftsCiting(candidate), [{ uri: 'file:///ws/amb.md', title: 'Notes', citations: 0, ambiguous: 1 }]);
  });

  it('groups the names the dataset lacks by name over the drafts, with each draft’s occurrences', () => {
    const index = new WorkspaceIndex();
    const put = (uri: string, text: string, options = {}): void => index.set(uri, summarizeDraft(analyze(text, dataset, options), text));
    const a =
      '# Alpha\n\nIn 2021 Chile and Norway agreed the Fjordline Data Corridor Initiative (FDCI).\n\nFDCI met twice. The Estonia MOC too.\n';
    const b = '# Beta\n\nThe Fjordline Data Corridor Initiative is cited here again.\n\nThe Tamsin Reef Dialogue began in 2019.\n';
    put('file:///b.md', b);
    put('file:///a.md', a);
    const expected = (text: string): Array<[string, number, number]> =>
      (analyze(text, dataset).uncatalogued ?? []).map((u) => [u.label.toLowerCase(), u.start.line, u.start.column]);
    const got = index.uncatalogued();
    const all = [...expected(a), ...expected(b)];
    assert.ok(all.length >= 3, `the drafts write names the dataset lacks: ${JSON.stringify(all)}`);
    // Every occurrence the analyses found is in the index, under its name, in its draft, at its place.
    const flattened = got.flatMap((n) =>
      n.drafts.flatMap((d) =>
        index.uncataloguedIn(d.uri, n.key).map((o) => [n.key, o.start.line, o.start.column] as [string, number, number]),
      ),
    );
    assert.deepEqual(flattened.slice().sort(), all.slice().sort());
    for (const n of got) {
      assert.equal(
        n.citations,
        n.drafts.reduce((s, d) => s + d.citations, 0),
      );
      assert.equal(n.key, n.label.toLowerCase());
    }
    const counts = got.map((n) => n.citations);
    assert.deepEqual(
      counts,
      counts.slice().sort((x, y) => y - x),
      'most written first',
    );
    assert.deepEqual(
      got.map((n) => [n.label, n.citations, n.drafts.map((d) => [d.title, d.citations])]),
      [
        [
          'Fjordline Data Corridor Initiative',
          3,
          [
            ['Alpha', 2],
            ['Beta', 1],
          ],
        ],
        ['Tamsin Reef Dialogue', 1, [['Beta', 1]]],
      ],
      'grouped by name, drafts by title, whatever order they were indexed in',
    );
    put('file:///a.md', a, { uncatalogued: false });
    assert.ok(
      index.uncatalogued().every((n) => n.drafts.every((d) => d.uri !== 'file:///a.md')),
      'a draft summarised without the detector writes none',
    );
    assert.deepEqual(index.uncataloguedIn('file:///a.md', 'fjordline data corridor initiative'), []);
    index.delete('file:///b.md');
    assert.deepEqual(index.uncatalogued(), []);
  });

  it('replaces and removes drafts, and forgets entries no draft cites any more', () => {
    const index = new WorkspaceIndex();
    const put = (uri: string, text: string): void => index.set(uri, summarizeDraft(analyze(text, dataset), text));
    put('file:///a.md', 'The Estonia MOC.\n');
    put('file:///b.md', 'The Estonia MOC, and India.\n');
    const estonia = index.cited().find((c) => c.citations === 2)!;
    assert.equal(estonia.drafts, 2);
    const r0 = index.revision;
    put('file:///b.md', 'Only India now.\n');
    assert.ok(index.revision > r0);
    assert.deepEqual(
      index.draftsCiting(estonia.id).map((d) => d.uri),
      ['file:///a.md'],
    );
    assert.equal(index.delete('file:///a.md'), true);
    assert.equal(index.delete('file:///a.md'), false);
    assert.deepEqual(index.draftsCiting(estonia.id), []);
    assert.equal(index.citationCounts().get(estonia.id), undefined);
    assert.deepEqual(index.uris(), ['file:///b.md']);
    index.clear();
    assert.equal(index.size, 0);
  });

  it('finds entries by a relaxed query, each followed by the drafts citing it, and drafts by title', () => {
    const text = '# Baltic notes\n\nThe Estonia MOC was signed.\n';
    const index = indexOf([{ uri: 'file:///ws/baltic.md', text, analysis: analyze(text, dataset) }]);
    const symbols = index.symbols('estmoc', dataset);
    const entry = symbols.find((s) => s.type === 'entry');
    assert.ok(entry && entry.type === 'entry', JSON.stringify(symbols));
    assert.match(entry.label, /Estonia/);
    const citation = symbols.find((s) => s.type === 'citation');
    assert.ok(citation && citation.type === 'citation');
    assert.equal(citation.uri, 'file:///ws/baltic.md');
    assert.deepEqual(citation.first.start, { line: 3, column: 5 });
    assert.deepEqual(
      index.symbols('baltic', dataset).filter((s) => s.type === 'draft'),
      [{ type: 'draft', uri: 'file:///ws/baltic.md', title: 'Baltic notes' }],
    );
    assert.deepEqual(index.symbols('zzzz', dataset), []);
  });

  it('keeps no text: a summary holds far less than its draft', () => {
    const [d] = drafts.sort((a, b) => b.text.length - a.text.length);
    const s = summarizeDraft(d!.analysis, d!.text);
    const size = s.refs.byteLength + s.strings.reduce((n, x) => n + x.length * 2, 0) + (s.title?.length ?? 0) * 2;
    assert.ok(size < d!.text.length, `${size} bytes of summary for ${d!.text.length} characters`);
  });
});

describe('citedModelOfCounts', () => {
  it('groups several drafts’ counts as citedModel groups one draft', () => {
    const [d] = drafts;
    const options = { groupBy: 'year' as const, showUncited: false };
    const one = citedModel(d!.analysis, dataset, options);
    const fromCounts = citedModelOfCounts(countsFrom([d!.analysis]), dataset, options);
    const shape = (m: typeof one) => ({
      agreements: m.agreements.map((g) => [g.key, g.citations, g.entries.map((e) => [e.id, e.occurrences.length])]),
      pillars: m.pillars.map((e) => [e.id, e.occurrences.length]),
      countries: m.countries.map((e) => [e.id, e.occurrences.length]),
    });
    assert.deepEqual(shape(fromCounts), shape(one));
  });
});
