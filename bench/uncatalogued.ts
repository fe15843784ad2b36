/**
 * `npx tsx bench/uncatalogued.ts [--mb N]`: what the detector of names the catalogue lacks costs on
 * a generated draft (1 MB by default), in one process: `analyze` with the detector on and off (the
 * switch skips the document-wide part), and the detector's share of the block pass, timed alone
 * over the very tokens and matches the matcher produced. Prints medians of 5 runs, as JSON.
 */
import { analyze, loadBundledDataset, matcherFor } from '../src/core';
import { parseMarkdown } from '../src/core/markdown/parse';
import { extractProse } from '../src/core/markdown/prose';
import { tokenize } from '../src/core/text/tokenize';
import { findMatches } from '../src/core/match/find';
import { findUncatalogued } from '../src/core/match/uncatalogued';
import { generateDraft } from './generate';

const at = process.argv.indexOf('--mb');
const bytes = Math.round((at > 0 ? Number(process.argv[at + 1]) : 1) * 1_000_000);
const dataset = loadBundledDataset();
const text = generateDraft(bytes);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
analyze(text, dataset); // warm up
const on: number[] = [];
const off: number[] = [];
for (let k = 0; k < 5; k++) {
  on.push(time(() => analyze(text, dataset)));
  off.push(time(() => analyze(text, dataset, { uncatalogued: false })));
}
const matcher = matcherFor(dataset);
const { tree, offsetShift } = parseMarkdown(text);
const runs = extractProse(tree, text, offsetShift).map((s) => {
  const tokens = tokenize(s.text);
  return { text: s.text, tokens, matches: findMatches(tokens, matcher) };
});
const detector: number[] = [];
let names = 0;
for (let k = 0; k < 5; k++) {
  names = 0;
  detector.push(
    time(() => {
      for (const r of runs) names += findUncatalogued(r.tokens, r.matches, matcher, r.text).names.length;
    }),
  );
}
const mb = text.length / 1e6;
const round = (x: number): number => Math.round(x * 10) / 10;
console.log(
  JSON.stringify(
    {
      draftMB: round(mb),
      analyzeOnMs: round(median(on)),
      analyzeOffMs: round(median(off)),
      detectorInBlockPassMs: round(median(detector)),
      detectorShareOfAnalyze: Math.round((1000 * median(detector)) / median(on)) / 1000,
      uncatalogued: analyze(text, dataset).uncatalogued?.length ?? 0,
      candidateNames: names,
    },
    null,
    2,
  ),
);
