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

/**
 * The edits that cite an entry at an offset. A footnote citation inserts the marker and, unless the
 * document already defines that footnote, appends its definition at the end; nothing else in the
 * document changes.
 *
 * @param text The document.
 * @param offset Where the cursor is.
 * @param entry The entry cited.
 * @param style The citation style.
 * @param dataset The dataset.
 * @returns Non-overlapping edits, in document order.
 */
export function citationEdits(text: string, offset: number, entry: Entry, style: CitationStyle, dataset: Dataset): TextEdit[] {
  const edits: TextEdit[] = [{ offset, length: 0, text: citationText(entry, style) }];
  if (style !== 'footnote') return edits;
  const id = entry.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`^ {0,3}\\[\\^${id}\\]:`, 'm').test(text)) return edits;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const trailing = text.match(/(\r?\n)*$/)![0];
  const lead = text.length === 0 ? '' : trailing.length === 0 ? eol + eol : trailing === eol ? eol : '';
  edits.push({ offset: text.length, length: 0, text: `${lead}[^${entry.id}]: ${footnoteText(entry, dataset)}${eol}` });
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
  const classification = entry.kind === 'agreement' && entry.classification ? entry.classification[0]!.toUpperCase() + entry.classification.slice(1) : '';
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return `| ${year} | ${cell(entry.label)} | ${cell(partners)} | ${classification} |`;
}
