import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyze, exportCited, loadBundledDataset, type Analysis } from '../../src/core';
import type { CitedViewState } from '../../src/vscode/tree';
import { activeApi, offsetIn, openDraft, waitUntil } from './helpers';

/**
 * The workspace index in the real editor. Every draft these tests need is written at test time,
 * under one folder of the fixture copy that is deleted afterwards, so other suites see the fixture
 * as it is. None of these drafts is ever opened: what the features find in them comes from the index.
 */
describe('Workspace index', () => {
  let root: vscode.Uri;
  const folder = (): vscode.Uri => vscode.Uri.joinPath(root, 'ws-index-tests');

  const write = async (relative: string, text: string): Promise<vscode.Uri> => {
    const uri = vscode.Uri.joinPath(folder(), relative);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  };
  const isOpen = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const setting = async (section: string, key: string, value: unknown): Promise<void> =>
    vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);

  /** The view in workspace scope, as its refresh command reports it. */
  const workspaceView = async (): Promise<CitedViewState> => {
    const state = await vscode.commands.executeCommand<CitedViewState | undefined>('policyLens.tree.refresh');
    assert.ok(state, 'the view has a model');
    assert.equal(state.scope, 'workspace');
    return state;
  };
  const citations = (state: CitedViewState, id: string): number => {
    const m = state.model;
    const all = [...m.agreements.flatMap((g) => g.entries), ...m.pillars, ...m.countries];
    return all.find((e) => e.id === id)?.occurrences.length ?? 0;
  };
  const waitForCitations = async (id: string, n: number): Promise<CitedViewState> => {
    let state: CitedViewState | undefined;
    await waitUntil(`${n} workspace citations of ${id}`, async () => citations((state = await workspaceView()), id) === n, 20000);
    return state!;
  };

  before(async () => {
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the fixture workspace is open');
    root = ws.uri;
    await vscode.workspace.fs.createDirectory(folder());
    await write(
      'unopened.md',
      '# Kyiv and Tallinn\n\nThe Diia Support Project set the tone.\n\nLater, the Estonia MOC took it further, and the Diia Support Project was cited again.\n',
    );
    await (await activeApi()).whenIndexed();
    await vscode.commands.executeCommand('policyLens.tree.showWorkspace');
  });

  after(async () => {
    await setting('policyLens', 'tree.scope', undefined);
    await setting('policyLens', 'exclude', undefined);
    await setting('files', 'exclude', undefined);
    await vscode.workspace.fs.delete(folder(), { recursive: true }).then(undefined, () => undefined);
  });

  it('lists, in the view’s workspace mode, what a draft that is not open cites, and which draft cites it', async () => {
    const unopened = vscode.Uri.joinPath(folder(), 'unopened.md');
    const state = await waitForCitations('dia-support-project', 2);
    assert.equal(isOpen(unopened), false, 'the draft was never opened');
    assert.equal(state.drafts?.['dia-support-project']?.join(), unopened.toString());
    assert.ok(citations(state, 'moc-estonia-2022') >= 2, 'the fixture draft and the unopened one both cite the Estonia MOC');
  });

  it('has Find All References return locations in drafts that are not open', async () => {
    const unopened = vscode.Uri.joinPath(folder(), 'unopened.md');
    await waitForCitations('dia-support-project', 2);
    const doc = await openDraft();
    const position = doc.positionAt(offsetIn(doc.getText(), 'The Estonia MOC, signed', 'Estonia MOC') + 2);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, position);
    const inUnopened = locations.filter((l) => l.uri.toString() === unopened.toString());
    assert.equal(isOpen(unopened), false, 'finding references did not open the draft');
    assert.deepEqual(
      inUnopened.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]),
      [[4, 11, 22]],
    );
    assert.ok(
      locations.some((l) => l.uri.toString() === doc.uri.toString()),
      'the open draft’s own reference is there too',
    );
  });

  it('finds an entry and the drafts citing it with Go to Symbol in Workspace', async () => {
    const unopened = vscode.Uri.joinPath(folder(), 'unopened.md');
    await waitForCitations('dia-support-project', 2);
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'diia support',
    );
    const ours = symbols.filter((s) => s.name === 'Diia Support Project');
    assert.ok(
      ours.some((s) => s.location.uri.scheme === 'policy-lens'),
      `the entry itself (its card): ${JSON.stringify(symbols.map((s) => [s.name, s.location.uri.toString()]))}`,
    );
    const inDraft = ours.find((s) => s.location.uri.toString() === unopened.toString());
    assert.ok(inDraft, 'the draft that cites it, at its first occurrence');
    assert.equal(inDraft.location.range.start.line, 2);
    assert.match(inDraft.containerName, /Kyiv and Tallinn/);
    const byTitle = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'kyiv and tallinn',
    );
    assert.ok(byTitle.some((s) => s.kind === vscode.SymbolKind.File && s.location.uri.toString() === unopened.toString()));
  });

  it('follows a draft being created, changed and deleted', async () => {
    const id = 'cambodia-data-centre-initiative';
    await waitForCitations(id, 0);
    const uri = await write(
      'lifecycle.md',
      'The Cambodia National Data Centre Initiative, and again the Cambodia National Data Centre Initiative.\n',
    );
    await waitForCitations(id, 2);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('Only once: the Cambodia National Data Centre Initiative.\n'));
    await waitForCitations(id, 1);
    await vscode.workspace.fs.delete(uri);
    const state = await waitForCitations(id, 0);
    assert.equal(state.drafts?.[id], undefined);
  });

  it('leaves a deleted draft out of Find All References, though VS Code still holds its document', async () => {
    const text = 'The Cambodia National Data Centre Initiative, cited here.\n';
    const stays = await vscode.workspace.openTextDocument(await write('stays.md', text));
    const deleted = await vscode.workspace.openTextDocument(await write('deleted.md', text));
    await vscode.window.showTextDocument(deleted);
    const position = stays.positionAt(offsetIn(text, 'Cambodia') + 2);
    const lists = async (doc: vscode.TextDocument): Promise<boolean> =>
      ((await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', stays.uri, position)) ?? []).some(
        (l) => l.uri.toString() === doc.uri.toString(),
      );
    assert.ok(await lists(deleted), 'an open draft is listed');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(deleted.uri);
    await waitUntil('the deleted draft left out', async () => !(await lists(deleted)));
    assert.ok(isOpen(deleted.uri), 'VS Code still holds the deleted draft’s document (else this test proves nothing)');
    assert.ok(await lists(stays), 'the other draft is still listed');
  });

  it('says which drafts it leaves out over policyLens.maxDocumentSize, and takes them in when the limit is raised', async () => {
    const id = 'cambodia-data-centre-initiative';
    const line = 'The Cambodia National Data Centre Initiative came up again in the ministers’ talks.\n\n';
    const count = Math.ceil(12_000 / line.length);
    const api = await activeApi();
    // Other drafts of these tests may cite it too: counted before this one exists.
    await api.whenIndexed();
    const others = citations(await workspaceView(), id);
    let uri: vscode.Uri | undefined;
    const why = (): string | undefined => uri && api.notIndexed().get(uri.toString());
    try {
      await setting('policyLens', 'maxDocumentSize', 0.01);
      uri = await write('over-the-limit.md', line.repeat(count));
      await waitUntil('the draft over the limit listed as not indexed', () => why() !== undefined, 20000);
      assert.match(why()!, /^1\d KB, over the 10 KB limit \(policyLens\.maxDocumentSize\)$/);
      assert.equal(citations(await workspaceView(), id), others, 'and left out of the workspace view');
    } finally {
      await setting('policyLens', 'maxDocumentSize', undefined);
    }
    await waitForCitations(id, others + count);
    assert.equal(why(), undefined, 'indexed once the limit is raised');
    await vscode.workspace.fs.delete(uri);
    await waitForCitations(id, others);
  });

  it('leaves out what policyLens.exclude and files.exclude exclude, and takes it back in when they no longer do', async () => {
    await setting('policyLens', 'exclude', ['ws-index-tests/archive/**']);
    await setting('files', 'exclude', { '**/hidden-drafts': true });
    await write('archive/old.md', 'The SEED-Net network.\n');
    await write('hidden-drafts/secret.md', 'The Partnership for Quality Infrastructure.\n');
    await write('kept/new.md', 'The Co-creation for Common Agenda Initiative.\n');
    // The included draft shows the index has seen all three files' events.
    await waitForCitations('co-creation-initiative', 1);
    await (await activeApi()).whenIndexed();
    const state = await workspaceView();
    assert.equal(citations(state, 'seed-net'), 0, 'the archive folder is excluded by policyLens.exclude');
    assert.equal(citations(state, 'epqi'), 0, 'the hidden-drafts folder is excluded by files.exclude');
    await setting('policyLens', 'exclude', undefined);
    await waitForCitations('seed-net', 1);
  });

  it('exports what every draft of the workspace cites, as `policy-lens export` does for the folder', async () => {
    await waitForCitations('dia-support-project', 2);
    await (await activeApi()).whenIndexed();
    const target = vscode.Uri.joinPath(folder(), 'cited.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri>('policyLens.exportWorkspace', {
      format: 'csv',
      target: 'file',
      uri: target.toString(),
    });
    assert.equal(written?.toString(), target.toString());
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    // What the CLI computes: every Markdown file analysed, citations summed (open documents as edited).
    const files = await vscode.workspace.findFiles('**/*.{md,markdown}');
    const analyses: Analysis[] = [];
    const dataset = loadBundledDataset();
    for (const uri of files) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      analyses.push(analyze(text, dataset));
    }
    assert.equal(csv, exportCited('csv', analyses, dataset));
    assert.match(csv, /dia-support-project/);
  });

  it('opens and reveals an occurrence in an unopened draft from the view', async () => {
    const unopened = vscode.Uri.joinPath(folder(), 'unopened.md');
    const range = new vscode.Range(4, 48, 4, 68);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('policyLens.revealReference', unopened, range);
    assert.equal(editor.document.uri.toString(), unopened.toString());
    assert.equal(editor.document.getText(editor.selection), 'Diia Support Project');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
