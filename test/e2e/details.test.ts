import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, offsetIn, openDraft, waitUntil } from './helpers';

const COMMAND = 'policyLens.showReferenceDetails';

/** Runs the command while pressing `keys` (quick input commands) until it settles: the command waits on a QuickPick. */
async function runAnswering(keys: string[]): Promise<void> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand(COMMAND)).finally(() => (settled = true));
  // The command's showQuickPick sends the items after a few promise hops; commands sent after a
  // macrotask reach the workbench behind them, so the first key already sees the items.
  await new Promise((r) => setTimeout(r, 0));
  const deadline = Date.now() + 10000;
  while (!settled) {
    if (Date.now() > deadline) assert.fail(`${COMMAND} did not finish; keys: ${keys.join(', ')}`);
    for (const k of keys) await vscode.commands.executeCommand(k);
    await new Promise((r) => setTimeout(r, 50));
  }
  await run;
}

async function closeEntryEditors(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    const tabs = group.tabs.filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'policy-lens');
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }
}

describe('Show Reference Details', () => {
  let draft: vscode.TextEditor;

  before(async () => {
    await activeApi();
  });

  beforeEach(async () => {
    await closeEntryEditors();
    const doc = await openDraft();
    draft = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  });

  after(closeEntryEditors);

  it('opens the card of the reference at the cursor beside the draft, focused', async () => {
    const doc = draft.document;
    const at = doc.positionAt(offsetIn(doc.getText(), 'The Estonia MOC, signed', 'MOC'));
    draft.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand(COMMAND);
    await waitUntil('the entry document to be active', () => vscode.window.activeTextEditor?.document.uri.scheme === 'policy-lens');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), 'policy-lens:/entry/moc-estonia-2022.md');
    assert.equal(editor.viewColumn, vscode.ViewColumn.Two, 'beside the draft');
    assert.match(editor.document.getText(), /^### Japan–Estonia Memorandum of Cooperation/);
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === doc),
      'the draft stays visible',
    );
  });

  it('works with the cursor right after a name', async () => {
    const doc = draft.document;
    const at = doc.positionAt(offsetIn(doc.getText(), 'India is the partner', 'India') + 'India'.length);
    draft.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand(COMMAND);
    await waitUntil('the entry document to be active', () => vscode.window.activeTextEditor?.document.uri.scheme === 'policy-lens');
    assert.equal(vscode.window.activeTextEditor!.document.uri.toString(), 'policy-lens:/entry/ind.md');
    assert.match(vscode.window.activeTextEditor!.document.getText(), /India/);
  });

  it('opens nothing where there is no reference', async () => {
    const doc = draft.document;
    const at = doc.positionAt(offsetIn(doc.getText(), 'occasional dialogues'));
    draft.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand(COMMAND);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'policy-lens'));
  });

  describe('on an ambiguous reference', () => {
    let candidates: string[];

    beforeEach(async () => {
      const doc = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: 'The G20 Digital Economy Ministers’ Meeting is annual.\n',
      });
      draft = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      const ref = (await activeApi()).analysisFor(doc).references[0];
      assert.ok(ref?.candidates && ref.candidates.length >= 2, 'the reference is ambiguous');
      candidates = ref.candidates;
      draft.selection = new vscode.Selection(doc.positionAt(5), doc.positionAt(5));
    });

    afterEach(async () => {
      await closeEntryEditors();
      await vscode.window.showTextDocument(draft.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('asks which candidate, and opens the one picked', async () => {
      await runAnswering(['workbench.action.quickOpenSelectNext', 'workbench.action.acceptSelectedQuickOpenItem']);
      await waitUntil('the entry document to be active', () => vscode.window.activeTextEditor?.document.uri.scheme === 'policy-lens');
      assert.equal(vscode.window.activeTextEditor!.document.uri.toString(), `policy-lens:/entry/${candidates[1]}.md`);
    });

    it('opens nothing when the question is cancelled', async () => {
      await runAnswering(['workbench.action.closeQuickOpen']);
      assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'policy-lens'));
    });
  });
});
