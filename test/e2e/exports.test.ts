import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeApi, openDraft } from './helpers';

const COMMAND = 'policyLens.export';

interface CslItem {
  id: string;
  type: string;
  title: string;
  issued?: { 'date-parts': number[][] };
}

/** The document an export opened, by the URI the command returned (not whichever editor is active by now). */
function opened(uri: vscode.Uri | undefined): vscode.TextDocument {
  assert.ok(uri, 'the command returns what it opened');
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(doc, `the export's document ${uri.toString()} is open`);
  return doc;
}

/** Closes the untitled documents the exports opened, discarding them (no save prompt). */
async function closeUntitled(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== 'untitled') continue;
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: group.viewColumn });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }
}

describe('Export Cited Engagements', () => {
  before(async () => {
    await activeApi();
  });

  beforeEach(async () => {
    await closeUntitled();
    await openDraft();
  });

  after(closeUntitled);

  it('is a command with a title in the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
    const ext = vscode.extensions.getExtension('policy-lens.policy-lens')!;
    const contributed = (
      ext.packageJSON as { contributes: { commands: Array<{ command: string; title: string; category: string }> } }
    ).contributes.commands.find((c) => c.command === COMMAND);
    // package.json's %…% strings, as VS Code resolves them from package.nls.json
    assert.deepEqual(contributed && [contributed.title, contributed.category], ['Export Cited Engagements…', 'Policy Lens']);
  });

  it('CSL-JSON of the active draft, in a new untitled editor', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMAND, { format: 'csl-json', target: 'untitled' });
    assert.ok(uri, 'the command returns what it opened');
    assert.equal(uri.scheme, 'untitled');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), uri.toString(), 'and shows it');
    assert.equal(editor.document.languageId, 'json');
    const items = JSON.parse(editor.document.getText()) as CslItem[];
    assert.deepEqual(
      items.map((i) => [i.id, i.type, i.title, i.issued?.['date-parts'][0]?.[0]]),
      [
        ['moc-estonia-2022', 'treaty', 'Japan–Estonia Memorandum of Cooperation', 2022],
        ['japan-eu-digital-partnership-2022', 'treaty', 'Japan–EU Digital Partnership', 2022],
      ],
    );
  });

  it('BibTeX and the Markdown table, untitled too', async () => {
    const bib = opened(await vscode.commands.executeCommand<vscode.Uri>(COMMAND, { format: 'bibtex', target: 'untitled' })).getText();
    assert.match(bib, /^@misc\{moc-estonia-2022,\n {2}title = \{\{Japan–Estonia Memorandum of Cooperation\}\},$/m);
    const draft = await openDraft();
    const table = opened(
      await vscode.commands.executeCommand<vscode.Uri>(COMMAND, { format: 'table', target: 'untitled', document: draft.uri.toString() }),
    );
    assert.equal(table.languageId, 'markdown');
    assert.match(table.getText(), /^\| No\. \| Year \| Engagement \| Partner \| Classification \| Citations \|\n/);
    assert.match(table.getText(), /\| 2022 \| Japan–Estonia Memorandum of Cooperation \| Estonia \| Bilateral \| 1 \|/);
  });

  it('CSV to a file, through the workspace file system', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-e2e-')), 'draft.cited.csv');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMAND, {
      format: 'csv',
      target: 'file',
      uri: vscode.Uri.file(file).toString(),
    });
    assert.equal(uri?.fsPath, file);
    const csv = fs.readFileSync(file, 'utf8');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'id,year,engagement,partner,classification,type,citations,source url');
    assert.match(lines[1]!, /^moc-estonia-2022,2022,Japan–Estonia Memorandum of Cooperation,Estonia,Bilateral,memorandum,1,https:/);
    assert.match(lines[2]!, /^japan-eu-digital-partnership-2022,2022,Japan–EU Digital Partnership,/);
    assert.equal(lines.at(-1), '', 'ends with CRLF');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('asks for the format when it is not given', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-e2e-')), 'asked.md');
    let settled = false;
    const run = Promise.resolve(
      vscode.commands.executeCommand<vscode.Uri>(COMMAND, { target: 'file', uri: vscode.Uri.file(file).toString() }),
    ).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    const deadline = Date.now() + 10000;
    while (!settled) {
      if (Date.now() > deadline) assert.fail('the format QuickPick did not take the first item');
      // the first item is the Markdown table
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await run)?.fsPath, file);
    assert.match(fs.readFileSync(file, 'utf8'), /^\| No\. \| Year \| Engagement /);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('exports a given document, as it is now', async () => {
    // an untitled draft, so that the fixture on disk is never edited
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'The Denmark MOC came first.\n' });
    await vscode.window.showTextDocument(doc);
    const ids = async (): Promise<string[]> => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMAND, {
        format: 'csl-json',
        target: 'untitled',
        document: doc.uri.toString(),
      });
      return (JSON.parse(opened(uri).getText()) as CslItem[]).map((i) => i.id);
    };
    assert.deepEqual(await ids(), ['moc-denmark-2021']);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), 'Then the Estonia MOC [@moc-eu-2024].\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual(await ids(), ['moc-denmark-2021', 'moc-estonia-2022', 'moc-eu-2024']);
  });
});
