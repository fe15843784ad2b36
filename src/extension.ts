import * as vscode from 'vscode';
import type { Analysis } from './core';
import { AnalysisCache } from './vscode/analysis-cache';
import { readConfig } from './vscode/config';
import * as datasets from './vscode/datasets';
import * as hover from './vscode/hover';
import type { HighlightRanges } from './vscode/highlight';
import type { Platform } from './vscode/platform';
import type { Services } from './vscode/services';
import * as status from './vscode/status';
import { AnalysisWorkerClient } from './worker/client';
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
import * as workspaceIndex from './vscode/workspace-index';

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
  /** Resolves when the workspace index has listed the workspace and indexed every file waiting. */
  whenIndexed(): Promise<void>;
  /** Drafts of the workspace the index leaves out, with why (the status bar says so too). */
  notIndexed(): ReadonlyMap<string, string>;
}

/** How long typing must pause before whole-document views (tree, diagnostics) refresh. */
const DEBOUNCE_MS = 250;

/**
 * Wires every feature, in VS Code on the desktop and in the browser alike: the two entries
 * (src/extension-node.ts, src/extension-web.ts) only say how to read the bundled dataset and start a worker.
 */
export function activateWith(context: vscode.ExtensionContext, platform: Platform): PolicyLensApi {
  // Nothing here loads the dataset or parses anything: both happen on first use (see README, Performance).
  const userData = datasets.register(context, { bundled: platform.bundledDataset });
  const dataset = userData.dataset;
  const newWorker = (): AnalysisWorkerClient => new AnalysisWorkerClient(platform.startWorker);
  const analyses = new AnalysisCache(dataset, {
    worker: newWorker,
    maxDocumentSize: () => readConfig().maxDocumentSize,
  });
  // In tasks after activation: the dataset, then a few small samples, before the first real draft.
  void analyses.warmUp();
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
  hover.register(context, services);
  // feature registrations (keep one per line)
  const workspace = workspaceIndex.register(context, services, newWorker);
  status.register(context, analyses, workspace);
  entryDocument.register(context, services);
  diagnostics.register(context, services);
  navigation.register(context, services, workspace);
  const highlighting = highlight.register(context, services);
  details.register(context, services);
  tree.register(context, services, workspace);
  citations.register(context, services);
  exportCommands.register(context, services, workspace);
  const markdownPreview = preview.register(context, services);
  return {
    analysisFor: (document) => analyses.get(document),
    decorationsFor: (editor) => highlighting.decorationsFor(editor),
    decorationWindowFor: (editor) => highlighting.windowFor(editor),
    extendMarkdownIt: markdownPreview.extendMarkdownIt,
    isCurrent: (document) => analyses.isCurrent(document),
    onDidUpdateAnalysis: analyses.onDidUpdateAnalysis,
    whenIndexed: () => workspace.whenIndexed(),
    notIndexed: () => workspace.notIndexed(),
  };
}
