import * as vscode from 'vscode';
import { ambiguousCard, entryCard } from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';

/** Registers the hover card for references in Markdown documents. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(
      { language: 'markdown' },
      {
        provideHover(document, position) {
          const ref = services.analyses.referenceAt(document, document.offsetAt(position));
          if (!ref) return undefined;
          const dataset = services.dataset();
          let markdown: string;
          if (ref.candidates) {
            markdown = ambiguousCard(ref, dataset);
          } else {
            const entry = dataset.entries.get(ref.id);
            if (!entry) return undefined;
            markdown = entryCard(entry, dataset, { citations: services.analyses.get(document).byEntry.get(ref.id)?.length ?? 0 });
          }
          // Data never runs code: the card is untrusted and carries no HTML.
          const md = new vscode.MarkdownString(markdown, false);
          md.isTrusted = false;
          md.supportHtml = false;
          return new vscode.Hover(md, toRange(ref));
        },
      },
    ),
  );
}
