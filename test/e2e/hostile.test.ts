import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { activeApi, type PolicyLensApi } from './helpers';

/**
 * Hostile drafts open in a real extension host: 3,000 `>` on one line (a 3 KB file, small enough to
 * be analysed on the host's own thread) and `*a` repeated. The host must stay responsive (a command
 * round trip returns while they are open), and each limit is reported once, as a warning where it
 * was reached. Timings are logged, never asserted (the machine may be loaded); the timeouts catch a
 * hang or a crash.
 */

/** Fails after `ms` (a hang, not a speed check). */
function within<T>(what: string, ms: number, promise: Thenable<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} after ${ms / 1000} s`)), ms)));
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when `uri` has diagnostics with `code`. */
function diagnosticsWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  const now = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.code === code);
  return new Promise((resolve) => {
    if (now().length > 0) return resolve(now());
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || now().length === 0) return;
      sub.dispose();
      resolve(now());
    });
  });
}

describe('Hostile drafts on the extension host', function () {
  this.timeout(180_000);
  const WAIT_MS = 120_000;
  let api: PolicyLensApi;
  const files: vscode.Uri[] = [];
  const DRAFTS = [
    { name: 'hostile-deep-quote.md', text: `${'>'.repeat(3000)} Japan\n\nIndia is named after it.\n`, code: 'nesting-limit' },
    { name: 'hostile-emphasis.md', text: `Japan ${'*a'.repeat(50_000)}\n\nIndia is named after it.\n`, code: 'inline-marker-limit' },
  ];

  before(async () => {
    api = await activeApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need the fixture workspace open');
    for (const d of DRAFTS) {
      const uri = vscode.Uri.joinPath(folder.uri, d.name);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(d.text));
      files.push(uri);
    }
  });

  after(async () => {
    for (const uri of files) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc && !doc.isClosed) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('opens both, stays responsive, and reports each limit once where it was reached', async () => {
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const docs: vscode.TextDocument[] = [];
    for (const [k, d] of DRAFTS.entries()) {
      const reported = diagnosticsWith(files[k]!, d.code);
      const doc = await within(`opening ${d.name}`, WAIT_MS, vscode.workspace.openTextDocument(files[k]!));
      await within(`showing ${d.name}`, WAIT_MS, vscode.window.showTextDocument(doc, { preview: false }));
      docs.push(doc);
      const t0 = performance.now();
      // A round trip through VS Code to the extension host and back.
      await within(
        'a command round trip',
        WAIT_MS,
        vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1)),
      );
      console.log(`      ${d.name}: hover round trip ${(performance.now() - t0).toFixed(1)} ms`);
      const diagnostics = await within(`the ${d.code} warning of ${d.name}`, WAIT_MS, reported);
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.map((x) => x.message)));
      assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(diagnostics[0]!.range.start.line, 0, 'on the line where the limit was reached');
    }
    lag.disable();
    console.log(`      longest extension host block (event loop lag) while both opened: ${(lag.max / 1e6).toFixed(1)} ms`);
    // Edits keep the host responsive, and the limit is still reported once per document.
    for (const [k, doc] of docs.entries()) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount - 1, 0), 'China too.\n');
      assert.ok(await within('an edit', WAIT_MS, vscode.workspace.applyEdit(edit)));
      await within(
        'a command round trip after an edit',
        WAIT_MS,
        vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1)),
      );
      await within(
        'the analysis of the edit',
        WAIT_MS,
        new Promise<void>((resolve) => {
          const check = (): boolean => api.isCurrent(doc) && api.analysisFor(doc).references.some((r) => r.id === 'chn');
          if (check()) return resolve();
          const sub = api.onDidUpdateAnalysis(() => {
            if (!check()) return;
            sub.dispose();
            resolve();
          });
        }),
      );
      const limits = api.analysisFor(doc).diagnostics.filter((d) => d.code === DRAFTS[k]!.code);
      assert.equal(limits.length, 1);
      assert.ok(
        api.analysisFor(doc).references.some((r) => r.id === 'ind'),
        'what lies outside the limit is analysed',
      );
    }
  });
});
