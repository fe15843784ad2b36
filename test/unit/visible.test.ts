import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, analyzeVisible, loadBundledDataset, type Analysis } from '../../src/core';

// analyzeVisible parses only the lines around a range: for ordinary prose the references it finds in
// the range are those of the whole text's analysis.
const dataset = loadBundledDataset();
const example = readFileSync(path.join(__dirname, '..', '..', 'examples', 'japan-digital-diplomacy-briefing.md'), 'utf8');

const key = (r: Analysis['references'][number]): string => `${r.id}@${r.start.offset}-${r.end.offset}`;
const within = (a: Analysis, from: number, to: number): string[] =>
  a.references.filter((r) => r.start.offset >= from && r.end.offset <= to).map(key);

describe('analysis of the visible range', () => {
  // Many copies, footnote definitions at the end only: the range's footnote references need them.
  const body = Array.from({ length: 12 }, () => example.replace(/^---[\s\S]*?\n---\n/, '')).join('\n\n');
  const text = `${body}\n\n[^late]: A definition at the very end about Japan.\n`;
  const whole = analyze(text, dataset);

  for (const at of [0, 0.25, 0.5, 0.77, 0.99]) {
    it(`finds in a range ${at * 100}% into the document the references of the whole analysis`, () => {
      const from = Math.floor(text.length * at);
      const to = Math.min(text.length, from + 3000);
      const visible = analyzeVisible(text, dataset, from, to);
      assert.ok(within(whole, from, to).length > 0, 'the range names something');
      assert.deepEqual(within(visible, from, to), within(whole, from, to));
      // It parsed about the range, not the document.
      const offsets = visible.references.map((r) => r.start.offset);
      assert.ok(Math.min(...offsets) >= from - 3000 && Math.max(...offsets) <= to + 3000);
    });
  }

  it('runs the detector of names the dataset lacks only when it is on, as `analyze` does', () => {
    const text = `${'Filler prose about Japan.\n\n'.repeat(50)}The Kestrel Bay Quantum Memorandum (KBQM) binds Japan.\n\n${'More prose.\n\n'.repeat(50)}`;
    const from = text.indexOf('The Kestrel');
    const on = analyzeVisible(text, dataset, from, from + 10);
    assert.deepEqual(
      on.uncatalogued?.map((u) => u.label),
      ['Kestrel Bay Quantum Memorandum'],
    );
    const off = analyzeVisible(text, dataset, from, from + 10, undefined, { uncatalogued: false });
    assert.equal(off.uncatalogued, undefined);
    assert.deepEqual(off.references, on.references);
  });

  it('uses a footnote defined far below the range', () => {
    // Undefined, `[^India]` would be prose naming India; defined, it is a footnote reference.
    const text2 = `Japan signed it.[^India]\n\n${'Filler prose about Korea.\n\n'.repeat(2000)}[^India]: Defined at the end.\n`;
    const visible = analyzeVisible(text2, dataset, 0, 20);
    const whole2 = analyze(text2, dataset);
    assert.deepEqual(within(whole2, 0, 30), ['jpn@0-5']);
    assert.deepEqual(within(visible, 0, 30), within(whole2, 0, 30));
  });

  it('gives each reference its line and column in the whole text, with or without the caller’s line, with CRLF and lone CR line ends', () => {
    const full = (a: Analysis): string[] =>
      a.references.map((r) => `${r.id}@${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}/${r.start.offset}`);
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = text.replace(/\r?\n/g, eol);
      const wholeT = analyze(t, dataset);
      const from = t.indexOf(eol, Math.floor(t.length * 0.6)) + eol.length;
      const to = from + 3000;
      const fromLine = t.slice(0, from).split(/\r\n|\n|\r/).length;
      const inRange = (a: Analysis): string[] =>
        full({ ...a, references: a.references.filter((r) => r.start.offset >= from && r.end.offset <= to) });
      assert.ok(inRange(wholeT).length > 0);
      assert.deepEqual(inRange(analyzeVisible(t, dataset, from, to)), inRange(wholeT), JSON.stringify(eol));
      assert.deepEqual(inRange(analyzeVisible(t, dataset, from, to, fromLine)), inRange(wholeT), `${JSON.stringify(eol)}, line given`);
    }
  });

  it('in a hard-wrapped paragraph far longer than its reach, analyses the lines around the range, at their true positions', () => {
    const line = 'Japan and India met the Kenya delegation while the EU watched closely from afar today.\n';
    const wrapped = `# Pasted\n\n${line.repeat(4000)}`;
    const from = wrapped.indexOf('\n', wrapped.length / 2) + 1;
    const visible = analyzeVisible(wrapped, dataset, from, from + 2 * line.length);
    assert.ok(visible.references.length >= 8, 'the lines on screen are analysed');
    for (const r of visible.references) {
      assert.equal(wrapped.slice(r.start.offset, r.end.offset), r.text);
      const before = wrapped.slice(0, r.start.offset);
      assert.equal(r.start.line, before.split('\n').length);
      assert.equal(r.start.column, r.start.offset - before.lastIndexOf('\n'));
    }
    assert.ok(Math.max(...visible.references.map((r) => r.end.offset)) - from < 80 * 1024, 'no more than its reach');
  });

  it('gives a partial result, never an error, for ranges outside the text, inside front matter or an unclosed fence', () => {
    const odd = '---\ntitle: Japan\n---\n\n```\nJapan in code\n\nIndia\n';
    for (const [from, to] of [
      [-5, 3],
      [5, 10],
      [30, 1000],
      [1000, 2000],
      [10, 5],
    ] as Array<[number, number]>)
      assert.doesNotThrow(() => analyzeVisible(odd, dataset, from, to));
    assert.deepEqual(analyzeVisible('', dataset, 0, 0).references, []);
  });
});
