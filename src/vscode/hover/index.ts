import * as vscode from 'vscode';
import { ambiguousCard, entryCard } from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';
import { uncataloguedHover } from './uncatalogued';
import { DRAFT_SELECTOR } from '../drafts';

/** The one command a card may link to. */
export const OPEN_ENTRY = 'policyLens.openEntry';

/**
 * A command URI that opens an entry's card document, for links inside cards.
 *
 * @param id An entry id.
 * @returns `command:policyLens.openEntry?["<id>"]`, URI-encoded.
 */
export function openEntryLink(id: string): string {
  // encodeURIComponent leaves parentheses alone, and a ")" would end the Markdown link.
  const args = encodeURIComponent(JSON.stringify([id])).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${OPEN_ENTRY}?${args}`;
}

/** Registers the hover card for references in drafts (Markdown, Quarto, R Markdown). */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(DRAFT_SELECTOR, {
      provideHover(document, position) {
        const offset = document.offsetAt(position);
        const ref = services.analyses.referenceAt(document, offset);
        if (!ref) return uncataloguedHover(document, offset, services);
        const dataset = services.dataset();
        let markdown: string;
        if (ref.candidates) {
          markdown = ambiguousCard(ref, dataset, { linkTo: openEntryLink });
        } else {
          const entry = dataset.entries.get(ref.id);
          if (!entry) return undefined;
          const citations = services.analyses.get(document).byEntry.get(ref.id)?.length ?? 0;
          markdown = entryCard(entry, dataset, { citations, linkTo: openEntryLink, compact: true });
        }
        // Data never runs code: no HTML, and the only command a link may run is our own "Open Entry Card".
        const md = new vscode.MarkdownString(markdown, false);
        md.isTrusted = { enabledCommands: [OPEN_ENTRY] };
        md.supportHtml = false;
        return new vscode.Hover(md, toRange(ref));
      },
    }),
  );
}
