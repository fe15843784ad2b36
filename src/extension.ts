import * as vscode from 'vscode';
import { loadBundledDataset, type Analysis } from './core';
import { AnalysisCache } from './vscode/analysis-cache';
import * as hover from './vscode/hover';
import type { Services } from './vscode/services';

/** What the extension exports to other extensions and to its own tests. */
export interface PolicyLensApi {
  analysisFor(document: vscode.TextDocument): Analysis;
}

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const dataset = () => loadBundledDataset();
  const analyses = new AnalysisCache(dataset);
  const services: Services = { analyses, dataset };
  hover.register(context, services);
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((doc) => analyses.forget(doc)));
  return { analysisFor: (document) => analyses.get(document) };
}

export function deactivate(): void {}
