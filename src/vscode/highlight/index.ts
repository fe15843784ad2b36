import * as vscode from 'vscode';
import type { Analysis, EntryKind } from '../../core';
import type { PolicyLensConfig } from '../config';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import { toRange } from '../ranges';
import type { Services } from '../services';

/** The decoration styles: one per kind, and one for ambiguous references of any kind. */
export type HighlightStyle = EntryKind | 'ambiguous';

/** The ranges decorated with each style. */
export type HighlightRanges = Readonly<Record<HighlightStyle, readonly vscode.Range[]>>;

/** What `register` hands back: the last ranges applied to an editor, for the extension-host tests. */
export interface Highlighting {
  /** The ranges last applied to `editor` per style, or undefined if it was never decorated. */
  decorationsFor(editor: vscode.TextEditor): HighlightRanges | undefined;
}

const STYLES: readonly HighlightStyle[] = ['agreement', 'pillar', 'country', 'ambiguous'];
const NONE: readonly vscode.Range[] = Object.freeze([]);
const NOTHING: HighlightRanges = { agreement: NONE, pillar: NONE, country: NONE, ambiguous: NONE };

function decorationType(style: HighlightStyle): vscode.TextEditorDecorationType {
  // Closed ends: text typed right before or after a name must not take its colour until the next analysis.
  const rangeBehavior = vscode.DecorationRangeBehavior.ClosedClosed;
  if (style === 'ambiguous') {
    return vscode.window.createTextEditorDecorationType({
      rangeBehavior,
      borderStyle: 'none none dotted none',
      borderWidth: '0 0 2px 0',
      borderColor: new vscode.ThemeColor('policyLens.ambiguousBorder'),
    });
  }
  return vscode.window.createTextEditorDecorationType({
    rangeBehavior,
    backgroundColor: new vscode.ThemeColor(`policyLens.${style}Background`),
    borderStyle: 'none none solid none',
    borderWidth: '0 0 1px 0',
    borderColor: new vscode.ThemeColor(`policyLens.${style}Border`),
    borderRadius: '2px',
  });
}

/** Markdown the user writes; an entry's card document is about one entry, and colouring its names would only add noise. */
function isDraft(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && document.uri.scheme !== ENTRY_SCHEME;
}

function settingsKey(h: PolicyLensConfig['highlight']): string {
  return h.enabled ? `${+h.agreements}${+h.pillars}${+h.countries}` : 'off';
}

/**
 * Ranges per style, computed once per analysis (an analysis stands for one document version and
 * dataset) and per combination of settings, so that re-applying to another editor of the same
 * document, or after a setting is toggled back, costs nothing.
 */
const rangesByAnalysis = new WeakMap<Analysis, Map<string, HighlightRanges>>();

function rangesFor(analysis: Analysis, settings: PolicyLensConfig['highlight']): HighlightRanges {
  const key = settingsKey(settings);
  if (key === 'off') return NOTHING;
  let bySettings = rangesByAnalysis.get(analysis);
  if (!bySettings) rangesByAnalysis.set(analysis, (bySettings = new Map()));
  const cached = bySettings.get(key);
  if (cached) return cached;
  const on: Record<EntryKind, boolean> = { agreement: settings.agreements, pillar: settings.pillars, country: settings.countries };
  const out: Record<HighlightStyle, vscode.Range[]> = { agreement: [], pillar: [], country: [], ambiguous: [] };
  for (const ref of analysis.references) {
    if (!on[ref.kind]) continue;
    out[ref.candidates ? 'ambiguous' : ref.kind].push(toRange(ref));
  }
  const ranges: HighlightRanges = {
    agreement: out.agreement.length ? out.agreement : NONE,
    pillar: out.pillar.length ? out.pillar : NONE,
    country: out.country.length ? out.country : NONE,
    ambiguous: out.ambiguous.length ? out.ambiguous : NONE,
  };
  bySettings.set(key, ranges);
  return ranges;
}

/**
 * Registers the analysis-driven highlighting of references in Markdown editors: one decoration
 * type per kind and one for ambiguous references, in the contributed theme colours, following the
 * `policyLens.highlight.*` settings live.
 *
 * @param context The extension context (owns the decoration types and listeners).
 * @param services The shared analysis, dataset and settings.
 * @returns Read access to what was applied, for tests.
 */
export function register(context: vscode.ExtensionContext, services: Services): Highlighting {
  const types = Object.fromEntries(STYLES.map((s) => [s, decorationType(s)])) as Record<HighlightStyle, vscode.TextEditorDecorationType>;
  // Per editor, the arrays last handed to setDecorations: an identical array means nothing to do.
  const applied = new WeakMap<vscode.TextEditor, HighlightRanges>();
  let settings = services.config().highlight;

  const apply = (editor: vscode.TextEditor): void => {
    const previous = applied.get(editor);
    let next: HighlightRanges;
    if (isDraft(editor.document)) next = rangesFor(services.analyses.get(editor.document), settings);
    else if (previous) next = NOTHING;
    else return;
    for (const style of STYLES) {
      if (previous?.[style] !== next[style]) editor.setDecorations(types[style], next[style]);
    }
    applied.set(editor, next);
  };
  const applyVisible = (document?: vscode.TextDocument): void => {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!document || editor.document.uri.toString() === document.uri.toString()) apply(editor);
    }
  };

  context.subscriptions.push(
    ...Object.values(types),
    vscode.window.onDidChangeVisibleTextEditors(() => applyVisible()),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && apply(editor)),
    services.onDidChangeMarkdown((document) => applyVisible(document)),
    // A document whose language changes is reopened under the new language.
    vscode.workspace.onDidOpenTextDocument((document) => applyVisible(document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('policyLens.highlight')) return;
      settings = services.config().highlight;
      applyVisible();
    }),
  );
  applyVisible();

  return {
    decorationsFor: (editor) => {
      const ranges = applied.get(editor);
      return ranges && { ...ranges };
    },
  };
}
