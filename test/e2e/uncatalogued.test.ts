import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadBundledDataset } from '../../src/core';
import { AnalysisCache } from '../../src/vscode/analysis-cache';
import { readConfig } from '../../src/vscode/config';
import type { Services } from '../../src/vscode/services';
import type { CitedViewState } from '../../src/vscode/tree';
import { CitedEngagementsProvider } from '../../src/vscode/tree/provider';
import { activeApiWithHooks, hoverText, offsetIn, treeLabel, treeLabels, treeNode, waitUntil, type HookedApi } from './helpers';

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

/** A name only a draft that is never opened writes: the workspace mode finds it through the index. */
const ELSEWHERE = 'Tamsin Reef Dialogue';
const UNOPENED = [
  '# Reef notes',
  '',
  'Chile hosted the first round.',
  '',
  `The ${ELSEWHERE} began in 2019; the ${ELSEWHERE} met again in 2022.`,
  '',
].join('\n');

const setting = (section: string, key: string, value: unknown): Thenable<void> =>
  vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);

describe('Names not in the dataset', function () {
  this.timeout(60000);
  let api: HookedApi;
  let dir: vscode.Uri;
  let draftUri: vscode.Uri;
  let unopenedUri: vscode.Uri;
  let draft: vscode.TextDocument;
  const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const at = (): number => offsetIn(draft.getText(), NAME);
  const unknownNames = (): string[] => (api.analysisFor(draft).uncatalogued ?? []).map((u) => u.label);

  before(async () => {
    api = await activeApiWithHooks();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    dir = vscode.Uri.joinPath(folder, '.policylens');
    draftUri = vscode.Uri.joinPath(folder, 'uncatalogued-draft.md');
    unopenedUri = vscode.Uri.joinPath(folder, 'uncatalogued-unopened.md');
    await write(draftUri, DRAFT);
    await write(unopenedUri, UNOPENED);
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
    await vscode.workspace.fs.delete(unopenedUri, { useTrash: false });
    for (const [section, key] of [
      ['policyLens', 'tree.scope'],
      ['policyLens', 'uncatalogued.enabled'],
      ['files', 'readonlyInclude'],
    ] as const)
      await setting(section, key, undefined);
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
    const services: Omit<Services, 'log' | 'workspace' | 'bibliographies'> = {
      analyses: new AnalysisCache(loadBundledDataset),
      dataset: loadBundledDataset,
      config: readConfig,
      onDidChangeDataset: new vscode.EventEmitter<void>().event,
      reloadDatasets: () => Promise.resolve(),
      onDidChangeMarkdown: new vscode.EventEmitter<vscode.TextDocument>().event,
      onDidUpdateAnalysis: new vscode.EventEmitter<vscode.TextDocument>().event,
    };
    const provider = new CitedEngagementsProvider(services);
    try {
      provider.setDocument(draft);
      const section = treeNode(provider, provider.getChildren(), 'Not in the dataset');
      const name = treeNode(provider, provider.getChildren(section), NAME);
      const occurrences = treeLabels(provider, provider.getChildren(name));
      assert.equal(occurrences.length, 2, 'the name and the later use of its abbreviation');
      assert.ok(occurrences.every((l) => l.startsWith('3: ')));
    } finally {
      provider.dispose();
    }
  });

  it('lists, in the workspace mode, the names of every draft by name, with the drafts and lines; an occurrence opens its place', async () => {
    await api.whenIndexed();
    await vscode.commands.executeCommand('policyLens.tree.showWorkspace');
    let state: CitedViewState | undefined;
    await waitUntil(
      'both names in the workspace view',
      async () => {
        state = await vscode.commands.executeCommand<CitedViewState>('policyLens.tree.refresh');
        return state?.scope === 'workspace' && [NAME, ELSEWHERE].every((n) => state!.uncatalogued.some((u) => u.label === n));
      },
      20000,
    );
    assert.deepEqual(
      state!.uncatalogued.find((u) => u.label === ELSEWHERE),
      { label: ELSEWHERE, citations: 2, drafts: [unopenedUri.toString()] },
    );
    assert.deepEqual(
      state!.uncatalogued.find((u) => u.label === NAME),
      { label: NAME, citations: 2, drafts: [draftUri.toString()] },
    );
    // The view's own provider: its items are what the writer sees.
    const tree = api.__test.citedTree();
    const section = treeNode(tree, tree.getChildren(), 'Not in the dataset');
    const name = treeNode(tree, tree.getChildren(section), ELSEWHERE);
    assert.equal(tree.getTreeItem(name).description, '2 citations');
    const [file, ...others] = tree.getChildren(name);
    assert.equal(others.length, 0, 'one draft writes it');
    assert.equal(treeLabel(tree.getTreeItem(file!)), 'Reef notes');
    assert.match(String(tree.getTreeItem(file!).description), /uncatalogued-unopened\.md/);
    const occurrences = (): vscode.TreeItem[] => tree.getChildren(file).map((n) => tree.getTreeItem(n));
    assert.equal(occurrences().length, 2);
    // Rows show line and column until the file is read, then the line itself.
    await waitUntil('the lines read from the file', () => occurrences().every((i) => treeLabel(i).startsWith('5: ')));
    const second = occurrences()[1]!;
    assert.equal(second.command?.command, 'policyLens.revealReference');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(second.command.command, ...(second.command.arguments ?? []));
    assert.equal(editor.document.uri.toString(), unopenedUri.toString());
    const line = UNOPENED.split('\n')[4]!;
    assert.deepEqual(
      [editor.selection.start.line, editor.selection.start.character, editor.document.getText(editor.selection)],
      [4, line.lastIndexOf(ELSEWHERE), ELSEWHERE],
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(draft);
    await setting('policyLens', 'tree.scope', undefined);
  });

  it('off, the detector does not run for the editor, the index or the preview, and on again it does', async () => {
    const render = async (): Promise<string> => vscode.commands.executeCommand<string>('markdown.api.render', draft);
    const workspaceNames = async (): Promise<string[]> => {
      await vscode.commands.executeCommand('policyLens.tree.showWorkspace');
      const state = await vscode.commands.executeCommand<CitedViewState>('policyLens.tree.refresh');
      return state.uncatalogued.map((u) => u.label);
    };
    await setting('policyLens', 'uncatalogued.enabled', false);
    try {
      await waitUntil('an analysis without the detector', () => api.isCurrent(draft) && api.analysisFor(draft).uncatalogued === undefined);
      assert.ok(
        api.analysisFor(draft).references.some((r) => r.id === 'jpn'),
        'the draft is analysed still',
      );
      await waitUntil('the index without the names', async () => (await workspaceNames()).length === 0, 20000);
      await waitUntil('a preview without the marks', async () => !(await render()).includes('policy-lens-uncatalogued'));
    } finally {
      await setting('policyLens', 'uncatalogued.enabled', undefined);
    }
    await waitUntil('the names back', () => unknownNames().includes(NAME));
    await waitUntil('the index with the names again', async () => (await workspaceNames()).includes(ELSEWHERE), 20000);
    await setting('policyLens', 'tree.scope', undefined);
  });

  it('refuses, writing nothing, a dataset file VS Code holds read-only (files.readonlyInclude) or a folder where the file should be', async () => {
    const readOnly = vscode.Uri.joinPath(dir, 'readonly-team.json');
    // Outside .policylens: the dataset watcher must not see a folder come and go under its files' names.
    const folderInstead = vscode.Uri.joinPath(dir, '..', 'uncatalogued-folder-test', 'team.json');
    const text = '{\n  "entries": []\n}\n';
    await write(readOnly, text);
    await vscode.workspace.fs.createDirectory(folderInstead);
    await setting('files', 'readonlyInclude', { '**/.policylens/readonly-*.json': true });
    try {
      for (const target of [readOnly, folderInstead]) {
        const ok = await vscode.commands.executeCommand<boolean>(
          'policyLens.addToTeamDataset',
          draft.uri.toString(),
          at(),
          target.toString(),
        );
        assert.equal(ok, false, target.path);
      }
      assert.equal(await read(readOnly), text, 'the read-only file is unchanged on disk');
      assert.ok(
        !vscode.workspace.textDocuments.some(
          (d) => d.isDirty && [readOnly.toString(), folderInstead.toString()].includes(d.uri.toString()),
        ),
        'and no unsaved edit is left in an editor',
      );
      assert.equal((await vscode.workspace.fs.stat(folderInstead)).type, vscode.FileType.Directory);
      assert.deepEqual(await vscode.workspace.fs.readDirectory(folderInstead), [], 'nothing written into the folder');
      assert.ok(unknownNames().includes(NAME), 'the name is still not in the dataset');
    } finally {
      await setting('files', 'readonlyInclude', undefined);
      await vscode.workspace.fs.delete(readOnly, { useTrash: false });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderInstead, '..'), { recursive: true, useTrash: false });
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
