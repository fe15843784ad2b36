import { entryYear, type Dataset } from '../dataset/load';
import type { Entry } from '../types';

/** How a citation is written into a draft. */
export type CitationStyle = 'footnote' | 'inline' | 'pandoc';

/** A text edit against the original document: replace `length` characters at `offset` with `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

function plain(text: string): string {
  // Footnote and inline text is Markdown: keep data from opening links, code or emphasis.
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/**
 * The text of a footnote definition for an entry: label, date, type, classification, parties, source.
 *
 * @param entry The entry cited.
 * @param dataset The dataset (for party names).
 * @returns One line of Markdown, without the `[^id]: ` prefix.
 */
export function footnoteText(entry: Entry, dataset: Dataset): string {
  const parts: string[] = [plain(entry.label)];
  if (entry.kind === 'agreement') {
    const when = entry.date ?? entryYear(entry);
    const facts = [when, entry.type, entry.classification].filter(Boolean).join(', ');
    if (facts) parts[0] += ` (${plain(String(facts))})`;
    if (entry.parties.length > 0) parts.push(`Parties: ${entry.parties.map((p) => plain(dataset.entries.get(p)?.label ?? p)).join(', ')}`);
  }
  const source = entry.sources[0];
  if (source) parts.push(`Source: ${plain(source.title)}${source.url ? `, <${source.url}>` : ''}`);
  return parts.join('. ') + '.';
}

/**
 * The citation of an entry in one of the styles: `[@id]`, `Label (year)`, or a footnote marker `[^id]`.
 *
 * @param entry The entry cited.
 * @param style The configured style.
 * @returns The text to insert at the cursor.
 */
export function citationText(entry: Entry, style: CitationStyle): string {
  if (style === 'pandoc') return `[@${entry.id}]`;
  if (style === 'footnote') return `[^${entry.id}]`;
  const year = entryYear(entry);
  return year !== undefined ? `${plain(entry.label)} (${year})` : plain(entry.label);
}

/** A footnote definition at the start of a line (up to three spaces of indent, as CommonMark allows). */
const DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:/gm;

/**
 * The labels of every footnote the document defines, for checking many entries against one scan.
 *
 * @param text The document.
 * @returns The labels, e.g. `moc-estonia-2022` for a line starting `[^moc-estonia-2022]:`.
 */
export function definedFootnotes(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(DEFINITION), (m) => m[1]!));
}

/**
 * Whether the document already defines the footnote `[^id]`.
 *
 * @param text The document.
 * @param id The footnote label (an entry id).
 * @returns True when a line starts with `[^id]:`.
 */
export function hasFootnoteDefinition(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^ {0,3}\\[\\^${escaped}\\]:`, 'm').test(text);
}

/** Options for `citationEdits` and `footnoteDefinitionEdit`. */
export interface CitationEditOptions {
  /** The document's line ending; by default the first one found in the text, else `\n`. */
  eol?: '\n' | '\r\n';
  /** The footnotes the document defines, when already known (see `definedFootnotes`). */
  defined?: ReadonlySet<string>;
}

/**
 * The edit that appends an entry's footnote definition at the end of the document, separated from
 * the last line by one blank line, or nothing when the document already defines that footnote.
 *
 * @param text The document.
 * @param entry The entry cited.
 * @param dataset The dataset.
 * @param options The line ending to write, and the footnotes already defined.
 * @returns An insertion at `text.length`, or undefined.
 */
export function footnoteDefinitionEdit(
  text: string,
  entry: Entry,
  dataset: Dataset,
  options: CitationEditOptions = {},
): TextEdit | undefined {
  if (options.defined ? options.defined.has(entry.id) : hasFootnoteDefinition(text, entry.id)) return undefined;
  const eol = options.eol ?? (text.includes('\r\n') ? '\r\n' : '\n');
  let start = text.length;
  while (start > 0 && (text[start - 1] === '\n' || (text[start - 1] === '\r' && text[start] === '\n'))) start--;
  const trailing = text.slice(start);
  const lead = text.length === 0 ? '' : trailing.length === 0 ? eol + eol : trailing === '\n' || trailing === '\r\n' ? eol : '';
  return { offset: text.length, length: 0, text: `${lead}[^${entry.id}]: ${footnoteText(entry, dataset)}${eol}` };
}

/**
 * The edits that cite an entry at one or more offsets (one per cursor). A footnote citation inserts
 * the marker at each offset and, unless the document already defines that footnote, appends its
 * definition once at the end; nothing else in the document changes.
 *
 * @param text The document.
 * @param offset Where the cursor is, or every cursor.
 * @param entry The entry cited.
 * @param style The citation style.
 * @param dataset The dataset.
 * @param options The line ending to write, and the footnotes already defined.
 * @returns Non-overlapping edits, in document order; a definition at the end comes after a marker at the same offset.
 */
export function citationEdits(
  text: string,
  offset: number | readonly number[],
  entry: Entry,
  style: CitationStyle,
  dataset: Dataset,
  options: CitationEditOptions = {},
): TextEdit[] {
  const offsets = [...new Set(typeof offset === 'number' ? [offset] : offset)].sort((a, b) => a - b);
  const citation = citationText(entry, style);
  const edits: TextEdit[] = offsets.map((o) => ({ offset: o, length: 0, text: citation }));
  const definition = style === 'footnote' ? footnoteDefinitionEdit(text, entry, dataset, options) : undefined;
  if (definition) edits.push(definition);
  return edits;
}

/**
 * A Markdown table row for an engagement, in the columns of the seed paper's Table 1.
 *
 * @param entry The entry.
 * @param dataset The dataset.
 * @returns `| year | label | partners | classification |`.
 */
export function tableRow(entry: Entry, dataset: Dataset): string {
  const year = entryYear(entry) ?? '';
  const partners = entry.kind === 'agreement' ? entry.parties.map((p) => dataset.entries.get(p)?.label ?? p).join(', ') : '';
  const classification =
    entry.kind === 'agreement' && entry.classification ? entry.classification[0]!.toUpperCase() + entry.classification.slice(1) : '';
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return `| ${year} | ${cell(entry.label)} | ${cell(partners)} | ${classification} |`;
}
