import * as vscode from 'vscode';
import { entryYear, type Reference } from '../../core';
import { openEntry } from '../entry-document';
import type { Services } from '../services';
import { hasDraftLanguage } from '../drafts';

/** The command id, as declared in package.json. */
export const SHOW_REFERENCE_DETAILS = 'policyLens.showReferenceDetails';

interface CandidateItem extends vscode.QuickPickItem {
  id: string;
}

/** Asks which candidate an ambiguous reference means; undefined when the user cancels. */
async function pickCandidate(ref: Reference, services: Services): Promise<string | undefined> {
  const dataset = services.dataset();
  const items: CandidateItem[] = (ref.candidates ?? []).map((id) => {
    const e = dataset.entries.get(id);
    if (!e) return { id, label: id };
    const year = entryYear(e);
    const description = [year === undefined ? '' : String(year), e.kind === 'agreement' ? e.type : e.kind].filter(Boolean).join(' · ');
    return { id, label: e.label, description, detail: e.summary };
  });
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('“{0}” may refer to several entries', ref.text.replace(/\s+/g, ' ')),
    placeHolder: vscode.l10n.t('Which one do you mean?'),
    matchOnDescription: true,
  });
  return pick?.id;
}

/**
 * Registers "Show Reference Details" (`policyLens.showReferenceDetails`): the hover card of the
 * reference at the cursor, for keyboard and screen-reader users, as the entry's read-only document
 * opened beside the draft. An ambiguous reference asks for the candidate first.
 *
 * @param context The extension context.
 * @param services The shared analysis and dataset.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_REFERENCE_DETAILS, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !hasDraftLanguage(editor.document)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Policy Lens: open a Markdown draft and put the cursor on a reference.'));
        return;
      }
      const { document } = editor;
      const ref = services.analyses.referenceAt(document, document.offsetAt(editor.selection.active));
      if (!ref) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Policy Lens: there is no reference to an agreement, pillar or country at the cursor.'),
        );
        return;
      }
      const id = ref.candidates ? await pickCandidate(ref, services) : ref.id;
      if (!id) return;
      await openEntry(id, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, preview: true });
    }),
  );
}
