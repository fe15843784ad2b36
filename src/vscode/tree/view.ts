import * as vscode from 'vscode';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import type { Services } from '../services';
import type { WorkspaceDrafts } from '../workspace-index';
import type { CitedEngagementsProvider, CitedSnapshot } from './provider';
import { hasDraftLanguage } from '../drafts';
import { showsInTab } from '../tabs';

/** Editors that never change what the view shows: entry cards opened from it, and the Output panel. */
const PASSIVE_SCHEMES = new Set([ENTRY_SCHEME, 'output']);

export function setContext(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export function fileName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString();
}

function messageFor(snap: CitedSnapshot | undefined, workspace: WorkspaceDrafts | undefined): string | undefined {
  if (!snap) return undefined;
  const { model, filter } = snap;
  const pending = snap.scope === 'workspace' ? (workspace?.pending() ?? 0) : 0;
  if (pending > 0) return vscode.l10n.t('Indexing the workspace drafts: {0} files to go.', pending);
  if (filter) {
    return model.shown === 0
      ? vscode.l10n.t('Nothing matches the filter “{0}”.', filter)
      : vscode.l10n.t('Filter “{0}”: {1} of {2} shown.', filter, model.shown, model.total);
  }
  const left = snap.scope === 'workspace' ? (workspace?.notIndexed().size ?? 0) : 0;
  const leftOut =
    left === 0
      ? undefined
      : left === 1
        ? vscode.l10n.t('1 draft is not indexed (see the status bar).')
        : vscode.l10n.t('{0} drafts are not indexed (see the status bar).', left);
  if (model.total === 0) {
    const none = snap.document
      ? vscode.l10n.t('{0} cites no agreement, pillar or country yet.', fileName(snap.document))
      : vscode.l10n.t('No indexed draft of the workspace cites an agreement, pillar or country yet.');
    return leftOut ? `${none} ${leftOut}` : none;
  }
  return leftOut;
}

/**
 * The Cited Engagements view and what it follows: the active Markdown draft (kept while a preview,
 * an entry card or the Output panel has the focus), the scope setting, the filter.
 */
export class CitedView {
  /** The draft dropped while no editor was active, in case an entry card is opening in its place. */
  private dropped: vscode.TextDocument | undefined;

  constructor(
    readonly provider: CitedEngagementsProvider,
    readonly view: vscode.TreeView<unknown>,
    private readonly services: Services,
  ) {}

  get workspace(): WorkspaceDrafts {
    return this.services.workspace;
  }

  /** Shows the draft of the active editor, or keeps the one shown when the active editor is passive. */
  readonly follow = (editor: vscode.TextEditor | undefined): void => {
    const current = this.provider.document;
    let document: vscode.TextDocument | undefined;
    if (!editor) {
      // No text editor is active (a Markdown preview, a settings page): keep the draft while it has a tab.
      document = current && showsInTab(current.uri) ? current : undefined;
      this.dropped = document ? undefined : (current ?? this.dropped);
    } else if (PASSIVE_SCHEMES.has(editor.document.uri.scheme)) {
      document = current ?? (this.dropped && !this.dropped.isClosed ? this.dropped : undefined);
    } else {
      document = hasDraftLanguage(editor.document) ? editor.document : undefined;
      this.dropped = undefined;
    }
    this.provider.setDocument(document);
    this.describe();
  };

  /** The view's description (the draft's name, or "Workspace") and the context keys its menus read. */
  describe(): void {
    const workspaceScope = this.provider.scope === 'workspace';
    const document = this.provider.document;
    this.view.description = workspaceScope ? vscode.l10n.t('Workspace') : document ? fileName(document) : undefined;
    setContext('policyLens.markdownActive', workspaceScope || document !== undefined);
    setContext('policyLens.tree.workspaceScope', workspaceScope);
  }

  applyScope(): void {
    this.provider.setScope(this.services.config().tree.scope);
    this.describe();
  }

  readonly applyFilter = (text: string): void => {
    this.provider.setFilter(text);
    setContext('policyLens.tree.filtered', this.provider.filter !== '');
  };

  /** The draft shown, else the active editor's if it is a draft. */
  markdownDocument(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor?.document;
    return this.provider.document ?? (active && hasDraftLanguage(active) ? active : undefined);
  }

  /** The message above the tree: indexing, filter results, nothing cited, drafts left out. */
  showMessage(snap: CitedSnapshot | undefined): void {
    this.view.message = messageFor(snap, this.workspace);
  }
}
