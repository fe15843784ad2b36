import * as vscode from 'vscode';
import type { EntryKind, Reference } from '../../core';
import { entryUri, SCHEME } from '../entry-document';
import { toRange } from '../ranges';
import type { Services } from '../services';
import type { WorkspaceDrafts } from '../workspace-index';
import { DRAFT_SELECTOR, hasDraftLanguage } from '../drafts';

/** One symbol kind per entry kind, so the Outline and "Go to Symbol" show the same icon for the same kind everywhere. */
const SYMBOL_KIND: Readonly<Record<EntryKind, vscode.SymbolKind>> = {
  agreement: vscode.SymbolKind.Event,
  pillar: vscode.SymbolKind.EnumMember,
  country: vscode.SymbolKind.Object,
};

/** The order and names of the per-kind groups in the Outline. */
const GROUPS: ReadonlyArray<{ kind: EntryKind; name: () => string }> = [
  { kind: 'agreement', name: () => vscode.l10n.t('Agreements') },
  { kind: 'pillar', name: () => vscode.l10n.t('Pillars') },
  { kind: 'country', name: () => vscode.l10n.t('Countries') },
];

/** The entries a reference may name: its candidates when ambiguous, else its one entry. */
function idsOf(ref: Reference): string[] {
  return ref.candidates ?? [ref.id];
}

/** Whether Find All References looks into a document: drafts (Markdown, Quarto, R Markdown), not our own entry cards nor the old side of a Git diff. */
function isSearched(document: vscode.TextDocument): boolean {
  return hasDraftLanguage(document) && document.uri.scheme !== SCHEME && document.uri.scheme !== 'git';
}

/**
 * Every reference to any of `ids` in the open Markdown documents (their current text), then in
 * every other draft of the workspace index. An ambiguous reference that may name one of them
 * counts: the writer looking for a meeting wants to see it.
 */
function referencesIn(services: Services, ids: readonly string[], workspace: WorkspaceDrafts | undefined): vscode.Location[] {
  // A deleted draft's document may linger after its editor closed: its references are gone with the file.
  const open = vscode.workspace.textDocuments.filter(
    (document) => isSearched(document) && !(workspace?.isDeleted(document.uri.toString()) && !document.isDirty),
  );
  const inOpen = open.flatMap((document) => {
    const analysis = services.analyses.get(document);
    const indexes = new Set(ids.flatMap((id) => analysis.byEntry.get(id) ?? []));
    return [...indexes].sort((a, b) => a - b).map((k) => new vscode.Location(document.uri, toRange(analysis.references[k]!)));
  });
  if (!workspace) return inOpen;
  const seen = new Set(open.map((d) => d.uri.toString()));
  const inFiles = new Map<string, vscode.Location[]>();
  for (const id of ids) {
    for (const { uri, occurrences } of workspace.index.allOccurrences(id)) {
      if (seen.has(uri)) continue;
      const target = vscode.Uri.parse(uri);
      const list = inFiles.get(uri) ?? [];
      inFiles.set(uri, list);
      for (const o of occurrences) list.push(new vscode.Location(target, toRange(o)));
    }
  }
  // Several candidates of one ambiguous reference give the same place: once is enough.
  const inOthers = [...inFiles.values()].flatMap((list) => {
    const unique = new Map(list.map((l) => [`${l.range.start.line}:${l.range.start.character}`, l]));
    return [...unique.values()].sort((a, b) => a.range.start.compareTo(b.range.start));
  });
  return [...inOpen, ...inOthers];
}

/** The workspace index's symbols for a query, as VS Code shows them in Go to Symbol in Workspace (Ctrl+T). */
function workspaceSymbols(query: string, services: Services, workspace: WorkspaceDrafts): vscode.SymbolInformation[] {
  return workspace.index.symbols(query, services.dataset()).map((s) => {
    switch (s.type) {
      case 'entry':
        return new vscode.SymbolInformation(
          s.label,
          SYMBOL_KIND[s.kind],
          s.drafts === 1
            ? vscode.l10n.t('{0} citations in 1 draft', s.citations)
            : vscode.l10n.t('{0} citations in {1} drafts', s.citations, s.drafts),
          new vscode.Location(entryUri(s.id), new vscode.Position(0, 0)),
        );
      case 'citation':
        return new vscode.SymbolInformation(
          s.label,
          SYMBOL_KIND[s.kind],
          `${workspace.titleOf(s.uri)} · ${s.citations === 1 ? vscode.l10n.t('1 citation') : vscode.l10n.t('{0} citations', s.citations)}`,
          new vscode.Location(vscode.Uri.parse(s.uri), toRange(s.first)),
        );
      case 'draft':
        return new vscode.SymbolInformation(
          s.title,
          vscode.SymbolKind.File,
          vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri)),
          new vscode.Location(vscode.Uri.parse(s.uri), new vscode.Position(0, 0)),
        );
    }
  });
}

/** The references of a document as symbols: one group per kind, each reference a child in document order. */
function symbolsOf(references: readonly Reference[]): vscode.DocumentSymbol[] {
  return GROUPS.flatMap(({ kind, name }) => {
    const children = references
      .filter((r) => r.kind === kind)
      .map((r) => {
        const range = toRange(r);
        const text = r.text.replace(/\s+/g, ' ');
        const detail = r.candidates ? vscode.l10n.t('may name {0} entries', r.candidates.length) : r.label === text ? '' : r.label;
        return new vscode.DocumentSymbol(text, detail, SYMBOL_KIND[kind], range, range);
      });
    if (children.length === 0) return [];
    const range = new vscode.Range(children[0]!.range.start, children[children.length - 1]!.range.end);
    const group = new vscode.DocumentSymbol(name(), String(children.length), vscode.SymbolKind.Namespace, range, children[0]!.range);
    group.children = children;
    return [group];
  });
}

/**
 * Registers Go to Definition (the entry card), Find All References (open documents, then every
 * indexed draft), document symbols for references and, with the workspace index, workspace symbols.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const { workspace } = services;
  const selector = DRAFT_SELECTOR;
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(document, position): vscode.LocationLink[] | undefined {
        const ref = services.analyses.referenceAt(document, document.offsetAt(position));
        if (!ref) return undefined;
        const origin = toRange(ref);
        const top = new vscode.Range(0, 0, 0, 0);
        return idsOf(ref).map((id) => ({
          originSelectionRange: origin,
          targetUri: entryUri(id),
          targetRange: top,
          targetSelectionRange: top,
        }));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences(document, position, { includeDeclaration }): vscode.Location[] | undefined {
        const ref = services.analyses.referenceAt(document, document.offsetAt(position));
        if (!ref) return undefined;
        const ids = idsOf(ref);
        const declarations = includeDeclaration ? ids.map((id) => new vscode.Location(entryUri(id), new vscode.Position(0, 0))) : [];
        return [...declarations, ...referencesIn(services, ids, workspace)];
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      { provideDocumentSymbols: (document) => symbolsOf(services.analyses.get(document).references) },
      { label: 'Policy Lens' },
    ),
  );
  if (workspace)
    context.subscriptions.push(
      vscode.languages.registerWorkspaceSymbolProvider({
        provideWorkspaceSymbols: (query) => workspaceSymbols(query, services, workspace),
      }),
    );
}
