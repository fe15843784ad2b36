import * as vscode from 'vscode';
import {
  citationText,
  completeKey,
  completeOwnKey,
  definedFootnotes,
  completeName,
  entryYear,
  escapeMarkdown,
  footnoteDefinitionEdit,
  inMarkupAt,
  isInCode,
  pandocKeyAt,
  type CitationStyle,
  type Dataset,
  type Entry,
  type NameMatch,
} from '../../core';
import type { DraftBibliography, DraftBibliographyEntry } from '../bibliographies';
import type { Services } from '../services';
import { presentation } from './presentation';
import { DRAFT_SELECTOR } from '../drafts';

const TRAILING_WORD = /^[\p{L}\p{N}]*/u;
const CURRENT_WORD = /[\p{L}\p{N}]*$/u;
const TRAILING_KEY = /^[\p{L}\p{N}_:.#$%&+?<>~/-]*/u;

/**
 * Whether the editor asks for completions by itself while typing in this document. VS Code gives
 * a provider no way to tell a keystroke from Ctrl+Space, so the setting decides how short a word
 * may be: with quick suggestions on, a single letter would bring up the whole dataset on every word.
 */
function suggestsWhileTyping(document: vscode.TextDocument): boolean {
  const value = vscode.workspace.getConfiguration('editor', document).get<unknown>('quickSuggestions');
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null) {
    const other = (value as Record<string, unknown>).other;
    return other === true || other === 'on' || other === 'inline';
  }
  return true;
}

/** What a citation item adds after the name: a footnote marker sticks to it, the other styles follow a space. */
function citationSuffix(entry: Entry, style: CitationStyle): string {
  if (style !== 'inline') return (style === 'footnote' ? '' : ' ') + citationText(entry, style);
  const year = entryYear(entry);
  return year === undefined ? '' : ` (${year})`;
}

/**
 * An item no typed text matches, so the editor never shows it. The editor asks a provider again
 * as the word grows only when the provider returned an item in an incomplete list; without one,
 * a list opened on the first letter (by word-based suggestions) would be refiltered without the
 * dataset names when the second letter comes.
 */
function keepAsking(position: vscode.Position, word: number): vscode.CompletionItem {
  const item = new vscode.CompletionItem(
    vscode.l10n.t('Policy Lens: type another letter for dataset names'),
    vscode.CompletionItemKind.Text,
  );
  item.range = new vscode.Range(position.translate(0, -word), position);
  item.filterText = ' ';
  item.insertText = '';
  item.sortText = '~';
  return item;
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

interface Request {
  document: vscode.TextDocument;
  text: string;
  position: vscode.Position;
  line: string;
  dataset: Dataset;
}

function nameItems(r: Request, matches: readonly NameMatch[], style: CitationStyle): vscode.CompletionItem[] {
  const { document, text, position, line, dataset } = r;
  const wordEnd = position.translate(0, TRAILING_WORD.exec(line.slice(position.character))![0].length);
  const defined = style === 'footnote' ? definedFootnotes(text) : new Set<string>();
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const items: vscode.CompletionItem[] = [];
  matches.forEach((m, i) => {
    const { entry } = m;
    const p = presentation(entry, dataset);
    const start = position.translate(0, -m.length);
    const range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, wordEnd) };
    const filterText = line.slice(start.character, position.character) + m.rest;
    const sort = String(i).padStart(4, '0');

    const name = new vscode.CompletionItem({ label: entry.label, description: p.description }, p.kind);
    name.detail = p.detail;
    name.documentation = p.documentation;
    name.insertText = entry.label;
    name.filterText = filterText;
    name.sortText = `${sort}a`;
    name.range = range;
    items.push(name);

    // Agreements are what a draft cites; a second item writes the name with its citation.
    const suffix = citationSuffix(entry, style);
    if (entry.kind !== 'agreement' || suffix === '') return;
    const cite = new vscode.CompletionItem(
      { label: entry.label, detail: suffix, description: vscode.l10n.t('cite · {0}', style) },
      vscode.CompletionItemKind.Reference,
    );
    cite.documentation = p.documentation;
    cite.filterText = filterText;
    cite.sortText = `${sort}b`;
    cite.range = range;
    const inserted = style === 'inline' ? citationText(entry, 'inline') : entry.label + suffix;
    cite.insertText = inserted;
    cite.detail =
      style !== 'footnote'
        ? vscode.l10n.t('{0} — inserts the name with a {1} citation', p.detail, style)
        : defined.has(entry.id)
          ? vscode.l10n.t('{0} — inserts the name and the footnote marker; the definition exists', p.detail)
          : vscode.l10n.t('{0} — inserts the name and the footnote marker, and appends the definition', p.detail);
    const definition = style === 'footnote' ? footnoteDefinitionEdit(text, entry, dataset, { eol, defined }) : undefined;
    if (definition) {
      if (document.offsetAt(wordEnd) === definition.offset) {
        // An extra edit may not touch the range the item replaces: at the end of the document the
        // definition goes into the inserted text, with the cursor left after the marker.
        cite.insertText = new vscode.SnippetString(`${escapeSnippet(inserted)}$0${escapeSnippet(definition.text)}`);
        cite.keepWhitespace = true;
      } else {
        const at = document.positionAt(definition.offset);
        cite.additionalTextEdits = [vscode.TextEdit.insert(at, definition.text)];
      }
    }
    items.push(cite);
  });
  return items;
}

