/**
 * `npm run bench`: speed and memory of the analysis on generated policy drafts, with the peers it
 * must beat measured in the same run. `npm run bench -- --json` prints the same figures as one
 * JSON object; `--quick` skips the 10 MB size.
 */
import MarkdownIt from 'markdown-it';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { analyze, entryCard, IncrementalAnalyzer, loadBundledDataset, matcherFor } from '../src/core';
import { generateDraft } from './generate';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const gc = (globalThis as { gc?: () => void }).gc;
const log = (line: string): void => {
  if (!json) console.log(line);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** A deterministic generator of edit positions. */
function positions(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

const t0 = performance.now();
const dataset = loadBundledDataset();
matcherFor(dataset);
const datasetMs = performance.now() - t0;

const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
const markdownIt = new MarkdownIt();

interface SizeResult {
  size: string;
  bytes: number;
  references: number;
  fullScanMs: number;
  parseOnlyMs: number;
  ratio: number;
  fullScanMsPerMB: number;
  markdownItMs: number;
  editMedianMs?: number;
  editP95Ms?: number;
  editVsFullRemark?: number;
  editVsMarkdownIt?: number;
  structuralEditMedianMs?: number;
  retainedHeapMB: number;
  retainedPerSourceByte: number;
}

const sizes: Array<[string, number]> = [
  ['10 KB', 10_000],
  ['100 KB', 100_000],
  ['1 MB', 1_000_000],
  ...(quick ? [] : ([['10 MB', 10_000_000]] as Array<[string, number]>)),
];
const results: SizeResult[] = [];
log(`Policy Lens bench, ${process.version}; dataset ${dataset.entries.size} entries, loaded and compiled in ${round(datasetMs)} ms`);

for (const [name, bytes] of sizes) {
  const text = generateDraft(bytes);
  const mb = text.length / 1e6;
  const runs = bytes >= 10_000_000 ? 1 : bytes >= 1_000_000 ? 5 : 15;
  // Alternate the contenders so that load from elsewhere on the machine hits them alike.
  const parse: number[] = [];
  const scan: number[] = [];
  const mdit: number[] = [];
  remark.parse(text);
  analyze(text, dataset);
  markdownIt.parse(text, {});
  for (let i = 0; i < runs; i++) {
    gc?.();
    parse.push(timed(() => remark.parse(text)));
    gc?.();
    scan.push(timed(() => analyze(text, dataset)));
    mdit.push(timed(() => markdownIt.parse(text, {})));
  }
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const inc = new IncrementalAnalyzer(dataset);
  const analysis = inc.reset(text);
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const result: SizeResult = {
    size: name,
    bytes: text.length,
    references: analysis.references.length,
    fullScanMs: round(median(scan)),
    parseOnlyMs: round(median(parse)),
    ratio: round(median(scan) / median(parse), 3),
    fullScanMsPerMB: round(median(scan) / mb),
    markdownItMs: round(median(mdit)),
    retainedHeapMB: round(heapMB),
    retainedPerSourceByte: round(heapMB / mb),
  };
  if (bytes >= 100_000) {
    // 50 one-character edits at random prose positions (paragraphs, lists, tables, quotes).
    const next = positions(bytes);
    let current = text;
    const edits: number[] = [];
    for (let i = 0; i < 50; i++) {
      let at = Math.floor(next() * current.length);
      while (at < current.length && !/[a-z]/.test(current[at]!)) at++;
      current = current.slice(0, at) + 'x' + current.slice(at);
      edits.push(timed(() => inc.update(current)));
    }
    // Structural edits: open a fence in the middle (everything after becomes code), close it, change a table.
    const structural: number[] = [];
    const mid = current.indexOf('\n\n', Math.floor(current.length / 2)) + 2;
    current = current.slice(0, mid) + '```\n' + current.slice(mid);
    structural.push(timed(() => inc.update(current)));
    current = current.slice(0, mid) + current.slice(mid + 4);
    structural.push(timed(() => inc.update(current)));
    const table = current.indexOf('| --- |', Math.floor(current.length / 3));
    current = current.slice(0, table) + '| --- | --- |\n| 2025 | Estonia MOC |\n' + current.slice(table);
    structural.push(timed(() => inc.update(current)));
    result.editMedianMs = round(median(edits), 2);
    result.editP95Ms = round(p95(edits), 2);
    result.editVsFullRemark = round(median(parse) / median(edits));
    result.editVsMarkdownIt = round(median(mdit) / median(edits), 2);
    result.structuralEditMedianMs = round(median(structural));
  }
  results.push(result);
}

// Interaction: a hover is a binary search in the cached analysis plus one card.
const hoverText = generateDraft(1_000_000);
const hoverAnalysis = analyze(hoverText, dataset);
const next = positions(99);
const hovers: number[] = [];
for (let i = 0; i < 200; i++) {
  const offset = Math.floor(next() * hoverText.length);
  hovers.push(
    timed(() => {
      const refs = hoverAnalysis.references;
      let lo = 0;
      let hi = refs.length - 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (refs[m]!.end.offset < offset) lo = m + 1;
        else hi = m;
      }
      const ref = refs[lo]!;
      entryCard(dataset.entries.get(ref.id)!, dataset, { citations: hoverAnalysis.byEntry.get(ref.id)?.length ?? 0 });
    }),
  );
}

const report = {
  node: process.version,
  datasetLoadAndCompileMs: round(datasetMs),
  entries: dataset.entries.size,
  hoverMedianMs: round(median(hovers), 3),
  hoverP95Ms: round(p95(hovers), 3),
  results,
};
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  const head = ['size', 'refs', 'full scan ms', 'remark+gfm ms', 'ratio', 'ms/MB', 'markdown-it ms', 'edit median ms', 'edit p95 ms', 'vs remark', 'vs markdown-it', 'fence/table edit ms', 'heap MB', 'heap/source'];
  const rows = results.map((r) => [
    r.size,
    r.references,
    r.fullScanMs,
    r.parseOnlyMs,
    r.ratio,
    r.fullScanMsPerMB,
    r.markdownItMs,
    r.editMedianMs ?? '',
    r.editP95Ms ?? '',
    r.editVsFullRemark ? `${r.editVsFullRemark}×` : '',
    r.editVsMarkdownIt ? `${r.editVsMarkdownIt}×` : '',
    r.structuralEditMedianMs ?? '',
    r.retainedHeapMB,
    `${r.retainedPerSourceByte}×`,
  ]);
  log(`| ${head.join(' | ')} |`);
  log(`|${head.map(() => ' ---: ').join('|')}|`);
  for (const row of rows) log(`| ${row.join(' | ')} |`);
  log(`hover from the cached analysis (1 MB draft): median ${report.hoverMedianMs} ms, p95 ${report.hoverP95Ms} ms`);
}
