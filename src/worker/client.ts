import * as l10n from '@vscode/l10n';
import type { Analysis, AnalyzerState, Dataset, DraftSummary } from '../core';
import type { FromWorker, ToWorker, WorkStats } from './protocol';
import { decodeSteps, type WireAnalysis } from './wire';

/** The editor thread's handle on a worker, whatever the platform (a Node worker thread, a Web Worker). */
export interface WorkerHandle {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once if the worker fails or stops on its own. */
  onExit(listener: (error: Error) => void): void;
  /** Whether requests are in flight: a Node host lets the process exit only when they are not. */
  setBusy?(busy: boolean): void;
  terminate(): void;
}

/** How a request ended. */
export type Outcome =
  | {
      kind: 'done';
      version: number;
      analysis: Analysis;
      /** What the worker did, measured there. */
      stats: WorkStats;
      /** The worker's analyzer state, when asked for: the document can be taken over with `IncrementalAnalyzer.fromState`. */
      state?: AnalyzerState;
      /** Time this thread spent rebuilding the analysis, and the longest single slice of it. */
      decodeMs: number;
      longestSliceMs: number;
    }
  /** It never ran: a newer request for the same document replaced it in the worker's queue, or the document was forgotten. */
  | { kind: 'cancelled'; version: number }
  /** It ran, but a newer request for the same document was made meanwhile: the result was dropped unread. */
  | { kind: 'stale'; version: number };

/** How a summary request ended: `done` with the summary, or replaced by a newer one for the same file (`cancelled`, `stale`). */
export type SummaryOutcome = { kind: 'done'; version: number; summary: DraftSummary } | { kind: 'cancelled' | 'stale'; version: number };

export interface ClientOptions {
  /** How many times a worker that died is started again before requests fail for good. */
  maxRestarts?: number;
  /** The longest this thread works on rebuilding one result before it yields to its event loop. */
  sliceMs?: number;
  /** Translations of the core's messages (`vscode.l10n.bundle`), sent to every worker it starts; none keeps them in English. */
  l10n?: Record<string, string>;
  /** Told when a worker starts again after stopping, and why it stopped (VS Code's `LogOutputChannel` fits). */
  log?: WorkerLog;
  /**
   * How long the worker may work on one request for a text of this many characters before it is
   * stopped (`timeBudgetMs` by default). Markdown within the parser's limits can still hide a case
   * nobody found yet that is slow to parse: it must not hold the worker, and every other
   * document's analysis behind it, for ever.
   */
  budgetMs?: (chars: number) => number;
}

/**
 * The default time budget of one request: generous, so that only a pathological document reaches
 * it on a loaded machine (a long draft takes seconds per megabyte).
 *
 * @param chars The length of the text.
 * @returns Milliseconds.
 */
export function timeBudgetMs(chars: number): number {
  return 60_000 + chars / 50;
}

/** The few log calls the client makes; the extension passes its `LogOutputChannel`. */
export interface WorkerLog {
  info(message: string): void;
  error(message: string): void;
}

interface Pending {
  /** The document's URI, prefixed for summaries: only the newest request per key can end `done`. */
  key: string;
  version: number;
  /** What was sent, to send it again to a worker started after another request ran past its budget. */
  dataset: Dataset;
  message: (id: number, generation: number) => ToWorker;
  chars: number;
  resolve: (outcome: Outcome) => void;
  resolveSummary?: (outcome: SummaryOutcome) => void;
  reject: (error: Error) => void;
}

const SUMMARY_KEY = 'summary:';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The editor thread's side of the analysis worker: starts it when first needed, sends the dataset
 * when it changes, and turns replies into outcomes. Only the newest request for a document can end
 * `done`: an older one ends `cancelled` (the worker never ran it) or `stale` (its result is dropped
 * without being unpacked). Unpacking a result is done in slices of at most `sliceMs`, so that a
 * large result never holds the thread long.
 */
