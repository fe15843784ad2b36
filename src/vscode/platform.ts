import type { Dataset } from '../core';
import type { WorkerHandle } from '../worker/client';

/**
 * What the desktop entry (src/extension-node.ts: Node, worker threads) and the browser entry
 * (src/extension-web.ts: vscode.dev, a Web Worker extension host) each provide. Everything else is
 * shared and written once (src/extension.ts). Files in the workspace are read through
 * `vscode.workspace.fs` on both, so they need no entry of their own here.
 */
export interface Platform {
  /** The bundled dataset, pre-built by esbuild.js (dist/dataset.json): parsed on the first call, then the same object. */
  bundledDataset: () => Dataset;
  /** Starts one analysis worker running src/worker/server.ts (a Node worker thread, a Web Worker); called on first need. */
  startWorker: () => WorkerHandle;
}
