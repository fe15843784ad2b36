import * as vscode from 'vscode';
import { entryYear, fixesFor, type Dataset, type Fix } from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';
import { ADD_TO_TEAM_DATASET } from '../hover/uncatalogued';

function titleOf(fix: Fix, dataset: Dataset, choices: number): string {
  const entry = dataset.entries.get(fix.entry);
  switch (fix.kind) {
    case 'label': {
      // Candidates of an ambiguous name often differ only by year; show it when the name does not.
      const year = entry && entryYear(entry);
      return choices > 1 && year !== undefined && !fix.replacement.includes(String(year))
        ? vscode.l10n.t("Use '{0}' ({1})", fix.replacement, year)
        : vscode.l10n.t("Use '{0}'", fix.replacement);
    }
    case 'year':
      return vscode.l10n.t('Change the year to {0}, as recorded', fix.replacement);
    case 'host':
      return vscode.l10n.t('Change the host to {0}, as recorded', fix.replacement);
    case 'citation-key':
      return vscode.l10n.t('Change to {0} ({1})', fix.replacement, entry?.label ?? fix.entry);
  }
}

/** The quick fix on a name the dataset lacks: runs "Add to Team Dataset…" on it. */
function addToTeamDatasetAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(vscode.l10n.t('Add to Team Dataset…'), vscode.CodeActionKind.QuickFix);
  action.command = {
    command: ADD_TO_TEAM_DATASET,
    title: vscode.l10n.t('Add to Team Dataset…'),
    arguments: [document.uri.toString(), document.offsetAt(diagnostic.range.start)],
  };
  action.diagnostics = [diagnostic];
  return action;
}

/** Quick fixes for Policy Lens diagnostics; each replaces the diagnostic's range and nothing else. */
export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly services: Services,
    private readonly source: string,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter((d) => d.source === this.source);
    if (ours.length === 0) return [];
    // Fixes are edits at the analysis's ranges: never from an analysis of an older version.
    if (!this.services.analyses.isCurrent(document)) return [];
    const analysis = this.services.analyses.get(document);
    const dataset = this.services.dataset();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      if (diagnostic.code === 'uncatalogued') {
        actions.push(addToTeamDatasetAction(document, diagnostic));
        continue;
      }
      // The editor hands back copies, so the core diagnostic is found again by code and range;
      // after an edit not yet re-checked, none matches and no stale fix is offered.
      const core = analysis.diagnostics.find((d) => d.code === diagnostic.code && toRange(d).isEqual(diagnostic.range));
      if (!core) continue;
      const fixes = fixesFor(core, document.getText(diagnostic.range), dataset);
      for (const fix of fixes) {
        const action = new vscode.CodeAction(titleOf(fix, dataset, fixes.length), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, fix.replacement);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    }
    return actions;
  }
}
