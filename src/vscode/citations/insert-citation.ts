import * as vscode from 'vscode';
import { citationEdits, type CitationStyle, type Dataset, type Entry } from '../../core';
import type { Services } from '../services';
import { presentation } from './presentation';

interface EntryPick extends vscode.QuickPickItem {
  entry?: Entry;
}

const picks = new WeakMap<Dataset, EntryPick[]>();

/** The picker's items for a dataset, built once: agreements, pillars, then countries and blocs, each under a separator. */
function pickItems(dataset: Dataset): EntryPick[] {
  let items = picks.get(dataset);
  if (!items) {
    const groups: [Entry['kind'], string][] = [
      ['agreement', vscode.l10n.t('Agreements and engagements')],
      ['pillar', vscode.l10n.t('Pillars and strands')],
      ['country', vscode.l10n.t('Countries and blocs')],
    ];
    const all = [...dataset.entries.values()];
    items = groups.flatMap(([kind, title]) => {
      const entries = all.filter((e) => e.kind === kind).sort((a, b) => a.label.localeCompare(b.label, 'en'));
      if (entries.length === 0) return [];
      return [
        { label: title, kind: vscode.QuickPickItemKind.Separator },
        ...entries.map((entry) => ({
          label: entry.kind === 'country' && entry.flag ? `${entry.flag} ${entry.label}` : entry.label,
          description: entry.id,
          detail: presentation(entry, dataset).pickDetail,
          entry,
        })),
      ];
    });
    picks.set(dataset, items);
  }
  return items;
}

async function pickEntry(dataset: Dataset, style: CitationStyle): Promise<Entry | undefined> {
  const pick = await vscode.window.showQuickPick(pickItems(dataset), {
    title: vscode.l10n.t('Insert Citation ({0} style)', style),
    placeHolder: vscode.l10n.t('Search by name, id, year, type, classification or party'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.entry;
}

/**
 * Cites an entry at every cursor of an editor in one edit (one undo step). A selection is kept and
 * the citation goes right after it; a footnote definition is appended once, or reused. The cursors
 * end up after the inserted citations.
 *
 * @param editor The editor.
 * @param entry The entry to cite.
 * @param style The citation style.
 * @param dataset The dataset.
 * @returns Whether the edit was applied.
 */
export async function citeInEditor(editor: vscode.TextEditor, entry: Entry, style: CitationStyle, dataset: Dataset): Promise<boolean> {
  const document = editor.document;
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const offsets = editor.selections.map((s) => document.offsetAt(s.end));
  const edits = citationEdits(document.getText(), offsets, entry, style, dataset, { eol });
  const markers = edits.slice(0, new Set(offsets).size);
  const definition = edits[markers.length];
  const last = markers[markers.length - 1]!;
  // Two inserts at one position (a cursor at the very end) are made one, so their order is certain.
  const inserts =
    definition && definition.offset === last.offset ? [...markers.slice(0, -1), { ...last, text: last.text + definition.text }] : edits;
  const applied = await editor.edit((builder) => {
    for (const e of inserts) builder.insert(document.positionAt(e.offset), e.text);
  });
  if (!applied) return false;
  let shift = 0;
  editor.selections = markers.map((m) => {
    shift += m.text.length;
    const at = document.positionAt(m.offset + shift);
    return new vscode.Selection(at, at);
  });
  editor.revealRange(editor.selection);
  return true;
}

/**
 * Registers "Insert Citation…" (`policyLens.insertCitation`). Without an argument it asks for an
 * entry in a picker; with an entry id (a string, or `{ id }`, e.g. from a key binding) it cites
 * that entry directly.
 */
export function registerInsertCitation(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('policyLens.insertCitation', async (arg?: string | { id?: string }): Promise<boolean> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown document to insert a citation.'));
        return false;
      }
      const dataset = services.dataset();
      const style = services.config().citationStyle;
      const id = typeof arg === 'string' ? arg : arg?.id;
      const entry = id !== undefined ? dataset.entries.get(id) : await pickEntry(dataset, style);
      if (!entry) {
        if (id !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t('No dataset entry has the id "{0}".', id));
        return false;
      }
      // The picker may have been open while the editor was closed.
      if (editor.document.isClosed || !vscode.window.visibleTextEditors.includes(editor)) return false;
      return citeInEditor(editor, entry, style, dataset);
    }),
  );
}