export class AnalysisWorkerClient {
  private worker: WorkerHandle | undefined;
  private workerGeneration = -1;
  private readonly generations = new WeakMap<Dataset, number>();
  private nextGeneration = 1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly latest = new Map<string, number>();
  private starts = 0;
  private lastError: Error | undefined;
  private disposed = false;
  /** The documents whose analysis ran past its budget, by key: not sent again until forgotten (closed and reopened). */
  private readonly overBudget = new Map<string, string>();
  /** When the worker last answered anything, or was given work while idle: the watchdog measures from there. */
  private progressAt = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly options: ClientOptions = {},
  ) {}

  /** How many requests have not ended yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Asks for the analysis of one version of a document.
   *
   * @param uri The document's identity.
   * @param version Its version (only reported back).
   * @param text Its whole text.
   * @param dataset The dataset to analyse it with.
   * @param options `state`: also return the worker's analyzer state, to take the document over;
   *   `uncatalogued: false`: analyse without the detector of names the dataset lacks.
   * @returns How the request ended; rejected if the worker failed on it or could not be started.
   */
  analyze(
    uri: string,
    version: number,
    text: string,
    dataset: Dataset,
    options: { state?: boolean; uncatalogued?: boolean } = {},
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) =>
      this.send(uri, version, dataset, text.length, { resolve, reject }, (id, generation) => ({
        type: 'analyze',
        id,
        uri,
        version,
        generation,
        text,
        ...(options.state ? { state: true } : {}),
        ...(options.uncatalogued === false ? { uncatalogued: false as const } : {}),
      })),
    );
  }

  /**
   * Asks for the workspace index's summary of one version of a file (`summarizeDraft`). The
   * worker analyses it from scratch and keeps nothing; a newer request for the same URI replaces
   * this one, which then ends `cancelled` or `stale`.
   *
   * @param uri The file's identity.
   * @param version Any number that tells its versions apart (only reported back).
   * @param text Its whole text.
   * @param dataset The dataset to analyse it with.
   * @param options `uncatalogued: false`: summarise without the names the dataset lacks (the detector does not run).
   * @returns How the request ended; rejected if the worker failed on it or could not be started.
   */
  summarize(
    uri: string,
    version: number,
    text: string,
    dataset: Dataset,
    options: { uncatalogued?: boolean } = {},
  ): Promise<SummaryOutcome> {
    return new Promise<SummaryOutcome>((resolve, reject) =>
      this.send(
        SUMMARY_KEY + uri,
        version,
        dataset,
        text.length,
        {
          resolve: (outcome) => resolve({ kind: outcome.kind === 'done' ? 'stale' : outcome.kind, version }),
          resolveSummary: resolve,
          reject,
        },
        (id, generation) => ({
          type: 'summarize',
          id,
          uri,
          version,
          generation,
          text,
          ...(options.uncatalogued === false ? { uncatalogued: false as const } : {}),
        }),
      ),
    );
  }

  private send(
    key: string,
    version: number,
    dataset: Dataset,
    chars: number,
    settle: Pick<Pending, 'resolve' | 'resolveSummary' | 'reject'>,
    message: (id: number, generation: number) => ToWorker,
  ): void {
    if (this.disposed) return settle.reject(new Error(l10n.t('the analysis worker was disposed')));
    const over = this.overBudget.get(key);
    if (over !== undefined) return settle.reject(new Error(over));
    let worker: WorkerHandle;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      return settle.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.nextId++;
    this.latest.set(key, id);
    if (this.pending.size === 0) this.progressAt = Date.now();
    const p: Pending = { key, version, dataset, message, chars, ...settle };
    this.pending.set(id, p);
    this.busy();
    this.post(worker, id, p);
    this.watch();
  }

  private post(worker: WorkerHandle, id: number, p: Pending): void {
    let generation = this.generations.get(p.dataset);
    if (generation === undefined) {
      generation = this.nextGeneration++;
      this.generations.set(p.dataset, generation);
    }
    if (this.workerGeneration !== generation) {
      worker.postMessage({ type: 'dataset', generation, dataset: p.dataset });
      this.workerGeneration = generation;
    }
    worker.postMessage(p.message(id, generation));
  }

  /**
   * Keeps a timer while requests are in flight. The worker runs them one at a time, oldest first:
   * when it has answered nothing for the oldest one's budget, that one is taken to hold it. Its
   * worker is stopped, the request fails with a one-line message (and its document is not sent
   * again until it is forgotten), and the others go to a new worker. This is no crash: it does not
   * count against `maxRestarts`.
   */
  private watch(): void {
    if (this.watchdog !== undefined || this.pending.size === 0 || this.disposed) return;
    const [id, oldest] = this.pending.entries().next().value as [number, Pending];
    const budget = (this.options.budgetMs ?? timeBudgetMs)(oldest.chars);
    const wait = Math.max(0, this.progressAt + budget - Date.now());
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (this.pending.get(id) !== oldest || Date.now() - this.progressAt < budget) return this.watch();
      this.overrun(id, oldest, budget);
    }, wait);
    // A timer alone must not keep a Node process (the command line, a test) alive.
    (this.watchdog as { unref?: () => void }).unref?.();
  }

  private overrun(id: number, p: Pending, budget: number): void {
    const message = l10n.t(
      'the analysis ran past its time budget of {0} s and was stopped; Policy Lens tries this document again when it is reopened',
      Math.round(budget / 1000),
    );
    this.options.log?.error(`${p.key}: ${message}`);
    this.overBudget.set(p.key, message);
    const stuck = this.worker;
    this.worker = undefined;
    stuck?.terminate();
    this.settle(id, () => p.reject(new Error(message)));
    this.progressAt = Date.now();
    if (this.pending.size === 0) return;
    // A new worker, not counted as a restart after a crash: nothing crashed.
    this.starts--;
    let worker: WorkerHandle;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      for (const [other, q] of this.pending) this.settle(other, () => q.reject(error instanceof Error ? error : new Error(String(error))));
      return;
    }
    for (const [other, q] of this.pending) this.post(worker, other, q);
    this.watch();
  }

  /** Drops the worker's state for a document; its requests still in flight end `cancelled` or `stale`. */
  forget(uri: string): void {
    this.overBudget.delete(uri);
    this.overBudget.delete(SUMMARY_KEY + uri);
    this.latest.delete(uri);
    this.latest.delete(SUMMARY_KEY + uri);
    this.worker?.postMessage({ type: 'forget', uri });
  }

  /** Stops the worker; requests in flight end `cancelled`. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = undefined;
    for (const [id, p] of this.pending) this.settle(id, () => p.resolve({ kind: 'cancelled', version: p.version }));
  }

  private ensureWorker(): WorkerHandle {
    if (this.worker) return this.worker;
    const max = this.options.maxRestarts ?? 3;
    if (this.starts > max)
      throw new Error(
        l10n.t('the analysis worker stopped {0} times; last: {1}', this.starts, this.lastError?.message ?? l10n.t('unknown error')),
      );
    if (this.starts > 0) this.options.log?.info(`restarting the analysis worker (restart ${this.starts} of ${max})`);
    this.starts++;
    const worker = this.spawn();
    this.worker = worker;
    this.workerGeneration = -1;
    if (this.options.l10n) worker.postMessage({ type: 'l10n', bundle: this.options.l10n });
    worker.onMessage((message) => {
      if (this.worker === worker) void this.receive(message);
    });
    worker.onExit((error) => {
      if (this.worker !== worker || this.disposed) return;
      this.worker = undefined;
      this.lastError = error;
      this.options.log?.error(`the analysis worker stopped: ${error.message}`);
      for (const [id, p] of this.pending)
        this.settle(id, () => p.reject(new Error(l10n.t('the analysis worker stopped: {0}', error.message))));
    });
    return worker;
  }

  private isStale(p: Pending, id: number): boolean {
    return this.latest.get(p.key) !== id;
  }

  private async receive(message: FromWorker): Promise<void> {
    this.progressAt = Date.now();
    const p = this.pending.get(message.id);
    if (!p) return;
    if (message.type === 'cancelled') return this.settle(message.id, () => p.resolve({ kind: 'cancelled', version: p.version }));
    if (message.type === 'error') return this.settle(message.id, () => p.reject(new Error(message.message)));
    if (this.isStale(p, message.id)) return this.settle(message.id, () => p.resolve({ kind: 'stale', version: p.version }));
    if (message.type === 'summary')
      return this.settle(message.id, () => p.resolveSummary?.({ kind: 'done', version: p.version, summary: message.summary }));
    const decoded = await this.decode(message.analysis, () => this.isStale(p, message.id) || this.disposed);
    if (!decoded || this.isStale(p, message.id)) return this.settle(message.id, () => p.resolve({ kind: 'stale', version: p.version }));
    this.settle(message.id, () =>
      p.resolve({ kind: 'done', version: p.version, stats: message.stats, ...decoded, ...(message.state ? { state: message.state } : {}) }),
    );
  }

  /** Rebuilds a result a slice at a time; undefined if `abandon` says the result is no longer wanted. */
  private async decode(
    wire: WireAnalysis,
    abandon: () => boolean,
  ): Promise<{ analysis: Analysis; decodeMs: number; longestSliceMs: number } | undefined> {
    const sliceMs = this.options.sliceMs ?? 8;
    const steps = decodeSteps(wire, 500);
    let decodeMs = 0;
    let longestSliceMs = 0;
    for (;;) {
      const t0 = performance.now();
      let step = steps.next();
      while (!step.done && performance.now() - t0 < sliceMs) step = steps.next();
      const spent = performance.now() - t0;
      decodeMs += spent;
      longestSliceMs = Math.max(longestSliceMs, spent);
      if (step.done) return { analysis: step.value, decodeMs, longestSliceMs };
      await yieldToEventLoop();
      if (abandon()) return undefined;
    }
  }

  private settle(id: number, end: () => void): void {
    if (!this.pending.delete(id)) return;
    if (this.pending.size === 0) {
      clearTimeout(this.watchdog);
      this.watchdog = undefined;
    }
    end();
    this.busy();
  }

  private busy(): void {
    this.worker?.setBusy?.(this.pending.size > 0);
  }
}
