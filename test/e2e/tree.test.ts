import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadBundledDataset } from '../../src/core';
import { AnalysisCache } from '../../src/vscode/analysis-cache';
import { readConfig } from '../../src/vscode/config';
import type { Services } from '../../src/vscode/services';
import type { CitedViewState } from '../../src/vscode/tree';
import { CitedEngagementsProvider, type CitedNode } from '../../src/vscode/tree/provider';
import { activeApi, draftUri, offsetIn, openDraft, treeLabel, treeLabels, treeNode, waitUntil } from './helpers';

/**
 * Two routes: the view the extension registered is driven through its commands (`policyLens.tree.refresh`
 * returns what it shows); its tree items are read from a provider built here on the same services,
 * since VS Code gives no access to another component's tree items.
 */
function services(): Omit<Services, 'log' | 'workspace' | 'bibliographies'> {
  return {
    analyses: new AnalysisCache(loadBundledDataset),
    dataset: loadBundledDataset,
    config: readConfig,
    onDidChangeDataset: new vscode.EventEmitter<void>().event,
    reloadDatasets: () => Promise.resolve(),
    onDidChangeMarkdown: new vscode.EventEmitter<vscode.TextDocument>().event,
    onDidUpdateAnalysis: new vscode.EventEmitter<vscode.TextDocument>().event,
  };
}

async function viewState(): Promise<CitedViewState | undefined> {
  return vscode.commands.executeCommand<CitedViewState | undefined>('policyLens.tree.refresh');
}

async function setTreeSetting(key: 'groupBy' | 'showUncited', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('policyLens').update(`tree.${key}`, value, vscode.ConfigurationTarget.Global);
}

