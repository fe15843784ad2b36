/**
 * One cold measurement, in a fresh process (bench.ts runs each several times): prints one JSON line.
 *
 *   node dist/bench-cold.js bundled        loadBundledDataset() + matcher: the core's path (world-countries, ajv, compile)
 *   node dist/bench-cold.js prebuilt       dist/dataset.json + matcher: what the extension loads on first use
 *   node dist/bench-cold.js activate       require dist/extension.js with a stand-in `vscode` module, then activate(), no document open
 *   node dist/bench-cold.js activate-open  the same with a Markdown draft of SYNC_LIMIT characters open: activate(), then the
 *                                          first use right after it (dataset, first analysis on the extension host's thread, checks)
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { datasetFromPrebuilt, loadBundledDataset, matcherFor } from '../src/core';
import { SYNC_LIMIT } from '../src/vscode/analysis-cache';
import { generateDraft } from './generate';

const dist = __dirname;
const mode = process.argv[2];
const now = (): number => performance.now();

/** A stand-in for any part of the `vscode` API: accepts every use; `get(key, default)` and `t(message, arg)` give their second argument. */
function stub(): unknown {
  return new Proxy(function () {}, {
    get: (_t, prop) =>
      prop === Symbol.iterator ? function* () {} : prop === Symbol.toPrimitive ? () => 0 : prop === 'then' ? undefined : stub(),
    set: () => true,
    apply: (_t, _this, args: unknown[]) => (args.length === 2 && typeof args[0] === 'string' ? args[1] : stub()),
    construct: () => stub() as object,
  });
}

/** The `vscode` module: every name @types/vscode exports, as stand-ins; `workspace.textDocuments` lists `documents`. */
function fakeVscode(documents: unknown[]): Record<string, unknown> {
  const dts = readFileSync(path.join(dist, '..', 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\t?export (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]!));
  const api: Record<string, unknown> = Object.fromEntries([...names].map((n) => [n, stub()]));
  const workspace = api.workspace as Record<string | symbol, unknown>;
  api.workspace = new Proxy(workspace, { get: (t, prop) => (prop === 'textDocuments' ? documents : t[prop]) });
  return api;
}

function loadExtension(documents: unknown[]): {
  extension: { activate(context: unknown): unknown };
  requireMs: number;
  vscode: Record<string, unknown>;
} {
  const vscode = fakeVscode(documents);
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as unknown as NodeJS.Module;
  const t0 = now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(path.join(dist, 'extension.js')) as { activate(context: unknown): unknown };
  return { extension, requireMs: now() - t0, vscode };
}

async function run(): Promise<Record<string, number>> {
  switch (mode) {
    case 'bundled': {
      const t0 = now();
      const dataset = loadBundledDataset();
      const t1 = now();
      matcherFor(dataset);
      return { loadMs: t1 - t0, matcherMs: now() - t1, totalMs: now() - t0 };
    }
    case 'prebuilt': {
      const t0 = now();
      const dataset = datasetFromPrebuilt(JSON.parse(readFileSync(path.join(dist, 'dataset.json'), 'utf8')));
      const t1 = now();
      matcherFor(dataset);
      return { loadMs: t1 - t0, matcherMs: now() - t1, totalMs: now() - t0 };
    }
    case 'activate':
    case 'activate-open': {
      const text = generateDraft(SYNC_LIMIT).slice(0, SYNC_LIMIT);
      const draft = {
        uri: { scheme: 'file', path: '/draft.md', toString: () => 'file:///draft.md' },
        languageId: 'markdown',
        version: 1,
        isClosed: false,
        getText: () => text,
      };
      const { extension, requireMs, vscode } = loadExtension(mode === 'activate-open' ? [draft] : []);
      const t1 = now();
      extension.activate({ subscriptions: [], extensionPath: path.dirname(dist), extensionUri: vscode.Uri });
      const t2 = now();
      const cpu = process.cpuUsage();
      // The extension defers its first pass over open drafts by one turn of the event loop; this timer runs after it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const t3 = now();
      // CPU time of the process over the same span: near the elapsed time on an idle machine, well under it when
      // other processes keep this one waiting for a core (V8's background threads add a little).
      const used = process.cpuUsage(cpu);
      return { requireMs, activateMs: t2 - t1, firstUseMs: t3 - t2, firstUseCpuMs: (used.user + used.system) / 1000, totalMs: t3 - t1 + requireMs };
    }
    default:
      throw new Error(`usage: bench-cold.js bundled|prebuilt|activate|activate-open (got ${mode})`);
  }
}

void run().then((figures) => {
  process.stdout.write(JSON.stringify(figures) + '\n');
  process.exit(0);
});
