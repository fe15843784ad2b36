import * as vscode from 'vscode';
import { entryDocument, kindName } from '../../core';
import type { Services } from '../services';

/** The scheme of the read-only entry documents. */
export const SCHEME = 'policy-lens';

/** The URI of an entry's read-only card document, e.g. `policy-lens:/entry/moc-estonia-2022.md`. */
export function entryUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/entry/${encodeURIComponent(id)}.md` });
}

/** The entry id a `policy-lens:` URI names, if any. */
export function entryIdOf(uri: vscode.Uri): string | undefined {
  const m = uri.scheme === SCHEME ? /^\/entry\/(.+)\.md$/.exec(uri.path) : null;
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** Opens an entry's card document in an editor (read-only: it is served by a content provider). */
export async function openEntry(id: string, options: vscode.TextDocumentShowOptions = { preview: true }): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(entryUri(id));
  return vscode.window.showTextDocument(doc, options);
}

/** Registers the `policy-lens:` content provider and the "Open Entry Card" command (`policyLens.openEntry`, argument: an entry id). */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    // Open entry cards show the entry as the dataset now has it.
    services.onDidChangeDataset(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === SCHEME) changed.fire(doc.uri);
    }),
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent(uri) {
        const id = entryIdOf(uri);
        const dataset = services.dataset();
        const entry = id ? dataset.entries.get(id) : undefined;
        return entry
          ? entryDocument(entry, dataset)
          : `# ${vscode.l10n.t('Unknown entry')}\n\n${vscode.l10n.t('No dataset entry has the id {0}.', `\`${id ?? uri.path}\``)}\n`;
      },
    }),
    vscode.commands.registerCommand('policyLens.openEntry', async (arg?: string | { id?: string }) => {
      let id = typeof arg === 'string' ? arg : arg?.id;
      if (!id) {
        const dataset = services.dataset();
        const pick = await vscode.window.showQuickPick(
          [...dataset.entries.values()].map((e) => ({ label: e.label, description: kindName(e.kind), detail: e.id, id: e.id })),
          { placeHolder: vscode.l10n.t('Entry to open'), matchOnDescription: true, matchOnDetail: true },
        );
        id = pick?.id;
      }
      if (id) await openEntry(id);
    }),
  );
}
