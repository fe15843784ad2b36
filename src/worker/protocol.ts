import type { AnalyzerState, Dataset, DraftSummary, UpdateStats } from '../core';
import type { WireAnalysis } from './wire';

/**
 * The messages between the editor's thread and the analysis worker. Every request has an id, unique
 * for the client that sent it; every reply names the request it answers. The worker keeps one
 * `IncrementalAnalyzer` per document URI, so sending each version's whole text costs it only the
 * blocks that changed.
 */
export type ToWorker =
  /**
   * The translations of the user-facing text the core writes (diagnostic messages), sent first to a
   * new worker when the editor's display language has a bundle (`vscode.l10n.bundle`).
   */
  | { type: 'l10n'; bundle: Record<string, string> }
  /** The dataset later requests use; a request names the generation it expects. */
  | { type: 'dataset'; generation: number; dataset: Dataset }
  /**
   * Analyse this version of a document. A newer request for the same URI cancels this one while it
   * waits in the queue. With `state`, the result carries the analyzer's state too, so that the
   * editor's thread can take the document over and update it itself. `uncatalogued: false` runs the
   * analysis without the detector of names the dataset lacks (the `policyLens.uncatalogued.enabled`
   * setting); a document's analyzer is kept for one value of it only.
   */
  | { type: 'analyze'; id: number; uri: string; version: number; generation: number; text: string; state?: boolean; uncatalogued?: false }
  /**
   * Summarise this version of a file for the workspace index (`summarizeDraft`): analysed from
   * scratch and nothing kept, so that indexing a thousand drafts leaves no analyzer behind. Queued
   * apart from `analyze` requests for the same URI; a newer one replaces it while it waits.
   */
  | { type: 'summarize'; id: number; uri: string; version: number; generation: number; text: string; uncatalogued?: false }
  /** Drop the document's state and any queued request for it. */
  | { type: 'forget'; uri: string };

/** What the worker did for one analysis, measured inside the worker. */
export interface WorkStats extends UpdateStats {
  /** Analysis time, including packing the result. */
  ms: number;
}

export type FromWorker =
  | { type: 'result'; id: number; uri: string; version: number; analysis: WireAnalysis; stats: WorkStats; state?: AnalyzerState }
  | { type: 'summary'; id: number; uri: string; version: number; summary: DraftSummary }
  /** The request never ran: a newer one for the same document replaced it, or the document was forgotten. */
  | { type: 'cancelled'; id: number; uri: string; version: number }
  | { type: 'error'; id: number; uri: string; version: number; message: string };

/** The worker's end of the channel: `postMessage` and a message listener, whatever the platform. */
export interface WorkerPort {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: ToWorker) => void): void;
}
