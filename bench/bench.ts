/**
 * `npm run bench`: scans generated drafts and prints throughput and the ratio to parsing alone.
 * `npm run bench -- --json` prints the same figures as one JSON object.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { analyze, loadBundledDataset, matcherFor } from '../src/core';
import { generateDraft } from './generate';

const json = process.argv.includes('--json');
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const t0 = performance.now();
const dataset = loadBundledDataset();
matcherFor(dataset);
const datasetMs = performance.now() - t0;

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
const results = [];
for (const size of [100_000, 1_000_000]) {
  const text = generateDraft(size);
  const mb = text.length / 1e6;
  const runs = size >= 1_000_000 ? 5 : 15;
  // Interleave warm-up of both so neither benefits from running second.
  parser.parse(text);
  analyze(text, dataset);
  // Alternate the two so that load from elsewhere on the machine hits both alike.
  const parseTimes: number[] = [];
  const scanTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    parseTimes.push(...time(() => parser.parse(text), 1));
    scanTimes.push(...time(() => analyze(text, dataset), 1));
  }
  const parseMs = median(parseTimes);
  const scanMs = median(scanTimes);
  const refs = analyze(text, dataset).references.length;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = analyze(text, dataset);
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  results.push({
    sizeMB: Number(mb.toFixed(2)),
    references: refs,
    parseOnlyMs: Number(parseMs.toFixed(1)),
    fullScanMs: Number(scanMs.toFixed(1)),
    ratio: Number((scanMs / parseMs).toFixed(3)),
    scanMBps: Number((mb / (scanMs / 1000)).toFixed(2)),
    parseMBps: Number((mb / (parseMs / 1000)).toFixed(2)),
    retainedHeapMB: Number(heapMb.toFixed(1)),
    retainedPerSourceByte: Number((heapMb / mb).toFixed(1)),
  });
  void keep;
}

const report = { node: process.version, datasetLoadAndCompileMs: Number(datasetMs.toFixed(1)), entries: dataset.entries.size, results };
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  console.log(`Policy Lens bench (${process.version}); dataset: ${dataset.entries.size} entries, loaded and compiled in ${report.datasetLoadAndCompileMs} ms`);
  console.log('size MB | refs   | remark+gfm parse ms | full scan ms | ratio | scan MB/s | parse MB/s | retained heap MB');
  for (const r of results) {
    console.log(
      `${String(r.sizeMB).padStart(7)} | ${String(r.references).padStart(6)} | ${String(r.parseOnlyMs).padStart(19)} | ${String(r.fullScanMs).padStart(12)} | ${String(r.ratio).padStart(5)} | ${String(r.scanMBps).padStart(9)} | ${String(r.parseMBps).padStart(10)} | ${String(r.retainedHeapMB).padStart(16)}`,
    );
  }
}
