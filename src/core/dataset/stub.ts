/**
 * Stub dataset entries for names the catalogue lacks (issue 11): what the "Add to Team Dataset…"
 * quick fix and `policy-lens stubs` write, for a team to review. Everything in a stub is read from
 * the draft: the name, its head noun, the year or date, the countries and a link of the sentence
 * (or table row) it stands in. The summary is a placeholder that dataset diagnostics flag until a
 * person writes one.
 */
import type { AgreementEntry, Analysis, DatasetFile, Source, UncataloguedReference } from '../types';
import type { Dataset } from './load';

/** The summary of a stub entry until a person writes one; the dataset loader warns about it. */
export const STUB_SUMMARY = 'TODO: summarise this engagement in one or two sentences, and check the fields read from the draft.';

const MONTHS = 'january february march april may june july august september october november december'.split(' ');
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
const YEAR = '(?:1[89]|2[01])\\d\\d';
/** "14 March 2025", "March 14, 2025", "March 2025", "Mar. 2025", "2025-03-14", "2025-03", or a year. */
const DATE = new RegExp(
  `\\b(?:(\\d{1,2})\\s+([A-Za-z]{3,9})\\.?,?\\s+(${YEAR})|([A-Za-z]{3,9})\\.?\\s+(\\d{1,2}),\\s+(${YEAR})|([A-Za-z]{3,9})\\.?\\s+(${YEAR})|(${YEAR})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01]))?|(${YEAR}))\\b`,
  'g',
);
const LINK = /\]\(\s*<?(https?:\/\/[^\s)>]+)>?|<(https?:\/\/[^\s>]+)>|(https?:\/\/[^\s)<>\]]+)/g;
const LINK_TEXT = /\[([^\]]{1,300})\]\(\s*<?$/;

function monthOf(word: string | undefined): number | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase();
  const k = MONTHS.indexOf(w) >= 0 ? MONTHS.indexOf(w) : w.length === 3 || w === 'sept' ? MONTH_ABBR.indexOf(w.slice(0, 3)) : -1;
  return k >= 0 ? k + 1 : undefined;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The first date or year written in a stretch of text: `{ year, date? }`, or undefined. */
function firstDate(text: string): { year: number; date?: string } | undefined {
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m; m = DATE.exec(text)) {
    if (m[3]) {
      const month = monthOf(m[2]);
      const day = Number(m[1]);
      if (month && day >= 1 && day <= 31) return { year: Number(m[3]), date: `${m[3]}-${two(month)}-${two(day)}` };
      return { year: Number(m[3]) };
    }
    if (m[6]) {
      const month = monthOf(m[4]);
      const day = Number(m[5]);
      if (month && day >= 1 && day <= 31) return { year: Number(m[6]), date: `${m[6]}-${two(month)}-${two(day)}` };
      return { year: Number(m[6]) };
    }
    if (m[8]) {
      const month = monthOf(m[7]);
      return month ? { year: Number(m[8]), date: `${m[8]}-${two(month)}` } : { year: Number(m[8]) };
    }
    if (m[9]) return { year: Number(m[9]), date: m[11] ? `${m[9]}-${m[10]}-${m[11]}` : `${m[9]}-${m[10]}` };
    if (m[12]) return { year: Number(m[12]) };
  }
  return undefined;
}

/** Whether a date string names a real day (no 31 April). */
function realDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  if (d === undefined) return true;
  const day = new Date(Date.UTC(y!, m! - 1, d));
  return day.getUTCMonth() === m! - 1 && day.getUTCDate() === d;
}

/**
 * A kebab-case id for a name: letters folded to ASCII, lower case, words joined by "-", at most
 * about 60 characters (cut at a word).
 *
 * @param label The name.
 * @returns The slug; "engagement" for a name with no letter or digit.
 */
export function slugOf(label: string): string {
  let slug = label
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > 60) slug = slug.slice(0, 61).replace(/-[^-]*$/, '') || slug.slice(0, 60);
  return slug || 'engagement';
}

