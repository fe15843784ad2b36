import type * as vscode from 'vscode';
import type { Dataset } from '../core';
import type { AnalysisCache } from './analysis-cache';
import type { PolicyLensConfig } from './config';

/** What every feature adapter receives: the shared analysis, the dataset and the settings, each read when needed. */
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
}
