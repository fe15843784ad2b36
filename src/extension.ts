import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from './core';
import { AnalysisCache } from './vscode/analysis-cache';
import { readConfig } from './vscode/config';
import { prebuiltDatasetLoader } from './vscode/dataset';
import * as datasets from './vscode/datasets';
import * as hover from './vscode/hover';
import type { HighlightRanges } from './vscode/highlight';
import type { Services } from './vscode/services';
import * as status from './vscode/status';
import { AnalysisWorkerClient } from './worker/client';
import { startNodeWorker } from './worker/node-host';
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
  /** The analysis of a document; for a large draft, possibly of an older version while the worker catches up (see `isCurrent`). */
  analysisFor(document: vscode.TextDocument): Analysis;
  /** Test support: the ranges the highlighting last applied to an editor, per style (kinds and `ambiguous`). */
  decorationsFor(editor: vscode.TextEditor): HighlightRanges | undefined;
  /** Test support: the lines decorated in an editor whose document has too many references to decorate whole. */
  decorationWindowFor(editor: vscode.TextEditor): { from: number; to: number } | undefined;
  /** Called by the built-in Markdown extension (`markdown.markdownItPlugins`): marks references in the preview. */
  extendMarkdownIt: preview.MarkdownItContribution['extendMarkdownIt'];
  /** Whether `analysisFor(document)` is the analysis of the document's current version. */
  isCurrent(document: vscode.TextDocument): boolean;
  /** Fires when a background analysis of a document's current version is ready. */
  onDidUpdateAnalysis: vscode.Event<vscode.TextDocument>;
}

/** How long typing must pause before whole-document views (tree, diagnostics) refresh. */
const DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  // Nothing here loads the dataset or parses anything: both happen on first use (see README, Performance).
  const userData = datasets.register(context, { bundled: prebuiltDatasetLoader() });
  const dataset = userData.dataset;
  const analyses = new AnalysisCache(dataset, {
    worker: () => new AnalysisWorkerClient(() => startNodeWorker(path.join(__dirname, 'analysis-worker.js'))),
    maxDocumentSize: () => readConfig().maxDocumentSize,
  });
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
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.maxDocumentSize')) analyses.limitChanged();
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    analyses,
    // A background analysis that lands is, to every view of the document, a change of its results.
    analyses.onDidUpdateAnalysis((doc) => changed.fire(doc)),
  );
  const services: Services = {
    analyses,
    dataset,
    config: readConfig,
    onDidChangeDataset: userData.onDidChangeDataset,
    onDidChangeMarkdown: changed.event,
    onDidUpdateAnalysis: analyses.onDidUpdateAnalysis,
  };
  status.register(context, analyses);
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
    decorationWindowFor: (editor) => highlighting.windowFor(editor),
    extendMarkdownIt: markdownPreview.extendMarkdownIt,
    isCurrent: (document) => analyses.isCurrent(document),
    onDidUpdateAnalysis: analyses.onDidUpdateAnalysis,
  };
}

export function deactivate(): void {}
