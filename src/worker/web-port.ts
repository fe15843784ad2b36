// The worker's end of the channel in a browser's Web Worker: the counterpart of node-port.ts.
import type { ToWorker, WorkerPort } from './protocol';

/** What this file needs of a dedicated worker's global scope (the WebWorker lib cannot be loaded beside DOM). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** The Web Worker's end of the channel to the thread that started it. */
export function hostPort(): WorkerPort {
  const scope = globalThis as unknown as WorkerScope;
  let listener: ((message: ToWorker) => void) | undefined;
  scope.onmessage = (event) => listener?.(event.data);
  return {
    postMessage: (message, transfer) => scope.postMessage(message, transfer ?? []),
    onMessage: (l) => (listener = l),
  };
}
