import type * as vscode from 'vscode';
import type { Analysis } from './core';
import { reportListenerErrorsTo } from './vscode/events';
import type { Feature, FeatureContribution } from './vscode/feature';
import type { HighlightRanges } from './vscode/highlight';
import type { Platform } from './vscode/platform';
import type { CitedEngagementsProvider } from './vscode/tree/provider';
import type { MarkdownItContribution } from './vscode/preview';
import { createServices } from './vscode/services';
// feature imports (keep one per line)
import * as hover from './vscode/hover';
import * as status from './vscode/status';
import * as entryDocument from './vscode/entry-document';
import * as diagnostics from './vscode/diagnostics';
import * as navigation from './vscode/navigation';
import * as highlight from './vscode/highlight';
import * as details from './vscode/details';
import * as tree from './vscode/tree';
import * as citations from './vscode/citations';
import * as exportCommands from './vscode/exports';
import * as preview from './vscode/preview';
import * as log from './vscode/log';
import * as teamDataset from './vscode/team-dataset';

/** What the extension exports to other extensions (`vscode.extensions.getExtension(…).exports`). */
export interface PolicyLensApi {
  /** The analysis of a document; for a large draft, possibly of an older version while the worker catches up (see `isCurrent`). */
  analysisFor(document: vscode.TextDocument): Analysis;
  /** Called by the built-in Markdown extension (`markdown.markdownItPlugins`): marks references in the preview. */
  extendMarkdownIt: MarkdownItContribution['extendMarkdownIt'];
  /** Whether `analysisFor(document)` is the analysis of the document's current version. */
  isCurrent(document: vscode.TextDocument): boolean;
  /** Fires when a background analysis of a document's current version is ready. */
  onDidUpdateAnalysis: vscode.Event<vscode.TextDocument>;
  /** Resolves when the workspace index has listed the workspace and indexed every file waiting. */
  whenIndexed(): Promise<void>;
  /** Drafts of the workspace the index leaves out, with why (the status bar says so too). */
  notIndexed(): ReadonlyMap<string, string>;
  /**
   * For the extension-host tests (test/e2e) only: not part of the API. Present in development
   * builds; `esbuild.js --production` (the packaged extension) leaves it out.
   */
  __test?: PolicyLensTestHooks;
}

/** What the extension-host tests read that no user of the API should: see `PolicyLensApi.__test`. */
export interface PolicyLensTestHooks {
  /** The ranges the highlighting last applied to an editor, per style (kinds and `ambiguous`). */
  decorationsFor(editor: vscode.TextEditor): HighlightRanges | undefined;
  /** The lines decorated in an editor whose document has too many references to decorate whole. */
  decorationWindowFor(editor: vscode.TextEditor): { from: number; to: number } | undefined;
  /** The top-level items of the Cited Engagements view as its provider hands them to VS Code (the section names). */
  citedRootItems(): vscode.TreeItem[];
  /** The Cited Engagements view's own data provider, whose tree items VS Code gives no other way to read. */
  citedTree(): CitedEngagementsProvider;
}

/** Replaced by esbuild.js (`define`): true in development builds, false in `--production` ones. */
declare const POLICY_LENS_TEST_HOOKS: boolean;

/** Every feature, registered in this order; each has the same `register(context, services)`. */
const FEATURES: readonly Feature[] = [
  hover,
  status,
  entryDocument,
  diagnostics,
  navigation,
  highlight,
  details,
  tree,
  citations,
  exportCommands,
  preview,
  log,
  teamDataset,
];

/**
 * Wires every feature, in VS Code on the desktop and in the browser alike: the two entries
 * (src/extension-node.ts, src/extension-web.ts) only say how to read the bundled dataset and start a worker.
 */
export function activateWith(context: vscode.ExtensionContext, platform: Platform): PolicyLensApi {
  const services = createServices(context, platform);
  reportListenerErrorsTo((error) => services.log.error(error instanceof Error ? error : String(error)));
  const contributions: FeatureContribution[] = FEATURES.map((feature) => feature.register(context, services) ?? {});
  const { analyses, workspace } = services;
  const api: PolicyLensApi = {
    analysisFor: (document) => analyses.get(document),
    extendMarkdownIt: contributions.find((c) => c.extendMarkdownIt)?.extendMarkdownIt ?? ((md) => md),
    isCurrent: (document) => analyses.isCurrent(document),
    onDidUpdateAnalysis: analyses.onDidUpdateAnalysis,
    whenIndexed: () => workspace.whenIndexed(),
    notIndexed: () => workspace.notIndexed(),
  };
  if (POLICY_LENS_TEST_HOOKS) api.__test = Object.assign({}, ...contributions.map((c) => c.test)) as PolicyLensTestHooks;
  services.log.info('activated');
  return api;
}
