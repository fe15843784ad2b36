// The one file of the worker that knows it runs in Node: the port to the editor's thread. A browser
// build would use `self.postMessage` and `self.onmessage` in a file like this one instead.
import { parentPort } from 'node:worker_threads';
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
