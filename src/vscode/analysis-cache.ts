import type * as vscode from 'vscode';
import { IncrementalAnalyzer, looksCostly, warmUpSteps, type Analysis, type AnalyzeOptions, type Dataset, type Reference } from '../core';
import type { AnalysisWorkerClient, Outcome } from '../worker/client';
import { Emitter } from './events';

/**
 * Documents up to this many characters (UTF-16 code units) are analysed on the extension host's
 * own thread, from scratch if need be: exact and immediate. The first analysis in a fresh
 * extension host runs with the JIT cold and costs several times a warm one; `warmUp` pays most of
 * that in short tasks after activation (`npm run bench`, activation line; docs/performance.md).
 * Larger drafts get their first analysis from the worker.
 */
export const SYNC_LIMIT = 4_000;

/**
 * A document this thread has an analyzer for is updated here as long as the update parses at most
 * this many characters (the blocks around an edit; not a fence that turns the rest into code)...
 */
export const SYNC_PARSE_BUDGET = 8_000;

/**
 * ...and as long as it is at most this long: an update also compares the whole text with the last
 * one and places again every reference after the edit, and taking a document over from the worker
 * copies its analyzer's state to this thread (`npm run bench`, session lines; docs/performance.md). Up to this size the worker hands its analyzer state over with each
 * result, so typing in a medium draft is exact and immediate after its first analysis; longer
 * documents, and updates over budget, stay with the worker.
 */
export const MAIN_THREAD_MAX = 64_000;

/**
 * An analysis on this thread that took longer than this (hostile Markdown that stays within the
 * parser's limits, a slow machine) sends the document to the worker from then on.
 */
export const HOST_BUDGET_MS = 50;

/** What the cache needs of a document; a `vscode.TextDocument` is one. */
export interface AnalysedDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  readonly isClosed: boolean;
  getText(): string;
}

export interface AnalysisCacheOptions {
  /** Starts the analysis worker, on first need. Without it every document is analysed on this thread, whatever it costs. */
  worker?: () => AnalysisWorkerClient;
  /** The largest document analysed at all, in characters (the `policyLens.maxDocumentSize` setting). */
  maxDocumentSize?: () => number;
  /** How long an analysis here may take before the document goes to the worker for good; `HOST_BUDGET_MS` by default. */
  hostBudgetMs?: number;
  /**
   * Whether to run the detector of names the dataset lacks (the `policyLens.uncatalogued.enabled`
   * setting; on when absent). Off, analyses here and in the worker run with `uncatalogued: false`,
   * and a change of it makes every analysis stale, like a new dataset.
   */
  uncatalogued?: () => boolean;
  /** Told of every analysis that failed (the status bar says so too) and of a failed warm-up step: the extension logs them. */
  onError?: (error: unknown) => void;
}

/** What the status bar shows: documents the worker is analysing, documents over the size limit, failures. */
export interface AnalysisStatus<D> {
  analysing: D[];
  tooLarge: Array<{ document: D; size: number; limit: number }>;
  failed: Array<{ document: D; message: string }>;
}

/** What the cache holds for one document (keyed by URI): its analyses, and what is under way or went wrong. */
interface CacheSlot<D> {
  document: D;
  /** The last analysis this cache has for the document: of `version`, with `dataset` and `detect`. */
  analysis: Analysis | undefined;
  version: number;
  dataset: Dataset | undefined;
  /** Whether that analysis ran the detector of names the dataset lacks. */
  detect: boolean;
  /** What `get` returns before any analysis exists. */
  empty: Analysis;
  /** The analyzer of a document analysed on this thread. */
  local?: { dataset: Dataset; detect: boolean; analyzer: IncrementalAnalyzer };
  /** The version the worker is analysing for us; with its text when the worker is to hand the document over. */
  pending?: { version: number; dataset: Dataset; detect: boolean; text?: string };
  tooLarge?: { version: number; size: number; limit: number };
  failed?: { version: number; message: string };
  /** An analysis here ran past `HOST_BUDGET_MS`, or the text looks costly: the worker analyses this document. */
  heavy?: boolean;
}

/** The analysis options for the detector on or off. */
const optionsFor = (detect: boolean): AnalyzeOptions => (detect ? {} : { uncatalogued: false });

const emptyAnalysis = (): Analysis => ({ references: [], byEntry: new Map(), diagnostics: [] });

