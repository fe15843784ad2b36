import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import { policyLensMarkdownIt, type Analysis } from '../../core';
import type { Services } from '../services';

/** What `activate` returns for the built-in Markdown extension (`markdown.markdownItPlugins`). */
export interface MarkdownItContribution {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/** The setting that turns the preview's marks on and off. */
const SETTING = 'policyLens.preview.enabled';
/** The setting that turns the names the dataset lacks on and off, in the preview as in the editor. */
const UNCATALOGUED = 'policyLens.uncatalogued.enabled';

/**
 * The Markdown preview: VS Code's Markdown extension calls `extendMarkdownIt` with the preview's
 * markdown-it, and the core plugin (`policyLensMarkdownIt`) marks references there with the same
 * analysis the editor uses. When the text rendered is the text of an open document, the editor's
 * cached analysis of it is reused, so the preview and the editor cannot disagree; otherwise (a CRLF
 * file, which markdown-it normalises) the plugin analyses the text itself. The colours come from
 * `media/preview.css` (`markdown.previewStyles`). Changing `policyLens.preview.enabled` or
 * `policyLens.uncatalogued.enabled` refreshes open previews.
 *
 * @param context The extension context.
 * @param services The shared analysis and dataset.
 * @returns The `extendMarkdownIt` hook to return from `activate`.
 */
export function register(context: vscode.ExtensionContext, services: Services): MarkdownItContribution {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING) || e.affectsConfiguration(UNCATALOGUED))
        void vscode.commands.executeCommand('markdown.preview.refresh');
    }),
    services.onDidChangeDataset(() => void vscode.commands.executeCommand('markdown.preview.refresh')),
  );
  const analysis = (src: string, env: unknown): Analysis | undefined => {
    const current = (env as { currentDocument?: unknown } | undefined)?.currentDocument;
    if (!(current instanceof vscode.Uri)) return undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === current.toString());
    return document && document.getText() === src ? services.analyses.get(document) : undefined;
  };
  return {
    extendMarkdownIt(md: MarkdownIt): MarkdownIt {
      return md.use(policyLensMarkdownIt, {
        dataset: services.dataset,
        analysis,
        enabled: () => vscode.workspace.getConfiguration().get<boolean>(SETTING, true),
        uncatalogued: () => vscode.workspace.getConfiguration().get<boolean>(UNCATALOGUED, true),
      });
    },
  };
}
