// Starting the analysis worker as a browser's Web Worker: the editor thread's counterpart of
// web-port.ts, and the browser's twin of node-host.ts.
import type { WorkerHandle } from './client';
import type { FromWorker, ToWorker } from './protocol';

/**
 * Starts `dist/web/analysis-worker.js` (a classic script) in a Web Worker. Its URL may take a
 * while to get (the script is read through the workspace file system first): messages posted
 * meanwhile wait, in order, and a failure to get it ends the handle like a worker that failed.
 *
 * @param scriptUrl Resolves to a URL a `new Worker` accepts (e.g. a `blob:` URL of the script).
 * @returns The handle `AnalysisWorkerClient` drives.
 */
export function startWebWorker(scriptUrl: () => Promise<string>): WorkerHandle {
  const messageListeners: Array<(message: FromWorker) => void> = [];
  const exitListeners: Array<(error: Error) => void> = [];
  const waiting: Array<[ToWorker, ArrayBuffer[] | undefined]> = [];
  let worker: Worker | undefined;
  let url: string | undefined;
  let ended = false;
  const end = (error: Error): void => {
    if (ended) return;
    ended = true;
    for (const listener of exitListeners) listener(error);
  };
  const stop = (): void => {
    worker?.terminate();
    if (url?.startsWith('blob:')) URL.revokeObjectURL(url);
  };
  scriptUrl().then(
    (u) => {
      url = u;
      if (ended) return stop();
      worker = new Worker(u, { name: 'Policy Lens analysis' });
      worker.onmessage = (event: MessageEvent<FromWorker>) => messageListeners.forEach((listener) => listener(event.data));
      worker.onerror = (event) => {
        event.preventDefault();
        end(new Error(event.message || 'the Web Worker failed to start or threw'));
      };
      worker.onmessageerror = () => end(new Error('a message from the Web Worker could not be read'));
      for (const [message, transfer] of waiting.splice(0)) worker.postMessage(message, transfer ?? []);
    },
    (error: unknown) =>
      end(new Error(`the analysis worker's script could not be read: ${error instanceof Error ? error.message : String(error)}`)),
  );
  return {
    postMessage: (message, transfer) => (worker ? worker.postMessage(message, transfer ?? []) : waiting.push([message, transfer])),
    onMessage: (listener) => messageListeners.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    terminate: () => {
      ended = true;
      stop();
    },
  };
}