/**
 * One analysis per document version, shared by every feature: a hover, the tree and the
 * diagnostics all read the same result, and nothing is parsed twice.
 *
 * `get` never holds the thread long. Small documents, and cheap updates of documents this thread
 * has an analyzer for (analysed here, or handed over by the worker), are analysed on the spot
 * (IncrementalAnalyzer re-parses only the blocks around an edit). Anything else goes to the
 * analysis worker, and `get` returns at once with the last analysis it
 * has: one of an older version, or an empty one for a document never analysed. When the worker's
 * result arrives, `onDidUpdateAnalysis` fires for the document; results for a version the
 * document has since left are dropped and the current version is asked for instead.
 *
 * The class loads nothing of `vscode` at run time, so benchmarks and tests drive it with plain
 * objects for documents.
 */
export class AnalysisCache<D extends AnalysedDocument = vscode.TextDocument> {
  private readonly slots = new Map<string, CacheSlot<D>>();
  private readonly updated = new Emitter<D>();
  private readonly statusEmitter = new Emitter<void>();
  private clientInstance: AnalysisWorkerClient | undefined;
  private warm: Promise<void> | undefined;
  private warmTimer: ReturnType<typeof setTimeout> | undefined;
  private warmDone: (() => void) | undefined;
  private warmed = false;

  /** Fires when the worker's analysis of a document's current version arrives: features showing that document refresh. */
  readonly onDidUpdateAnalysis: vscode.Event<D> = this.updated.event;
  /** Fires when `status()` may have changed. */
  readonly onDidChangeStatus: vscode.Event<void> = this.statusEmitter.event;

  constructor(
    private readonly dataset: () => Dataset,
    private readonly options: AnalysisCacheOptions = {},
  ) {}

  /**
   * The analysis of the document: of its current version when it is small or its update cheap,
   * otherwise the last one available (see `isCurrent`) while the worker brings it up to date.
   */
  get(document: D): Analysis {
    const key = document.uri.toString();
    const dataset = this.dataset();
    const detect = this.detect();
    let e = this.slots.get(key);
    // A closed document keeps no slot: a late call for it (a feature's timer) must not leave its
    // analysis under a URI that a new document may take (an untitled name is used again), where
    // the same version number would make it pass for the new document's.
    if (document.isClosed) return e?.document === document ? (e.analysis ?? e.empty) : emptyAnalysis();
    if (e && e.document !== document && e.document.isClosed) {
      this.forget(e.document);
      e = undefined;
    }
    if (!e) {
      e = { document, analysis: undefined, version: -1, dataset: undefined, detect, empty: emptyAnalysis() };
      this.slots.set(key, e);
    }
    e.document = document;
    const version = document.version;
    if (e.analysis && e.version === version && e.dataset === dataset && e.detect === detect) return e.analysis;
    const last = e.analysis ?? e.empty;
    if (e.pending && e.pending.version === version && e.pending.dataset === dataset && e.pending.detect === detect) return last;
    const limit = this.options.maxDocumentSize?.() ?? Infinity;
    if (e.tooLarge && e.tooLarge.version === version && e.tooLarge.limit === limit) return last;
    if (e.failed && e.failed.version === version) return last;

    const text = document.getText();
    if (text.length > limit) {
      this.stopWorker(key, e);
      e.local = undefined;
      e.tooLarge = { version, size: text.length, limit };
      this.statusEmitter.fire();
      return last;
    }
    const hadStatus = !!(e.tooLarge || e.failed);
    const lastFailure = e.failed?.message;
    e.tooLarge = undefined;
    e.failed = undefined;
    let here: Analysis | undefined;
    try {
      here = this.analyseHere(e, text, dataset, detect);
    } catch (error) {
      // Never let one document's analysis take a feature (a hover, the decorations) down: the
      // failure is recorded for this version, and the status bar says it once.
      e.local = undefined;
      e.failed = { version, message: error instanceof Error ? error.message : String(error) };
      this.options.onError?.(error);
      if (e.failed.message !== lastFailure) this.statusEmitter.fire();
      return last;
    }
    if (here) {
      e.analysis = here;
      e.version = version;
      e.dataset = dataset;
      e.detect = detect;
      const wasPending = this.stopWorker(key, e);
      if (hadStatus || wasPending) this.statusEmitter.fire();
      return here;
    }
    this.request(key, e, version, text, dataset, detect);
    return last;
  }

