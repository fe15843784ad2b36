import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import { atLfOffsets, policyLensMarkdownIt, type Analysis } from '../../core';
import { SYNC_LIMIT } from '../analysis-cache';
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
 * cached analysis of it is reused (at LF offsets for a CRLF file, which markdown-it normalises), so
 * the preview and the editor cannot disagree, and nothing long is analysed on this thread; a text no
 * open document holds is analysed only when it is short. The colours come from
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
  // Documents rendered before their analysis was current: the preview is refreshed once when it is.
  const waiting = new Set<string>();
  context.subscriptions.push(
    services.onDidUpdateAnalysis((document) => {
      if (services.analyses.isCurrent(document) && waiting.delete(document.uri.toString()))
        void vscode.commands.executeCommand('markdown.preview.refresh');
    }),
  );
  const cached = (document: vscode.TextDocument): Analysis => {
    if (!services.analyses.isCurrent(document)) waiting.add(document.uri.toString());
    return services.analyses.get(document);
  };
  const analysis = (src: string, env: unknown): Analysis | undefined => {
    const document = documentOf(env);
    if (document) {
      const text = document.getText();
      if (text === src) return cached(document);
      // markdown-it reads CRLF and CR as LF: the editor's analysis holds, at the offsets of its lines and columns.
      if (text.includes('\r') && text.replace(/\r\n?/g, '\n') === src) return atLfOffsets(cached(document), src);
    }
    // Not an open document's text: the Markdown extension reads every draft of the workspace with this
    // markdown-it, for its outline and links. A full analysis here would hold the editor's thread for
    // each; only a short text is analysed, as the editor analyses short drafts itself.
    return src.length <= SYNC_LIMIT ? undefined : NO_ANALYSIS;
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

/** An analysis with nothing in it: what the preview marks in a long text no open document holds. */
const NO_ANALYSIS: Analysis = { references: [], byEntry: new Map(), diagnostics: [] };

/** The open document a render is for (`env.currentDocument`, a URI of VS Code's or of vscode-uri), if any. */
function documentOf(env: unknown): vscode.TextDocument | undefined {
  const current = (env as { currentDocument?: unknown } | undefined)?.currentDocument;
  if (!current || typeof current !== 'object' || !('scheme' in current)) return undefined;
  const key = String(current);
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
