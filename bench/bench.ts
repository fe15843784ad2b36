/**
 * `npm run bench`: speed and memory of the analysis on generated policy drafts, with the peers it
 * must beat measured in the same run. `npm run bench -- --json` prints the same figures as one
 * JSON object; `--quick` skips the 10 MB size; `--only workspace` runs only the workspace index's
 * figures (bench/workspace.ts), `--only blocks` only what one pathological block costs with and
 * without a time budget per region (bench/long-block.ts).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  analyze,
  analyzeVisible,
  bibliographyEntries,
  citedModel,
  completeName,
  entryCard,
  IncrementalAnalyzer,
  loadBundledDataset,
  loadDatasetFiles,
  matcherFor,
} from '../src/core';
import { AnalysisCache, SYNC_LIMIT, type AnalysedDocument } from '../src/vscode/analysis-cache';
import { AnalysisWorkerClient, type Outcome } from '../src/worker/client';
import { startNodeWorker } from '../src/worker/node-host';
import { hardWrappedPaste, plainPaste, proseShape, realProseDraft } from './corpus';
import { generateDraft } from './generate';
import { describeLongBlockBench, longBlockBench } from './long-block';
import { describeWorkspaceBench, workspaceBench } from './workspace';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'workspace' && only !== 'table' && only !== 'blocks')
  throw new Error(`--only takes "workspace", "table" or "blocks", not ${JSON.stringify(only)}`);
if (only === 'workspace') {
  const run = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'bench-workspace.js'), ...(json ? ['--json'] : [])], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
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
/**
 * The same string, flattened: a string built by concatenation is a rope that V8 copies into one
 * piece the first time a regular expression reads it (for 10 MB, a few hundred milliseconds on a
 * loaded machine). The editor hands the analysis a flat string (the document's getText()), so
 * that copy is not part of an edit's cost.
 */
function flat(text: string): string {
  /^/.test(text);
  return text;
}
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
/** A team's own agreement, as a `.policylens/` file would add it. */
const TEAM_ENTRY = {
  kind: 'agreement',
  aliases: [],
  summary: 'A team agreement for the benchmark.',
  sources: [],
  type: 'memorandum',
  year: 2025,
  classification: 'bilateral',
  parties: ['jpn', 'est'],
};

