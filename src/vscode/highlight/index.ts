import * as vscode from 'vscode';
import { analyzeVisible, type Analysis, type EntryKind, type Reference, type UncataloguedReference } from '../../core';
import type { PolicyLensConfig } from '../config';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import { toRange } from '../ranges';
import type { FeatureContribution } from '../feature';
import type { Services } from '../services';
import { passes } from '../first-pass';
import { hasDraftLanguage } from '../drafts';

/** The decoration styles: one per kind, one for ambiguous references of any kind, one for names the dataset lacks. */
export type HighlightStyle = EntryKind | 'ambiguous' | 'uncatalogued';

/** The ranges decorated with each style. */
export type HighlightRanges = Readonly<Record<HighlightStyle, readonly vscode.Range[]>>;

/** What `register` hands back: the last ranges applied to an editor, for the extension-host tests. */
export interface Highlighting {
  /** The ranges last applied to `editor` per style, or undefined if it was never decorated. */
  decorationsFor(editor: vscode.TextEditor): HighlightRanges | undefined;
  /** The lines decorated in `editor` when its document has too many references to decorate whole (0-based, inclusive), else undefined. */
  windowFor(editor: vscode.TextEditor): { from: number; to: number } | undefined;
}

const STYLES: readonly HighlightStyle[] = ['agreement', 'pillar', 'country', 'ambiguous', 'uncatalogued'];
const NONE: readonly vscode.Range[] = Object.freeze([]);
const NOTHING: HighlightRanges = { agreement: NONE, pillar: NONE, country: NONE, ambiguous: NONE, uncatalogued: NONE };

/** The highlight settings, with the switch for names the dataset lacks. */
type Settings = PolicyLensConfig['highlight'] & { uncatalogued: boolean };

function settingsOf(config: PolicyLensConfig): Settings {
  return { ...config.highlight, uncatalogued: config.uncatalogued };
}

