import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Dataset } from '../core';
import { AnalysisWorkerClient } from '../worker/client';
import { AnalysisCache } from './analysis-cache';
import { DraftBibliographies } from './bibliographies';
import { readConfig, type PolicyLensConfig } from './config';
import { createWorkspaceDatasets } from './datasets';
import { createLog } from './log';
import type { Platform } from './platform';
import { createWorkspaceDrafts, type WorkspaceDrafts } from './workspace-index';
import { hasDraftLanguage } from './drafts';

/** What every feature receives, through one `register(context, services)`: the shared analysis, the dataset, the settings, the log and the workspace index. */
export interface Services {
  analyses: AnalysisCache;
  /** The dataset now: the bundled data merged with the workspace's own dataset files. */
  dataset: () => Dataset;
  /**
   * Fires after `dataset()` has changed (a workspace dataset file was edited, added or removed, or a
   * dataset setting changed). The analysis cache re-analyses on the next `get`; features that show
   * results they did not ask for on their own (tree, diagnostics, decorations, the workspace index)
   * refresh on it.
   */
  onDidChangeDataset: vscode.Event<void>;
  /** Reads the dataset files again now, without waiting for a file watcher; resolves when `dataset()` is up to date. */
  reloadDatasets: () => Promise<void>;
  config: () => PolicyLensConfig;
  /** Fires when a Markdown document's text changes, debounced; features that show a whole document's results listen to it. */
  onDidChangeMarkdown: vscode.Event<vscode.TextDocument>;
  /**
   * Fires when the background analysis of a document's current version is ready. Large drafts are
   * analysed off the extension host's thread: until then `analyses.get` returns the last analysis
   * it has (`analyses.isCurrent` says whether it is current). Features that show a document's
   * results refresh on it, as on `onDidChangeMarkdown`.
   */
  onDidUpdateAnalysis: vscode.Event<vscode.TextDocument>;
  /** The extension's one log ("Policy Lens" in the Output view): dataset loads, worker restarts, index passes, every caught error. */
  log: vscode.LogOutputChannel;
  /** Every Markdown draft of the workspace, indexed in the background (references, the tree's workspace scope, exports). */
  workspace: WorkspaceDrafts;
  /**
   * The writer's own bibliographies of each draft (`bibliography:` of its front matter, `_metadata.yml`
   * and `_quarto.yml`), read once for the checks and the citation completion alike; `onDidChange`
   * fires when a file was read or changed.
   */
  bibliographies: DraftBibliographies;
}

/** How long typing must pause before whole-document views (tree, diagnostics) refresh. */
const DEBOUNCE_MS = 250;

/** Fires for a Markdown document once its text has stopped changing for `DEBOUNCE_MS`. */
function debouncedMarkdownChanges(context: vscode.ExtensionContext): vscode.EventEmitter<vscode.TextDocument> {
  const changed = new vscode.EventEmitter<vscode.TextDocument>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!hasDraftLanguage(e.document) || e.contentChanges.length === 0) return;
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
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  return changed;
}

/**
 * Creates what the features share. Nothing here loads the dataset or parses anything: both happen
 * on first use (see docs/performance.md).
 */
export function createServices(context: vscode.ExtensionContext, platform: Platform): Services {
  const log = createLog(context);
  // The core writes its share of the user-facing text (hover cards, tree tooltips, diagnostics) through
  // @vscode/l10n: it gets the display language's bundle here, and each analysis worker gets it at start.
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
  const userData = createWorkspaceDatasets(context, { bundled: platform.bundledDataset, log });
  const newWorker = (): AnalysisWorkerClient =>
    new AnalysisWorkerClient(platform.startWorker, { log, ...(bundle ? { l10n: bundle } : {}) });
  // Read on every `analyses.get`: kept here, updated by the listener below, which runs before the features' own.
  let uncatalogued = readConfig().uncatalogued;
  const analyses = new AnalysisCache(userData.dataset, {
    worker: newWorker,
    maxDocumentSize: () => readConfig().maxDocumentSize,
    uncatalogued: () => uncatalogued,
    onError: (error) => log.error(error instanceof Error ? error : String(error)),
  });
  // In tasks after activation: the dataset, then a few small samples, before the first real draft.
  void analyses.warmUp();
  const changed = debouncedMarkdownChanges(context);
  context.subscriptions.push(
    vscode.workspace.onDidCloseTextDocument((doc) => analyses.forget(doc)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.maxDocumentSize')) analyses.limitChanged();
      if (e.affectsConfiguration('policyLens.uncatalogued.enabled')) {
        uncatalogued = readConfig().uncatalogued;
        analyses.optionsChanged();
      }
    }),
    analyses,
    // A background analysis that lands is, to every view of the document, a change of its results.
    analyses.onDidUpdateAnalysis((doc) => changed.fire(doc)),
  );
  // Nothing is read until a feature asks for a draft's bibliographies.
  const bibliographies = new DraftBibliographies(() => readConfig().maxDocumentSize);
  context.subscriptions.push(bibliographies);
  const shared = {
    analyses,
    bibliographies,
    dataset: userData.dataset,
    config: readConfig,
    onDidChangeDataset: userData.onDidChangeDataset,
    reloadDatasets: () => userData.reload(),
    onDidChangeMarkdown: changed.event,
    onDidUpdateAnalysis: analyses.onDidUpdateAnalysis,
    log,
  };
  // The index has an analysis worker of its own, so that a first index of a thousand files never queues ahead of the open documents' analyses.
  return { ...shared, workspace: createWorkspaceDrafts(context, shared, newWorker) };
}
