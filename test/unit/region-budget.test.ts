import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, IncrementalAnalyzer, loadBundledDataset, RegionOverBudget, type Analysis } from '../../src/core';
import { analyzeAllBlocks } from '../../src/core/analysis/analyze';
import type { BlockInfo } from '../../src/core/analysis/block';

// The time budget per region (AnalyzeOptions.runRegion). No clock here: a fake budget stops every
// piece of work whose result holds a marker, as a real one stops the parse of a pathological block
// (any parse that includes it runs long). It counts what it stopped, so a test that expects a
// block to be skipped fails if nothing was stopped.

const dataset = loadBundledDataset();
const MARK = 'QQSLOWQQ';

function fakeBudget(): { runRegion: <T>(work: () => T) => T; stopped: number; ran: number } {
  const fake = {
    stopped: 0,
    ran: 0,
    runRegion: <T>(work: () => T): T => {
      fake.ran++;
      const out = work();
      if (JSON.stringify(out, (_key, value: unknown) => (value instanceof Map ? [...value] : value)).includes(MARK)) {
        fake.stopped++;
        throw new RegionOverBudget(1500);
      }
      return out;
    },
  };
  return fake;
}

/** The same text with every character of [from, to) but line endings made an `x`: a plain paragraph with the same offsets. */
function filled(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\r\n]/g, 'x') + text.slice(to);
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split(/\r\n|\r|\n/).length;
const budgetWarnings = (a: Analysis) => a.diagnostics.filter((d) => d.code === 'time-budget');
const withoutBudgetWarnings = (a: Analysis) => a.diagnostics.filter((d) => d.code !== 'time-budget');

const NORMAL = [
  'Japan and Canada signed the Paris Agreement.',
  '# The G7 in Italy',
  'A paragraph on India\nover two lines about the Estonia MOC.',
  '> The G7 meeting in Germany\n> in 2021.',
  '| Year | Engagement |\n| --- | --- |\n| 2020 | G20 Digital Economy Ministers Meeting |',
  '```\nJapan inside code\n\n\nstill code about India\n```',
  '1) Japan and India\n2) Technology',
  'A [link][ref] to the Estonia MOC, and a footnote.[^1]',
  '[ref]: https://example.org',
  '[^1]: See the Okinawa Charter.',
  'Setext heading about Korea\n===',
];

