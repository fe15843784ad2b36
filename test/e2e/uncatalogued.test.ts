import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadBundledDataset } from '../../src/core';
import { AnalysisCache } from '../../src/vscode/analysis-cache';
import { readConfig } from '../../src/vscode/config';
import type { Services } from '../../src/vscode/services';
import { CitedEngagementsProvider, type CitedNode } from '../../src/vscode/tree/provider';
import { activeApi, hoverText, offsetIn, waitUntil, type PolicyLensApi } from './helpers';

const NAME = 'Kestrel Bay Quantum Memorandum';
const ID = 'kestrel-bay-quantum-memorandum';

const DRAFT = [
  '# Research notes',
  '',
  `In March 2024 Japan and India signed the ${NAME} (KBQM). KBQM pools laboratory time.`,
  '',
  'The Japan–UK Digital Partnership is older.',
  '',
  'The Lumen Coast Compact followed in 2023.',
  '',
].join('\n');

const labelOf = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

describe('Names not in the dataset', function () {
  this.timeout(60000);
  let api: PolicyLensApi;
  let dir: vscode.Uri;
  let draftUri: vscode.Uri;
  let draft: vscode.TextDocument;
  const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const at = (): number => offsetIn(draft.getText(), NAME);
  const unknownNames = (): string[] => (api.analysisFor(draft).uncatalogued ?? []).map((u) => u.label);

  before(async () => {
    api = await activeApi();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    dir = vscode.Uri.joinPath(folder, '.policylens');
    draftUri = vscode.Uri.joinPath(folder, 'uncatalogued-draft.md');
    await write(draftUri, DRAFT);
    draft = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(draft);
    await waitUntil('the name reported', () => unknownNames().includes(NAME));
  });

  after(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/.policylens/'))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(draftUri, { useTrash: false });
  });

  it('underlines the name and its abbreviation, not the catalogued name beside them', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === draft)!;
    const starts = (): number[] => (api.__test.decorationsFor(editor)?.uncatalogued ?? []).map((r) => draft.offsetAt(r.start));
    await waitUntil('the dotted underline', () => starts().includes(at()));
    assert.ok(starts().includes(draft.getText().indexOf('KBQM pools')), 'the later use of the abbreviation too');
    const catalogued = offsetIn(draft.getText(), 'Japan–UK Digital Partnership');
    assert.ok(!starts().includes(catalogued));
    assert.ok((api.__test.decorationsFor(editor)?.agreement ?? []).some((r) => draft.offsetAt(r.start) === catalogued));
  });

  it('explains it on hover: not in the dataset, the year and parties guessed, and the command', async () => {
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, draft.positionAt(at() + 3))) ?? [];
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /Not in the dataset/);
    assert.match(text, new RegExp(NAME));
    assert.match(text, /2024-03/);
    assert.match(text, /Japan/);
    assert.match(text, /India/);
    assert.match(text, /Add to Team Dataset…/);
  });

  it('reports an uncatalogued hint with an Add to Team Dataset… quick fix', async () => {
    await waitUntil('the diagnostic', () => vscode.languages.getDiagnostics(draft.uri).some((d) => d.code === 'uncatalogued'));
    const diagnostic = vscode.languages.getDiagnostics(draft.uri).find((d) => d.code === 'uncatalogued')!;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Hint);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', draft.uri, diagnostic.range)) ?? [];
    const add = actions.find((a) => a.title === 'Add to Team Dataset…');
    assert.ok(add?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(add.command.command, 'policyLens.addToTeamDataset');
  });

  it('lists it in the tree under "Not in the dataset", with its occurrences', () => {
    const services: Omit<Services, 'log' | 'workspace'> = {
      analyses: new AnalysisCache(loadBundledDataset),
      dataset: loadBundledDataset,
      config: readConfig,
      onDidChangeDataset: new vscode.EventEmitter<void>().event,
      onDidChangeMarkdown: new vscode.EventEmitter<vscode.TextDocument>().event,
      onDidUpdateAnalysis: new vscode.EventEmitter<vscode.TextDocument>().event,
    };
    const provider = new CitedEngagementsProvider(services);
    try {
      provider.setDocument(draft);
      const find = (nodes: CitedNode[], label: string): CitedNode => {
        const found = nodes.find((n) => labelOf(provider.getTreeItem(n)) === label);
        assert.ok(found, `no ${label} among ${nodes.map((n) => labelOf(provider.getTreeItem(n))).join(', ')}`);
        return found;
      };
      const section = find(provider.getChildren(), 'Not in the dataset');
      const name = find(provider.getChildren(section), NAME);
      const occurrences = provider.getChildren(name).map((n) => labelOf(provider.getTreeItem(n)));
      assert.equal(occurrences.length, 2, 'the name and the later use of its abbreviation');
      assert.ok(occurrences.every((l) => l.startsWith('3: ')));
    } finally {
      provider.dispose();
    }
  });

  it('writes nothing to a broken dataset file', async () => {
    const broken = vscode.Uri.joinPath(dir, 'broken.json');
    const text = '{ "entries": [ { "id": "x", \n';
    await write(broken, text);
    try {
      const ok = await vscode.commands.executeCommand<boolean>(
        'policyLens.addToTeamDataset',
        draft.uri.toString(),
        at(),
        broken.toString(),
      );
      assert.equal(ok, false);
      assert.equal(await read(broken), text);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === broken.toString() && d.isDirty));
    } finally {
      await vscode.workspace.fs.delete(broken, { useTrash: false });
    }
  });

  it('creates the dataset file when there is none, and the name then resolves', async () => {
    const created = vscode.Uri.joinPath(dir, 'created.json');
    const name = 'Lumen Coast Compact';
    await waitUntil('the second name reported', () => unknownNames().includes(name));
    const ok = await vscode.commands.executeCommand<boolean>(
      'policyLens.addToTeamDataset',
      draft.uri.toString(),
      offsetIn(draft.getText(), name),
      created.toString(),
    );
    assert.equal(ok, true);
    const value = JSON.parse(await read(created)) as { entries: Array<{ id: string; year?: number; summary: string }> };
    assert.deepEqual(
      value.entries.map((e) => [e.id, e.year]),
      [['lumen-coast-compact', 2023]],
    );
    await waitUntil('the new file read by the live reload', () =>
      api.analysisFor(draft).references.some((r) => r.id === 'lumen-coast-compact'),
    );
  });

  it('adds a stub to a team dataset file in one undoable edit, and the name then resolves', async () => {
    // A name no other suite uses: VS Code may still hold an earlier suite's team.json as a document.
    const team = vscode.Uri.joinPath(dir, 'kestrel-team.json');
    // Dataset files are strict JSON (no comments): the compact first entry shows the formatting is kept.
    const before = [
      '{',
      '  "entries": [',
      '    { "id": "placeholder-pact", "kind": "agreement", "label": "Placeholder Pact", "aliases": [], "summary": "A pact.", "sources": [] }',
      '  ]',
      '}',
      '',
    ].join('\n');
    await write(team, before);
    const ok = await vscode.commands.executeCommand<boolean>('policyLens.addToTeamDataset', draft.uri.toString(), at(), team.toString());
    assert.equal(ok, true);
    const after = await read(team);
    assert.ok(after.startsWith(before.slice(0, before.indexOf('] }') + 3)), 'the file as it was, up to the new entry');
    assert.match(after, new RegExp(`"id": "${ID}"`));
    assert.match(after, /"aliases": \[\s*"KBQM"\s*\]/);
    assert.match(after, /"year": 2024/);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), team.toString(), 'the file is shown');
    assert.ok(editor.document.getText().slice(editor.document.offsetAt(editor.selection.active)).startsWith('{'), 'at the new entry');
    await waitUntil(
      'the name catalogued through the live reload',
      () => api.analysisFor(draft).references.some((r) => r.id === ID) && !unknownNames().includes(NAME),
      20000,
    );
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo step takes it all back');
  });
});
