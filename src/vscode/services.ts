import type * as vscode from 'vscode';
import type { Dataset } from '../core';
import type { AnalysisCache } from './analysis-cache';
import type { PolicyLensConfig } from './config';

/** What every feature adapter receives: the shared analysis, the dataset and the settings, each read when needed. */
export interface Services {
  analyses: AnalysisCache;
  dataset: () => Dataset;
  config: () => PolicyLensConfig;
  /** Fires when a Markdown document's text changes, debounced; features that show a whole document's results listen to it. */
  onDidChangeMarkdown: vscode.Event<vscode.TextDocument>;
}
