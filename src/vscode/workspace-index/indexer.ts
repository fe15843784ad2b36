import type * as vscode from 'vscode';
import { summarizeDraft, WorkspaceIndex, type Analysis, type Dataset } from '../../core';
import type { AnalysisWorkerClient } from '../../worker/client';
import { Emitter } from '../events';

export interface IndexerOptions {
  /** Reads a file's bytes (`vscode.workspace.fs.readFile` in the editor: no Node API on this path). */
  read(uri: string): Promise<Uint8Array>;
  /** The analysis worker that summarises files off this thread; started on first need. */
  worker(): AnalysisWorkerClient;
  dataset(): Dataset;
  /** Whether summaries carry the names the dataset lacks (`policyLens.uncatalogued.enabled`; on when absent). Off, the detector does not run. */
  uncatalogued?: () => boolean;
  /** How many files are read and summarised at once (default 4): enough to keep the worker busy, few enough to hold little text in memory. */
  concurrency?: number;
  /** How long changes are gathered before `onDidChange` fires (default 150 ms): a first index of a thousand files refreshes views a few times a second, not a thousand times. */
  settleMs?: number;
  /** Told how long each stretch of this thread's own work on a file took (for the benchmark). */
  onSlice?: (ms: number) => void;
}

/** How far the current round of indexing has got. */
export interface IndexProgress {
  done: number;
  total: number;
}

/**
 * Keeps a `WorkspaceIndex` up to date, file by file. Files on disk are read asynchronously and
 * summarised in the analysis worker, a few at a time, so that this thread only decodes bytes and
 * stores small summaries; an open document is summarised here from the shared analysis (its unsaved
 * text) instead, and its file on disk is ignored while it stays open. Every file has a generation:
 * a change while its work is under way makes that work's result count for nothing, and the worker
 * drops a queued request for the same file when a newer one arrives.
 *
 * Loads nothing of `vscode` at run time, so the benchmark drives it in plain Node.
 */
export class WorkspaceIndexer {
  readonly index = new WorkspaceIndex();
  private readonly generations = new Map<string, number>();
  private readonly open = new Set<string>();
  private readonly queue = new Set<string>();
  private inFlight = 0;
  private nextGeneration = 1;
  private round: IndexProgress = { done: 0, total: 0 };
  private idleWaiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private client: AnalysisWorkerClient | undefined;
  private readonly changed = new Emitter<void>();
  private readonly progressed = new Emitter<IndexProgress>();
  private disposed = false;
  /** The last failure to read or summarise a file, for the log. */
  lastError: { uri: string; message: string } | undefined;
  private readonly failures = new Map<string, string>();

  /** Fires, a few times a second at most, after the index changed. */
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  /** Fires after each file of a round of indexing is done. */
  readonly onDidProgress: vscode.Event<IndexProgress> = this.progressed.event;

  constructor(private readonly options: IndexerOptions) {}

  /**
   * Files that are not in the index although they were asked for, with why: larger than the limit,
   * unreadable, or the worker failed on them. A file leaves this list when it is indexed, removed or
   * no longer wanted.
   */
  get notIndexed(): ReadonlyMap<string, string> {
    return this.failures;
  }

  /** Files waiting or being read and summarised. */
  get pending(): number {
    return this.queue.size + this.inFlight;
  }

  /** The current round: files done, and files in it (a round ends when nothing is pending). */
  get progress(): IndexProgress {
    return { ...this.round };
  }

  /**
   * Makes the index hold exactly these files: the others are removed, these are (re)indexed.
   *
   * @param uris Every file to index.
   * @param reindex Re-read files already indexed too (after a dataset change); otherwise only new ones are read.
   */
  setFiles(uris: readonly string[], reindex = false): void {
    const wanted = new Set(uris);
    for (const uri of this.index.uris()) if (!wanted.has(uri)) this.remove(uri);
    for (const uri of this.failures.keys()) if (!wanted.has(uri)) this.forgetFailure(uri);
    for (const uri of this.queue) if (!wanted.has(uri)) this.queue.delete(uri);
    for (const uri of uris) if (reindex || !this.index.has(uri)) this.update(uri);
  }

