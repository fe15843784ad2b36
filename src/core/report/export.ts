import { entryYear, type Dataset } from '../dataset/load';
import type { AgreementEntry, PillarEntry } from '../types';
import { citationCounts, engagementRows, engagementTableMarkdown, type CitationSource, type EngagementRow } from './table';

/** The formats the cited engagements of a draft can be exported to. */
export type ExportFormat = 'table' | 'csv' | 'csl-json' | 'bibtex';

/** Every export format, in the order a picker shows them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['table', 'csv', 'csl-json', 'bibtex'];

/** A CSL date: one or two (a range) `[year, month?, day?]` arrays. */
export interface CslDate {
  'date-parts': number[][];
}

/**
 * One item of CSL-JSON (CSL 1.0.2 input data), limited to the variables Policy Lens fills. Pandoc
 * (`--citeproc`), Zotero and citeproc-js read it as is.
 */
export interface CslItem {
  /** The entry id, which is also the Pandoc citation key (`[@id]`). */
  id: string;
  type: 'treaty' | 'legislation' | 'report' | 'event' | 'document';
  /** The same key, for tools that keep a separate citation key (BibTeX exporters). */
  'citation-key': string;
  title: string;
  /** The dataset's own type ("memorandum", "ministerial meeting", "pillar 2"). */
  genre?: string;
  issued?: CslDate;
  /** The parties, as one string ("Japan, Estonia"); a pillar inherits its policy's. */
  authority?: string;
  /** Where a meeting took place: its host. */
  'event-place'?: string;
  /** A pillar's policy. */
  'container-title'?: string;
  /** A pillar's number within its policy. */
  number?: string;
  URL?: string;
  /** Classification and type in words ("Bilateral memorandum"). */
  note?: string;
  abstract?: string;
}

/** An agreement or pillar the drafts cite, with how many times. */
export interface ExportedEntry {
  entry: AgreementEntry | PillarEntry;
  citations: number;
}

/**
 * The agreements and pillars that analyses cite, by name or by a Pandoc key: agreements in the
 * order of `engagementRows` (year, then name), then pillars by policy and number. Ambiguous
 * references count for no entry; countries are not sources and are left out.
 *
 * @param analyses Analyses of one or more drafts (citations are summed).
 * @param dataset The dataset the analyses were made with.
 * @returns The cited entries, each once.
 */
export function citedEntries(analyses: CitationSource, dataset: Dataset): ExportedEntry[] {
  const counts = citationCounts(analyses);
  const agreements = engagementRows(analyses, dataset).map((row) => ({
    entry: dataset.entries.get(row.id) as AgreementEntry,
    citations: row.citations,
  }));
  const pillars = [...counts]
    .map(([id, citations]) => ({ entry: dataset.entries.get(id), citations }))
    .filter((c): c is ExportedEntry & { entry: PillarEntry } => c.entry?.kind === 'pillar')
    .sort((a, b) => a.entry.policy.localeCompare(b.entry.policy) || a.entry.number - b.entry.number);
  return [...agreements, ...pillars];
}

/**
 * The source that documents an entry best: the last one with a URL (the bundled data lists
 * sources from the general, such as the seed paper, to the specific, such as the signing notice).
 */
