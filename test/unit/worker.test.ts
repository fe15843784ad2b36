import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateDraft } from '../../bench/generate';
import { analyze, IncrementalAnalyzer, loadBundledDataset, summarizeDraft, type Analysis, type Dataset } from '../../src/core';
import { loadDataset } from '../../src/core/dataset/load';
import { AnalysisWorkerClient, type Outcome, type WorkerHandle } from '../../src/worker/client';
import { startNodeWorker } from '../../src/worker/node-host';
import type { FromWorker, ToWorker, WorkerPort } from '../../src/worker/protocol';
import { regionBudget } from '../../src/node/time-budget';
import { serveAnalyses, type ServeOptions } from '../../src/worker/server';
import { decodeAnalysis, encodeAnalysis } from '../../src/worker/wire';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'analysis-worker.js');
const EXAMPLES = [
  'japan-digital-diplomacy-briefing.md',
  'eu-japan-digital-partnership-memo.md',
  'japan-oda-digital-cooperation-note.md',
].map((f) => readFileSync(path.join(ROOT, 'examples', f), 'utf8'));

function plain(a: Analysis): unknown {
  return { references: a.references, diagnostics: a.diagnostics, byEntry: [...a.byEntry], uncatalogued: a.uncatalogued };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The worker loop in this thread, behind a port whose messages the test delivers itself. */
function inProcessWorker(options?: ServeOptions): { send(message: ToWorker): void; received: FromWorker[] } {
  let listener: ((message: ToWorker) => void) | undefined;
  const received: FromWorker[] = [];
  const port: WorkerPort = { postMessage: (message) => received.push(message), onMessage: (l) => (listener = l) };
  serveAnalyses(port, options);
  return { send: (message) => listener!(structuredClone(message)), received };
}

/** A worker the test answers by hand. */
function fakeWorker(): {
  handle: WorkerHandle;
  sent: ToWorker[];
  reply(message: FromWorker): void;
  exit(error: Error): void;
  terminated: boolean;
} {
  let onMessage: ((message: FromWorker) => void) | undefined;
  let onExit: ((error: Error) => void) | undefined;
  const fake = {
    sent: [] as ToWorker[],
    terminated: false,
    handle: {
      postMessage: (message: ToWorker) => fake.sent.push(message),
      onMessage: (l: (message: FromWorker) => void) => (onMessage = l),
      onExit: (l: (error: Error) => void) => (onExit = l),
      terminate: () => void (fake.terminated = true),
    } satisfies WorkerHandle,
    reply: (message: FromWorker) => onMessage!(message),
    exit: (error: Error) => onExit!(error),
  };
  return fake;
}

/** Workers the test answers by hand, one per start, in the order the client started them. */
function fakeWorkers(): { fakes: ReturnType<typeof fakeWorker>[]; spawn: () => WorkerHandle } {
  const fakes: ReturnType<typeof fakeWorker>[] = [];
  return {
    fakes,
    spawn: () => {
      const f = fakeWorker();
      fakes.push(f);
      return f.handle;
    },
  };
}

/** A worker's result message for request `id`: the analysis of `text`. */
function resultOf(id: number, uri: string, version: number, text: string, dataset: Dataset): FromWorker {
  return {
    type: 'result',
    id,
    uri,
    version,
    analysis: encodeAnalysis(analyze(text, dataset)),
    stats: { full: true, parsedChars: text.length, blocks: 1, ms: 1 },
  };
}

describe('the analysis worker', () => {
  const dataset = loadBundledDataset();

  describe('packing an analysis for the trip between threads', () => {
    it('gives back an equal analysis: references, candidates, diagnostics and their entries, the index in its order', () => {
      const ambiguous = '# One\n\nThe G20 meeting.\n\n# Two\n\nThe Estonia MOCs and [@nope].';
      const unknown = 'In 2024 Japan and Norway signed the Kestrel Bay Quantum Memorandum (KBQM). KBQM is new.';
      for (const text of [...EXAMPLES, generateDraft(100_000), '', ambiguous, unknown]) {
        for (const options of [{}, { uncatalogued: false }]) {
          const a = analyze(text, dataset, options);
          assert.deepEqual(plain(decodeAnalysis(encodeAnalysis(a))), plain(a));
        }
      }
      const names = decodeAnalysis(encodeAnalysis(analyze(unknown, dataset))).uncatalogued ?? [];
      assert.deepEqual(
        names.map((u) => [u.label, u.abbreviation, Boolean(u.abbreviationUse)]),
        [
          ['Kestrel Bay Quantum Memorandum', 'KBQM', false],
          ['Kestrel Bay Quantum Memorandum', 'KBQM', true],
        ],
        'uncatalogued names, with their abbreviation, survive the trip',
      );
      assert.equal(decodeAnalysis(encodeAnalysis(analyze(unknown, dataset, { uncatalogued: false }))).uncatalogued, undefined);
      const a = analyze(ambiguous, dataset);
      assert.ok(
        a.references.some((r) => r.candidates) && a.diagnostics.some((d) => !d.entries) && a.diagnostics.some((d) => d.entries),
        'the sample covers candidates and diagnostics with and without entries',
      );
    });
  });

  describe('its loop (in this thread)', () => {
    it('answers with the analysis of each version, updated incrementally', async () => {
      const w = inProcessWorker();
      w.send({ type: 'dataset', generation: 1, dataset });
      let text = EXAMPLES[0]!;
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 1, text });
      await tick();
      text = text.replace('Japan', 'Japan and India');
      w.send({ type: 'analyze', id: 2, uri: 'a', version: 2, generation: 1, text });
      await tick();
      assert.deepEqual(
        w.received.map((m) => [m.type, m.id]),
        [
          ['result', 1],
          ['result', 2],
        ],
      );
      const last = w.received[1] as Extract<FromWorker, { type: 'result' }>;
      assert.equal(last.stats.full, false, 'the second version is an incremental update');
      assert.deepEqual(plain(decodeAnalysis(last.analysis)), plain(analyze(text, dataset)));
    });

    it('with a region budget (a Node worker thread), skips a block that runs past it and analyses the rest', async () => {
      // A run of setext headings with no blank line: remark's time grows with the cube of their
      // number, so 2,000 of them take seconds; the region budget here is a fraction of that.
      let made = 0;
      const w = inProcessWorker({ regionBudget: () => (made++, regionBudget(400)) });
      w.send({ type: 'dataset', generation: 1, dataset });
      const slow = 'India\n=\n'.repeat(2000);
      const text = `Japan and Canada.\n\n${slow}\nThe Estonia MOC and China.\n`;
      const filled = text.replace(slow, slow.replace(/[^\n]/g, 'x'));
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 1, text });
      await tick();
      const edited = text.replace('China', 'China and Korea');
      w.send({ type: 'analyze', id: 2, uri: 'a', version: 2, generation: 1, text: edited });
      await tick();
      w.send({ type: 'summarize', id: 3, uri: 'a', version: 2, generation: 1, text: edited });
      await tick();
      assert.ok(made >= 2, 'the loop asked for a region budget');
      assert.deepEqual(
        w.received.map((m) => [m.type, m.id]),
        [
          ['result', 1],
          ['result', 2],
          ['summary', 3],
        ],
      );
      for (const [k, version] of [text, edited].entries()) {
        const got = decodeAnalysis((w.received[k] as Extract<FromWorker, { type: 'result' }>).analysis);
        const plainText = k === 0 ? filled : filled.replace('China', 'China and Korea');
        assert.deepEqual(got.references, analyze(plainText, dataset).references, `version ${k + 1}`);
        assert.deepEqual(
          got.diagnostics.map((d) => [d.code, d.start.line]),
          [['time-budget', 3]],
        );
        assert.ok(version.includes(slow));
      }
      const summary = (w.received[2] as Extract<FromWorker, { type: 'summary' }>).summary;
      assert.deepEqual(summary, summarizeDraft(analyze(edited, dataset, { runRegion: regionBudget(400) }), edited));
    });

    it('cancels a queued request when a newer one for the same document arrives, and runs the newest', async () => {
      const w = inProcessWorker();
      w.send({ type: 'dataset', generation: 1, dataset });
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 1, text: EXAMPLES[0]! });
      w.send({ type: 'analyze', id: 2, uri: 'b', version: 1, generation: 1, text: EXAMPLES[1]! });
      w.send({ type: 'analyze', id: 3, uri: 'a', version: 2, generation: 1, text: EXAMPLES[2]! });
      w.send({ type: 'analyze', id: 4, uri: 'a', version: 3, generation: 1, text: EXAMPLES[0]! });
      await tick();
      await tick();
      assert.deepEqual(
        w.received.map((m) => [m.type, m.id]),
        [
          ['cancelled', 1],
          ['cancelled', 3],
          ['result', 2],
          ['result', 4],
        ],
      );
    });

    it('summarises for the workspace index apart from analyses of the same document; a newer summary request replaces a queued one', async () => {
      const w = inProcessWorker();
      w.send({ type: 'dataset', generation: 1, dataset });
      w.send({ type: 'summarize', id: 1, uri: 'a', version: 1, generation: 1, text: EXAMPLES[0]! });
      w.send({ type: 'analyze', id: 2, uri: 'a', version: 1, generation: 1, text: EXAMPLES[0]! });
      w.send({ type: 'summarize', id: 3, uri: 'a', version: 2, generation: 1, text: EXAMPLES[1]! });
      await tick();
      await tick();
      assert.deepEqual(
        w.received.map((m) => [m.type, m.id]),
        [
          ['cancelled', 1],
          ['result', 2],
          ['summary', 3],
        ],
      );
      const summary = w.received[2] as Extract<FromWorker, { type: 'summary' }>;
      assert.deepEqual(summary.summary, summarizeDraft(analyze(EXAMPLES[1]!, dataset), EXAMPLES[1]!));
    });

    it('forgets a document: its queued request is cancelled', async () => {
      const w = inProcessWorker();
      w.send({ type: 'dataset', generation: 1, dataset });
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 1, text: EXAMPLES[0]! });
      w.send({ type: 'forget', uri: 'a' });
      await tick();
      assert.deepEqual(
        w.received.map((m) => [m.type, m.id]),
        [['cancelled', 1]],
      );
    });

    it('reports an error, not a crash, for a request with a dataset it never received', async () => {
      const w = inProcessWorker();
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 7, text: 'Japan.' });
      await tick();
      assert.equal(w.received[0]?.type, 'error');
    });

    it('starts a document afresh when the dataset changes', async () => {
      const w = inProcessWorker();
      const other = loadDataset([
        {
          name: 'tiny',
          data: {
            entries: [
              {
                id: 'jpn',
                kind: 'country',
                type: 'country',
                label: 'Zubrowka',
                aliases: [],
                summary: 'x',
                sources: [],
                officialName: 'Japan',
                commonName: 'Zubrowka',
                demonyms: [],
                capital: [],
              },
            ],
          },
        },
      ]);
      w.send({ type: 'dataset', generation: 1, dataset });
      w.send({ type: 'analyze', id: 1, uri: 'a', version: 1, generation: 1, text: 'Japan and Zubrowka.' });
      await tick();
      w.send({ type: 'dataset', generation: 2, dataset: other });
      w.send({ type: 'analyze', id: 2, uri: 'a', version: 1, generation: 2, text: 'Japan and Zubrowka.' });
      await tick();
      const texts = w.received.map((m) => (m.type === 'result' ? decodeAnalysis(m.analysis).references.map((r) => r.text) : m.type));
      assert.deepEqual(texts, [['Japan'], ['Zubrowka']]);
    });
  });

  describe('its client', () => {
    it('sends the dataset once per generation, and again to a restarted worker', async () => {
      const fakes = [fakeWorker(), fakeWorker()];
      let n = 0;
      const client = new AnalysisWorkerClient(() => fakes[n++]!.handle);
      void client.analyze('a', 1, 'x', dataset);
      void client.analyze('b', 1, 'y', dataset).catch(() => {});
      assert.deepEqual(
        fakes[0]!.sent.map((m) => m.type),
        ['dataset', 'analyze', 'analyze'],
      );
      fakes[0]!.exit(new Error('boom'));
      void client.analyze('a', 2, 'x', dataset);
      assert.deepEqual(
        fakes[1]!.sent.map((m) => m.type),
        ['dataset', 'analyze'],
      );
      client.dispose();
    });

    it('drops, unread, a result older than the newest request for the same document', async () => {
      const fake = fakeWorker();
      const client = new AnalysisWorkerClient(() => fake.handle);
      const first = client.analyze('a', 1, 'Japan.', dataset);
      const second = client.analyze('a', 2, 'India.', dataset);
      const ids = fake.sent.filter((m) => m.type === 'analyze').map((m) => (m as { id: number }).id);
      const result = (id: number, version: number, text: string): FromWorker => resultOf(id, 'a', version, text, dataset);
      fake.reply(result(ids[0]!, 1, 'Japan.'));
      fake.reply(result(ids[1]!, 2, 'India.'));
      assert.deepEqual(await first, { kind: 'stale', version: 1 });
      const done = await second;
      assert.equal(done.kind, 'done');
      assert.deepEqual(
        done.analysis.references.map((r) => r.text),
        ['India'],
      );
      client.dispose();
    });

    it('turns a cancellation into `cancelled`, a worker error into a rejection', async () => {
      const fake = fakeWorker();
      const client = new AnalysisWorkerClient(() => fake.handle);
      const a = client.analyze('a', 1, 'x', dataset);
      const b = client.analyze('b', 1, 'y', dataset);
      const [ia, ib] = fake.sent.filter((m) => m.type === 'analyze').map((m) => (m as { id: number }).id);
      fake.reply({ type: 'cancelled', id: ia!, uri: 'a', version: 1 });
      fake.reply({ type: 'error', id: ib!, uri: 'b', version: 1, message: 'bad text' });
      assert.deepEqual(await a, { kind: 'cancelled', version: 1 });
      await assert.rejects(b, /bad text/);
      client.dispose();
    });

    it('rejects what is in flight when the worker dies, restarts it, and gives up after too many deaths', async () => {
      const { fakes, spawn } = fakeWorkers();
      const client = new AnalysisWorkerClient(spawn, { maxRestarts: 1 });
      for (let k = 0; k < 2; k++) {
        const pending = client.analyze('a', k, 'x', dataset);
        fakes[k]!.exit(new Error(`crash ${k}`));
        await assert.rejects(pending, new RegExp(`crash ${k}`));
      }
      await assert.rejects(client.analyze('a', 9, 'x', dataset), /stopped 2 times; last: crash 1/);
      assert.equal(fakes.length, 2);
      client.dispose();
    });
  });

  describe('its time budget', () => {
    const result = (id: number, uri: string, version: number, text: string): FromWorker => resultOf(id, uri, version, text, dataset);
    const ids = (fake: ReturnType<typeof fakeWorker>): number[] =>
      fake.sent.filter((m) => m.type === 'analyze').map((m) => (m as { id: number }).id);

    it('stops a worker that answers nothing within the budget: that request fails in one line, the others go to a new worker', async () => {
      const { fakes, spawn } = fakeWorkers();
      const client = new AnalysisWorkerClient(spawn, { budgetMs: (chars) => 30 + chars, maxRestarts: 0 });
      const stuck = client.analyze('slow', 1, 'x', dataset);
      const waiting = client.analyze('other', 1, 'Japan.', dataset);
      const error = await stuck.then(
        () => assert.fail('the stuck request must fail'),
        (e: Error) => e,
      );
      assert.match(error.message, /^the analysis ran past its time budget of \d+ s and was stopped;[^\n]*$/);
      assert.equal(fakes[0]!.terminated, true);
      // Not a crash: a new worker, although no restart is allowed, gets the other request and the dataset.
      assert.equal(fakes.length, 2);
      assert.deepEqual(
        fakes[1]!.sent.map((m) => m.type),
        ['dataset', 'analyze'],
      );
      fakes[1]!.reply(result(ids(fakes[1]!)[0]!, 'other', 1, 'Japan.'));
      assert.equal((await waiting).kind, 'done');
      // The document that ran over is not sent again until it is forgotten (closed and reopened).
      await assert.rejects(client.analyze('slow', 2, 'x', dataset), /time budget/);
      assert.equal(ids(fakes[1]!).length, 1);
      client.forget('slow');
      void client.analyze('slow', 3, 'x', dataset).catch(() => {});
      assert.equal(ids(fakes[1]!).length, 2);
      client.dispose();
    });

    it('counts from the last answer: a worker that keeps answering is never stopped', async () => {
      const fake = fakeWorker();
      const client = new AnalysisWorkerClient(() => fake.handle, { budgetMs: () => 60 });
      const runs: Array<Promise<unknown>> = [];
      for (let k = 0; k < 4; k++) runs.push(client.analyze(`d${k}`, 1, 'Japan.', dataset));
      for (const [k, id] of ids(fake).entries()) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        fake.reply(result(id, `d${k}`, 1, 'Japan.'));
      }
      for (const run of runs) assert.equal(((await run) as { kind: string }).kind, 'done');
      assert.equal(fake.terminated, false);
      client.dispose();
    });
  });

  describe('the real bundle (dist/analysis-worker.js) in a worker thread', function () {
    let client: AnalysisWorkerClient;
    before(() => {
      assert.ok(existsSync(WORKER), `${WORKER} is missing: run node esbuild.js`);
      client = new AnalysisWorkerClient(() => startNodeWorker(WORKER));
    });
    after(() => client.dispose());

    const done = (outcome: Outcome): Analysis => {
      assert.equal(outcome.kind, 'done');
      return outcome.analysis;
    };

    it('gives the same analysis as `analyze`, for drafts and for each edit of a draft', async () => {
      for (const [k, text] of EXAMPLES.entries())
        assert.deepEqual(plain(done(await client.analyze(`ex${k}`, 1, text, dataset))), plain(analyze(text, dataset)));
      let text = generateDraft(150_000);
      const local = new IncrementalAnalyzer(dataset);
      local.reset(text);
      assert.deepEqual(plain(done(await client.analyze('big', 1, text, dataset))), plain(analyze(text, dataset)));
      for (let version = 2; version < 6; version++) {
        const at = Math.floor((text.length * version) / 7);
        text = text.slice(0, at) + (version === 4 ? '\n\n```\n' : ' Estonia MOC ') + text.slice(at);
        const outcome = await client.analyze('big', version, text, dataset);
        assert.deepEqual(plain(done(outcome)), plain(local.update(text)), `version ${version}`);
      }
    });

    it('runs a document without the detector when asked, and keeps no analyzer across the switch', async () => {
      const text = 'In 2021 Chile and Norway agreed the Fjordline Data Corridor Initiative (FDCI).\n\nThe Estonia MOC matters.\n';
      const on = done(await client.analyze('switch', 1, text, dataset));
      assert.deepEqual(
        on.uncatalogued?.map((u) => u.label),
        ['Fjordline Data Corridor Initiative'],
      );
      const off = done(await client.analyze('switch', 2, text + 'FDCI again.\n', dataset, { uncatalogued: false }));
      assert.deepEqual(plain(off), plain(analyze(text + 'FDCI again.\n', dataset, { uncatalogued: false })));
      assert.equal(off.uncatalogued, undefined);
      const back = done(await client.analyze('switch', 3, text, dataset));
      assert.deepEqual(plain(back), plain(on), 'on again: the names come back (no analyzer of the other setting reused)');
      const summary = await client.summarize('switch-file', 1, text, dataset, { uncatalogued: false });
      assert.ok(summary.kind === 'done');
      assert.deepEqual(summary.summary.uncatalogued, []);
      assert.deepEqual(summary.summary, summarizeDraft(analyze(text, dataset, { uncatalogued: false }), text));
    });

    it('summarises files as `summarizeDraft` does, keeping nothing, and only the newest of a burst for one file', async () => {
      for (const [k, text] of EXAMPLES.entries()) {
        const outcome = await client.summarize(`file${k}`, 1, text, dataset);
        assert.ok(outcome.kind === 'done');
        assert.deepEqual(outcome.summary, summarizeDraft(analyze(text, dataset), text));
      }
      const outcomes = await Promise.all(EXAMPLES.map((text, k) => client.summarize('same', k + 1, text, dataset)));
      assert.deepEqual(
        outcomes.map((o) => o.kind === 'done'),
        [false, false, true],
      );
    });

    it('runs only the newest of requests made in a burst: the others are cancelled or dropped', async () => {
      const base = generateDraft(400_000);
      const texts = [0, 1, 2, 3].map((k) => base.replace('Japan', `Japan${' and India'.repeat(k)}`));
      const outcomes = await Promise.all(texts.map((text, k) => client.analyze('burst', k + 1, text, dataset)));
      assert.deepEqual(plain(done(outcomes[3]!)), plain(analyze(texts[3]!, dataset)));
      const kinds = outcomes.slice(0, 3).map((o) => o.kind);
      assert.ok(
        kinds.every((k) => k === 'cancelled' || k === 'stale'),
        kinds.join(),
      );
      // The worker reads every message that arrived while it worked before starting the next request,
      // so at most one of the older requests can have run.
      assert.ok(kinds.filter((k) => k === 'cancelled').length >= 2, kinds.join());
    });

    it('hands its analyzer state over on request: continued here, it gives the same analyses', async () => {
      let text = EXAMPLES[0]!;
      const outcome = await client.analyze('handover', 1, text, dataset, { state: true });
      assert.ok(outcome.kind === 'done' && outcome.state, 'a state comes with the result');
      const here = IncrementalAnalyzer.fromState(dataset, text, outcome.state, outcome.analysis);
      text = text.replace('Japan', 'Japan and the Estonia MOC');
      assert.deepEqual(plain(here.update(text)), plain(analyze(text, dataset)));
      const without = await client.analyze('handover', 2, text, dataset);
      assert.equal((without as Extract<Outcome, { kind: 'done' }>).state, undefined, 'no state unless asked');
    });

    it('forgets a document and analyses it afresh when asked again', async () => {
      const text = EXAMPLES[1]!;
      done(await client.analyze('gone', 1, text, dataset));
      client.forget('gone');
      const outcome = await client.analyze('gone', 2, text, dataset);
      assert.equal((outcome as Extract<Outcome, { kind: 'done' }>).stats.full, true);
    });

    it('uses the dataset of each request', async () => {
      const tiny: Dataset = loadDataset([
        {
          name: 'tiny',
          data: {
            entries: [
              {
                id: 'jpn',
                kind: 'country',
                type: 'country',
                label: 'Zubrowka',
                aliases: [],
                summary: 'x',
                sources: [],
                officialName: 'Japan',
                commonName: 'Zubrowka',
                demonyms: [],
                capital: [],
              },
            ],
          },
        },
      ]);
      const text = 'Japan and Zubrowka.';
      assert.deepEqual(
        done(await client.analyze('ds', 1, text, tiny)).references.map((r) => r.text),
        ['Zubrowka'],
      );
      assert.deepEqual(
        done(await client.analyze('ds', 1, text, dataset)).references.map((r) => r.text),
        ['Japan'],
      );
    });
  });
});
