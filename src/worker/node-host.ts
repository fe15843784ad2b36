// Starting the analysis worker as a Node worker thread: the editor thread's counterpart of
// node-port.ts. A browser host would wrap `new Worker(url)` the same way.
import { Worker } from 'node:worker_threads';
import type { WorkerHandle } from './client';
import type { FromWorker } from './protocol';

/**
 * Starts `dist/analysis-worker.js` (or another build of it) in a worker thread.
 *
 * @param file The worker bundle's path.
 * @returns The handle `AnalysisWorkerClient` drives.
 */
export function startNodeWorker(file: string): WorkerHandle {
  const worker = new Worker(file);
  // An idle worker must not keep a process (a test run, the CLI, a benchmark) alive.
  worker.unref();
  const exitListeners: Array<(error: Error) => void> = [];
  let ended = false;
  const end = (error: Error): void => {
    if (ended) return;
    ended = true;
    for (const listener of exitListeners) listener(error);
  };
  worker.on('error', (error) => end(error));
  worker.on('exit', (code) => end(new Error(`it exited with code ${code}`)));
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on('message', (message: FromWorker) => listener(message)),
    onExit: (listener) => exitListeners.push(listener),
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => {
      ended = true;
      void worker.terminate();
    },
  };
}