  /** (Re)indexes a file from disk, cancelling what was under way for it. A file open in an editor is left to `updateDocument`. */
  update(uri: string): void {
    if (this.disposed || this.open.has(uri)) return;
    this.bump(uri);
    if (!this.queue.has(uri)) {
      this.queue.add(uri);
      this.round.total++;
    }
    this.pump();
  }

  /** Removes a file (deleted, or now excluded). */
  remove(uri: string): void {
    this.bump(uri);
    this.queue.delete(uri);
    this.open.delete(uri);
    this.forgetFailure(uri);
    if (this.index.delete(uri)) this.soon();
  }

  /**
   * Indexes an open document from its analysis (the shared one: its unsaved text). From now on
   * its file on disk is ignored, until `closeDocument`.
   */
  updateDocument(uri: string, analysis: Analysis, text: string): void {
    if (this.disposed) return;
    this.open.add(uri);
    this.bump(uri);
    this.queue.delete(uri);
    this.forgetFailure(uri);
    this.index.set(uri, summarizeDraft(analysis, text));
    this.soon();
    this.checkIdle();
  }

  /**
   * A document is open but its analysis is not ready yet (a large draft, analysed in the
   * background): its file on disk is no longer read, and what is indexed stays until
   * `updateDocument` brings the document's own.
   */
  openDocument(uri: string): void {
    if (this.open.has(uri)) return;
    this.open.add(uri);
    this.bump(uri);
    this.queue.delete(uri);
    this.checkIdle();
  }

  /** A document was closed: its file on disk counts again (unsaved changes were dropped with it). */
  closeDocument(uri: string, onDisk: boolean): void {
    if (!this.open.delete(uri)) return;
    if (onDisk) this.update(uri);
    else this.remove(uri);
  }

  /** Resolves when nothing is waiting or under way. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clear();
    clearTimeout(this.timer);
    this.changed.dispose();
    this.progressed.dispose();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private bump(uri: string): number {
    const generation = this.nextGeneration++;
    this.generations.set(uri, generation);
    return generation;
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (!this.disposed && this.inFlight < limit && this.queue.size > 0) {
      const uri = this.queue.values().next().value!;
      this.queue.delete(uri);
      this.inFlight++;
      void this.run(uri, this.generations.get(uri)!).finally(() => {
        this.inFlight--;
        this.round.done++;
        this.progressed.fire(this.progress);
        this.pump();
        this.checkIdle();
      });
    }
  }

  private async run(uri: string, generation: number): Promise<void> {
    const current = (): boolean => !this.disposed && this.generations.get(uri) === generation;
    let text: string;
    try {
      const bytes = await this.options.read(uri);
      const t0 = performance.now();
      text = new TextDecoder().decode(bytes);
      this.options.onSlice?.(performance.now() - t0);
    } catch (error) {
      // Too large, unreadable, or gone between the event and the read (then its removal follows):
      // not in the index, and said so.
      this.fail(uri, error, current());
      if (current() && this.index.delete(uri)) this.soon();
      return;
    }
    if (!current()) return;
    try {
      let t0 = performance.now();
      const dataset = this.options.dataset();
      this.client ??= this.options.worker();
      const request = this.client.summarize(uri, generation, text, dataset, { uncatalogued: this.options.uncatalogued?.() ?? true });
      this.options.onSlice?.(performance.now() - t0);
      const outcome = await request;
      if (outcome.kind !== 'done' || !current() || this.options.dataset() !== dataset) return;
      t0 = performance.now();
      this.forgetFailure(uri);
      this.index.set(uri, outcome.summary);
      this.soon();
      this.options.onSlice?.(performance.now() - t0);
    } catch (error) {
      this.fail(uri, error, current());
    }
  }

  private fail(uri: string, error: unknown, current: boolean): void {
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = { uri, message };
    if (!current) return;
    this.failures.set(uri, message);
    this.soon();
  }

  private forgetFailure(uri: string): void {
    if (this.failures.delete(uri)) this.soon();
  }

  private soon(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, this.options.settleMs ?? 150);
  }

  private checkIdle(): void {
    if (this.pending > 0) return;
    this.round = { done: 0, total: 0 };
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
