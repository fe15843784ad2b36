// Named to run after navigation.test.ts: a closed editor's document can stay in workspace.textDocuments for a while, and Find All References searches every open draft.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generateDraft } from '../../bench/generate';
import { analyze, loadBundledDataset, type Analysis } from '../../src/core';
import { activeApiWithHooks, EXTENSION_ID, hoverText, type HookedApi } from './helpers';
import { profileBlocks, type Blocks } from './profile';

/** The next time the extension reports the analysis of `uri`'s current version. */
function nextCurrentAnalysis(api: HookedApi, uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const subscription = api.onDidUpdateAnalysis((document) => {
      if (document.uri.toString() === uri.toString() && api.isCurrent(document)) {
        subscription.dispose();
        resolve();
      }
    });
  });
}

/** Resolves when `editor` shows agreement colours, saying whether the analysis was current by then. */
async function coloured(api: HookedApi, editor: vscode.TextEditor): Promise<{ current: boolean; agreement: readonly vscode.Range[] }> {
  for (const until = performance.now() + 60_000; ;) {
    const agreement = api.__test.decorationsFor(editor)?.agreement ?? [];
    if (agreement.length > 0 || performance.now() > until) return { current: api.isCurrent(editor.document), agreement };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Fails after `ms` (a hang, not a speed check: the machine may be loaded). */
function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} after ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether a script is this extension's bundle: its folder's dist/extension.js and nothing else (the
 * harness keeps code-server, and so the built-in extensions' own dist/extension.js, under the
 * repository's .cache folder).
 */
function isOurs(url: string): boolean {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.path;
  return url.endsWith(`${root}/dist/extension.js`);
}

function logBlocks(when: string, blocks: Blocks): void {
  console.log(
    `      ${when}: longest run of our code on the extension host thread ${blocks.oursMs.toFixed(1)} ms; ` +
      `longest run of any code ${blocks.anyMs.toFixed(1)} ms, mostly ${blocks.anyMostly}`,
  );
  if (blocks.oursMs > 50) console.log(`      where our longest run went: ${blocks.oursWhere.join('; ')}`);
}

function assertSameAnalysis(actual: Analysis, expected: Analysis): void {
  assert.equal(actual.references.length, expected.references.length, 'as many references as the core finds');
  assert.deepStrictEqual(actual.references, expected.references);
  assert.deepStrictEqual(actual.diagnostics, expected.diagnostics);
  assert.deepStrictEqual([...actual.byEntry.entries()], [...expected.byEntry.entries()]);
}

/** Logs how long a call held the extension host: figures for the log, never asserted. */
function timed<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const value = fn();
  console.log(`      ${label}: ${(performance.now() - t0).toFixed(1)} ms`);
  return value;
}

describe('A large draft (1.5 MB, generated into the workspace for this test)', function () {
  this.timeout(300_000);
  const WAIT_MS = 240_000;
  let api: HookedApi;
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  const dataset = loadBundledDataset();

  before(async () => {
    api = await activeApiWithHooks();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need the fixture workspace open');
    uri = vscode.Uri.joinPath(folder.uri, 'large-generated.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(generateDraft(1_500_000)));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('policyLens').update('maxDocumentSize', undefined, vscode.ConfigurationTarget.Global);
    // Closed before its file goes: an open document stays in the workspace index as the editor holds it.
    if (doc && !doc.isClosed) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.workspace.fs.delete(uri);
  });

  it('opens, and the extension answers at once, then reports the complete analysis when the worker has it', async () => {
    const updated = nextCurrentAnalysis(api, uri);
    // How long the extension host's thread was held while the draft opened and the worker analysed it:
    // the event loop lag counts VS Code's own Markdown support too; the profile tells our code apart.
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const stopProfile = await profileBlocks(isOurs);
    doc = await vscode.workspace.openTextDocument(uri);
    const opened = performance.now();
    // Asked at once, in the same task as the open: on a loaded machine the worker may be done by the time the editor shows.
    const first = timed('analysisFor, just opened', () => api.analysisFor(doc));
    assert.ok(Array.isArray(first.references), 'an analysis, empty or not, without waiting');
    assert.equal(api.isCurrent(doc), false, 'a 1.5 MB draft cannot be analysed yet: the extension did not wait for it');
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(doc.getText().length > 1_400_000);
    // Colour on open: the lines on screen are coloured from a provisional analysis of them, before the worker's lands.
    const early = await coloured(api, editor);
    assert.ok(early.agreement.length > 0, 'the lines on screen are coloured');
    console.log(`      first colours on screen ${(performance.now() - opened).toFixed(0)} ms after opening`);
    assert.equal(early.current, false, 'the colours came before the full analysis');
    // What is analysed runs from the blank line before the screen to the one after it: a paragraph may reach past the screen.
    const lines = editor.visibleRanges.map((r) => [r.start.line, r.end.line]).flat();
    for (const r of early.agreement)
      assert.ok(
        r.start.line >= Math.min(...lines) - 60 && r.start.line <= Math.max(...lines) + 60,
        `line ${r.start.line} is near the screen`,
      );
    await within('analysis of the large draft', WAIT_MS, updated);
    lag.disable();
    console.log(
      `      longest extension host block (event loop lag) from opening to the worker's result: ${(lag.max / 1e6).toFixed(1)} ms`,
    );
    logBlocks('opening', await stopProfile());
    const analysis = timed('analysisFor, current', () => api.analysisFor(doc));
    assertSameAnalysis(analysis, analyze(doc.getText(), dataset));
    assert.ok(analysis.references.length > 10_000, `${analysis.references.length} references`);
    assert.ok(
      early.agreement.length * 20 < analysis.references.length,
      `the first colours covered the screen, not the draft (${early.agreement.length})`,
    );
  });

  it('shows the hover card of a reference in the middle of the draft', async () => {
    const refs = api.analysisFor(doc).references;
    const ref = refs.slice(refs.length / 2).find((r) => r.kind === 'agreement' && !r.candidates);
    assert.ok(ref, 'an unambiguous agreement in the second half');
    const t0 = performance.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(ref.start.offset + 1),
    );
    console.log(`      hover round trip through VS Code: ${(performance.now() - t0).toFixed(1)} ms`);
    const texts = (hovers ?? []).map(hoverText);
    assert.ok(
      texts.some((t) => t.includes(ref.label)),
      `no hover shows ${JSON.stringify(ref.label)}: ${JSON.stringify(texts)}`,
    );
  });

  it('after an edit, answers with the previous analysis, then the updated one', async () => {
    const before = api.analysisFor(doc);
    const stopProfile = await profileBlocks(isOurs);
    const middle = doc.positionAt(doc.getText().indexOf('\n\n', doc.getText().length / 2) + 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, middle, 'The Estonia MOC was signed in 2022.\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const updated = nextCurrentAnalysis(api, uri);
    assert.equal(
      timed('analysisFor, just edited', () => api.analysisFor(doc)),
      before,
      'the last analysis, while the worker updates it',
    );
    assert.equal(api.isCurrent(doc), false);
    await within('analysis of the edit', WAIT_MS, updated);
    logBlocks('an edit', await stopProfile());
    const after = api.analysisFor(doc);
    assertSameAnalysis(after, analyze(doc.getText(), dataset));
    assert.equal(after.references.length, before.references.length + 1, 'one more reference: the Estonia MOC');
  });

  it('is not analysed over policyLens.maxDocumentSize, and is once the limit is raised', async () => {
    const config = () => vscode.workspace.getConfiguration('policyLens');
    await config().update('maxDocumentSize', 1, vscode.ConfigurationTarget.Global);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'Japan. ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    api.analysisFor(doc);
    assert.equal(api.isCurrent(doc), false, 'over the 1 MB limit: not analysed');
    const updated = nextCurrentAnalysis(api, uri);
    await config().update('maxDocumentSize', undefined, vscode.ConfigurationTarget.Global);
    await within('analysis once the limit was raised', WAIT_MS, updated);
    assertSameAnalysis(api.analysisFor(doc), analyze(doc.getText(), dataset));
  });
});
