import * as vscode from 'vscode';
import { engagementRows, engagementTableMarkdown, type CitedGroupBy, type CitedModel } from '../../core';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import type { Services } from '../services';
import type { WorkspaceDrafts } from '../workspace-index';
import { CitedEngagementsProvider, type CitedScope, type CitedSnapshot } from './provider';

/** The view's id in package.json. */
export const VIEW_ID = 'policyLens.citedEngagements';

/** What the view shows, as `policyLens.tree.refresh` returns it (for scripts and tests). */
export interface CitedViewState {
  /** The active draft, or every draft of the workspace. */
  scope: CitedScope;
  /** The shown document's URI (file scope). */
  document: string | undefined;
  /** Workspace scope: the URIs of the drafts citing each entry shown. */
  drafts?: Record<string, string[]>;
  groupBy: CitedGroupBy;
  showUncited: boolean;
  filter: string;
  model: CitedModel;
}

/** Editors that never change what the view shows: entry cards opened from it, and the Output panel. */
const PASSIVE_SCHEMES = new Set([ENTRY_SCHEME, 'output']);

const GROUPINGS: readonly { value: CitedGroupBy; label: () => string; detail: () => string }[] = [
  {
    value: 'type',
    label: () => vscode.l10n.t('Type'),
    detail: () => vscode.l10n.t('Memorandum, ministerial meeting, charter, partnership…'),
  },
  { value: 'year', label: () => vscode.l10n.t('Year'), detail: () => vscode.l10n.t('Oldest first; undated last') },
  {
    value: 'classification',
    label: () => vscode.l10n.t('Classification'),
    detail: () => vscode.l10n.t('Bilateral, multilateral, unilateral'),
  },
  {
    value: 'partner',
    label: () => vscode.l10n.t('Partner'),
    detail: () => vscode.l10n.t('Who it was with (host first); an agreement with several partners appears under each'),
  },
];

function isGroupBy(value: unknown): value is CitedGroupBy {
  return GROUPINGS.some((g) => g.value === value);
}