describe('Cited Engagements view', () => {
  let doc: vscode.TextDocument;
  let provider: CitedEngagementsProvider;
  // Closed only at the end: a closed untitled document's name can come back with its old text.
  const scratch: vscode.TextDocument[] = [];
  const untitled = async (language: string, content: string): Promise<vscode.TextDocument> => {
    const d = await vscode.workspace.openTextDocument({ language, content });
    assert.equal(d.getText(), content);
    scratch.push(d);
    return d;
  };

  const children = (node?: CitedNode): CitedNode[] => provider.getChildren(node);
  const find = (nodes: CitedNode[], label: string): CitedNode => treeNode(provider, nodes, label);
  const labels = (nodes: CitedNode[]): string[] => treeLabels(provider, nodes);

  before(async () => {
    doc = await openDraft();
    await activeApi();
    await setTreeSetting('groupBy', undefined);
    await setTreeSetting('showUncited', undefined);
    provider = new CitedEngagementsProvider(services());
    provider.setDocument(doc);
  });

  after(async () => {
    for (const d of scratch) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('policyLens.tree.clearFilter');
    await setTreeSetting('groupBy', undefined);
    await setTreeSetting('showUncited', undefined);
    provider.dispose();
  });

  it('shows the sections of what the draft cites: agreements and countries', () => {
    assert.deepEqual(labels(children()), ['Agreements', 'Countries']);
    const countries = children(find(children(), 'Countries'));
    assert.deepEqual(labels(countries), ['India', 'Japan']);
    const india = provider.getTreeItem(countries[0]!);
    assert.equal(india.description, '3 citations', 'the India inside the code block is not counted');
  });

  it('groups agreements by type; each entry has its year, count, icon and context value', () => {
    const groups = children(find(children(), 'Agreements'));
    assert.deepEqual(labels(groups), ['Memorandum', 'Partnership']);
    const partnership = find(children(groups[1]), 'Japan–EU Digital Partnership');
    const item = provider.getTreeItem(partnership);
    assert.equal(item.description, '2022 · 1 citation');
    assert.equal(item.contextValue, 'policyLens.entry.agreement');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'law');
    assert.match(String(item.tooltip), /Partnership · bilateral · 2022-05-12\nParties: Japan, European Union\n/);
    assert.equal(provider.getTreeItem(find(children(), 'Countries')).description, '2 entries, 6 citations');
  });

  it('lists the occurrences with line number and text; clicking one selects it in the editor', async () => {
    const india = find(children(find(children(), 'Countries')), 'India');
    const occurrences = children(india).map((n) => provider.getTreeItem(n));
    assert.equal(occurrences.length, 3);
    const first = occurrences[0]!;
    const label = first.label as vscode.TreeItemLabel;
    const at = offsetIn(doc.getText(), 'India is the partner', 'India');
    const line = doc.positionAt(at).line + 1;
    assert.equal(
      label.label,
      `${line}: India is the partner with the most…`,
      'the line number, then the line cut a little after the reference',
    );
    assert.equal(label.label.slice(...label.highlights![0]!), 'India');
    assert.deepEqual(label.highlights, [[`${line}: `.length, `${line}: India`.length]]);
    const second = occurrences[1]!.label as vscode.TreeItemLabel;
    assert.equal(second.label.slice(...second.highlights![0]!), 'India');
    assert.notDeepEqual(second.highlights, label.highlights, 'the second occurrence highlights the second India of the line');

    // Move the cursor away first, so the test sees the command move it.
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(first.command?.command, 'policyLens.revealReference');
    await vscode.commands.executeCommand(first.command.command, ...(first.command.arguments ?? []));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(shown);
    assert.equal(shown.document.offsetAt(shown.selection.start), at);
    assert.equal(shown.document.getText(shown.selection), 'India');
  });

  it('reveals a reference given by plain URI and range arguments too', async () => {
    const at = offsetIn(doc.getText(), 'The Estonia MOC, signed', 'Estonia MOC');
    const start = doc.positionAt(at);
    const range = { start: { line: start.line, character: start.character }, end: { line: start.line, character: start.character + 11 } };
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('policyLens.revealReference', doc.uri.toString(), range);
    assert.equal(editor.document.getText(editor.selection), 'Estonia MOC');
  });

  it('reveals where a reference is now when the text moved since the view was built', async () => {
    const at = offsetIn(doc.getText(), 'The Estonia MOC, signed', 'Estonia MOC');
    const start = doc.positionAt(at);
    const stale = new vscode.Range(start, start.translate(0, 11));
    const editor = await vscode.window.showTextDocument(doc);
    // Two lines inserted above: the range the view holds now points elsewhere.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'A new first line.\n\n')));
    try {
      const shown = await vscode.commands.executeCommand<vscode.TextEditor>('policyLens.revealReference', doc.uri, stale, 'Estonia MOC');
      assert.equal(shown.document.getText(shown.selection), 'Estonia MOC');
      assert.equal(shown.selection.start.line, start.line + 2);
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('switches the grouping through policyLens.tree.groupBy, which updates the setting', async () => {
    await vscode.commands.executeCommand('policyLens.tree.groupBy', 'partner');
    assert.equal(readConfig().tree.groupBy, 'partner');
    assert.equal((await viewState())?.groupBy, 'partner', 'the registered view follows the setting');
    provider.refresh();
    assert.deepEqual(labels(children(find(children(), 'Agreements'))), ['Estonia', 'European Union']);
    await vscode.commands.executeCommand('policyLens.tree.groupBy', 'year');
    provider.refresh();
    assert.deepEqual(labels(children(find(children(), 'Agreements'))), ['2022']);
    await vscode.commands.executeCommand('policyLens.tree.groupBy', 'classification');
    const state = await viewState();
    assert.deepEqual(
      state?.model.agreements.map((g) => g.label),
      ['Bilateral'],
    );
  });

  it('lists the uncited agreements with no citations when asked, and hides them again', async () => {
    await vscode.commands.executeCommand('policyLens.tree.showUncited');
    assert.equal(readConfig().tree.showUncited, true);
    const agreements = [...loadBundledDataset().entries.values()].filter((e) => e.kind === 'agreement').length;
    const state = await viewState();
    assert.equal(state?.showUncited, true);
    assert.equal(new Set(state.model.agreements.flatMap((g) => g.entries.map((e) => e.id))).size, agreements);

    provider.refresh();
    const section = find(children(), 'Agreements');
    assert.equal(provider.getTreeItem(section).description, `2 of ${agreements} cited`);
    const bilateral = find(children(section), 'Bilateral');
    const singapore = provider.getTreeItem(find(children(bilateral), 'Japan–Singapore Memorandum of Cooperation'));
    assert.equal(singapore.description, '2022 · 0 citations');
    assert.equal(singapore.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.equal(singapore.contextValue, 'policyLens.entry.agreement', 'an uncited agreement still opens its card');

    await vscode.commands.executeCommand('policyLens.tree.hideUncited');
    assert.equal(readConfig().tree.showUncited, false);
    assert.equal((await viewState())?.model.agreements.flatMap((g) => g.entries).length, 2);
  });

  it('filters by label, id, type or partner, and clears the filter', async () => {
    await vscode.commands.executeCommand('policyLens.tree.filter', 'estonia');
    let state = await viewState();
    assert.equal(state?.filter, 'estonia');
    assert.deepEqual(
      state.model.agreements.flatMap((g) => g.entries.map((e) => e.id)),
      ['moc-estonia-2022'],
    );
    assert.deepEqual(state.model.countries, []);
    await vscode.commands.executeCommand('policyLens.tree.filter', 'european union');
    state = await viewState();
    assert.deepEqual(
      state?.model.agreements.flatMap((g) => g.entries.map((e) => e.id)),
      ['japan-eu-digital-partnership-2022'],
    );
    await vscode.commands.executeCommand('policyLens.tree.clearFilter');
    state = await viewState();
    assert.equal(state?.filter, '');
    assert.equal(state.model.shown, state.model.total);
  });

  it('opens the card of an entry node (the inline action) and keeps showing the draft', async () => {
    const memorandum = find(children(find(children(), 'Agreements')), 'Bilateral');
    const estonia = children(memorandum).find((n) => n.node === 'entry' && n.id === 'moc-estonia-2022');
    assert.ok(estonia);
    await vscode.commands.executeCommand('policyLens.openEntry', estonia);
    await waitUntil('the entry card to open', () => vscode.window.activeTextEditor?.document.uri.scheme === 'policy-lens');
    const card = vscode.window.activeTextEditor!.document;
    assert.match(card.uri.path, /moc-estonia-2022/);
    assert.match(card.getText(), /Japan–Estonia Memorandum of Cooperation/);
    assert.equal((await viewState())?.document, draftUri().toString(), 'the card is Markdown too, but the view stays on the draft');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('follows the active editor, and shows nothing while it is not Markdown', async () => {
    const plain = await untitled('plaintext', 'Japan and India.');
    await vscode.window.showTextDocument(plain);
    await waitUntil('the view to drop the draft', async () => (await viewState()) === undefined);
    const other = await untitled('markdown', 'The Okinawa Charter.\n');
    await vscode.window.showTextDocument(other);
    await waitUntil('the view to show the new Markdown document', async () => (await viewState())?.document === other.uri.toString());
    assert.deepEqual(
      (await viewState())?.model.agreements.flatMap((g) => g.entries.map((e) => e.id)),
      ['okinawa-charter'],
    );
    await vscode.window.showTextDocument(doc);
    await waitUntil('the view to come back to the draft', async () => (await viewState())?.document === doc.uri.toString());
  });

  it('follows a change of language in the active editor, both ways', async () => {
    let note = await untitled('plaintext', 'The Okinawa Charter.\n');
    await vscode.window.showTextDocument(note);
    await waitUntil('the view to drop the draft', async () => (await viewState()) === undefined);
    note = await vscode.languages.setTextDocumentLanguage(note, 'markdown');
    await waitUntil('the view to show the note, now Markdown', async () => (await viewState())?.document === note.uri.toString());
    note = await vscode.languages.setTextDocumentLanguage(note, 'plaintext');
    await waitUntil('the view to drop the note, no longer Markdown', async () => (await viewState()) === undefined);
    await vscode.window.showTextDocument(doc);
    await waitUntil('the view to come back to the draft', async () => (await viewState())?.document === doc.uri.toString());
  });

  it('shows names several entries share under Ambiguous, with their candidates', async () => {
    const text = '# Notes\n\nThe G20 Digital Economy Ministers’ Meeting is annual.\n';
    const amb = await untitled('markdown', text);
    const own = new CitedEngagementsProvider(services());
    try {
      own.setDocument(amb);
      const roots = own.getChildren();
      assert.deepEqual(treeLabels(own, roots), ['Ambiguous'], 'the candidates are not counted as cited agreements');
      const [name] = own.getChildren(roots[0]);
      const item = own.getTreeItem(name!);
      assert.equal(item.label, 'G20 Digital Economy Ministers’ Meeting');
      assert.match(String(item.description), /^\d+ candidates · 1 citation$/);
      assert.match(String(item.tooltip), /G20 Digital Economy Ministers' Meeting 2020 \(2020\)/);
      assert.equal(item.contextValue, 'policyLens.ambiguous');
      const [occurrence] = own.getChildren(name);
      assert.match(treeLabel(own.getTreeItem(occurrence!)), /^3: /);
    } finally {
      own.dispose();
    }
  });

  it('rebuilds from the current text on refresh, so entries and line numbers follow edits', async () => {
    const draft = await untitled('markdown', 'Japan.\n');
    const own = new CitedEngagementsProvider(services());
    try {
      own.setDocument(draft);
      assert.deepEqual(treeLabels(own, own.getChildren()), ['Countries']);
      let fired = 0;
      own.onDidChangeTreeData(() => (fired += 1));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(draft.uri, new vscode.Position(1, 0), '\nThe Estonia MOC of 2022.\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      own.refresh();
      assert.equal(fired, 1);
      const roots = own.getChildren();
      assert.deepEqual(treeLabels(own, roots), ['Agreements', 'Countries']);
      const [group] = own.getChildren(roots[0]);
      const [entry] = own.getChildren(group);
      const [occurrence] = own.getChildren(entry);
      assert.match(treeLabel(own.getTreeItem(occurrence!)), /^3: /);
    } finally {
      own.dispose();
    }
  });

  it('copies the cited-engagements table of the draft as Markdown', async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.env.clipboard.writeText('');
    const table = await vscode.commands.executeCommand<string | undefined>('policyLens.copyCitedTable');
    assert.ok(table, 'the command returns the table it copied');
    const lines = table.trimEnd().split('\n');
    assert.equal(lines[0], '| No. | Year | Engagement | Partner | Classification | Citations |');
    assert.equal(lines.length, 4);
    assert.match(table, /\| 2022 \| Japan–EU Digital Partnership \| European Union \| Bilateral \| 1 \|/);
    assert.match(table, /\| 2022 \| Japan–Estonia Memorandum of Cooperation \| Estonia \| Bilateral \| 1 \|/);
    assert.equal(await vscode.env.clipboard.readText(), table);
  });
});
