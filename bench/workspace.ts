/**
 * The workspace index on a large workspace: 1,000 generated drafts of 40 KB each, written to a
 * temporary folder and indexed as the editor does (files read asynchronously, summarised in the
 * analysis worker, a few at a time), while an event-loop delay monitor records the longest time
 * this thread was held. Then the queries the editor's features run on the whole index.
 * `node dist/bench-workspace.js [--json] [--files N]` runs it alone (`npm run bench -- --only workspace`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { citedModelOfCounts, exportCited, loadBundledDataset, type Dataset } from '../src/core';
import { WorkspaceIndexer } from '../src/vscode/workspace-index/indexer';
import { AnalysisWorkerClient } from '../src/worker/client';
import { startNodeWorker } from '../src/worker/node-host';
import { generateDraft } from './generate';

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Indexes `files` generated drafts of `bytes` characters each through the real worker bundle.
 *
 * @param worker Path of dist/analysis-worker.js.
 * @param files How many drafts.
 * @param bytes Size of each.
 * @param dataset The dataset (loaded by the caller, so that its cost is not counted here).
 */
export async function workspaceBench(
  worker: string,
  files = 1000,
  bytes = 40_000,
  dataset: Dataset = loadBundledDataset(),
): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-lens-bench-ws-'));
  try {
    // Ten different drafts, varied by seed; a file's text differs from its neighbours' only by a line, as drafts of one team do.
    const bases = Array.from({ length: 10 }, (_, k) => generateDraft(bytes, 100 + k));
    const uris: string[] = [];
    for (let i = 0; i < files; i++) {
      const file = path.join(dir, `draft-${String(i).padStart(4, '0')}.md`);
      writeFileSync(file, `${bases[i % bases.length]!}\nDraft ${i}.\n`);
      uris.push(file);
    }
    const client = new AnalysisWorkerClient(() => startNodeWorker(worker));
    const slices: number[] = [];
    const indexer = new WorkspaceIndexer({
      read: (uri) => readFile(uri),
      worker: () => client,
      dataset: () => dataset,
      onSlice: (ms) => slices.push(ms),
    });
    let refreshes = 0;
    indexer.onDidChange(() => refreshes++);
    gc?.();
    await sleep(50);
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const lag = monitorEventLoopDelay({ resolution: 2 });
    lag.enable();
    await sleep(20);
    const t0 = performance.now();
    indexer.setFiles(uris);
    slices.push(performance.now() - t0);
    await indexer.whenIdle();
    const indexMs = performance.now() - t0;
    lag.disable();
    gc?.();
    await sleep(50);
    gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const rss = process.memoryUsage().rss;

    // The queries the features run on the whole index (each on this thread).
    const counts = timed(() => indexer.index.citationCounts());
    const model = timed(() => citedModelOfCounts(counts.value, dataset, { groupBy: 'type', showUncited: false }));
    const top = indexer.index.cited()[0]!;
    const drafts = timed(() => indexer.index.draftsCiting(top.id));
    const occurrences = timed(() => indexer.index.allOccurrences(top.id));
    const symbols = timed(() => indexer.index.symbols('estonia', dataset));
    const csv = timed(() => exportCited('csv', counts.value, dataset));

    // One file changed on disk: the time until the index has its new text.
    await writeFile(uris[0]!, `${bases[1]!}\nChanged.\n`);
    const t1 = performance.now();
    indexer.update(uris[0]!);
    await indexer.whenIdle();
    const changeMs = performance.now() - t1;

    indexer.dispose();
    client.dispose();
    return {
      files,
      kbPerFile: round(bytes / 1000, 0),
      indexMs: round(indexMs, 0),
      filesPerSecond: round(files / (indexMs / 1000), 0),
      longestBlockMs: round(lag.max / 1e6, 1),
      longestOfOursMs: round(Math.max(...slices), 1),
      blockP99Ms: round(lag.percentile(99) / 1e6, 1),
      viewRefreshes: refreshes,
      indexHeapMB: round((heapAfter - heapBefore) / 1e6, 1),
      bytesPerDraft: round((heapAfter - heapBefore) / files, 0),
      rssMB: round(rss / 1e6, 0),
      drafts: indexer.index.size,
      citations: [...counts.value.values()].reduce((a, b) => a + b, 0),
      countsMs: round(counts.ms, 1),
      modelMs: round(model.ms, 1),
      draftsCitingMs: round(drafts.ms, 1),
      allOccurrencesMs: round(occurrences.ms, 1),
      occurrencesOfTop: occurrences.value.reduce((n, d) => n + d.occurrences.length, 0),
      symbolsMs: round(symbols.ms, 1),
      exportCsvMs: round(csv.ms, 1),
      changeToIndexedMs: round(changeMs, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the figures in the bench's style. */
export function describeWorkspaceBench(w: Record<string, number>): string {
  return (
    `workspace index, ${w.files} drafts of ${w.kbPerFile} KB through the worker: ${w.indexMs} ms (${w.filesPerSecond} files/s), ` +
    `longest block of this thread ${w.longestBlockMs} ms (p99 ${w.blockP99Ms} ms), of our code ${w.longestOfOursMs} ms, ${w.viewRefreshes} change events; ` +
    `index ${w.indexHeapMB} MB on the heap (${w.bytesPerDraft} bytes per draft; process RSS ${w.rssMB} MB); ` +
    `${w.citations} citations; on the whole index: counts ${w.countsMs} ms, view model ${w.modelMs} ms, drafts citing the top entry ${w.draftsCitingMs} ms, ` +
    `its ${w.occurrencesOfTop} occurrences ${w.allOccurrencesMs} ms, symbols ${w.symbolsMs} ms, CSV export ${w.exportCsvMs} ms; ` +
    `one changed file re-indexed in ${w.changeToIndexedMs} ms`
  );
}

// Run on its own (dist/bench-workspace.js), not when bench.js bundles this module.
if (/bench-workspace\.js$/.test(process.argv[1] ?? '')) {
  const files = Number(process.argv[process.argv.indexOf('--files') + 1]) || 1000;
  void workspaceBench(path.join(__dirname, 'analysis-worker.js'), process.argv.includes('--files') ? files : 1000).then((w) =>
    console.log(process.argv.includes('--json') ? JSON.stringify({ workspace: w }, null, 2) : describeWorkspaceBench(w)),
  );
}
