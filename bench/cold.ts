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

/**
 * The `vscode` module: every name @types/vscode exports, as stand-ins; `workspace.textDocuments` lists
 * `documents`, and each is shown in a visible editor (the first one active), as when VS Code starts
 * with a draft open: the highlighting and the tree ask for its analysis as soon as they can.
 */
function fakeVscode(documents: unknown[]): Record<string, unknown> {
  const dts = readFileSync(path.join(dist, '..', 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\t?export (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]!));
  const api: Record<string, unknown> = Object.fromEntries([...names].map((n) => [n, stub()]));
  const workspace = api.workspace as Record<string | symbol, unknown>;
  api.workspace = new Proxy(workspace, { get: (t, prop) => (prop === 'textDocuments' ? documents : t[prop]) });
  const editors = documents.map(
    (document) => new Proxy(stub() as object, { get: (t, p) => (p === 'document' ? document : Reflect.get(t, p)) }),
  );
  const window = api.window as Record<string | symbol, unknown>;
  api.window = new Proxy(window, {
    // createOutputChannel(name, options) is no `t(message, arg)`: the log must be a stand-in too.
    get: (t, prop) =>
      prop === 'visibleTextEditors'
        ? editors
        : prop === 'activeTextEditor'
          ? editors[0]
          : prop === 'createOutputChannel'
            ? () => stub()
            : t[prop],
  });
  return api;
}

/**
 * Times every timer callback the extension schedules (each is one task of the extension host's
 * thread), and counts those still due at once, so the first use can be awaited to its end.
 */
const tasks: number[] = [];
let dueNow = 0;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
function timeTimers(): void {
  const soon = new Set<unknown>();
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: ReturnType<typeof setTimeout> = realSetTimeout(() => {
      if (soon.delete(handle)) dueNow--;
      const t0 = now();
      try {
        fn(...args);
      } finally {
        tasks.push(now() - t0);
      }
    }, ms);
    if (!ms || ms <= 1) {
      soon.add(handle);
      dueNow++;
    }
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: ReturnType<typeof setTimeout>) => {
    if (soon.delete(handle)) dueNow--;
    realClearTimeout(handle);
  }) as typeof clearTimeout;
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

async function run(): Promise<Record<string, number | number[]>> {
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
      const fields: Record<string | symbol, unknown> = {
        uri: { scheme: 'file', path: '/draft.md', toString: () => 'file:///draft.md' },
        languageId: 'markdown',
        version: 1,
        isClosed: false,
        isDirty: false,
        lineCount: text.split('\n').length,
        getText: () => text,
      };
      // What else an editor's code asks of a document (positions, lines) comes from the stand-in.
      const draft = new Proxy(stub() as object, { get: (t, p) => (p in fields ? fields[p] : Reflect.get(t, p)) });
      const { extension, requireMs, vscode } = loadExtension(mode === 'activate-open' ? [draft] : []);
      timeTimers();
      const t1 = now();
      extension.activate({ subscriptions: [], extensionPath: path.dirname(dist), extensionUri: vscode.Uri });
      const t2 = now();
      const cpu = process.cpuUsage();
      // The extension defers its first pass over open drafts to tasks after activation: wait until none is due.
      do await new Promise((resolve) => realSetTimeout(resolve, 0));
      while (dueNow > 0);
      const t3 = now();
      // CPU time of the process over the same span: near the elapsed time on an idle machine, well under it when
      // other processes keep this one waiting for a core (V8's background threads add a little).
      const used = process.cpuUsage(cpu);
      return {
        requireMs,
        activateMs: t2 - t1,
        firstUseMs: t3 - t2,
        firstUseCpuMs: (used.user + used.system) / 1000,
        // The longest single task of the extension's: activate() itself or one of its timer callbacks.
        longestTaskMs: Math.max(t2 - t1, ...tasks),
        firstUseTasks: tasks.length,
        ...(process.env.POLICY_LENS_BENCH_TASKS ? { tasks: tasks.map((t) => Math.round(t * 10) / 10) } : {}),
        totalMs: t3 - t1 + requireMs,
      };
    }
    default:
      throw new Error(`usage: bench-cold.js bundled|prebuilt|activate|activate-open (got ${mode})`);
  }
}

void run().then((figures) => {
  process.stdout.write(JSON.stringify(figures) + '\n');
  process.exit(0);
});
