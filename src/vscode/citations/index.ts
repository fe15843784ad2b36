import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerCompletion } from './completion';
import { registerInsertCitation } from './insert-citation';

/** Registers the citation features: dataset completions in Markdown and "Insert Citation…". */
export function register(context: vscode.ExtensionContext, services: Services): void {
  registerCompletion(context, services);
  registerInsertCitation(context, services);
}
