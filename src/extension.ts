import * as vscode from 'vscode';
import { loadBundledDataset, type Analysis } from './core';
import { AnalysisCache } from './vscode/analysis-cache';
import { readConfig } from './vscode/config';
import * as hover from './vscode/hover';
import type { HighlightRanges } from './vscode/highlight';
import type { Services } from './vscode/services';
// feature imports (keep one per line)
import * as entryDocument from './vscode/entry-document';
import * as diagnostics from './vscode/diagnostics';
import * as navigation from './vscode/navigation';
import * as highlight from './vscode/highlight';
import * as details from './vscode/details';
import * as tree from './vscode/tree';
import * as citations from './vscode/citations';
import * as exportCommands from './vscode/exports';
import * as preview from './vscode/preview';

/** What the extension exports to other extensions and to its own tests. */
export interface PolicyLensApi {
  analysisFor(document: vscode.TextDocument): Analysis;
  /** Test support: the ranges the highlighting last applied to an editor, per style (kinds and `ambiguous`). */
  decorationsFor(editor: vscode.TextEditor): HighlightRanges | undefined;
  /** Called by the built-in Markdown extension (`markdown.markdownItPlugins`): marks references in the preview. */
  extendMarkdownIt: preview.MarkdownItContribution['extendMarkdownIt'];
}

/** How long typing must pause before whole-document views (tree, diagnostics) refresh. */
const DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const dataset = () => loadBundledDataset();
  const analyses = new AnalysisCache(dataset);
  const changed = new vscode.EventEmitter<vscode.TextDocument>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'markdown' || e.contentChanges.length === 0) return;
      const key = e.document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          changed.fire(e.document);
        }, DEBOUNCE_MS),
      );
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => analyses.forget(doc)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  const services: Services = { analyses, dataset, config: readConfig, onDidChangeMarkdown: changed.event };
  hover.register(context, services);
  // feature registrations (keep one per line)
  entryDocument.register(context, services);
  diagnostics.register(context, services);
  navigation.register(context, services);
  const highlighting = highlight.register(context, services);
  details.register(context, services);
  tree.register(context, services);
  citations.register(context, services);
  exportCommands.register(context, services);
  const markdownPreview = preview.register(context, services);
  return {
    analysisFor: (document) => analyses.get(document),
    decorationsFor: (editor) => highlighting.decorationsFor(editor),
    extendMarkdownIt: markdownPreview.extendMarkdownIt,
  };
}

export function deactivate(): void {}