  /**
   * Whether `get(document)` gives the analysis of the document's current version and the current
   * dataset. Anything that turns an analysis's ranges into edits (quick fixes, citations) must
   * check it: an older analysis's ranges may no longer hold the text they name.
   */
  isCurrent(document: D): boolean {
    this.get(document);
    const e = this.slots.get(document.uri.toString());
    return !!e?.analysis && e.version === document.version && e.dataset === this.dataset() && e.detect === this.detect();
  }

  /**
   * Whether the document has no analysis at all yet while the worker makes its first one (a large
   * draft just opened): a feature may show a provisional result for what is on screen meanwhile.
   */
  awaitingFirst(document: D): boolean {
    this.get(document);
    const e = this.slots.get(document.uri.toString());
    return !!e && !e.analysis && !!e.pending;
  }

  /** The reference under an offset, if any. */
  referenceAt(document: D, offset: number): Reference | undefined {
    const refs = this.get(document).references;
    let lo = 0;
    let hi = refs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = refs[mid]!;
      if (offset < r.start.offset) hi = mid - 1;
      else if (offset > r.end.offset) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  forget(document: D): void {
    const key = document.uri.toString();
    const e = this.slots.get(key);
    if (!e) return;
    this.slots.delete(key);
    this.clientInstance?.forget(key);
    if (e.pending || e.tooLarge || e.failed) this.statusEmitter.fire();
  }

  /** After `policyLens.maxDocumentSize` changed: analyses the documents the old limit stopped. */
  limitChanged(): void {
    for (const e of [...this.slots.values()]) {
      if (!e.tooLarge || e.document.isClosed) continue;
      e.tooLarge = undefined;
      this.get(e.document);
      if (e.analysis && e.version === e.document.version) this.updated.fire(e.document);
    }
    this.statusEmitter.fire();
  }

  /**
   * After the `uncatalogued` option changed: analyses every open document again (each analysis
   * now is stale) and tells their views, as a background result would.
   */
  optionsChanged(): void {
    for (const e of [...this.slots.values()]) {
      if (e.document.isClosed) continue;
      this.get(e.document);
      if (this.isCurrent(e.document)) this.updated.fire(e.document);
    }
  }

  /** Documents being analysed by the worker, over the size limit, or whose analysis failed. */
  status(): AnalysisStatus<D> {
    const status: AnalysisStatus<D> = { analysing: [], tooLarge: [], failed: [] };
    for (const e of this.slots.values()) {
      if (e.pending) status.analysing.push(e.document);
      if (e.tooLarge) status.tooLarge.push({ document: e.document, size: e.tooLarge.size, limit: e.tooLarge.limit });
      if (e.failed) status.failed.push({ document: e.document, message: e.failed.message });
    }
    return status;
  }

  /**
   * Warms this thread up for its first real draft: loads the dataset, compiles its matcher and
   * analyses a few small samples, one step per task (`warmUpSteps`), so that the cold JIT's cost is
   * paid in short tasks and not in one long block on the first draft. Starts once; later calls
   * return the same promise, which resolves when the last step has run (or the cache is disposed).
   */
  warmUp(): Promise<void> {
    this.warm ??= new Promise<void>((done) => {
      const resolve = (): void => {
        this.warmed = true;
        done();
      };
      this.warmDone = resolve;
      const steps = warmUpSteps(this.dataset);
      const run = (i: number): void => {
        this.warmTimer = undefined;
        if (i >= steps.length) return resolve();
        try {
          steps[i]!();
        } catch (error) {
          // Only the warm-up is lost: the first real analysis reports what is wrong.
          this.options.onError?.(error);
        }
        this.warmTimer = setTimeout(() => run(i + 1), 0);
      };
      this.warmTimer = setTimeout(() => run(0), 0);
    });
    return this.warm;
  }

  /** Whether `warmUp` has started and not finished: work that can wait for it should (a first analysis here is cold). */
  isWarming(): boolean {
    return this.warm !== undefined && !this.warmed;
  }

  /** Resolves when `warmUp` has finished, or at once if it was never started. */
  whenWarm(): Promise<void> {
    return this.warm ?? Promise.resolve();
  }

  dispose(): void {
    // The next step never runs; the warm-up's promise resolves now.
    clearTimeout(this.warmTimer);
    this.warmDone?.();
    this.clientInstance?.dispose();
    this.updated.dispose();
    this.statusEmitter.dispose();
  }

  private detect(): boolean {
    return this.options.uncatalogued?.() ?? true;
  }

  /** The analysis of `text` on this thread when it is cheap enough (or when there is no worker), else undefined. */
  private analyseHere(e: CacheSlot<D>, text: string, dataset: Dataset, detect: boolean): Analysis | undefined {
    const everything = !this.options.worker;
    if (e.local && (e.local.dataset !== dataset || e.local.detect !== detect)) e.local = undefined;
    // Hostile Markdown within the parser's limits can still cost far more per character than prose.
    if (!everything && (e.heavy || looksCostly(text))) {
      e.heavy = true;
      e.local = undefined;
      return undefined;
    }
    const started = Date.now();
    const timed = (analysis: Analysis | undefined): Analysis | undefined => {
      if (analysis && !everything && Date.now() - started > (this.options.hostBudgetMs ?? HOST_BUDGET_MS)) {
        e.heavy = true;
        e.local = undefined;
      }
      return analysis;
    };
    if (e.local) {
      if (everything || text.length <= SYNC_LIMIT) return timed(e.local.analyzer.update(text));
      if (text.length <= MAIN_THREAD_MAX) {
        const analysis = e.local.analyzer.tryUpdate(text, SYNC_PARSE_BUDGET);
        if (analysis) return timed(analysis);
      }
      // Too costly here from now on: the worker takes the document over.
      e.local = undefined;
      return undefined;
    }
    if (everything || text.length <= SYNC_LIMIT) {
      const analyzer = new IncrementalAnalyzer(dataset, optionsFor(detect));
      e.local = { dataset, detect, analyzer };
      return timed(analyzer.reset(text));
    }
    return undefined;
  }

  private request(key: string, e: CacheSlot<D>, version: number, text: string, dataset: Dataset, detect: boolean): void {
    this.clientInstance ??= this.options.worker!();
    const handOver = text.length <= MAIN_THREAD_MAX;
    const pending = { version, dataset, detect, ...(handOver ? { text } : {}) };
    e.pending = pending;
    this.statusEmitter.fire();
    this.clientInstance.analyze(key, version, text, dataset, { state: handOver, uncatalogued: detect }).then(
      (outcome) => this.receive(key, pending, outcome),
      (error: unknown) => this.fail(key, pending, error instanceof Error ? error.message : String(error)),
    );
  }

  private receive(key: string, pending: NonNullable<CacheSlot<D>['pending']>, outcome: Outcome): void {
    const e = this.slots.get(key);
    // Forgotten, or a newer request replaced this one: that one will report.
    if (!e || e.pending !== pending) return;
    const { text, version, dataset, detect } = pending;
    e.pending = undefined;
    if (outcome.kind === 'done' && e.document.version === version && this.dataset() === dataset && this.detect() === detect) {
      e.analysis = outcome.analysis;
      e.version = version;
      e.dataset = dataset;
      e.detect = detect;
      // A medium document: this thread takes it over, and updates it itself while updates are cheap.
      if (outcome.state && text !== undefined && !e.heavy)
        e.local = {
          dataset,
          detect,
          analyzer: IncrementalAnalyzer.fromState(dataset, text, outcome.state, outcome.analysis, optionsFor(detect)),
        };
      this.statusEmitter.fire();
      this.updated.fire(e.document);
      return;
    }
    this.statusEmitter.fire();
    // The document (or the dataset) moved on while the worker worked: that result is stale. Ask for the current one.
    if (!e.document.isClosed) this.get(e.document);
  }

  private fail(key: string, pending: NonNullable<CacheSlot<D>['pending']>, message: string): void {
    const e = this.slots.get(key);
    if (!e || e.pending !== pending) return;
    e.pending = undefined;
    e.failed = { version: pending.version, message };
    this.statusEmitter.fire();
  }

  /** Drops the worker's request for a document, if any; true if there was one. */
  private stopWorker(key: string, e: CacheSlot<D>): boolean {
    if (!e.pending) return false;
    e.pending = undefined;
    this.clientInstance?.forget(key);
    return true;
  }
}
