import * as vscode from 'vscode';
import {
  citationText,
  completeKey,
  definedFootnotes,
  completeName,
  entryYear,
  footnoteDefinitionEdit,
  inMarkupAt,
  isInCode,
  pandocKeyAt,
  type CitationStyle,
  type Dataset,
  type Entry,
  type NameMatch,
} from '../../core';
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

function keyItems(r: Request, key: string): vscode.CompletionItem[] {
  const { position, line, dataset } = r;
  const start = position.translate(0, -key.length);
  const keyEnd = position.translate(0, TRAILING_KEY.exec(line.slice(position.character))![0].length);
  const range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, keyEnd) };
  return completeKey(dataset, key).map((m, i) => {
    const p = presentation(m.entry, dataset);
    const item = new vscode.CompletionItem({ label: m.entry.id, description: m.entry.label }, p.kind);
    item.detail = p.detail;
    item.documentation = p.documentation;
    item.insertText = m.entry.id;
    item.filterText = key + m.rest;
    item.sortText = String(i).padStart(4, '0');
    item.range = range;
    return item;
  });
}

/**
 * Registers the completion provider for Markdown: dataset names as a name is typed (the canonical
 * name, and for an agreement also the name with a citation in the configured style), and citation
 * keys after `@` inside `[@`.
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
          if (key !== undefined) return new vscode.CompletionList(keyItems(request, key), true);
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
