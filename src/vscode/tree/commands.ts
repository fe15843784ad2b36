import * as vscode from 'vscode';
import { engagementRows, engagementTableMarkdown, type CitedGroupBy, type CitedModel } from '../../core';
import type { Services } from '../services';
import type { CitedScope } from './provider';
import { fileName, type CitedView } from './view';

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
  /** The names the dataset lacks that the view lists, with their occurrences; in workspace scope, the URIs of the drafts writing each. */
  uncatalogued: Array<{ label: string; citations: number; drafts?: string[] }>;
}

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

/** Writes a `policyLens.*` setting where it is already set for this workspace, otherwise in the user settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('policyLens');
  const target =
    config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

/** Asks how to group the view, the current grouping preselected; undefined if the user cancels. */
function pickGroupBy(current: CitedGroupBy): Promise<CitedGroupBy | undefined> {
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
  return new Promise<CitedGroupBy | undefined>((resolve) => {
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

/** `policyLens.tree.groupBy`: sets the grouping given, or asks for one. */
export async function groupBy(services: Services, value?: unknown): Promise<void> {
  const chosen = isGroupBy(value) ? value : await pickGroupBy(services.config().tree.groupBy);
  if (chosen) await updateSetting('tree.groupBy', chosen);
}

/** `policyLens.tree.filter`: sets the filter given, or asks for it; the tree follows the text as it is typed, and Escape puts the previous filter back. */
export async function filter(tree: CitedView, value?: unknown): Promise<void> {
  if (typeof value === 'string') {
    tree.applyFilter(value);
    return;
  }
  const before = tree.provider.filter;
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Filter Cited Engagements');
  box.prompt = vscode.l10n.t('Words to find in the label, id, type, year or partners (all of them must match). Empty shows everything.');
  box.placeholder = vscode.l10n.t('e.g. memorandum 2022, estonia, g20');
  box.value = before;
  let accepted = false;
  await new Promise<void>((resolve) => {
    box.onDidChangeValue(tree.applyFilter);
    box.onDidAccept(() => {
      accepted = true;
      tree.applyFilter(box.value);
      box.hide();
    });
    box.onDidHide(() => {
      if (!accepted) tree.applyFilter(before);
      box.dispose();
      resolve();
    });
    box.show();
  });
}

/** `policyLens.tree.refresh`: rebuilds the view and returns what it shows (for scripts and tests). */
export function refresh(tree: CitedView): CitedViewState | undefined {
  tree.provider.refresh();
  const snap = tree.provider.model();
  if (!snap) return undefined;
  const { groupBy, showUncited, filter, model } = snap;
  const uncatalogued = snap.uncatalogued.map(({ label, citations, drafts }) => ({
    label,
    citations,
    ...(drafts ? { drafts: drafts.map((d) => d.uri) } : {}),
  }));
  const state: CitedViewState = {
    scope: snap.scope,
    document: snap.document?.uri.toString(),
    groupBy,
    showUncited,
    filter,
    model,
    uncatalogued,
  };
  if (snap.scope === 'workspace') {
    const ids = [...model.agreements.flatMap((g) => g.entries), ...model.pillars, ...model.countries].map((e) => e.id);
    state.drafts = Object.fromEntries(
      ids
        .map((id) => [id, tree.workspace.index.draftsCiting(id).flatMap((d) => (d.citations > 0 ? [d.uri] : []))] as const)
        .filter(([, uris]) => uris.length > 0),
    );
  }
  return state;
}

/** `policyLens.copyCitedTable`: copies the table of the engagements the shown draft (or the workspace) cites; returns it. */
export async function copyCitedTable(tree: CitedView, services: Services): Promise<string | undefined> {
  if (tree.provider.scope === 'workspace') {
    await tree.workspace.whenIndexed();
    const table = engagementTableMarkdown(engagementRows(tree.workspace.index.citationCounts(), services.dataset()));
    await vscode.env.clipboard.writeText(table);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the table of the engagements the workspace drafts cite.'));
    return table;
  }
  const document = tree.markdownDocument();
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
/** `policyLens.revealReference`. */
export async function revealReference(
  uri: vscode.Uri | string,
  range: vscode.Range | RangeLike,
  expected?: string,
): Promise<vscode.TextEditor> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const document = await vscode.workspace.openTextDocument(target);
  const selection = expected === undefined ? toVsRange(range) : moved(document, toVsRange(range), expected);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, selection, preserveFocus: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