/**
 * A schema-valid agreement entry for a name the catalogue lacks, read from the draft.
 *
 * - `id`: a slug of the name, with `-2`, `-3`… when `taken` has it;
 * - `label`: the name as written; `aliases`: the abbreviation it defines;
 * - `type`: the head noun ("memorandum", "action plan", "working group");
 * - `year`, `date`: the first date written in its sentence or table row;
 * - `parties`: the countries in the name and in its sentence or row; `host`: one named after "in" or "hosted by";
 * - `classification`: bilateral for two parties, multilateral for more;
 * - `sources`: the links of its sentence or row;
 * - `summary`: `STUB_SUMMARY`, which the dataset loader flags.
 *
 * @param ref An uncatalogued reference of `analysis`.
 * @param text The text that was analysed.
 * @param analysis Its analysis (countries are read from its references).
 * @param taken Whether an id is in use (the dataset's, and those of stubs made before).
 * @returns The entry.
 */
export function stubEntry(ref: UncataloguedReference, text: string, analysis: Analysis, taken: (id: string) => boolean): AgreementEntry {
  const base = slugOf(ref.label);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  const context = text.slice(ref.context.start, ref.context.end);
  const parties = [...ref.countries];
  let host: string | undefined;
  for (const r of analysis.references) {
    if (r.kind !== 'country' || r.start.offset < ref.context.start || r.end.offset > ref.context.end) continue;
    if (!parties.includes(r.id)) parties.push(r.id);
    const before = text.slice(Math.max(0, r.start.offset - 12), r.start.offset).toLowerCase();
    if (host === undefined && /\b(?:in|hosted by|held in)\s+(?:the\s+)?$/.test(before)) host = r.id;
  }
  const entry: AgreementEntry = {
    id,
    kind: 'agreement',
    label: ref.label,
    aliases: ref.abbreviation ? [ref.abbreviation] : [],
    type: ref.head,
    parties,
    summary: STUB_SUMMARY,
    sources: sourcesIn(context, ref.label),
  };
  const when = firstDate(context);
  if (when) {
    entry.year = when.year;
    if (when.date && realDate(when.date)) entry.date = when.date;
  }
  if (parties.length === 2) entry.classification = 'bilateral';
  else if (parties.length > 2) entry.classification = 'multilateral';
  if (host) entry.host = host;
  return entry;
}

/** The links written in a stretch of Markdown, titled by their link text (or the name). */
function sourcesIn(context: string, label: string): Source[] {
  const out: Source[] = [];
  LINK.lastIndex = 0;
  for (let m = LINK.exec(context); m; m = LINK.exec(context)) {
    const url = (m[1] ?? m[2] ?? m[3])!.replace(/[.,;:]+$/, '');
    if (out.some((s) => s.url === url)) continue;
    const linkText = m[1] ? LINK_TEXT.exec(context.slice(0, m.index + 2))?.[1] : undefined;
    const title = (linkText ?? '').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim() || label;
    out.push({ title, url });
  }
  return out;
}

/** One draft whose uncatalogued names are to be stubbed. */
export interface StubSource {
  text: string;
  analysis: Analysis;
}

/**
 * A dataset file of stub entries, one per name the catalogue lacks across the drafts (the first
 * occurrence of each name gives its facts; a later use of an abbreviation is the name it stands
 * for), with ids that collide neither with the dataset nor with each other.
 *
 * @param drafts The drafts and their analyses.
 * @param dataset The dataset they were analysed with.
 * @returns The dataset file, entries in the order the names first occur.
 */
export function stubDataset(drafts: Iterable<StubSource>, dataset: Dataset): DatasetFile {
  const entries: AgreementEntry[] = [];
  const ids = new Set<string>();
  const seen = new Set<string>();
  for (const { text, analysis } of drafts) {
    for (const ref of analysis.uncatalogued ?? []) {
      const key = ref.label.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = stubEntry(ref, text, analysis, (id) => ids.has(id) || dataset.entries.has(id));
      ids.add(entry.id);
      entries.push(entry);
    }
  }
  return { entries };
}