describe('a time budget per region', () => {
  it('skips the block that runs over, with a warning giving its lines, and analyses the rest', () => {
    const before = 'Japan and Canada signed the Paris Agreement.\n\nA second paragraph on India and the G7.\n';
    const slow = `${MARK} Japan\n${'*a'.repeat(50)}\nIndia ${'[a]('.repeat(20)}\n`;
    const after = '\n# Korea\n\nThe Estonia MOC and China.\n';
    const text = `${before}\n${slow}${after}`;
    const fake = fakeBudget();
    const analysis = analyze(text, dataset, { runRegion: fake.runRegion });
    assert.ok(fake.stopped > 0, 'the fake budget stopped a region');
    const from = text.indexOf(MARK);
    const to = from + slow.length;
    assert.deepEqual(analysis.references, analyze(filled(text, from, to - 1), dataset).references);
    assert.ok(analysis.references.some((r) => r.start.offset < from) && analysis.references.some((r) => r.start.offset > to));
    assert.ok(!analysis.references.some((r) => r.start.offset >= from && r.start.offset < to), 'nothing from the skipped block');
    const [warning, ...more] = budgetWarnings(analysis);
    assert.equal(more.length, 0);
    assert.equal(warning!.severity, 'warning');
    assert.equal(warning!.start.line, lineOf(text, from));
    assert.equal(warning!.start.column, 1);
    assert.equal(warning!.end.line, lineOf(text, from), 'on the block’s first line');
    assert.match(warning!.message, new RegExp(`^Lines ${lineOf(text, from)}–${lineOf(text, from) + 2} were not analysed: .*1\\.5 s`));
  });

  it('gives exactly the analysis without a budget when no region runs over', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...NORMAL), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 400 }),
        (blocks, size) => {
          const text = blocks.join('\n\n') + '\n';
          const fake = fakeBudget();
          const budgeted = analyzeAllBlocks(text, dataset, size, true, undefined, fake.runRegion);
          assert.equal(fake.stopped, 0);
          assert.ok(fake.ran > 0);
          assert.deepEqual(budgeted, analyzeAllBlocks(text, dataset, Infinity, true, Infinity));
          assert.deepEqual(analyze(text, dataset, { runRegion: fakeBudget().runRegion }), analyze(text, dataset));
        },
      ),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 200) },
    );
  });

  it('still gives every block around random soup whose region is stopped, whatever the region size', () => {
    // Soup: emphasis, link and bracket markers, setext and list lines, quotes, headings; no blank
    // line and nothing that runs past one (fences, HTML blocks, definitions), so the soup is one
    // blank-line piece, as a pathological paragraph is.
    const soupLine = fc
      .array(fc.constantFrom('*', '_', '[', ']', '(', ')', '!', 'a', ' ', '=', '-', '#', '>', '~', 'Japan', '\\'), {
        minLength: 1,
        maxLength: 40,
      })
      .map((cs) => cs.join(''))
      .filter((line) => line.trim().length > 0 && !/^\s*(?:~~~|---)/.test(line));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...NORMAL), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom(...NORMAL), { maxLength: 12 }),
        fc.array(soupLine, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (head, tail, soup, size) => {
          const slow = [MARK, ...soup].join('\n');
          const text = [...head, slow, ...tail].join('\n\n') + '\n';
          const from = text.indexOf(MARK);
          const to = from + slow.trimEnd().length;
          const fake = fakeBudget();
          const budgeted = analyzeAllBlocks(text, dataset, size, true, undefined, fake.runRegion);
          assert.ok(fake.stopped > 0);
          const skipped = budgeted.filter((b) => b.type === 'skipped');
          assert.deepEqual(
            skipped.map((b) => [b.start, b.end]),
            [[from, to]],
          );
          const outside = (blocks: BlockInfo[]) => blocks.filter((b) => b.end <= from || b.start >= to);
          const whole = analyzeAllBlocks(filled(text, from, to), dataset, Infinity, true, Infinity);
          assert.deepEqual(outside(budgeted), outside(whole));
          assert.equal(outside(budgeted).length + 1, budgeted.length);

          const analysis = analyze(text, dataset, { runRegion: fakeBudget().runRegion });
          const plain = analyze(filled(text, from, to), dataset);
          assert.deepEqual(analysis.references, plain.references);
          assert.deepEqual(withoutBudgetWarnings(analysis), plain.diagnostics);
          assert.deepEqual(
            budgetWarnings(analysis).map((d) => d.start.line),
            [lineOf(text, from)],
          );
        },
      ),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 200) },
    );
  });

  it('leaves the whole document out when it cannot be cut into regions', () => {
    // Front matter that never closes: no block can be parsed alone.
    const text = `---\ntitle: x\n\nJapan and India.\n\n${MARK}\n`;
    let stopped = 0;
    const runRegion = <T>(): T => {
      stopped++;
      throw new RegionOverBudget(1500);
    };
    const analysis = analyze(text, dataset, { runRegion });
    assert.equal(stopped, 1);
    assert.deepEqual(analysis.references, []);
    assert.deepEqual(
      budgetWarnings(analysis).map((d) => [d.start.line, d.message.slice(0, 12)]),
      [[1, 'Lines 1–6 we']],
    );
  });

  it('passes on any other error of the region runner', () => {
    const runRegion = <T>(): T => {
      throw new Error('not a budget');
    };
    assert.throws(() => analyze('Japan.\n', dataset, { runRegion }), /not a budget/);
  });

  it('keeps the skipped block out as the document is edited, without parsing it again, and analyses it once it is fixed', () => {
    const head = 'Japan and Canada.\n\n';
    const slow = `${MARK} and India\nover two lines\n`;
    const tail = '\nThe Estonia MOC.\n';
    const fake = fakeBudget();
    const analyzer = new IncrementalAnalyzer(dataset, { runRegion: fake.runRegion });
    const added = head.replace('Canada', 'Canada\nand China\nand Chile');
    const moreTail = tail.replace('MOC', 'MOC and Korea');
    // Each step edits the text of the one before.
    const steps: Array<[string, string, boolean]> = [
      ['first analysis', head + slow + tail, true],
      ['an edit in the block before it', head.replace('Canada', 'Canada and China') + slow + tail, false],
      ['lines added before it', added + slow + tail, false],
      ['an edit after it', added + slow + moreTail, false],
      ['the block fixed', added + slow.replace(MARK, 'Fixed') + moreTail, false],
    ];
    for (const [step, text, stops] of steps) {
      const before = fake.stopped;
      const analysis = analyzer.update(text);
      assert.equal(fake.stopped > before, stops, `${step}: the budget stopped a region`);
      const from = text.indexOf(MARK);
      if (from < 0) {
        assert.deepEqual(analysis, analyze(text, dataset), step);
        continue;
      }
      const plain = analyze(filled(text, from, from + slow.length - 1), dataset);
      assert.deepEqual(analysis.references, plain.references, step);
      const line = lineOf(text, from);
      assert.deepEqual(
        budgetWarnings(analysis).map((d) => [d.start.line, d.message.split(':')[0]]),
        [[line, `Lines ${line}–${line + 1} were not analysed`]],
        step,
      );
      assert.deepEqual(analysis, analyze(text, dataset, { runRegion: fakeBudget().runRegion }), step);
    }
  });
});
