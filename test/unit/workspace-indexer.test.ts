import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { analyze, loadBundledDataset, summarizeDraft } from '../../src/core';
import { WorkspaceIndexer } from '../../src/vscode/workspace-index/indexer';
import { AnalysisWorkerClient } from '../../src/worker/client';
import { startNodeWorker } from '../../src/worker/node-host';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'analysis-worker.js');
const dataset = loadBundledDataset();

/** Files in memory; a read can be held until the test releases it. */
function memoryFiles(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  const held = new Map<string, () => void>();
  let holding = false;
  return {
    files,
    hold: (on: boolean) => void (holding = on),
    release: (uri: string) => {
      held.get(uri)?.();
      held.delete(uri);
    },
    read: async (uri: string): Promise<Uint8Array> => {
      if (holding) await new Promise<void>((resolve) => held.set(uri, resolve));
      const text = files.get(uri);
      if (text === undefined) throw new Error(`${uri}: no such file`);
      return new TextEncoder().encode(text);
    },
  };
}

describe('WorkspaceIndexer (through the real worker bundle)', () => {
  let client: AnalysisWorkerClient;
  before(() => {
    assert.ok(existsSync(WORKER), `${WORKER} is missing: run node esbuild.js`);
    client = new AnalysisWorkerClient(() => startNodeWorker(WORKER));
  });
  after(() => client.dispose());

  const indexer = (fs: ReturnType<typeof memoryFiles>) =>
    new WorkspaceIndexer({ read: fs.read, worker: () => client, dataset: () => dataset, concurrency: 2, settleMs: 1 });

  it('indexes every file, then exactly the set it is given', async () => {
    const fs = memoryFiles({ a: '# A\n\nThe Estonia MOC.\n', b: 'India and Japan.\n', c: 'Nothing here.\n' });
    const ix = indexer(fs);
    ix.setFiles(['a', 'b', 'c']);
    await ix.whenIdle();
    assert.deepEqual(ix.index.uris().sort(), ['a', 'b', 'c']);
    for (const uri of ['a', 'b', 'c']) {
      const text = fs.files.get(uri)!;
      assert.deepEqual(ix.index.get(uri), summarizeDraft(analyze(text, dataset), text));
    }
    ix.setFiles(['a', 'c']);
    await ix.whenIdle();
    assert.deepEqual(ix.index.uris().sort(), ['a', 'c']);
    ix.dispose();
  });

  it('drops work for a file that changes again while it is read: the newest text wins', async () => {
    const fs = memoryFiles({ a: 'The Estonia MOC.\n' });
    const ix = indexer(fs);
    fs.hold(true);
    ix.update('a');
    await new Promise((r) => setTimeout(r, 5));
    fs.files.set('a', 'India only.\n');
    fs.hold(false);
    ix.update('a');
    fs.release('a');
    await ix.whenIdle();
    const text = 'India only.\n';
    assert.deepEqual(ix.index.get('a'), summarizeDraft(analyze(text, dataset), text));
    ix.dispose();
  });

  it('takes an open document from its analysis and ignores its file until it is closed', async () => {
    const fs = memoryFiles({ a: 'India.\n' });
    const ix = indexer(fs);
    const unsaved = '# Unsaved\n\nThe Estonia MOC.\n';
    ix.updateDocument('a', analyze(unsaved, dataset), unsaved);
    ix.update('a');
    await ix.whenIdle();
    assert.equal(ix.index.get('a')?.title, 'Unsaved');
    ix.closeDocument('a', true);
    await ix.whenIdle();
    assert.deepEqual(ix.index.get('a'), summarizeDraft(analyze('India.\n', dataset), 'India.\n'));
    ix.dispose();
  });

  it('stops reading a file from disk once its document is open, even before its analysis is ready', async () => {
    const fs = memoryFiles({ a: 'India.\n' });
    const ix = indexer(fs);
    fs.hold(true);
    ix.update('a');
    await new Promise((r) => setTimeout(r, 5));
    ix.openDocument('a');
    fs.release('a');
    ix.update('a');
    await ix.whenIdle();
    assert.equal(ix.index.has('a'), false, 'the file read under way counts for nothing, and no new read starts');
    ix.dispose();
  });

  it('removes a file that cannot be read any more, and says why', async () => {
    const fs = memoryFiles({ a: 'India.\n' });
    const ix = indexer(fs);
    ix.update('a');
    await ix.whenIdle();
    assert.ok(ix.index.has('a'));
    fs.files.delete('a');
    ix.update('a');
    await ix.whenIdle();
    assert.equal(ix.index.has('a'), false);
    assert.match(ix.lastError?.message ?? '', /no such file/);
    ix.dispose();
  });

  it('lists the files it had to leave out, with why, until they are indexed, removed or no longer wanted', async () => {
    const fs = memoryFiles({ a: 'India.\n', big: 'Japan.\n', gone: 'Estonia.\n' });
    const read = fs.read;
    // A stand-in for the editor's size limit: "big" is refused while it is over it.
    let limit = 3;
    const ix = new WorkspaceIndexer({
      read: async (uri) => {
        const bytes = await read(uri);
        if (uri === 'big' && bytes.length > limit) throw new Error('over the limit');
        return bytes;
      },
      worker: () => client,
      dataset: () => dataset,
      settleMs: 1,
    });
    fs.files.delete('gone');
    ix.setFiles(['a', 'big', 'gone']);
    await ix.whenIdle();
    assert.deepEqual(ix.index.uris().sort(), ['a']);
    assert.deepEqual([...ix.notIndexed].sort(), [
      ['big', 'over the limit'],
      ['gone', 'gone: no such file'],
    ]);
    limit = 100;
    ix.update('big');
    ix.remove('gone');
    await ix.whenIdle();
    assert.deepEqual(ix.index.uris().sort(), ['a', 'big']);
    assert.deepEqual([...ix.notIndexed], []);
    limit = 3;
    ix.update('big');
    await ix.whenIdle();
    assert.deepEqual([...ix.notIndexed.keys()], ['big']);
    assert.equal(ix.index.has('big'), false, 'out of the index while it is over the limit');
    ix.setFiles(['a']);
    assert.deepEqual([...ix.notIndexed], [], 'a file no longer wanted is not listed');
    ix.dispose();
  });
});