function setContext(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/** Writes a `policyLens.*` setting where it is already set for this workspace, otherwise in the user settings. */
async function updateSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('policyLens');
  const target =
    config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

function fileName(document: vscode.TextDocument): string {
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

type RangeLike = { start: { line: number; character: number }; end: { line: number; character: number } };

function toVsRange(range: vscode.Range | RangeLike): vscode.Range {
  return range instanceof vscode.Range
    ? range
    : new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * Where a reference is now, when the view was built from an analysis of an older version (the
 * document was edited since, or a long draft's analysis is still catching up): the occurrence of its
 * text nearest to where it was, or the old range if the text is gone.
 */
function moved(document: vscode.TextDocument, range: vscode.Range, expected: string): vscode.Range {
  if (document.validateRange(range).isEqual(range) && document.getText(range) === expected) return range;
  const text = document.getText();
  const was = document.offsetAt(range.start);
  const before = text.lastIndexOf(expected, was);
  const after = text.indexOf(expected, was);
  const best = [before, after].filter((k) => k >= 0).sort((a, b) => Math.abs(a - was) - Math.abs(b - was))[0];
  return best === undefined ? range : new vscode.Range(document.positionAt(best), document.positionAt(best + expected.length));
}

/**
 * Shows an occurrence: opens its document in the editor group where it is visible (or the active
 * one), selects it and scrolls it into view; the focus stays where it was, as in the Search view.
 */
async function revealReference(uri: vscode.Uri | string, range: vscode.Range | RangeLike, expected?: string): Promise<vscode.TextEditor> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const document = await vscode.workspace.openTextDocument(target);
  const selection = expected === undefined ? toVsRange(range) : moved(document, toVsRange(range), expected);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, selection, preserveFocus: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/**
 * Registers the Cited Engagements view (in Explorer) and its commands: group by, show or hide
 * uncited agreements, filter, refresh, copy the cited-engagements table, reveal an occurrence.
 */
export function register(context: vscode.ExtensionContext, services: Services, workspace?: WorkspaceDrafts): void {
  const provider = new CitedEngagementsProvider(services, workspace);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const hasTab = (document: vscode.TextDocument): boolean =>
    vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === document.uri.toString()),
    );
  // The draft dropped while no editor was active, in case an entry card is opening in its place.
  let dropped: vscode.TextDocument | undefined;
  const follow = (editor: vscode.TextEditor | undefined): void => {
    const current = provider.document;
    let document: vscode.TextDocument | undefined;
    if (!editor) {
      // No text editor is active (a Markdown preview, a settings page): keep the draft while it has a tab.
      document = current && hasTab(current) ? current : undefined;
      dropped = document ? undefined : (current ?? dropped);
    } else if (PASSIVE_SCHEMES.has(editor.document.uri.scheme)) {
      document = current ?? (dropped && !dropped.isClosed ? dropped : undefined);
    } else {
      document = editor.document.languageId === 'markdown' ? editor.document : undefined;
      dropped = undefined;
    }
    provider.setDocument(document);
    describe();
  };
  const describe = (): void => {
    const workspaceScope = provider.scope === 'workspace';
    const document = provider.document;
    view.description = workspaceScope ? vscode.l10n.t('Workspace') : document ? fileName(document) : undefined;
    setContext('policyLens.markdownActive', workspaceScope || document !== undefined);
    setContext('policyLens.tree.workspaceScope', workspaceScope);
  };
  const applyScope = (): void => {
    provider.setScope(services.config().tree.scope);
    describe();
  };

  const applyFilter = (text: string): void => {
    provider.setFilter(text);
    setContext('policyLens.tree.filtered', provider.filter !== '');
  };

  const markdownDocument = (): vscode.TextDocument | undefined => {
    const active = vscode.window.activeTextEditor?.document;
    return provider.document ?? (active?.languageId === 'markdown' ? active : undefined);
  };

  setContext('policyLens.tree.filtered', false);
  setContext('policyLens.tree.showingUncited', services.config().tree.showUncited);
  follow(vscode.window.activeTextEditor);
  applyScope();

  context.subscriptions.push(
    provider,
    view,
    provider.onDidBuild((snap) => {
      view.message = messageFor(snap, workspace);
    }),
    vscode.window.onDidChangeActiveTextEditor(follow),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document === provider.document) follow(vscode.window.activeTextEditor);
    }),
    // A language change reopens the document without switching editors: a new file set to Markdown.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document === vscode.window.activeTextEditor?.document) follow(vscode.window.activeTextEditor);
    }),
    services.onDidChangeMarkdown((document) => {
      if (document === provider.document) provider.refresh();
    }),
    services.onDidChangeDataset(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('policyLens.tree')) return;
      setContext('policyLens.tree.showingUncited', services.config().tree.showUncited);
      applyScope();
      provider.refresh();
    }),
    ...(workspace
      ? [
          workspace.onDidChange(() => {
            if (provider.scope === 'workspace') provider.refresh();
          }),
        ]
      : []),
    vscode.commands.registerCommand('policyLens.tree.showWorkspace', () => updateSetting('tree.scope', 'workspace')),
    vscode.commands.registerCommand('policyLens.tree.showActiveFile', () => updateSetting('tree.scope', 'file')),

    vscode.commands.registerCommand('policyLens.tree.groupBy', async (value?: unknown) => {
      let groupBy = isGroupBy(value) ? value : undefined;
      if (!groupBy) {
        const current = services.config().tree.groupBy;
        const items = GROUPINGS.map((g) => ({
          label: g.label(),
          detail: g.detail(),
          description: g.value === current ? vscode.l10n.t('current') : undefined,
          value: g.value,
        }));
        const pick = vscode.window.createQuickPick<(typeof items)[number]>();
        pick.title = vscode.l10n.t('Group Cited Agreements By');
        pick.items = items;
        pick.activeItems = items.filter((i) => i.value === current);
        groupBy = await new Promise<CitedGroupBy | undefined>((resolve) => {
          pick.onDidAccept(() => {
            resolve(pick.selectedItems[0]?.value);
            pick.hide();
          });
          pick.onDidHide(() => {
            resolve(undefined);
            pick.dispose();
          });
          pick.show();
        });
      }
      if (groupBy) await updateSetting('tree.groupBy', groupBy);
    }),
    vscode.commands.registerCommand('policyLens.tree.showUncited', () => updateSetting('tree.showUncited', true)),
    vscode.commands.registerCommand('policyLens.tree.hideUncited', () => updateSetting('tree.showUncited', false)),
    vscode.commands.registerCommand('policyLens.tree.filter', async (value?: unknown) => {
      if (typeof value === 'string') {
        applyFilter(value);
        return;
      }
      // The tree follows the text as it is typed; Escape puts the previous filter back.
      const before = provider.filter;
      const box = vscode.window.createInputBox();
      box.title = vscode.l10n.t('Filter Cited Engagements');
      box.prompt = vscode.l10n.t(
        'Words to find in the label, id, type, year or partners (all of them must match). Empty shows everything.',
      );
      box.placeholder = vscode.l10n.t('e.g. memorandum 2022, estonia, g20');
      box.value = before;
      let accepted = false;
      await new Promise<void>((resolve) => {
        box.onDidChangeValue(applyFilter);
        box.onDidAccept(() => {
          accepted = true;
          applyFilter(box.value);
          box.hide();
        });
        box.onDidHide(() => {
          if (!accepted) applyFilter(before);
          box.dispose();
          resolve();
        });
        box.show();
      });
    }),
    vscode.commands.registerCommand('policyLens.tree.clearFilter', () => applyFilter('')),
    vscode.commands.registerCommand('policyLens.tree.refresh', (): CitedViewState | undefined => {
      provider.refresh();
      const snap = provider.model();
      if (!snap) return undefined;
      const { groupBy, showUncited, filter, model } = snap;
      const state: CitedViewState = { scope: snap.scope, document: snap.document?.uri.toString(), groupBy, showUncited, filter, model };
      if (snap.scope === 'workspace' && workspace) {
        const ids = [...model.agreements.flatMap((g) => g.entries), ...model.pillars, ...model.countries].map((e) => e.id);
        state.drafts = Object.fromEntries(
          ids
            .map((id) => [id, workspace.index.draftsCiting(id).flatMap((d) => (d.citations > 0 ? [d.uri] : []))] as const)
            .filter(([, uris]) => uris.length > 0),
        );
      }
      return state;
    }),
    vscode.commands.registerCommand('policyLens.revealReference', revealReference),
    vscode.commands.registerCommand('policyLens.copyCitedTable', async (): Promise<string | undefined> => {
      if (workspace && provider.scope === 'workspace') {
        await workspace.whenIndexed();
        const table = engagementTableMarkdown(engagementRows(workspace.index.citationCounts(), services.dataset()));
        await vscode.env.clipboard.writeText(table);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied the table of the engagements the workspace drafts cite.'));
        return table;
      }
      const document = markdownDocument();
      if (!document) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown draft to copy the engagements it cites.'));
        return undefined;
      }
      const rows = engagementRows([services.analyses.get(document)], services.dataset());
      if (rows.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} cites no agreement: nothing was copied.', fileName(document)));
        return undefined;
      }
      const table = engagementTableMarkdown(rows);
      await vscode.env.clipboard.writeText(table);
      // Not awaited: the message stays until dismissed, the command is done.
      void vscode.window.showInformationMessage(
        rows.length === 1
          ? vscode.l10n.t('Copied the table of 1 engagement cited in {0}.', fileName(document))
          : vscode.l10n.t('Copied the table of {0} engagements cited in {1}.', rows.length, fileName(document)),
      );
      return table;
    }),
  );
}
