import * as l10n from '@vscode/l10n';
import { analyze, IncrementalAnalyzer, summarizeDraft, type AnalyzeOptions, type Dataset, type RunRegion } from '../core';
import type { FromWorker, ToWorker, WorkerPort } from './protocol';
import { encodeAnalysis, transferables } from './wire';

type Request = Extract<ToWorker, { type: 'analyze' | 'summarize' }>;

/** What the platform adds to the worker's loop. */
export interface ServeOptions {
  /**
   * A time budget per region of a document of this many characters (`AnalyzeOptions.runRegion`):
   * a block that runs past it is skipped with a warning. Only a Node worker thread can stop
   * synchronous work (Node's `vm` timeout); a browser's Web Worker has no such thing, so there a
   * pathological document runs on until the client's budget for the whole request stops the worker.
   */
  regionBudget?: (chars: number) => RunRegion;
}

/** Queue key: a summary and an analysis of the same document wait apart. */
const keyOf = (type: Request['type'], uri: string): string => `${type}\u0000${uri}`;

/**
 * The analysis worker's loop. Requests wait in a queue with at most one entry per document: a newer
 * request for the same document replaces (cancels) the one waiting. One request is analysed per
 * turn of the event loop, so that messages that arrived meanwhile are read, and can cancel queued
 * work, before the next one starts. Uses only the core and `setTimeout`: it runs in a Node worker
 * thread and, with another port, in a browser's Web Worker.
 *
 * @param port The channel to the editor's thread.
 * @param serveOptions What the platform adds (a time budget per region, in Node).
 */
export function serveAnalyses(port: WorkerPort, serveOptions: ServeOptions = {}): void {
  /** The analysis options a request asks for, with the region budget for its text. */
  const optionsOf = (request: Request): AnalyzeOptions => ({
    ...(request.uncatalogued === false ? { uncatalogued: false } : {}),
    ...(serveOptions.regionBudget ? { runRegion: serveOptions.regionBudget(request.text.length) } : {}),
  });
  let dataset: { generation: number; dataset: Dataset } | undefined;
  const analyzers = new Map<string, { generation: number; detect: boolean; analyzer: IncrementalAnalyzer }>();
  const queue = new Map<string, Request>();
  let scheduled = false;

  const post = (message: FromWorker, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);
  const cancel = (request: Request): void => post({ type: 'cancelled', id: request.id, uri: request.uri, version: request.version });

  const schedule = (): void => {
    if (scheduled || queue.size === 0) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      runOne();
      schedule();
    }, 0);
  };

  const runOne = (): void => {
    const [key, request] = queue.entries().next().value ?? [];
    if (!key || !request) return;
    queue.delete(key);
    const { uri } = request;
    try {
      if (!dataset || dataset.generation !== request.generation) throw new Error(`dataset generation ${request.generation} was never sent`);
      if (request.type === 'summarize') {
        const summary = summarizeDraft(analyze(request.text, dataset.dataset, optionsOf(request)), request.text);
        post({ type: 'summary', id: request.id, uri, version: request.version, summary }, [summary.refs.buffer as ArrayBuffer]);
        return;
      }
      const t0 = performance.now();
      let own = analyzers.get(uri);
      let analysis;
      const detect = request.uncatalogued !== false;
      if (own && own.generation === request.generation && own.detect === detect) {
        analysis = own.analyzer.update(request.text);
      } else {
        own = { generation: request.generation, detect, analyzer: new IncrementalAnalyzer(dataset.dataset, optionsOf(request)) };
        analyzers.set(uri, own);
        analysis = own.analyzer.reset(request.text);
      }
      const wire = encodeAnalysis(analysis);
      const stats = { ...own.analyzer.stats, ms: performance.now() - t0 };
      // The state is copied when posted, before any later update changes it.
      const state = request.state ? own.analyzer.state() : undefined;
      post(
        { type: 'result', id: request.id, uri, version: request.version, analysis: wire, stats, ...(state ? { state } : {}) },
        transferables(wire),
      );
    } catch (error) {
      // The analyzer may be half-updated: start this document afresh next time.
      if (request.type === 'analyze') analyzers.delete(uri);
      post({
        type: 'error',
        id: request.id,
        uri,
        version: request.version,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  port.onMessage((message) => {
    switch (message.type) {
      case 'l10n':
        // The core's messages are looked up in this bundle from now on (the CLI never sends one: English).
        l10n.config({ contents: message.bundle });
        break;
      case 'dataset':
        dataset = { generation: message.generation, dataset: message.dataset };
        break;
      case 'analyze':
      case 'summarize': {
        const key = keyOf(message.type, message.uri);
        const waiting = queue.get(key);
        if (waiting) {
          queue.delete(key);
          cancel(waiting);
        }
        // Re-inserted at the end: a document typed into without pause does not starve the others.
        queue.set(key, message);
        schedule();
        break;
      }
      case 'forget': {
        for (const type of ['analyze', 'summarize'] as const) {
          const waiting = queue.get(keyOf(type, message.uri));
          if (waiting) {
            queue.delete(keyOf(type, message.uri));
            cancel(waiting);
          }
        }
        analyzers.delete(message.uri);
        break;
      }
    }
  });
}