function decorationType(style: HighlightStyle): vscode.TextEditorDecorationType {
  // Closed ends: text typed right before or after a name must not take its colour until the next analysis.
  const rangeBehavior = vscode.DecorationRangeBehavior.ClosedClosed;
  if (style === 'ambiguous' || style === 'uncatalogued') {
    // Quieter than a catalogued name: no background, only a dotted underline.
    return vscode.window.createTextEditorDecorationType({
      rangeBehavior,
      borderStyle: 'none none dotted none',
      borderWidth: '0 0 2px 0',
      borderColor: new vscode.ThemeColor(`policyLens.${style}Border`),
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
  return hasDraftLanguage(document) && document.uri.scheme !== ENTRY_SCHEME;
}

function settingsKey(h: Settings): string {
  return h.enabled ? `${+h.agreements}${+h.pillars}${+h.countries}${+h.uncatalogued}` : 'off';
}

/**
 * Ranges per style, computed once per analysis (an analysis stands for one document version and
 * dataset) and per combination of settings, so that re-applying to another editor of the same
 * document, or after a setting is toggled back, costs nothing.
 */
const rangesByAnalysis = new WeakMap<Analysis, Map<string, HighlightRanges>>();

/** The ranges of `refs` and of the uncatalogued names `unknown` per style, under the settings. */
function classify(refs: readonly Reference[], unknown: readonly UncataloguedReference[], settings: Settings): HighlightRanges {
  const on: Record<EntryKind, boolean> = { agreement: settings.agreements, pillar: settings.pillars, country: settings.countries };
  const out: Record<HighlightStyle, vscode.Range[]> = { agreement: [], pillar: [], country: [], ambiguous: [], uncatalogued: [] };
  for (const ref of refs) {
    if (!on[ref.kind]) continue;
    out[ref.candidates ? 'ambiguous' : ref.kind].push(toRange(ref));
  }
  // An uncatalogued name is an engagement: it follows the agreements switch too.
  if (settings.uncatalogued && settings.agreements) for (const u of unknown) out.uncatalogued.push(toRange(u));
  return {
    uncatalogued: out.uncatalogued.length ? out.uncatalogued : NONE,
    agreement: out.agreement.length ? out.agreement : NONE,
    pillar: out.pillar.length ? out.pillar : NONE,
    country: out.country.length ? out.country : NONE,
    ambiguous: out.ambiguous.length ? out.ambiguous : NONE,
  };
}

function rangesFor(analysis: Analysis, settings: Settings): HighlightRanges {
  const key = settingsKey(settings);
  if (key === 'off') return NOTHING;
  let bySettings = rangesByAnalysis.get(analysis);
  if (!bySettings) rangesByAnalysis.set(analysis, (bySettings = new Map()));
  let ranges = bySettings.get(key);
  if (!ranges) bySettings.set(key, (ranges = classify(analysis.references, analysis.uncatalogued ?? [], settings)));
  return ranges;
}

/**
 * A document with more references than this is decorated only around what its editors show (see
 * `window`): VS Code re-renders every decoration of a set that is replaced, and a long report's
 * 20,000 references would be sent and laid out again after each pause in typing.
 */
export const WINDOW_THRESHOLD = 2_000;

/** Lines decorated above and below the visible ones, so that scrolling a little needs no update. */
const WINDOW_MARGIN = 200;

/** The first index in `refs` (in document order) whose start is on `line` (0-based) or later. */
function firstAtOrAfter(refs: readonly Reference[], line: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid]!.start.line - 1 < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first and last lines an editor shows. */
function visibleLines(editor: vscode.TextEditor): { first: number; last: number } {
  const visible = editor.visibleRanges;
  if (!visible.length) return { first: editor.selection.active.line, last: editor.selection.active.line };
  return { first: Math.min(...visible.map((r) => r.start.line)), last: Math.max(...visible.map((r) => r.end.line)) };
}

/** The ranges per style of the references that start within the window's lines: only those are made. */
function rangesIn(analysis: Analysis, settings: Settings, window: { from: number; to: number }): HighlightRanges {
  if (settingsKey(settings) === 'off') return NOTHING;
  const refs = analysis.references;
  const unknown = (analysis.uncatalogued ?? []).filter((u) => u.start.line - 1 >= window.from && u.start.line - 1 <= window.to);
  return classify(refs.slice(firstAtOrAfter(refs, window.from), firstAtOrAfter(refs, window.to + 1)), unknown, settings);
}

function sameRanges(a: readonly vscode.Range[] | undefined, b: readonly vscode.Range[]): boolean {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!a[k]!.isEqual(b[k]!)) return false;
  return true;
}

/**
 * The provisional analysis of what `editor` shows, while its document's first analysis is made in
 * the worker (a large draft just opened): the lines on screen are coloured at once, and the full
 * analysis replaces them when it lands. Undefined when the document has an analysis.
 */
function provisional(editor: vscode.TextEditor, services: Services, later: () => void): Analysis | undefined {
  const document = editor.document;
  if (!services.analyses.awaitingFirst(document)) return undefined;
  // A draft opened as the extension starts: its first analysis here would pay the cold JIT in one
  // long task; the warm-up pays it in short ones, and the colours follow it.
  if (services.analyses.isWarming()) {
    later();
    return undefined;
  }
  const { first, last } = visibleLines(editor);
  const from = document.offsetAt(new vscode.Position(first, 0));
  const to = document.offsetAt(new vscode.Position(last + 1, 0));
  try {
    const options = services.config().uncatalogued ? undefined : { uncatalogued: false as const };
    return analyzeVisible(document.getText(), services.dataset(), from, to, first + 1, options);
  } catch (error) {
    services.log.error(`Policy Lens: the provisional colours of ${document.uri.toString(true)} failed`, error);
    return undefined;
  }
}

/** Calls `apply` for an editor when the warm-up ends, once however often it is asked to (a scroll asks again). */
function onceWarm(services: Services, apply: (editor: vscode.TextEditor) => void): (editor: vscode.TextEditor) => void {
  const waiting = new WeakSet<vscode.TextEditor>();
  return (editor) => {
    if (waiting.has(editor)) return;
    waiting.add(editor);
    void services.analyses.whenWarm().then(() => {
      waiting.delete(editor);
      apply(editor);
    });
  };
}

interface Applied {
  /** Taken from a provisional analysis of the lines on screen: scrolling needs another. */
  provisional?: true;
  ranges: HighlightRanges;
  /** The lines decorated, for a windowed document. */
  window?: { from: number; to: number };
  /** What the ranges were taken from. */
  analysis?: Analysis;
  settings: string;
}

/**
 * The lines to decorate: a window around the visible lines for a document with many references,
 * else all of it (undefined); 'unchanged' when a scroll needs no update.
 */
function windowFor(
  editor: vscode.TextEditor,
  analysis: Analysis | undefined,
  previous: Applied | undefined,
  key: string,
  scrolled: boolean,
): Applied['window'] | 'unchanged' {
  if (analysis && analysis.references.length > WINDOW_THRESHOLD) {
    const { first, last } = visibleLines(editor);
    // Scrolling that stays well inside the decorated lines needs nothing.
    const slack = WINDOW_MARGIN / 2;
    const inside =
      previous?.window && (previous.window.from === 0 || first - slack >= previous.window.from) && last + slack <= previous.window.to;
    if (scrolled && previous?.analysis === analysis && previous.settings === key && inside) return 'unchanged';
    return { from: Math.max(0, first - WINDOW_MARGIN), to: last + WINDOW_MARGIN };
  }
  // A provisional colouring follows the scroll until the full analysis lands.
  return scrolled && !previous?.provisional ? 'unchanged' : undefined;
}

/** Sets the styles whose ranges changed since `previous`: an unchanged set is not sent again. */
function send(
  editor: vscode.TextEditor,
  types: Record<HighlightStyle, vscode.TextEditorDecorationType>,
  previous: Applied | undefined,
  next: HighlightRanges,
): void {
  for (const style of STYLES) if (!sameRanges(previous?.ranges[style], next[style])) editor.setDecorations(types[style], next[style]);
}

/**
 * Registers the analysis-driven highlighting of references in Markdown editors: one decoration
 * type per kind and one for ambiguous references, in the contributed theme colours, following the
 * `policyLens.highlight.*` settings live. A style whose ranges did not change is not sent again,
 * and a document with many references is decorated around the visible lines only, following the
 * editor as it scrolls.
 *
 * @param context The extension context (owns the decoration types and listeners).
 * @param services The shared analysis, dataset and settings.
 * @returns Read access to what was applied, for tests.
 */
export function register(context: vscode.ExtensionContext, services: Services): FeatureContribution {
  const types = Object.fromEntries(STYLES.map((s) => [s, decorationType(s)])) as Record<HighlightStyle, vscode.TextEditorDecorationType>;
  const applied = new WeakMap<vscode.TextEditor, Applied>();
  let settings = settingsOf(services.config());

  const whenWarm = onceWarm(services, (editor) => apply(editor));
  const apply = (editor: vscode.TextEditor, scrolled = false): void => {
    const previous = applied.get(editor);
    let analysis: Analysis | undefined;
    let draft: Analysis | undefined;
    if (isDraft(editor.document)) {
      analysis = services.analyses.get(editor.document);
      if (settingsKey(settings) !== 'off') draft = provisional(editor, services, () => whenWarm(editor));
    } else if (!previous) return;
    if (draft) {
      const next = rangesFor(draft, settings);
      send(editor, types, previous, next);
      applied.set(editor, { provisional: true, ranges: next, settings: settingsKey(settings) });
      return;
    }
    const key = settingsKey(settings);
    const window = windowFor(editor, analysis, previous, key, scrolled);
    if (window === 'unchanged') return;
    const next = !analysis ? NOTHING : window ? rangesIn(analysis, settings, window) : rangesFor(analysis, settings);
    send(editor, types, previous, next);
    applied.set(editor, { ranges: next, window, analysis, settings: key });
  };
  const applyVisible = (document?: vscode.TextDocument): void => {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!document || editor.document.uri.toString() === document.uri.toString()) apply(editor);
    }
  };

  // Every visible editor again (a dataset change re-analyses each draft), one per task.
  const pass = passes(
    context,
    () => vscode.window.visibleTextEditors,
    (editor) => apply(editor),
  );

  context.subscriptions.push(
    ...Object.values(types),
    vscode.window.onDidChangeVisibleTextEditors(() => applyVisible()),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && apply(editor)),
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => apply(e.textEditor, true)),
    services.onDidChangeMarkdown((document) => applyVisible(document)),
    services.onDidChangeDataset(() => pass()),
    // A document whose language changes is reopened under the new language.
    vscode.workspace.onDidOpenTextDocument((document) => applyVisible(document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('policyLens.highlight') && !e.affectsConfiguration('policyLens.uncatalogued')) return;
      settings = settingsOf(services.config());
      applyVisible();
    }),
  );
  // The editors already open are decorated after activation, once the analysis has warmed up, one per task.
  void services.analyses.whenWarm().then(pass);

  const highlighting: Highlighting = {
    decorationsFor: (editor) => {
      const ranges = applied.get(editor)?.ranges;
      return ranges && { ...ranges };
    },
    windowFor: (editor) => applied.get(editor)?.window,
  };
  return { test: { decorationsFor: highlighting.decorationsFor, decorationWindowFor: highlighting.windowFor } };
}
