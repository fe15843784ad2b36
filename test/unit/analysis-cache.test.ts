import assert from 'node:assert/strict';
import path from 'node:path';
import { generateDraft } from '../../bench/generate';
import { analyze, loadBundledDataset, warmUpSteps, type Analysis, type Dataset } from '../../src/core';
import { AnalysisCache, HOST_BUDGET_MS, MAIN_THREAD_MAX, SYNC_LIMIT, type AnalysedDocument } from '../../src/vscode/analysis-cache';
import { AnalysisWorkerClient } from '../../src/worker/client';
import { startNodeWorker } from '../../src/worker/node-host';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'analysis-worker.js');

/** A document as the cache sees one: a URI, a version that grows with each edit, its text. */
class FakeDocument implements AnalysedDocument {
  readonly uri: { toString(): string };
  version = 1;
  isClosed = false;
  constructor(
    name: string,
    private text: string,
  ) {
    this.uri = { toString: () => `file:///${name}` };
  }
  getText(): string {
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

function plain(a: Analysis): unknown {
  return { references: a.references, diagnostics: a.diagnostics, byEntry: [...a.byEntry] };
}

describe('the analysis cache (src/vscode/analysis-cache.ts, no vscode at run time)', () => {
  const dataset = loadBundledDataset();
  let cache: AnalysisCache<FakeDocument>;
  let workersStarted: number;
  let limit: number;
  let detect: boolean;

  beforeEach(() => {
    workersStarted = 0;
    limit = Infinity;
    detect = true;
    cache = new AnalysisCache<FakeDocument>(() => dataset, {
      worker: () => {
        workersStarted++;
        return new AnalysisWorkerClient(() => startNodeWorker(WORKER));
      },
      maxDocumentSize: () => limit,
      uncatalogued: () => detect,
      // Where each analysis runs is what these tests check: not a wall-clock budget on a loaded machine.
      hostBudgetMs: Infinity,
    });
  });
  afterEach(() => cache.dispose());

  const nextUpdate = (): Promise<FakeDocument> =>
    new Promise((resolve) => {
      const subscription = cache.onDidUpdateAnalysis((document) => {
        subscription.dispose();
        resolve(document);
      });
    });

  it('keys its analyses on the uncatalogued option: a change re-analyses, here and in the worker, without the detector', async () => {
    const names = 'In 2021 Chile and Norway agreed the Fjordline Data Corridor Initiative (FDCI). The Estonia MOC matters.\n\n';
    const small = new FakeDocument('switch-small.md', names);
    // Large enough for the worker, which hands it over: then edits are analysed here with its analyzer.
    const medium = new FakeDocument('switch-medium.md', names + generateDraft(SYNC_LIMIT * 3));
    const labels = (a: Analysis): string[] | undefined => a.uncatalogued?.map((u) => u.label);
    const settle = async (doc: FakeDocument): Promise<Analysis> => {
      const updated = nextUpdate();
      if (!cache.isCurrent(doc)) await updated;
      return cache.get(doc);
    };
    assert.deepEqual(labels(cache.get(small)), ['Fjordline Data Corridor Initiative']);
    assert.ok(labels(await settle(medium))?.includes('Fjordline Data Corridor Initiative'));
    for (const on of [false, true]) {
      detect = on;
      const options = on ? {} : { uncatalogued: false };
      assert.equal(cache.isCurrent(small), true, 'a small document is analysed again at once');
      assert.deepEqual(plain(cache.get(small)), plain(analyze(small.getText(), dataset, options)));
      assert.deepEqual(cache.get(small).uncatalogued, analyze(small.getText(), dataset, options).uncatalogued);
      const fresh = await settle(medium);
      assert.deepEqual(labels(fresh)?.[0], on ? 'Fjordline Data Corridor Initiative' : undefined);
      assert.deepEqual(plain(fresh), plain(analyze(medium.getText(), dataset, options)));
      medium.edit(medium.getText() + 'FDCI met.\n');
      const edited = await settle(medium);
      assert.deepEqual(edited.uncatalogued, analyze(medium.getText(), dataset, options).uncatalogued, 'and its edits too');
    }
  });

  it('analyses a small document at once, on this thread', () => {
    const doc = new FakeDocument('small.md', generateDraft(SYNC_LIMIT / 2));
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
    assert.equal(cache.isCurrent(doc), true);
    assert.equal(workersStarted, 0);
  });

  it('answers at once for a large document, with an empty analysis, then fires when the worker has it', async () => {
    const doc = new FakeDocument('large.md', generateDraft(300_000));
    const updated = nextUpdate();
    const first = cache.get(doc);
    assert.deepEqual(first.references, []);
    assert.equal(cache.isCurrent(doc), false);
    assert.deepEqual(cache.status().analysing, [doc]);
    assert.equal(await updated, doc);
    assert.equal(cache.isCurrent(doc), true);
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
    assert.deepEqual(cache.status(), { analysing: [], tooLarge: [], failed: [] });

    // An edit: the previous analysis until the worker's update arrives.
    const before = cache.get(doc);
    const text = doc.getText();
    doc.edit(text.slice(0, 150_000) + ' Estonia MOC ' + text.slice(150_000));
    const again = nextUpdate();
    assert.equal(cache.get(doc), before);
    assert.equal(cache.isCurrent(doc), false);
    await again;
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
  });

  it('takes a medium document over from the worker after its first analysis: then edits are exact at once', async () => {
    const doc = new FakeDocument('medium.md', generateDraft(MAIN_THREAD_MAX / 2));
    const updated = nextUpdate();
    cache.get(doc);
    assert.equal(cache.isCurrent(doc), false, 'the first analysis is the worker’s');
    await updated;
    for (let k = 0; k < 5; k++) {
      const text = doc.getText();
      const at = text.indexOf(' the ', (text.length * (k + 1)) / 6);
      doc.edit(text.slice(0, at) + ' India' + text.slice(at));
      assert.equal(cache.isCurrent(doc), true, `edit ${k} is analysed on the spot`);
      assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
    }
    assert.deepEqual(cache.status().analysing, []);
  });

  it('drops a result for a version the document has left, and fires for the current one', async () => {
    const doc = new FakeDocument('moving.md', generateDraft(200_000));
    const events: number[] = [];
    cache.onDidUpdateAnalysis((d) => events.push(d.version));
    cache.get(doc);
    doc.edit(doc.getText().replace('Japan', 'India'));
    await nextUpdate();
    assert.deepEqual(events, [2]);
    assert.equal(cache.isCurrent(doc), true);
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
  });

  it('keeps cheap updates of a document analysed here on this thread, and sends an expensive one to the worker', async () => {
    const doc = new FakeDocument('growing.md', generateDraft(SYNC_LIMIT / 2));
    cache.get(doc);
    const paragraph = '\n\nThe Japan–EU Digital Partnership (2022) and the Estonia MOC matter here.\n';
    while (doc.getText().length < MAIN_THREAD_MAX / 2) {
      doc.edit(doc.getText() + paragraph);
      cache.get(doc);
      assert.equal(cache.isCurrent(doc), true, `at ${doc.getText().length} characters`);
    }
    assert.equal(workersStarted, 0, 'no worker for cheap updates');
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
    // A fence opened near the top turns the rest into code: re-parsing it all is over budget here.
    const text = doc.getText();
    const at = text.indexOf('\n\n', 200) + 2;
    doc.edit(text.slice(0, at) + '```\n' + text.slice(at));
    const updated = nextUpdate();
    cache.get(doc);
    assert.equal(cache.isCurrent(doc), false);
    await updated;
    assert.equal(workersStarted, 1);
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
  });

  it('never analyses a document over the size limit, says so, and analyses it once the limit is raised', async () => {
    limit = 100_000;
    const doc = new FakeDocument('huge.md', generateDraft(150_000));
    assert.deepEqual(cache.get(doc).references, []);
    assert.equal(cache.isCurrent(doc), false);
    assert.deepEqual(cache.status().tooLarge, [{ document: doc, size: doc.getText().length, limit }]);
    assert.equal(workersStarted, 0);
    limit = 1_000_000;
    const updated = nextUpdate();
    cache.limitChanged();
    assert.deepEqual(cache.status().tooLarge, []);
    await updated;
    assert.deepEqual(plain(cache.get(doc)), plain(analyze(doc.getText(), dataset)));
  });

  it('reports a worker that cannot run, without retrying the same version', async () => {
    const failing = new AnalysisCache<FakeDocument>(() => dataset, {
      worker: () => new AnalysisWorkerClient(() => startNodeWorker(path.join(__dirname, 'no-such-worker.js')), { maxRestarts: 0 }),
    });
    try {
      const doc = new FakeDocument('failing.md', generateDraft(100_000));
      const changed = new Promise<void>((resolve) => failing.onDidChangeStatus(() => failing.status().failed.length > 0 && resolve()));
      failing.get(doc);
      await changed;
      assert.equal(failing.status().failed[0]?.document, doc);
      assert.match(failing.status().failed[0]!.message, /analysis worker stopped/);
      assert.deepEqual(failing.get(doc).references, []);
      assert.deepEqual(failing.status().analysing, [], 'the same version is not asked for again');
    } finally {
      failing.dispose();
    }
  });

  it('forgets a closed document: its pending result is never applied', async () => {
    const doc = new FakeDocument('closed.md', generateDraft(100_000));
    const other = new FakeDocument('other.md', generateDraft(60_000));
    const events: FakeDocument[] = [];
    cache.onDidUpdateAnalysis((d) => events.push(d));
    cache.get(doc);
    cache.get(other);
    doc.isClosed = true;
    cache.forget(doc);
    assert.deepEqual(cache.status().analysing, [other]);
    await nextUpdate();
    assert.deepEqual(events, [other]);
  });

  it('never answers a document with the analysis of a closed one that had its URI (an untitled name used again)', () => {
    for (const late of [false, true]) {
      const old = new FakeDocument('Untitled-1', 'The Estonia MOC matters.\n');
      old.edit('Japan and Chile met.\n');
      cache.get(old);
      old.isClosed = true;
      cache.forget(old);
      // A feature's timer may still ask for the closed document after it was forgotten.
      if (late) cache.get(old);
      const reused = new FakeDocument('Untitled-1', 'The Estonia MOC matters.\n');
      reused.edit('The Estonia MOC matters again.\n');
      assert.equal(reused.version, old.version);
      assert.deepEqual(plain(cache.get(reused)), plain(analyze(reused.getText(), dataset)), late ? 'asked for after forget' : 'forgotten');
      assert.ok(cache.isCurrent(reused));
      cache.forget(reused);
    }
  });

  it('warms up in tasks of their own, once, and then analyses as before', async () => {
    let reads = 0;
    const counting = new AnalysisCache<FakeDocument>(() => (reads++, dataset));
    try {
      assert.equal(counting.whenWarm() instanceof Promise, true, 'resolved at once when never started');
      const warm = counting.warmUp();
      assert.equal(counting.warmUp(), warm, 'started once');
      assert.equal(reads, 0, 'nothing runs in the calling task');
      // One step per macrotask: after one turn of the event loop, not all steps have run.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const afterOneTurn = reads;
      assert.ok(afterOneTurn >= 1 && afterOneTurn < warmUpSteps(() => dataset).length, `steps after one turn: ${afterOneTurn}`);
      await warm;
      assert.equal(reads, warmUpSteps(() => dataset).length, 'each step read the dataset');
      await counting.whenWarm();
      const doc = new FakeDocument('after.md', generateDraft(SYNC_LIMIT / 2));
      assert.deepEqual(plain(counting.get(doc)), plain(analyze(doc.getText(), dataset)));
    } finally {
      counting.dispose();
    }
  });

  it('ends its warm-up when disposed', async () => {
    const disposed = new AnalysisCache<FakeDocument>(() => dataset);
    const warm = disposed.warmUp();
    disposed.dispose();
    await warm;
  });
});

/**
 * The extension host's side of hostile input: a small draft that is costly to parse is sent to the
 * worker instead of blocking the thread, and an analysis that throws is recorded once, never thrown
 * at the features asking for it.
 */
describe('hostile drafts on the extension host', function () {
  this.timeout(60_000);
  const base = loadBundledDataset();

  it('a small draft full of `*a` or deep quotes goes to the worker; get() returns at once', async () => {
    const cache = new AnalysisCache<FakeDocument>(() => base, { worker: () => new AnalysisWorkerClient(() => startNodeWorker(WORKER)) });
    try {
      for (const text of [`Japan ${'*a'.repeat(1990)}\n`, `${'>'.repeat(3000)} Japan\n\nIndia.\n`, `${'- '.repeat(1500)}x\n\nIndia.\n`]) {
        const doc = new FakeDocument(`h${text.length}.md`, text);
        const t0 = performance.now();
        const first = cache.get(doc);
        const ms = performance.now() - t0;
        assert.equal(first.references.length, 0, 'nothing yet: the worker has it');
        assert.ok(ms < 10 * HOST_BUDGET_MS, `get() held the thread ${ms} ms`);
        assert.equal(cache.status().analysing.length, 1);
        const done = await new Promise<FakeDocument>((resolve) => {
          const sub = cache.onDidUpdateAnalysis((d) => {
            sub.dispose();
            resolve(d);
          });
        });
        assert.equal(done, doc);
        assert.ok(cache.get(doc).references.length > 0);
        // An edit stays with the worker too.
        doc.edit(`${text}China.\n`);
        cache.get(doc);
        assert.equal(cache.status().analysing.length, 1);
        cache.forget(doc);
      }
    } finally {
      cache.dispose();
    }
  });

  it('a draft whose analysis throws is reported once, and get() never throws', () => {
    // A dataset broken in a way no loader lets through: every analysis with it throws.
    const broken = {
      ...base,
      get entries(): Map<string, never> {
        throw new TypeError('broken dataset');
      },
    } as unknown as Dataset;
    const cache = new AnalysisCache<FakeDocument>(() => broken);
    let reports = 0;
    cache.onDidChangeStatus(() => reports++);
    const doc = new FakeDocument('broken.md', 'Japan and India.\n');
    try {
      for (let k = 0; k < 5; k++) assert.deepEqual(cache.get(doc).references, []);
      doc.edit('Japan, India and China.\n');
      for (let k = 0; k < 5; k++) assert.deepEqual(cache.get(doc).references, []);
      assert.deepEqual(
        cache.status().failed.map((f) => f.message),
        ['broken dataset'],
      );
      assert.equal(reports, 1, 'the same failure is reported once');
    } finally {
      cache.dispose();
    }
  });
});
