import * as vscode from 'vscode';
import type { AnalysisStatus } from './analysis-cache';
import type { Services } from './services';
import { sizeText } from './size';

/** How long the worker must be busy before the status bar says so: quick updates should not flicker. */
const SHOW_AFTER_MS = 250;

const nameOf = (document: vscode.TextDocument): string => document.uri.path.split('/').pop() || document.uri.toString();

const CHANGE_LIMIT = (): vscode.Command => ({
  title: vscode.l10n.t('Change the limit'),
  command: 'workbench.action.openSettings',
  arguments: ['policyLens.maxDocumentSize'],
});

/**
 * One status bar item for what the analysis is doing when it is not instant: analysing a large
 * draft in the background, a draft over `policyLens.maxDocumentSize` (never skipped silently), a
 * failed analysis, or drafts of the workspace the index had to leave out. Hidden otherwise.
 */
class AnalysisStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('policyLens.analysis', vscode.StatusBarAlignment.Right, 100);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busySince: number | undefined;

  constructor(private readonly services: Services) {
    this.item.name = vscode.l10n.t('Policy Lens Analysis');
  }

  readonly render = (): void => {
    const { analysing, tooLarge, failed } = this.services.analyses.status();
    const notIndexed = this.services.workspace.notIndexed();
    if (analysing.length === 0) this.busySince = undefined;
    else this.busySince ??= Date.now();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (failed.length > 0) this.showFailed(failed);
    else if (tooLarge.length > 0) this.showTooLarge(tooLarge);
    else if (analysing.length > 0) this.showAnalysing(analysing, this.busySince ?? Date.now());
    else if (notIndexed.size > 0) this.showNotIndexed(notIndexed);
    else this.item.hide();
  };

  private show(text: string, tooltip: string, command: vscode.Command | undefined, background: string | undefined): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.show();
  }

  private showFailed(failed: AnalysisStatus<vscode.TextDocument>['failed']): void {
    const tooltip = failed.map((f) => vscode.l10n.t('{0}: {1}', nameOf(f.document), f.message)).join('\n');
    this.show(`$(error) ${vscode.l10n.t('Policy Lens: analysis failed')}`, tooltip, undefined, 'statusBarItem.errorBackground');
  }

  private showTooLarge(tooLarge: AnalysisStatus<vscode.TextDocument>['tooLarge']): void {
    const tooltip = [
      ...tooLarge.map((t) =>
        vscode.l10n.t('{0} is {1}, over the {2} limit: it is not analysed.', nameOf(t.document), sizeText(t.size), sizeText(t.limit)),
      ),
      vscode.l10n.t('Click to change the limit (policyLens.maxDocumentSize).'),
    ].join('\n');
    this.show(`$(warning) ${vscode.l10n.t('Policy Lens: draft too large')}`, tooltip, CHANGE_LIMIT(), 'statusBarItem.warningBackground');
  }

  private showAnalysing(analysing: vscode.TextDocument[], busySince: number): void {
    const wait = SHOW_AFTER_MS - (Date.now() - busySince);
    if (wait > 0) {
      this.item.hide();
      this.timer = setTimeout(this.render, wait);
      return;
    }
    const tooltip = vscode.l10n.t('Analysing {0} in the background; results appear when it is done.', analysing.map(nameOf).join(', '));
    this.show(`$(sync~spin) ${vscode.l10n.t('Policy Lens: analysing…')}`, tooltip, undefined, undefined);
  }

  private showNotIndexed(notIndexed: ReadonlyMap<string, string>): void {
    const count = notIndexed.size;
    const text = `$(warning) ${count === 1 ? vscode.l10n.t('Policy Lens: 1 draft not indexed') : vscode.l10n.t('Policy Lens: {0} drafts not indexed', count)}`;
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
    this.show(text, lines.join('\n'), overLimit ? CHANGE_LIMIT() : undefined, 'statusBarItem.warningBackground');
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
  }
}

/** Registers the analysis status bar item. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const status = new AnalysisStatusItem(services);
  context.subscriptions.push(status, services.analyses.onDidChangeStatus(status.render), services.workspace.onDidChange(status.render));
  status.render();
}
