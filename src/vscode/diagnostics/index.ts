import * as vscode from 'vscode';
import { withoutBibliographyCitations, type Analysis, type Dataset, type Diagnostic as CoreDiagnostic } from '../../core';
import type { CheckSeverity, PolicyLensConfig } from '../config';
import { entryUri, SCHEME } from '../entry-document';
import { toRange } from '../ranges';
import type { Services } from '../services';
import type { DraftBibliography } from '../bibliographies';
import { QuickFixProvider } from './quick-fixes';
import { passes } from '../first-pass';
import { DRAFT_SELECTOR, hasDraftLanguage } from '../drafts';

/** The `source` of every diagnostic Policy Lens reports; the quick fixes only look at these. */
const SOURCE = 'Policy Lens';

type SeverityKey = keyof PolicyLensConfig['checks']['severity'];

/** The setting that governs each core diagnostic code. */
const SETTING_OF: Readonly<Record<string, SeverityKey>> = {
  'inconsistent-year': 'inconsistentFacts',
  'inconsistent-host': 'inconsistentFacts',
  'not-a-party': 'inconsistentFacts',
  'ambiguous-reference': 'ambiguousReference',
  'non-canonical-name': 'nonCanonicalName',
  'unknown-citation': 'unknownCitation',
};

const SEVERITY: Readonly<Record<Exclude<CheckSeverity, 'off'>, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Whether a document gets checks: a draft (Markdown, Quarto, R Markdown), except our own entry cards (they quote the dataset, which
 * cannot contradict itself) and the old side of a Git diff (its problems would show twice).
 */
function isChecked(document: vscode.TextDocument): boolean {
  return hasDraftLanguage(document) && document.uri.scheme !== SCHEME && document.uri.scheme !== 'git';
}

/**
 * Converts one core diagnostic to a VS Code one under the current settings.
 *
 * @returns The diagnostic, or undefined when its check is set to `off`.
 */
function toDiagnostic(core: CoreDiagnostic, config: PolicyLensConfig, dataset: Dataset): vscode.Diagnostic | undefined {
  const key = SETTING_OF[core.code];
  const severity: CheckSeverity = key ? config.checks.severity[key] : core.severity;
  if (severity === 'off') return undefined;
  const diagnostic = new vscode.Diagnostic(toRange(core), core.message, SEVERITY[severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = core.code;
  const related = (core.entries ?? []).flatMap((id) => {
    const entry = dataset.entries.get(id);
    if (!entry) return [];
    const where = new vscode.Location(entryUri(id), new vscode.Position(0, 0));
    return [new vscode.DiagnosticRelatedInformation(where, vscode.l10n.t('Dataset entry: {0}', entry.label))];
  });
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** The code of the diagnostic on a name the dataset lacks; the "Add to Team Dataset…" quick fix answers it. */
export const UNCATALOGUED = 'uncatalogued';

/** One diagnostic per name of an engagement the dataset lacks, unless switched off. */
function uncataloguedDiagnostics(analysis: Analysis, config: PolicyLensConfig): vscode.Diagnostic[] {
  const severity = config.checks.severity.uncatalogued;
  if (!config.uncatalogued || severity === 'off') return [];
  return (analysis.uncatalogued ?? []).map((u) => {
    const message = vscode.l10n.t('“{0}” is not in the dataset.', u.label);
    const diagnostic = new vscode.Diagnostic(toRange(u), message, SEVERITY[severity]);
    diagnostic.source = SOURCE;
    diagnostic.code = UNCATALOGUED;
    return diagnostic;
  });
}

/** The code of the warning about a bibliography that could not be read. */
export const BIBLIOGRAPHY = 'bibliography';

/** One warning for each of the draft's bibliographies that could not be read, on its `bibliography:` line when the front matter has one. */
function bibliographyWarnings(own: DraftBibliography, text: string): vscode.Diagnostic[] {
  if (own.problems.length === 0) return [];
  const front = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  const at = front ? front[0].search(/^bibliography[ \t]*:/m) : -1;
  const line = at < 0 ? 0 : text.slice(0, at).split(/\r\n|\n|\r/).length - 1;
  const range = new vscode.Range(line, 0, line, at < 0 ? 0 : 'bibliography'.length);
  return own.problems.map((problem) => {
    const diagnostic = new vscode.Diagnostic(range, problem, vscode.DiagnosticSeverity.Warning);
    diagnostic.source = SOURCE;
    diagnostic.code = BIBLIOGRAPHY;
    return diagnostic;
  });
}

/** Registers the checks: a diagnostic collection kept in step with open Markdown documents and the settings, and their quick fixes. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const collection = vscode.languages.createDiagnosticCollection('policyLens');
  const { bibliographies } = services;
  const refresh = (document: vscode.TextDocument, config = services.config()): void => {
    if (!isChecked(document) || document.isClosed) return;
    if (!config.checks.enabled) {
      collection.delete(document.uri);
      return;
    }
    // A large draft is analysed in the background: until its current version is, keep what is shown
    // (the editor moves it with the text); onDidUpdateAnalysis brings the current analysis.
    if (!services.analyses.isCurrent(document)) return;
    const dataset = services.dataset();
    const analysis = services.analyses.get(document);
    // The writer's own bibliography holds keys the dataset lacks: citing them is no error.
    const own = bibliographies.of(document);
    const text = document.getText();
    const diagnostics = withoutBibliographyCitations(analysis.diagnostics, text, own.keys).flatMap(
      (d) => toDiagnostic(d, config, dataset) ?? [],
    );
    collection.set(document.uri, [...diagnostics, ...uncataloguedDiagnostics(analysis, config), ...bibliographyWarnings(own, text)]);
  };
  const pass = passes(
    context,
    () => vscode.workspace.textDocuments,
    (document) => refresh(document),
  );
  const refreshAll = (): void => {
    const config = services.config();
    if (!config.checks.enabled) {
      collection.clear();
      return;
    }
    for (const document of vscode.workspace.textDocuments) refresh(document, config);
  };
  context.subscriptions.push(
    collection,
    bibliographies.onDidChange(() => refreshAll()),
    vscode.workspace.onDidOpenTextDocument((document) => refresh(document)),
    services.onDidChangeMarkdown((document) => refresh(document)),
    services.onDidUpdateAnalysis((document) => refresh(document)),
    // Every draft is analysed again with the new dataset: one per task.
    services.onDidChangeDataset(() => pass()),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.checks') || e.affectsConfiguration('policyLens.uncatalogued')) refreshAll();
    }),
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new QuickFixProvider(services, SOURCE), QuickFixProvider.metadata),
  );
  // The drafts already open are checked after activation, not during it, once the analysis has
  // warmed up, one draft per task: activation stays cheap and no task long.
  void services.analyses.whenWarm().then(pass);
}
