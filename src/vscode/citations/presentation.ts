import * as vscode from 'vscode';
import { countryTypeName, entryCard, entryDetail, entryYear, kindName, type Dataset, type Entry } from '../../core';

/** How an entry looks in completion lists and pickers, computed once per entry and dataset. */
export interface EntryPresentation {
  /** Short facts shown on every row: year and type, or the kind. */
  description: string;
  /** Kind and facts: `agreement · 2022 · memorandum · bilateral`. */
  detail: string;
  /** Facts with the parties, for the Insert Citation picker. */
  pickDetail: string;
  /** The entry card, untrusted. */
  documentation: vscode.MarkdownString;
  kind: vscode.CompletionItemKind;
}

const KIND: Record<Entry['kind'], vscode.CompletionItemKind> = {
  agreement: vscode.CompletionItemKind.Reference,
  pillar: vscode.CompletionItemKind.EnumMember,
  country: vscode.CompletionItemKind.Value,
};

const cache = new WeakMap<Dataset, Map<string, EntryPresentation>>();

/**
 * The presentation of an entry, built on first use and kept for as long as the dataset object lives
 * (a new dataset, e.g. after a user layer changed, starts afresh).
 *
 * @param entry The entry.
 * @param dataset The dataset it belongs to.
 * @returns Description, detail, card and completion kind.
 */
export function presentation(entry: Entry, dataset: Dataset): EntryPresentation {
  let byId = cache.get(dataset);
  if (!byId) {
    byId = new Map();
    cache.set(dataset, byId);
  }
  let p = byId.get(entry.id);
  if (!p) {
    const year = entryYear(entry);
    const description =
      entry.kind === 'agreement'
        ? [year, entry.type].filter((x) => x !== undefined).join(' · ')
        : entry.kind === 'pillar'
          ? vscode.l10n.t('pillar {0}', entry.number)
          : countryTypeName(entry.type);
    const facts = entryDetail(entry, dataset);
    // Data never runs code: the card is untrusted and carries no HTML.
    const documentation = new vscode.MarkdownString(entryCard(entry, dataset), false);
    documentation.isTrusted = false;
    documentation.supportHtml = false;
    p = {
      description,
      detail: entry.kind === 'agreement' ? `${kindName('agreement')} · ${facts}` : facts,
      pickDetail: entryDetail(entry, dataset, { parties: true }),
      documentation,
      kind: KIND[entry.kind],
    };
    byId.set(entry.id, p);
  }
  return p;
}
