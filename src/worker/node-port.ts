// The one file of the worker that knows it runs in Node: the port to the editor's thread, and the time
// budget per region (Node's `vm` timeout). A browser build uses `self.postMessage` and `self.onmessage`
// in a file like this one instead, and has no region budget.
import { parentPort } from 'node:worker_threads';
import type { RunRegion } from '../core';
import { defaultBudgetMs, REGION_SHARE, regionBudget } from '../node/time-budget';
import type { ToWorker, WorkerPort } from './protocol';

/** The worker thread's end of the channel to the thread that started it. */
export function hostPort(): WorkerPort {
  const port = parentPort;
  if (!port) throw new Error('the analysis worker must run in a worker thread');
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (listener) => port.on('message', (message: ToWorker) => listener(message)),
  };
}

/**
 * The region budget of the worker thread (see `ServeOptions.regionBudget`): each region of a
 * document may take a quarter of what the client allows a request for it, so a block that runs
 * past that is skipped with a warning well before the client stops the worker.
 *
 * @param chars The length of the document.
 * @returns The region runner.
 */
export function nodeRegionBudget(chars: number): RunRegion {
  return regionBudget(defaultBudgetMs(chars) * REGION_SHARE);
}