/** The completion kind of the writer's own bibliography entries: apart from the dataset's kinds (agreement, pillar, country). */
const BIBLIOGRAPHY_KIND = vscode.CompletionItemKind.File;

/** An entry of the writer's own bibliography as a completion item: its key, title, authors, year and file. */
function bibliographyItem(entry: DraftBibliographyEntry, filterText: string): vscode.CompletionItem {
  const file = vscode.workspace.asRelativePath(entry.file);
  const authors = entry.authors?.join(', ');
  const item = new vscode.CompletionItem({ label: entry.key, description: entry.title ?? authors ?? '' }, BIBLIOGRAPHY_KIND);
  item.detail = [vscode.l10n.t('bibliography {0}', file), authors, entry.year].filter((x) => x).join(' · ');
  const lines = [
    entry.title ? `**${escapeMarkdown(entry.title)}**` : `**${escapeMarkdown(entry.key)}**`,
    [authors, entry.year]
      .filter((x) => x)
      .map((x) => escapeMarkdown(x!))
      .join(', '),
    vscode.l10n.t('From your bibliography {0}.', escapeMarkdown(file)),
  ];
  // Text from a file never runs code: the card is untrusted and carries no HTML.
  const documentation = new vscode.MarkdownString(lines.filter((l) => l).join('\n\n'), false);
  documentation.isTrusted = false;
  documentation.supportHtml = false;
  item.documentation = documentation;
  item.insertText = entry.key;
  item.filterText = filterText;
  return item;
}

/**
 * The keys after a citation's `@`: the draft's own bibliography first (what the writer chose to
 * cite; the best few hundred for what is typed, since it may hold thousands), then the dataset; the
 * sort text keeps the two groups apart, and the kind and detail say which is which. An entry whose
 * key the dataset holds is left out of the first group: the dataset's item inserts the same key.
 */
function keyItems(r: Request, key: string, own: DraftBibliography): vscode.CompletionItem[] {
  const { position, line, dataset } = r;
  const start = position.translate(0, -key.length);
  const keyEnd = position.translate(0, TRAILING_KEY.exec(line.slice(position.character))![0].length);
  const range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, keyEnd) };
  const mine = completeOwnKey(own.entries, key, { skip: (k) => dataset.entries.has(k) });
  const fromBibliography = mine.map((m, i) => {
    const item = bibliographyItem(m.entry, key + m.rest);
    item.sortText = `a${String(i).padStart(5, '0')}`;
    item.range = range;
    return item;
  });
  const fromDataset = completeKey(dataset, key).map((m, i) => {
    const p = presentation(m.entry, dataset);
    const item = new vscode.CompletionItem({ label: m.entry.id, description: m.entry.label }, p.kind);
    item.detail = p.detail;
    item.documentation = p.documentation;
    item.insertText = m.entry.id;
    item.filterText = key + m.rest;
    item.sortText = `b${String(i).padStart(5, '0')}`;
    item.range = range;
    return item;
  });
  return [...fromBibliography, ...fromDataset];
}

/**
 * Registers the completion provider for drafts: dataset names as a name is typed (the canonical
 * name, and for an agreement also the name with a citation in the configured style), and citation
 * keys after a citation's `@`, bracketed (`[@`, `[see @`, `; @`) or in the text (`As @key shows`),
 * from the draft's own bibliography and the dataset.
 */
export function registerCompletion(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      DRAFT_SELECTOR,
      {
        provideCompletionItems(document, position, _token, completion) {
          const line = document.lineAt(position.line).text;
          const before = line.slice(0, position.character);
          const key = pandocKeyAt(before);
          if (key === undefined && completion.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter) return undefined;
          const text = document.getText();
          if (isInCode(text, document.offsetAt(position))) return undefined;
          const request: Request = { document, text, position, line, dataset: services.dataset() };
          // Incomplete: the editor asks again as the word grows, so aliases and multi-word names
          // are matched here rather than by the editor's filter over a stale list.
          if (key !== undefined)
            return services.bibliographies.ready(document).then((own) => new vscode.CompletionList(keyItems(request, key, own), true));
          if (inMarkupAt(before)) return undefined;
          const minLength = suggestsWhileTyping(document) ? 2 : 1;
          const word = CURRENT_WORD.exec(before)![0].length;
          if (word > 0 && word < minLength) return new vscode.CompletionList([keepAsking(position, word)], true);
          const matches = completeName(request.dataset, before, { minLength });
          return new vscode.CompletionList(nameItems(request, matches, services.config().citationStyle), true);
        },
      },
      '@',
    ),
  );
}