/** A deterministic generator of edit positions. */
function positions(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

const t0 = performance.now();
const dataset = loadBundledDataset();
matcherFor(dataset);
const datasetMs = performance.now() - t0;

const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
const markdownIt = new MarkdownIt();

interface SizeResult {
  corpus: string;
  size: string;
  bytes: number;
  references: number;
  fullScanMs: number;
  parseOnlyMs: number;
  ratio: number;
  fullScanMsPerMB: number;
  markdownItMs: number;
  /** Garbage collection during the full scans, as a share of their time. */
  gcShare: number;
  editMedianMs?: number;
  editP95Ms?: number;
  /** Typing at the end of the draft's last paragraph, one character at a time. */
  endEditMedianMs?: number;
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
/**
 * The corpora, side by side: the generated drafts (word salad over a small vocabulary, evenly
 * structured) and the real-prose drafts (bench/corpus.ts: the repository's drafts and long-form
 * working papers, long paragraphs, footnotes gathered at the end); then the hard-wrapped paste,
 * one paragraph broken every 80 characters, with the drafts' Markdown and without (plain paste).
 */
const corpora: Array<{ corpus: string; sizes: Array<[string, number]>; make: (bytes: number, seed?: number) => string }> = [
  { corpus: 'generated', sizes, make: generateDraft },
  { corpus: 'real prose', sizes, make: (bytes) => realProseDraft(bytes) },
  {
    corpus: 'hard-wrapped paste',
    sizes: [
      ['250 KB', 250_000],
      ['500 KB', 500_000],
      ['1 MB', 1_000_000],
      ...(quick ? [] : ([['2 MB', 2_000_000]] as Array<[string, number]>)),
    ],
    make: (bytes) => hardWrappedPaste(bytes),
  },
  {
    corpus: 'plain paste',
    sizes: [
      ['250 KB', 250_000],
      ['1 MB', 1_000_000],
    ],
    make: (bytes) => plainPaste(bytes),
  },
];
const results: SizeResult[] = [];
log(`Policy Lens bench, ${process.version}; dataset ${dataset.entries.size} entries, loaded and compiled in ${round(datasetMs)} ms`);
{
  const shape = proseShape(realProseDraft(1_000_000));
  const g = proseShape(generateDraft(1_000_000));
  log(
    `shape of the corpora at 1 MB (real prose | generated): words per paragraph ${shape.wordsPerParagraph} | ${g.wordsPerParagraph}; ` +
      `capitalised words per KB ${shape.capitalisedPerKB} | ${g.capitalisedPerKB}; footnote references per KB ${shape.footnotesPerKB} | ${g.footnotesPerKB}; ` +
      `footnote definitions ${shape.footnoteDefinitions} | ${g.footnoteDefinitions}; table rows per KB ${shape.tableRowsPerKB} | ${g.tableRowsPerKB}`,
  );
}

/** Every gc the runtime reports, with its start (performance.now() time) and duration. */
const gcEntries: Array<{ start: number; ms: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcEntries.push({ start: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
/** Lets the gc observer's queued entries arrive (they are delivered after the current task). */
const flushGc = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const gcWithin = (windows: Array<[number, number]>): number =>
  gcEntries.filter((e) => windows.some(([a, b]) => e.start >= a && e.start < b)).reduce((sum, e) => sum + e.ms, 0);

/** Measures every corpus at every size, printing each row as it is done (the 10 MB rows take minutes). */
async function sizeTable(): Promise<void> {
  printTableHead();
  for (const { corpus, sizes: corpusSizes, make } of corpora) {
    for (const [name, bytes] of corpusSizes) {
      const result = await measureSize(corpus, name, bytes, make);
      results.push(result);
      printTableRow(result);
    }
  }
}

async function measureSize(
  corpus: string,
  name: string,
  bytes: number,
  make: (bytes: number, seed?: number) => string,
): Promise<SizeResult> {
  const text = make(bytes);
  const mb = text.length / 1e6;
  const runs = bytes >= 10_000_000 ? 1 : bytes >= 1_000_000 ? 3 : bytes >= 250_000 ? 5 : 15;
  // Alternate the contenders so that load from elsewhere on the machine hits them alike.
  const parse: number[] = [];
  const scan: number[] = [];
  const mdit: number[] = [];
  const windows: Array<[number, number]> = [];
  remark.parse(text);
  analyze(text, dataset);
  markdownIt.parse(text, {});
  for (let i = 0; i < runs; i++) {
    gc?.();
    parse.push(timed(() => remark.parse(text)));
    gc?.();
    const t0 = performance.now();
    analyze(text, dataset);
    const t1 = performance.now();
    scan.push(t1 - t0);
    windows.push([t0, t1]);
    mdit.push(timed(() => markdownIt.parse(text, {})));
  }
  await flushGc();
  const gcShare = gcWithin(windows) / scan.reduce((a, b) => a + b, 0);
  // Retained memory: for small drafts, of many drafts at once (each with its own text), so that the
  // figure stands above the heap's noise; per draft.
  const copies = Math.min(100, Math.max(1, Math.round(1_000_000 / bytes)));
  const texts = Array.from({ length: copies }, (_, k) => (k === 0 ? text : `${make(bytes, 1000 + k)}\n<!-- copy ${k} -->\n`));
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const analyzers = texts.map((t) => {
    const analyzer = new IncrementalAnalyzer(dataset);
    analyzer.reset(t);
    return analyzer;
  });
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6 / copies;
  // The first draft's analyzer goes on to the edit measurements; the others are let go.
  const inc = analyzers[0]!;
  analyzers.length = 0;
  const analysis = inc.reset(text);
  const result: SizeResult = {
    corpus,
    size: name,
    bytes: text.length,
    references: analysis.references.length,
    fullScanMs: round(median(scan)),
    parseOnlyMs: round(median(parse)),
    ratio: round(median(scan) / median(parse), 3),
    fullScanMsPerMB: round(median(scan) / mb),
    markdownItMs: round(median(mdit)),
    gcShare: round(gcShare, 3),
    retainedHeapMB: round(heapMB),
    retainedPerSourceByte: round(heapMB / mb),
  };
  if (bytes >= 100_000) {
    // One-character edits at random prose positions (paragraphs, lists, tables, quotes): 50, fewer
    // where each costs seconds (inside a hard-wrapped paste, the whole paragraph is parsed again).
    const next = positions(bytes);
    let current = text;
    const edits: number[] = [];
    const samples = corpus.endsWith('paste') ? 7 : bytes >= 10_000_000 ? 21 : 50;
    for (let i = 0; i < samples; i++) {
      let at = Math.floor(next() * current.length);
      while (at < current.length && !/[a-z]/.test(current[at]!)) at++;
      current = flat(current.slice(0, at) + 'x' + current.slice(at));
      edits.push(timed(() => inc.update(current)));
    }
    result.editMedianMs = round(median(edits), 2);
    result.editP95Ms = round(p95(edits), 2);
    // Writing goes on at the end of a draft more often than anywhere: type into its last paragraph.
    const ending: number[] = [];
    let end = current.lastIndexOf('.', current.length - 1);
    for (let i = 0; i < samples && end > 0; i++, end++) {
      current = flat(current.slice(0, end) + 'y' + current.slice(end));
      ending.push(timed(() => inc.update(current)));
    }
    if (ending.length > 0) result.endEditMedianMs = round(median(ending), 2);
    result.editVsFullRemark = round(median(parse) / median(edits));
    result.editVsMarkdownIt = round(median(mdit) / median(edits), 2);
    // Structural edits: open a fence in the middle (everything after becomes code), close it, change a table.
    const table = current.indexOf('| --- |', Math.floor(current.length / 3));
    const mid = current.indexOf('\n\n', Math.floor(current.length / 2)) + 2;
    if (table >= 0 && mid >= 2) {
      const structural: number[] = [];
      current = current.slice(0, mid) + '```\n' + current.slice(mid);
      structural.push(timed(() => inc.update(current)));
      current = current.slice(0, mid) + current.slice(mid + 4);
      structural.push(timed(() => inc.update(current)));
      const at = current.indexOf('| --- |', Math.floor(current.length / 3));
      current = current.slice(0, at) + '| --- | --- |\n| 2025 | Estonia MOC |\n' + current.slice(at);
      structural.push(timed(() => inc.update(current)));
      result.structuralEditMedianMs = round(median(structural));
    }
  }
  return result;
}

// Colour on open: the provisional analysis of a screenful (about 200 lines) in the middle of a 10 MB
// real-prose draft (analyzeVisible), before the whole is analysed. Median of 5.
const colourOnOpen = (() => {
  const text = realProseDraft(quick ? 1_000_000 : 10_000_000);
  const runs = Array.from({ length: 5 }, (_, k) => {
    const from = text.indexOf('\n', Math.floor((text.length * (k + 3)) / 10)) + 1;
    let to = from;
    for (let line = 0; line < 200 && to >= 0; line++) to = text.indexOf('\n', to + 1);
    return timed(() => analyzeVisible(text, dataset, from, to < 0 ? text.length : to));
  });
  return { bytes: text.length, medianMs: round(median(runs), 1), maxMs: round(Math.max(...runs), 1) };
})();

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

// Tree refresh: the Cited Engagements model of a draft with about 5,000 references (what the view
// computes on a refresh; its tree items are made lazily, per expanded node, by VS Code's calls).
let treeText = generateDraft(360_000);
let treeAnalysis = analyze(treeText, dataset);
while (treeAnalysis.references.length < 5000) {
  treeText = generateDraft(Math.round((treeText.length * 5100) / treeAnalysis.references.length));
  treeAnalysis = analyze(treeText, dataset);
}
const treeRuns: number[] = [];
const treeFiltered: number[] = [];
for (let i = 0; i < 30; i++) {
  treeRuns.push(timed(() => citedModel(treeAnalysis, dataset, { groupBy: 'type', showUncited: true, filter: '' })));
  treeFiltered.push(timed(() => citedModel(treeAnalysis, dataset, { groupBy: 'partner', showUncited: false, filter: 'japan' })));
}
// Completion: the names matching the words before the cursor, as typed.
completeName(dataset, 'warm');
const completions: number[] = [];
for (let i = 0; i < 1000; i++)
  completions.push(timed(() => completeName(dataset, `Japan and its partners agreed the Japan–EU Dig${'abcdefghij'[i % 10]}`)));
const completion = { medianMs: round(median(completions), 3), p95Ms: round(p95(completions), 3) };
// The writer's own bibliography: a large BibTeX file read once for the checks and the key completion
// (src/vscode/bibliographies.ts), its entries with title, authors and year. Median of 5.
const bibliography = (() => {
  const entries = 20_000;
  const bib = Array.from(
    { length: entries },
    (_, i) =>
      `@article{author${i}-${2000 + (i % 25)},\n  title = {A {Study} of Data Flows, Part ${i}},\n  author = {Tanaka, Taro and Smith, Jane and {World Bank}},\n  journal = {Policy Review}, year = ${2000 + (i % 25)}\n}`,
  ).join('\n');
  const runs = Array.from({ length: 5 }, () => timed(() => bibliographyEntries(bib, 'bibtex')));
  return { entries, megabytes: round(bib.length / 1e6), readMedianMs: round(median(runs), 1) };
})();
const tree = {
  references: treeAnalysis.references.length,
  refreshMedianMs: round(median(treeRuns), 2),
  refreshP95Ms: round(p95(treeRuns), 2),
  filteredMedianMs: round(median(treeFiltered), 2),
};

// A dataset change (a team file edited) with five 4 KB drafts open: what each of the tasks the editor
// splits it into costs (src/vscode/datasets, first-pass.ts): the merged dataset's matcher, then one
// draft's analysis with it. Median of 10 changes, each a new merged dataset.
const datasetChange = (() => {
  const drafts = Array.from({ length: 5 }, (_, k) => generateDraft(SYNC_LIMIT + k * 97).slice(0, SYNC_LIMIT));
  const compiles: number[] = [];
  const perDraft: number[] = [];
  const together: number[] = [];
  for (let i = 0; i < 10; i++) {
    const team = { entries: [{ ...TEAM_ENTRY, id: `team-pact-${i}`, label: `Team Pact ${i}` }] };
    const { dataset: merged } = loadDatasetFiles(dataset, [{ name: 'team.json', text: JSON.stringify(team) }]);
    const compile = timed(() => matcherFor(merged));
    const each = drafts.map((text) => timed(() => new IncrementalAnalyzer(merged).reset(text)));
    compiles.push(compile);
    perDraft.push(...each);
    together.push(compile + each.reduce((a, b) => a + b, 0));
  }
  return {
    matcherMedianMs: round(median(compiles), 1),
    draftMedianMs: round(median(perDraft), 1),
    draftMaxMs: round(Math.max(...perDraft), 1),
    inOneTaskMedianMs: round(median(together), 1),
  };
})();

// Activation and first use, cold: each in a fresh process (bench/cold.ts), median of 5.
const dist = __dirname;
function cold(mode: string): Record<string, number> {
  const runs = Array.from({ length: 5 }, () => {
    const out = spawnSync(process.execPath, [path.join(dist, 'bench-cold.js'), mode], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`bench-cold.js ${mode} failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as Record<string, number>;
  });
  const figures = Object.keys(runs[0]!).filter((k) => typeof runs[0]![k] === 'number');
  return Object.fromEntries(figures.map((k) => [k, round(median(runs.map((r) => r[k]!)), 1)]));
}
const activation = {
  extension: cold('activate'),
  withDraftOpen: cold('activate-open'),
  prebuiltDataset: cold('prebuilt'),
  bundledDataset: cold('bundled'),
};
const kb = (file: string): number => round(statSync(path.join(dist, file)).size / 1024, 0);
const bundles = { extensionKB: kb('extension.js'), workerKB: kb('analysis-worker.js'), datasetKB: kb('dataset.json') };

// The worker: round trip of a one-character edit of a 1 MB draft, 50 times at random prose positions.
const WORKER = path.join(dist, 'analysis-worker.js');
async function workerRoundTrips(): Promise<Record<string, number>> {
  const client = new AnalysisWorkerClient(() => startNodeWorker(WORKER));
  try {
    let text = generateDraft(1_000_000);
    const done = (o: Outcome): Extract<Outcome, { kind: 'done' }> => {
      if (o.kind !== 'done') throw new Error(`worker request ${o.kind}`);
      return o;
    };
    const t0 = performance.now();
    done(await client.analyze('bench', 1, text, dataset));
    const firstMs = performance.now() - t0;
    const next = positions(7);
    const trips: number[] = [];
    const inWorker: number[] = [];
    const unpack: number[] = [];
    let longestSlice = 0;
    for (let version = 2; version < 52; version++) {
      let at = Math.floor(next() * text.length);
      while (at < text.length && !/[a-z]/.test(text[at]!)) at++;
      text = text.slice(0, at) + 'x' + text.slice(at);
      const t1 = performance.now();
      const outcome = done(await client.analyze('bench', version, text, dataset));
      trips.push(performance.now() - t1);
      inWorker.push(outcome.stats.ms);
      unpack.push(outcome.decodeMs);
      longestSlice = Math.max(longestSlice, outcome.longestSliceMs);
    }
    return {
      firstAnalysisMs: round(firstMs),
      editRoundTripMedianMs: round(median(trips), 1),
      editRoundTripP95Ms: round(p95(trips), 1),
      workerMedianMs: round(median(inWorker), 1),
      unpackMedianMs: round(median(unpack), 2),
      longestUnpackSliceMs: round(longestSlice, 2),
    };
  } finally {
    client.dispose();
  }
}

/** A document as the editor hands it to the cache: live, its version growing with each edit. */
class BenchDocument implements AnalysedDocument {
  readonly uri = { toString: () => 'file:///bench/session.md' };
  version = 1;
  isClosed = false;
  constructor(private text: string) {}
  getText(): string {
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

/**
 * A simulated editing session with the real AnalysisCache policy: a 1 MB draft opened, then 50
 * one-character edits, each followed by what a feature does (get, referenceAt) and, with the worker,
 * by waiting for the update event (a feature refreshing on it), then a 20 ms pause. The event-loop
 * delay monitor records the longest time this thread was held by anything: the cache, unpacking
 * results, the garbage collector, and on a loaded machine the other processes it waits behind.
 * "Of our code" is the longest of the cache's calls and of the slices spent unpacking a result.
 */
async function session(bytes: number, withWorker: boolean): Promise<Record<string, number>> {
  const doc = new BenchDocument(generateDraft(bytes));
  /** The longest slice of this thread's work on each worker result (unpacking it). */
  const slices: number[] = [];
  class MeasuredClient extends AnalysisWorkerClient {
    override async analyze(...args: Parameters<AnalysisWorkerClient['analyze']>): Promise<Outcome> {
      const outcome = await super.analyze(...args);
      if (outcome.kind === 'done') slices.push(outcome.longestSliceMs);
      return outcome;
    }
  }
  const cache = new AnalysisCache<BenchDocument>(
    () => dataset,
    withWorker ? { worker: () => new MeasuredClient(() => startNodeWorker(WORKER)) } : {},
  );
  const calls: number[] = [];
  const use = (): void => {
    const t0 = performance.now();
    cache.get(doc);
    cache.referenceAt(doc, doc.version * 997);
    calls.push(performance.now() - t0);
  };
  const current = (): Promise<void> =>
    new Promise((resolve) => {
      const subscription = cache.onDidUpdateAnalysis(() => {
        if (!cache.isCurrent(doc)) return;
        subscription.dispose();
        resolve();
      });
    });
  cache.onDidUpdateAnalysis(use);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  gc?.();
  const lag = monitorEventLoopDelay({ resolution: 2 });
  lag.enable();
  // The monitor's timer starts on the next turn of the event loop: a block before that would go unseen.
  await sleep(20);
  try {
    const opened = current();
    const t0 = performance.now();
    use();
    if (!cache.isCurrent(doc)) await opened;
    const openMs = performance.now() - t0;
    const next = positions(11);
    const staleness: number[] = [];
    for (let i = 0; i < 50; i++) {
      let text = doc.getText();
      let at = Math.floor(next() * text.length);
      while (at < text.length && !/[a-z]/.test(text[at]!)) at++;
      text = text.slice(0, at) + 'x' + text.slice(at);
      const updated = current();
      const t1 = performance.now();
      doc.edit(text);
      use();
      if (!cache.isCurrent(doc)) await updated;
      staleness.push(performance.now() - t1);
      await sleep(20);
    }
    lag.disable();
    return {
      longestBlockMs: round(Math.max(lag.max / 1e6, ...calls), 1),
      longestOfOursMs: round(Math.max(...calls, ...slices), 1),
      longestCallMs: round(Math.max(...calls), 1),
      callMedianMs: round(median(calls), 2),
      openToCurrentMs: round(openMs),
      editToCurrentMedianMs: round(median(staleness), 1),
    };
  } finally {
    lag.disable();
    cache.dispose();
  }
}

async function interaction(): Promise<{
  worker: Record<string, number>;
  sessionWithWorker: Record<string, number>;
  sessionOnThisThread: Record<string, number>;
  mediumSession: Record<string, number>;
  workspace: Record<string, number>;
}> {
  return {
    worker: await workerRoundTrips(),
    sessionWithWorker: await session(1_000_000, true),
    sessionOnThisThread: await session(1_000_000, false),
    mediumSession: await session(50_000, true),
    workspace: await workspaceBench(WORKER, 1000, 40_000, dataset),
  };
}

const TABLE_HEAD = [
  'corpus',
  'size',
  'refs',
  'full scan ms',
  'remark+gfm ms',
  'ratio',
  'ms/MB',
  'markdown-it ms',
  'gc share',
  'edit median ms',
  'edit p95 ms',
  'end edit ms',
  'vs remark',
  'vs markdown-it',
  'fence/table edit ms',
  'heap MB',
  'heap/source',
];

function printTableHead(): void {
  log(`| ${TABLE_HEAD.join(' | ')} |`);
  log(`|${TABLE_HEAD.map((_, k) => (k === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
}

function printTableRow(r: SizeResult): void {
  const row = [
    r.corpus,
    r.size,
    r.references,
    r.fullScanMs,
    r.parseOnlyMs,
    r.ratio,
    r.fullScanMsPerMB,
    r.markdownItMs,
    `${round(r.gcShare * 100)}%`,
    r.editMedianMs ?? '',
    r.editP95Ms ?? '',
    r.endEditMedianMs ?? '',
    r.editVsFullRemark ? `${r.editVsFullRemark}×` : '',
    r.editVsMarkdownIt ? `${r.editVsMarkdownIt}×` : '',
    r.structuralEditMedianMs ?? '',
    r.retainedHeapMB,
    `${r.retainedPerSourceByte}×`,
  ];
  log(`| ${row.join(' | ')} |`);
}

if (only === 'blocks') {
  const blocks = longBlockBench(dataset);
  if (json) process.stdout.write(JSON.stringify({ node: process.version, blocks }, null, 2) + '\n');
  else log(describeLongBlockBench(blocks));
  process.exit(0);
}

const table = sizeTable();
if (only === 'table')
  void table.then(() => {
    if (json) process.stdout.write(JSON.stringify({ node: process.version, entries: dataset.entries.size, results }, null, 2) + '\n');
  });
else
  void table
    .then(() => interaction())
    .then(({ worker, sessionWithWorker, sessionOnThisThread, mediumSession, workspace }) => {
      const blocks = longBlockBench(dataset);
      const report = {
        node: process.version,
        datasetLoadAndCompileMs: round(datasetMs),
        entries: dataset.entries.size,
        hoverMedianMs: round(median(hovers), 3),
        hoverP95Ms: round(p95(hovers), 3),
        colourOnOpen,
        tree,
        completion,
        bibliography,
        datasetChange,
        results,
        activation,
        bundles,
        worker,
        sessionWithWorker,
        sessionOnThisThread,
        mediumSession,
        workspace,
        blocks,
      };
      if (json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        log(
          `hover from the cached analysis (1 MB draft, catalogue of ${dataset.entries.size} entries): median ${report.hoverMedianMs} ms, p95 ${report.hoverP95Ms} ms`,
        );
        log(
          `tree refresh (the Cited Engagements model) for ${tree.references} references: median ${tree.refreshMedianMs} ms, p95 ${tree.refreshP95Ms} ms; grouped by partner and filtered: median ${tree.filteredMedianMs} ms`,
        );
        log(
          `name completion (one lookup as the user types, catalogue of ${dataset.entries.size} entries): median ${completion.medianMs} ms, p95 ${completion.p95Ms} ms`,
        );
        log(
          `own bibliography: a ${bibliography.megabytes} MB BibTeX file of ${bibliography.entries} entries read with title, authors and year in ${bibliography.readMedianMs} ms (median of 5)`,
        );
        const a = activation;
        log(
          `activation, cold (median of 5 fresh processes; catalogue of ${dataset.entries.size} entries): require dist/extension.js ${a.extension.requireMs} ms + activate() ${a.extension.activateMs} ms; ` +
            `with a ${SYNC_LIMIT / 1000} KB draft open in an editor (the largest analysed from scratch on the extension host): activate() ${a.withDraftOpen.activateMs} ms, then its first use ${a.withDraftOpen.firstUseMs} ms ` +
            `in ${a.withDraftOpen.firstUseTasks} tasks, the longest ${a.withDraftOpen.longestTaskMs} ms (the warm-up: dataset and matcher, then samples, one per task; then the draft's first analysis and decorations, its checks) ` +
            `(dist/dataset.json with its matcher, compiled from the prebuilt dataset, ${a.prebuiltDataset.totalMs} ms, was loadBundledDataset + compile ${a.bundledDataset.totalMs} ms)`,
        );
        log(
          `colour on open: a screenful (200 lines) of the ${round(colourOnOpen.bytes / 1e6)} MB real-prose draft analysed alone (analyzeVisible) in ${colourOnOpen.medianMs} ms (median of 5, longest ${colourOnOpen.maxMs} ms), before the whole`,
        );
        const c = datasetChange;
        log(
          `dataset change with five ${SYNC_LIMIT / 1000} KB drafts open: the new matcher ${c.matcherMedianMs} ms, then each draft ${c.draftMedianMs} ms (longest ${c.draftMaxMs} ms), ` +
            `each in a task of its own (all in one task it would be ${c.inOneTaskMedianMs} ms)`,
        );
        log(
          `bundles: dist/extension.js ${bundles.extensionKB} KB, dist/analysis-worker.js ${bundles.workerKB} KB, dist/dataset.json ${bundles.datasetKB} KB`,
        );
        log(
          `worker, 1 MB draft: first analysis ${worker.firstAnalysisMs} ms; one-character edit round trip median ${worker.editRoundTripMedianMs} ms, p95 ${worker.editRoundTripP95Ms} ms ` +
            `(in the worker ${worker.workerMedianMs} ms; unpacking here ${worker.unpackMedianMs} ms, longest slice ${worker.longestUnpackSliceMs} ms)`,
        );
        const w = sessionWithWorker;
        const t = sessionOnThisThread;
        log(
          `session, 1 MB draft opened + 50 edits, AnalysisCache with the worker: longest block of this thread ${w.longestBlockMs} ms, of our code ${w.longestOfOursMs} ms ` +
            `(longest get ${w.longestCallMs} ms, median ${w.callMedianMs} ms); current ${w.openToCurrentMs} ms after opening, ${w.editToCurrentMedianMs} ms after an edit (median)`,
        );
        log(
          `same session, everything on the extension host thread (no worker): longest block ${t.longestBlockMs} ms (longest get ${t.longestCallMs} ms, median ${t.callMedianMs} ms)`,
        );
        const m = mediumSession;
        log(
          `session, 50 KB draft (taken over from the worker after its first analysis) + 50 edits: longest block ${m.longestBlockMs} ms, of our code ${m.longestOfOursMs} ms ` +
            `(longest get ${m.longestCallMs} ms, median ${m.callMedianMs} ms); current ${m.openToCurrentMs} ms after opening, ${m.editToCurrentMedianMs} ms after an edit (median)`,
        );
        log(describeWorkspaceBench(workspace));
        log(describeLongBlockBench(blocks));
      }
    });
