import * as vscode from 'vscode';
import type { FeatureContribution } from '../feature';
import type { Services } from '../services';
import { copyCitedTable, filter, groupBy, refresh, revealReference, updateSetting } from './commands';
import { CitedEngagementsProvider } from './provider';
import { CitedView, setContext } from './view';

export type { CitedViewState } from './commands';

/** The view's id in package.json. */
export const VIEW_ID = 'policyLens.citedEngagements';

/** What changes what the view shows: the active editor, documents, the dataset, settings, the workspace index. */
function followChanges(tree: CitedView, services: Services): vscode.Disposable[] {
  const { provider } = tree;
  return [
    provider.onDidBuild((snap) => tree.showMessage(snap)),
    vscode.window.onDidChangeActiveTextEditor(tree.follow),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document === provider.document) tree.follow(vscode.window.activeTextEditor);
    }),
    // A language change reopens the document without switching editors: a new file set to Markdown.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document === vscode.window.activeTextEditor?.document) tree.follow(vscode.window.activeTextEditor);
    }),
    services.onDidChangeMarkdown((document) => {
      if (document === provider.document) provider.refresh();
    }),
    services.onDidChangeDataset(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.uncatalogued')) provider.refresh();
      if (!e.affectsConfiguration('policyLens.tree')) return;
      setContext('policyLens.tree.showingUncited', services.config().tree.showUncited);
      tree.applyScope();
      provider.refresh();
    }),
    services.workspace.onDidChange(() => {
      if (provider.scope === 'workspace') provider.refresh();
    }),
  ];
}

/**
 * Registers the Cited Engagements view (in Explorer) and its commands: group by, show or hide
 * uncited agreements, filter, refresh, copy the cited-engagements table, reveal an occurrence.
 */
export function register(context: vscode.ExtensionContext, services: Services): FeatureContribution {
  const provider = new CitedEngagementsProvider(services, services.workspace);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const tree = new CitedView(provider, view, services);
  setContext('policyLens.tree.filtered', false);
  setContext('policyLens.tree.showingUncited', services.config().tree.showUncited);
  tree.follow(vscode.window.activeTextEditor);
  tree.applyScope();
  const command = vscode.commands.registerCommand;
  context.subscriptions.push(
    provider,
    view,
    ...followChanges(tree, services),
    command('policyLens.tree.showWorkspace', () => updateSetting('tree.scope', 'workspace')),
    command('policyLens.tree.showActiveFile', () => updateSetting('tree.scope', 'file')),
    command('policyLens.tree.groupBy', (value?: unknown) => groupBy(services, value)),
    command('policyLens.tree.showUncited', () => updateSetting('tree.showUncited', true)),
    command('policyLens.tree.hideUncited', () => updateSetting('tree.showUncited', false)),
    command('policyLens.tree.filter', (value?: unknown) => filter(tree, value)),
    command('policyLens.tree.clearFilter', () => tree.applyFilter('')),
    command('policyLens.tree.refresh', () => refresh(tree)),
    command('policyLens.revealReference', revealReference),
    command('policyLens.copyCitedTable', () => copyCitedTable(tree, services)),
  );
  return { test: { citedRootItems: () => provider.getChildren().map((node) => provider.getTreeItem(node)), citedTree: () => provider } };
}
