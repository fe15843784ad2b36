import type * as vscode from 'vscode';
import type { PolicyLensTestHooks } from '../extension';
import type { MarkdownItContribution } from './preview';
import type { Services } from './services';

/** What a feature may add to the extension's API (`activate`'s result); most add nothing. */
export interface FeatureContribution {
  /** The preview's markdown-it plugin, for the built-in Markdown extension. */
  extendMarkdownIt?: MarkdownItContribution['extendMarkdownIt'];
  /** Hooks for the extension-host tests only (`PolicyLensApi.__test`); the production build leaves them out. */
  test?: Partial<PolicyLensTestHooks>;
}

/**
 * A feature folder of src/vscode/: its `register` lists what it registers (commands, providers,
 * views, listeners) on the context's subscriptions, from the services every feature shares.
 */
export interface Feature {
  register(context: vscode.ExtensionContext, services: Services): FeatureContribution | void;
}
