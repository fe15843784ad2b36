import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import { analyze, loadBundledDataset, type Analysis } from '../../src/core';
import { AnalysisWorkerClient, type Outcome } from '../../src/worker/client';
import { startWebWorker } from '../../src/worker/web-host';

const ROOT = path.join(__dirname, '..', '..');
const WEB_WORKER = path.join(ROOT, 'dist', 'web', 'analysis-worker.js');
const EXAMPLE = readFileSync(path.join(ROOT, 'examples', 'japan-digital-diplomacy-briefing.md'), 'utf8');

/**
 * What a browser's dedicated worker gives a classic script, emulated in a Node worker thread: a
 * global `postMessage` and `onmessage`, nothing of Node used by the script itself.
 */
const WORKER_SCOPE = `
const { parentPort, workerData } = require('node:worker_threads');
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => globalThis.onmessage?.({ data }));
require(workerData);
`;

/** A stand-in for the browser's `Worker`, running the script at a file path in a Node worker thread. */
class ThreadWebWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private readonly thread: NodeWorker;
  constructor(url: string) {
    this.thread = new NodeWorker(WORKER_SCOPE, { eval: true, workerData: url });
    this.thread.on('message', (data) => this.onmessage?.({ data }));
    this.thread.on('error', (error) => this.onerror?.({ message: error.message, preventDefault: () => {} }));
  }
  postMessage(message: unknown, transfer: ArrayBuffer[]): void {
    this.thread.postMessage(message, transfer);
  }
  terminate(): void {
    void this.thread.terminate();
  }
}

function plain(a: Analysis): unknown {
  return { references: a.references, diagnostics: a.diagnostics, byEntry: [...a.byEntry] };
}

describe('the analysis worker in a browser (dist/web/analysis-worker.js, started by src/worker/web-host.ts)', () => {
  const dataset = loadBundledDataset();
  const realWorker = (globalThis as { Worker?: unknown }).Worker;
  before(() => {
    assert.ok(existsSync(WEB_WORKER), `${WEB_WORKER} is missing: run node esbuild.js`);
    (globalThis as { Worker?: unknown }).Worker = ThreadWebWorker;
  });
  after(() => ((globalThis as { Worker?: unknown }).Worker = realWorker));

  it('gives the same analysis as `analyze`; requests made while the script is still being read wait for it', async () => {
    let resolveUrl!: (url: string) => void;
    const client = new AnalysisWorkerClient(() => startWebWorker(() => new Promise((resolve) => (resolveUrl = resolve))));
    try {
      const first = client.analyze('a', 1, EXAMPLE, dataset);
      const second = client.analyze('b', 1, `${EXAMPLE}\n\nThe Estonia MOC again.`, dataset);
      resolveUrl(WEB_WORKER);
      const outcomes: Outcome[] = await Promise.all([first, second]);
      assert.deepEqual(
        outcomes.map((o) => (o.kind === 'done' ? plain(o.analysis) : o.kind)),
        [plain(analyze(EXAMPLE, dataset)), plain(analyze(`${EXAMPLE}\n\nThe Estonia MOC again.`, dataset))],
      );
    } finally {
      client.dispose();
    }
  });

  it('a script that cannot be read, or that fails, ends the worker: requests reject with the reason', async () => {
    const unreadable = new AnalysisWorkerClient(() => startWebWorker(() => Promise.reject(new Error('no such file'))), { maxRestarts: 0 });
    await assert.rejects(unreadable.analyze('a', 1, EXAMPLE, dataset), /could not be read: no such file/);
    const broken = new AnalysisWorkerClient(() => startWebWorker(async () => path.join(ROOT, 'no-such-worker.js')), { maxRestarts: 0 });
    await assert.rejects(broken.analyze('a', 1, EXAMPLE, dataset), /the analysis worker stopped: .*Cannot find module/);
    unreadable.dispose();
    broken.dispose();
  });
});