function bestUrl(entry: AgreementEntry | PillarEntry): string | undefined {
  for (let k = entry.sources.length - 1; k >= 0; k--) {
    const url = entry.sources[k]!.url;
    if (url) return url;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field as RFC 4180 writes it: in double quotes, with inner quotes doubled, when it holds
 * a comma, a quote or a line break. Text that a spreadsheet would take for a formula gets a
 * leading apostrophe first (OWASP's advice against CSV injection); numbers are left alone.
 *
 * @param value The cell.
 * @returns The field, ready to join with commas.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV columns, in order. */
export const CSV_COLUMNS = ['id', 'year', 'engagement', 'partner', 'classification', 'type', 'citations', 'source url'] as const;

/**
 * The cited engagements as CSV (RFC 4180: a header row, CRLF line ends, quoted fields where
 * needed), one row per agreement as in the Markdown table, plus its type and best source URL.
 *
 * @param analyses Analyses of one or more drafts, or citation counts (`CitationSource`).
 * @param dataset The dataset the analyses were made with.
 * @returns The CSV text, ending in CRLF.
 */
export function engagementsCsv(analyses: CitationSource, dataset: Dataset): string {
  const rows = engagementRows(analyses, dataset).map((row: EngagementRow) => {
    const entry = dataset.entries.get(row.id) as AgreementEntry;
    return [row.id, row.year, row.engagement, row.partner, row.classification, entry.type, row.citations, bestUrl(entry)];
  });
  return [CSV_COLUMNS as readonly (string | number | undefined)[], ...rows].map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

// ---------------------------------------------------------------------------------------------
// CSL-JSON

const TREATY_TYPES = new Set(['memorandum', 'agreement', 'partnership', 'charter', 'declaration', 'statement', 'ministerial statement']);
const LEGISLATION_TYPES = new Set(['act', 'regulation', 'directive', 'decision', 'law']);
const EVENT_TYPES = new Set(['ministerial meeting', 'council meeting', 'conference', 'summit', 'meeting']);
const REPORT_TYPES = new Set(['strategy', 'plan', 'vision', 'concept', 'policy']);

/**
 * The CSL type of an agreement: an instrument between parties is a treaty, an act or regulation
 * is legislation, a meeting an event, a strategy or plan a report, anything else a document. A
 * charter or declaration of one country's own (unilateral, or no classification) is a document, not a treaty.
 */
function cslType(entry: AgreementEntry): CslItem['type'] {
  const type = entry.type.toLowerCase();
  if (LEGISLATION_TYPES.has(type)) return 'legislation';
  if (EVENT_TYPES.has(type)) return 'event';
  if (TREATY_TYPES.has(type) && entry.classification && entry.classification !== 'unilateral') return 'treaty';
  if (REPORT_TYPES.has(type)) return 'report';
  return 'document';
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or just a year) as CSL date parts. */
function cslDate(entry: AgreementEntry): CslDate | undefined {
  const parts = (entry.date ?? '').split('-').map(Number);
  if (parts.length > 0 && parts.every((n) => Number.isInteger(n) && n > 0)) return { 'date-parts': [parts.slice(0, 3)] };
  const year = entryYear(entry);
  return year !== undefined ? { 'date-parts': [[year]] } : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function agreementItem(entry: AgreementEntry, dataset: Dataset): CslItem {
  const name = (id: string): string => dataset.entries.get(id)?.label ?? id;
  const item: CslItem = { id: entry.id, type: cslType(entry), 'citation-key': entry.id, title: oneLine(entry.label), genre: entry.type };
  const issued = cslDate(entry);
  if (issued) item.issued = issued;
  if (entry.parties.length > 0) item.authority = entry.parties.map(name).join(', ');
  if (entry.host) item['event-place'] = name(entry.host);
  const url = bestUrl(entry);
  if (url) item.URL = url;
  if (entry.classification) item.note = `${entry.classification[0]!.toUpperCase()}${entry.classification.slice(1)} ${entry.type}`;
  if (entry.summary) item.abstract = oneLine(entry.summary);
  return item;
}

function pillarItem(entry: PillarEntry, dataset: Dataset): CslItem {
  const policy = dataset.entries.get(entry.policy);
  const item: CslItem = {
    id: entry.id,
    type: 'document',
    'citation-key': entry.id,
    title: oneLine(entry.label),
    genre: `pillar ${entry.number}`,
  };
  if (policy?.kind === 'agreement') {
    const parent = agreementItem(policy, dataset);
    item['container-title'] = parent.title;
    if (parent.issued) item.issued = parent.issued;
    if (parent.authority) item.authority = parent.authority;
  }
  item.number = String(entry.number);
  const url = bestUrl(entry) ?? (policy?.kind === 'agreement' ? bestUrl(policy) : undefined);
  if (url) item.URL = url;
  if (entry.summary) item.abstract = oneLine(entry.summary);
  return item;
}

/**
 * The cited agreements and pillars as CSL-JSON items (see `citedEntries` for which and in what
 * order). Each item's `id` is the dataset id, so a draft's `[@id]` citations resolve with
 * `pandoc --citeproc --bibliography refs.json`. Parties go into `authority` rather than `author`,
 * so author-date styles cite an agreement by its name and year, not as "(Japan and Estonia 2022)".
 *
 * @param analyses Analyses of one or more drafts, or citation counts (`CitationSource`).
 * @param dataset The dataset the analyses were made with.
 * @returns The items.
 */
export function cslItems(analyses: CitationSource, dataset: Dataset): CslItem[] {
  return citedEntries(analyses, dataset).map(({ entry }) =>
    entry.kind === 'agreement' ? agreementItem(entry, dataset) : pillarItem(entry, dataset),
  );
}

/**
 * The cited agreements and pillars as a CSL-JSON file: an array of items, two-space indented.
 *
 * @param analyses Analyses of one or more drafts, or citation counts (`CitationSource`).
 * @param dataset The dataset the analyses were made with.
 * @returns JSON text ending in a newline.
 */
export function engagementsCslJson(analyses: CitationSource, dataset: Dataset): string {
  const json = JSON.stringify(cslItems(analyses, dataset), null, 2);
  // Dates on one line, as people write them: "date-parts": [[2022, 5, 6]].
  return (
    json.replace(
      /\[\s*\[([\d,\s]*)\]\s*\]/g,
      (_, parts: string) =>
        `[[${parts
          .trim()
          .split(/\s*,\s*/)
          .join(', ')}]]`,
    ) + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// BibTeX

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/**
 * A BibTeX field value (to go between braces): LaTeX's special characters escaped, line breaks
 * and runs of white space made one space, and every other character, non-ASCII included, kept
 * as it is (the file is UTF-8, as biber, bibtexu and Pandoc read it).
 *
 * @param text The value.
 * @returns The escaped value; its braces are always balanced.
 */
export function bibtexEscape(text: string): string {
  return oneLine(text).replace(/[\\{}%&$#_~^<>]/g, (c) => LATEX_SPECIALS[c]!);
}

/** A URL for a `url` field, which tools read verbatim: only what would unbalance the braces or split the value is percent-encoded. */
function bibtexUrl(url: string): string {
  return url.trim().replace(/[{}\\\s]/g, (c) => encodeURIComponent(c));
}

/** A citation key BibTeX accepts: the dataset id, which is kebab-case; anything else becomes a hyphen. */
function bibtexKey(id: string): string {
  return id.replace(/[^A-Za-z0-9_:./+-]/g, '-');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function capitalised(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * CSL-JSON items as BibTeX entries. Treaties, legislation, events and documents become `@misc`,
 * reports `@techreport`; the title is braced twice so styles keep its capitals; the parties go
 * into `organization` (`institution` for a report); the date into `year`, `month` (BibTeX's own
 * month macro) and, when the day is known, a biblatex `date` that BibTeX ignores; what the entry
 * is into `howpublished` (`type` for a report).
 *
 * @param items Items from `cslItems`.
 * @returns BibTeX text, one entry per item, UTF-8, ending in a newline.
 */
export function bibtexFromCsl(items: readonly CslItem[]): string {
  const entries = items.map((item) => {
    const kind = item.type === 'report' ? 'techreport' : 'misc';
    const fields: string[] = [];
    const field = (name: string, value: string | undefined, raw = false): void => {
      if (value) fields.push(`  ${name} = ${raw ? value : `{${value}}`},`);
    };
    field('title', `{${bibtexEscape(item.title)}}`);
    field(kind === 'techreport' ? 'institution' : 'organization', item.authority && bibtexEscape(item.authority));
    const [year, month, day] = item.issued?.['date-parts'][0] ?? [];
    field('year', year === undefined ? undefined : String(year));
    field('month', month === undefined ? undefined : MONTHS[month - 1], true);
    if (year !== undefined && month !== undefined && day !== undefined) {
      field('date', `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    }
    const what = item['container-title']
      ? `${capitalised(item.genre ?? '')} of ${item['container-title']}`
      : (item.note ?? capitalised(item.genre ?? ''));
    field(kind === 'techreport' ? 'type' : 'howpublished', bibtexEscape(what));
    field('address', item['event-place'] && bibtexEscape(item['event-place']));
    field('url', item.URL && bibtexUrl(item.URL));
    field('abstract', item.abstract && bibtexEscape(item.abstract));
    return `@${kind}{${bibtexKey(item.id)},\n${fields.join('\n')}\n}\n`;
  });
  return ['% Encoding: UTF-8\n% Cited engagements exported by Policy Lens.\n', ...entries].join('\n');
}

/**
 * The cited agreements and pillars as BibTeX, through their CSL-JSON items (`cslItems`).
 *
 * @param analyses Analyses of one or more drafts, or citation counts (`CitationSource`).
 * @param dataset The dataset the analyses were made with.
 * @returns BibTeX text ending in a newline.
 */
export function engagementsBibtex(analyses: CitationSource, dataset: Dataset): string {
  return bibtexFromCsl(cslItems(analyses, dataset));
}

// ---------------------------------------------------------------------------------------------

/**
 * The cited engagements of one or more drafts in one of the export formats: a Markdown table
 * like the seed paper's Table 1 (`engagementTableMarkdown`), CSV, CSL-JSON or BibTeX.
 *
 * @param format The format.
 * @param analyses Analyses of the drafts.
 * @param dataset The dataset the analyses were made with.
 * @returns The exported text, ending in a line break.
 */
export function exportCited(format: ExportFormat, analyses: CitationSource, dataset: Dataset): string {
  switch (format) {
    case 'table':
      return engagementTableMarkdown(engagementRows(analyses, dataset));
    case 'csv':
      return engagementsCsv(analyses, dataset);
    case 'csl-json':
      return engagementsCslJson(analyses, dataset);
    case 'bibtex':
      return engagementsBibtex(analyses, dataset);
  }
}
