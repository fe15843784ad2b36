import * as vscode from 'vscode';
import type { AnalysisCache } from './analysis-cache';
import { sizeText } from './size';
import type { WorkspaceDrafts } from './workspace-index';

/** How long the worker must be busy before the status bar says so: quick updates should not flicker. */
const SHOW_AFTER_MS = 250;

const nameOf = (document: vscode.TextDocument): string => document.uri.path.split('/').pop() || document.uri.toString();

/**
 * One status bar item for what the analysis is doing when it is not instant: analysing a large
 * draft in the background, a draft over `policyLens.maxDocumentSize` (never skipped silently), a
 * failed analysis, or drafts of the workspace the index had to leave out. Hidden otherwise.
 */
export function register(context: vscode.ExtensionContext, analyses: AnalysisCache, workspace?: WorkspaceDrafts): void {
  const item = vscode.window.createStatusBarItem('policyLens.analysis', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Policy Lens Analysis');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busySince: number | undefined;

  const render = (): void => {
    const { analysing, tooLarge, failed } = analyses.status();
    const notIndexed = workspace?.notIndexed() ?? new Map<string, string>();
    if (analysing.length === 0) busySince = undefined;
    else busySince ??= Date.now();
    clearTimeout(timer);
    timer = undefined;
    if (failed.length > 0) {
      item.text = `$(error) ${vscode.l10n.t('Policy Lens: analysis failed')}`;
      item.tooltip = failed.map((f) => vscode.l10n.t('{0}: {1}', nameOf(f.document), f.message)).join('\n');
      item.command = undefined;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.show();
    } else if (tooLarge.length > 0) {
      item.text = `$(warning) ${vscode.l10n.t('Policy Lens: draft too large')}`;
      item.tooltip = [
        ...tooLarge.map((t) =>
          vscode.l10n.t('{0} is {1}, over the {2} limit: it is not analysed.', nameOf(t.document), sizeText(t.size), sizeText(t.limit)),
        ),
        vscode.l10n.t('Click to change the limit (policyLens.maxDocumentSize).'),
      ].join('\n');
      item.command = {
        title: vscode.l10n.t('Change the limit'),
        command: 'workbench.action.openSettings',
        arguments: ['policyLens.maxDocumentSize'],
      };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.show();
    } else if (analysing.length > 0) {
      const wait = SHOW_AFTER_MS - (Date.now() - busySince!);
      if (wait > 0) {
        item.hide();
        timer = setTimeout(render, wait);
        return;
      }
      item.text = `$(sync~spin) ${vscode.l10n.t('Policy Lens: analysing…')}`;
      item.tooltip = vscode.l10n.t('Analysing {0} in the background; results appear when it is done.', analysing.map(nameOf).join(', '));
      item.command = undefined;
      item.backgroundColor = undefined;
      item.show();
    } else if (notIndexed.size > 0) {
      const count = notIndexed.size;
      item.text = `$(warning) ${count === 1 ? vscode.l10n.t('Policy Lens: 1 draft not indexed') : vscode.l10n.t('Policy Lens: {0} drafts not indexed', count)}`;
      const lines = [...notIndexed]
        .slice(0, 10)
        .map(([uri, why]) => vscode.l10n.t('{0}: {1}', vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), why));
      if (count > 10) lines.push(vscode.l10n.t('and {0} more', count - 10));
      const overLimit = [...notIndexed.values()].some((why) => why.includes('policyLens.maxDocumentSize'));
      lines.push(
        overLimit
          ? vscode.l10n.t(
              'The workspace views, references and exports leave them out. Click to change the limit (policyLens.maxDocumentSize).',
            )
          : vscode.l10n.t('The workspace views, references and exports leave them out.'),
      );
      item.tooltip = lines.join('\n');
      item.command = overLimit
        ? { title: vscode.l10n.t('Change the limit'), command: 'workbench.action.openSettings', arguments: ['policyLens.maxDocumentSize'] }
        : undefined;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.show();
    } else {
      item.hide();
    }
  };

  context.subscriptions.push(item, analyses.onDidChangeStatus(render), { dispose: () => clearTimeout(timer) });
  if (workspace) context.subscriptions.push(workspace.onDidChange(render));
  render();
}
