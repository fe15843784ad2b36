/**
 * What one pathological block costs a draft, with and without a time budget per region
 * (`AnalyzeOptions.runRegion`, the CLI's and the Node worker's `regionBudget`). Each case is 20 KB of
 * real prose, the block, and 20 KB more; `npm run bench -- --only blocks` prints these figures alone.
 */
import { analyze, type Dataset } from '../src/core';
import { regionBudget } from '../src/node/time-budget';
import { realProseDraft } from './corpus';

/** The region budget the figures use: far below what the pathological block takes, far above a normal region. */
const REGION_MS = 500;

export interface LongBlockCase {
  name: string;
  blockKB: number;
  /** The whole analysis without a budget. */
  unbudgetedMs: number;
  /** With a region budget of `REGION_MS`. */
  budgetedMs: number;
  /** Whether the block was skipped (a `time-budget` warning). */
  skipped: boolean;
  /** Whether every reference of the prose around the block was found. */
  proseKept: boolean;
}

export interface LongBlockBench {
  regionMs: number;
  cases: LongBlockCase[];
  /** The cost of the budget on a 1 MB real-prose draft with nothing to skip: medians of 3, without and with. */
  normal: { plainMs: number; budgetedMs: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x);

function timed<T>(work: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = work();
  return { ms: performance.now() - t0, value };
}

/**
 * Runs the long-block figures.
 *
 * @param dataset The dataset.
 * @returns The figures.
 */
export function longBlockBench(dataset: Dataset): LongBlockBench {
  const prose = realProseDraft(40_000);
  const cut = prose.indexOf('\n\n', 20_000) + 2;
  const before = prose.slice(0, cut);
  const after = prose.slice(cut);
  const blocks: Array<[string, string]> = [
    ['setext headings, no blank line (2,000)', 'India\n=\n'.repeat(2000)],
    ['`*a` × 50,000 (marker limit)', '*a'.repeat(50_000) + '\n'],
    ['`[a](` × 50,000 (marker limit)', '[a]('.repeat(50_000) + '\n'],
    ['table of 5,000 rows', '| Year | Engagement |\n| --- | --- |\n' + '| 2020 | G20 Digital Economy Ministers Meeting |\n'.repeat(5_000)],
  ];
  const cases = blocks.map(([name, block]): LongBlockCase => {
    const text = `${before}${block}\n${after}`;
    const plain = timed(() => analyze(text, dataset));
    const budgeted = timed(() => analyze(text, dataset, { runRegion: regionBudget(REGION_MS) }));
    const outside = (offset: number): boolean => offset < before.length || offset >= before.length + block.length;
    const key = (a: typeof plain.value): string[] =>
      a.references.filter((r) => outside(r.start.offset)).map((r) => `${r.id}@${r.start.offset}`);
    return {
      name,
      blockKB: Math.round(block.length / 100) / 10,
      unbudgetedMs: round(plain.ms),
      budgetedMs: round(budgeted.ms),
      skipped: budgeted.value.diagnostics.some((d) => d.code === 'time-budget'),
      proseKept: JSON.stringify(key(budgeted.value)) === JSON.stringify(key(plain.value)),
    };
  });
  const draft = realProseDraft(1_000_000);
  const plainMs: number[] = [];
  const budgetedMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    plainMs.push(timed(() => analyze(draft, dataset)).ms);
    budgetedMs.push(timed(() => analyze(draft, dataset, { runRegion: regionBudget(15_000) })).ms);
  }
  return { regionMs: REGION_MS, cases, normal: { plainMs: round(median(plainMs)), budgetedMs: round(median(budgetedMs)) } };
}

/**
 * The figures as lines of text.
 *
 * @param b The figures.
 * @returns A Markdown table and a line.
 */
export function describeLongBlockBench(b: LongBlockBench): string {
  const rows = b.cases.map(
    (c) =>
      `| ${c.name} | ${c.blockKB} | ${c.unbudgetedMs} | ${c.budgetedMs} | ${c.skipped ? 'skipped' : 'analysed'} | ${c.proseKept ? 'yes' : 'NO'} |`,
  );
  return [
    `one long block between 20 KB of prose before and after, region budget ${b.regionMs} ms:`,
    '| block | KB | no budget ms | with budget ms | the block | prose references kept |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows,
    `the budget on a 1 MB real-prose draft with nothing to skip: ${b.normal.budgetedMs} ms, without ${b.normal.plainMs} ms (median of 3)`,
  ].join('\n');
}
