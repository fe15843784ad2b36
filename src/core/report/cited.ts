import * as l10n from '@vscode/l10n';
import { entryYear, type Dataset } from '../dataset/load';
import { classificationName } from './words';
import type { AgreementEntry, Analysis, Entry, EntryKind } from '../types';

/** How the agreements of a cited-engagements model are grouped. */
export type CitedGroupBy = 'type' | 'year' | 'classification' | 'partner';

/** Options of `citedModel`. */
export interface CitedOptions {
  groupBy: CitedGroupBy;
  /** Also list the dataset's agreements the draft does not cite (with no occurrences). */
  showUncited: boolean;
  /** Only entries whose label, id, type, year or partners contain every word of this text. */
  filter?: string;
}

/** An entry the draft cites (or, for an uncited agreement, does not). */
export interface CitedModelEntry {
  id: string;
  kind: EntryKind;
  label: string;
  year: number | undefined;
  /** Indexes into `analysis.references`, in document order; empty for an uncited agreement. */
  occurrences: readonly number[];
}

/** A group of agreements (one type, year, classification or partner). */
export interface CitedGroup {
  /** Stable within a grouping: the type, the year, the classification or the partner's id. */
  key: string;
  label: string;
  entries: CitedModelEntry[];
  /** Citations of the group's entries together. */
  citations: number;
}

/** References that share one set of candidates and that the context did not resolve. */
export interface AmbiguousCitation {
  /** The candidates, joined: stable while the draft changes. */
  key: string;
  /** The name as the draft first writes it. */
  text: string;
  candidates: readonly string[];
  /** Indexes into `analysis.references`, in document order. */
  occurrences: readonly number[];
}

/** What a draft cites, in the shape of the Cited Engagements view. */
export interface CitedModel {
  agreements: CitedGroup[];
  pillars: CitedModelEntry[];
  countries: CitedModelEntry[];
  ambiguous: AmbiguousCitation[];
  /** Entries and ambiguous names before the filter (uncited agreements included when shown). */
  total: number;
  /** Entries and ambiguous names after the filter; an agreement listed under several partners counts once. */
  shown: number;
}

/** Folds case, accents and dash variants so that `japan-eu` finds `Japan–EU`. */
export function foldForFilter(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();
}

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

const homeByDataset = new WeakMap<Dataset, string | undefined>();

/**
 * The party most agreements in the dataset share (Japan, for the bundled data), computed once per
 * dataset. Partner groups leave it out so that they name who an engagement was with. It is taken
 * from the whole dataset, not from what the draft cites, so that groups do not move while one types.
 * A catalogue of the whole field has no party in most of its agreements, so the home party is the
 * most frequent one when it takes part in at least a quarter of those that name a country as a
 * party, and clearly leads the next.
 */
const isCountry = (e: Entry | undefined): boolean => e?.kind === 'country' && e.type === 'country';

function homeParty(dataset: Dataset): string | undefined {
  if (homeByDataset.has(dataset)) return homeByDataset.get(dataset);
  const frequency = new Map<string, number>();
  let agreements = 0;
  for (const e of dataset.entries.values()) {
    // Only agreements that name a country among their parties: a field's catalogue holds ever more
    // of a bloc's own (G7, G20, UN), which say nothing about whose catalogue it is.
    if (e.kind !== 'agreement' || !e.parties.some((p) => isCountry(dataset.entries.get(p)))) continue;
    agreements += 1;
    for (const p of new Set(e.parties)) frequency.set(p, (frequency.get(p) ?? 0) + 1);
  }
  let home: string | undefined;
  let best = 0;
  for (const [party, count] of frequency) {
    if (count > best) [home, best] = [party, count];
  }
  const runnerUp = Math.max(0, ...[...frequency].filter(([party]) => party !== home).map(([, count]) => count));
  if (best * 4 < agreements || best * 4 < runnerUp * 5) home = undefined;
  homeByDataset.set(dataset, home);
  return home;
}

/** Partner group key of an agreement with no party but the home party. */
const DOMESTIC = '';

/**
 * The partners an agreement is listed under when grouped by partner: the host, then the parties,
 * without the dataset's home party; an agreement of the home party alone is domestic.
 */
export function partnersOf(agreement: AgreementEntry, dataset: Dataset): string[] {
  const home = homeParty(dataset);
  const ids = [...new Set([...(agreement.host ? [agreement.host] : []), ...agreement.parties])].filter((p) => p !== home);
  return ids.length > 0 ? ids : [DOMESTIC];
}

function nameOf(id: string, dataset: Dataset): string {
  return dataset.entries.get(id)?.label ?? id;
}

function groupKeys(entry: AgreementEntry, groupBy: CitedGroupBy, dataset: Dataset): string[] {
  switch (groupBy) {
    case 'type':
      return [entry.type];
    case 'year':
      return [String(entryYear(entry) ?? '')];
    case 'classification':
      return [entry.classification ?? ''];
    case 'partner':
      return partnersOf(entry, dataset);
  }
}

function groupLabel(key: string, groupBy: CitedGroupBy, dataset: Dataset): string {
  switch (groupBy) {
    case 'type':
      return capitalise(key) || l10n.t('Other');
    case 'year':
      return key || l10n.t('Undated');
    case 'classification':
      return classificationName(key || 'unilateral');
    case 'partner': {
      if (key !== DOMESTIC) return nameOf(key, dataset);
      const home = homeParty(dataset);
      return home ? l10n.t('Domestic ({0})', nameOf(home, dataset)) : l10n.t('Domestic');
    }
  }
}

/** Groups in reading order: years ascending, classifications bilateral first, names alphabetical; the "none" group last. */
function compareGroups(a: CitedGroup, b: CitedGroup, groupBy: CitedGroupBy): number {
  if ((a.key === '') !== (b.key === '')) return a.key === '' ? 1 : -1;
  if (groupBy === 'year') return Number(a.key) - Number(b.key);
  return a.label.localeCompare(b.label);
}

/** The text a filter looks in: label, id, type, year, and the partners' names. */
function haystack(entry: Entry, dataset: Dataset): string {
  const parts = [entry.label, entry.id];
  if (entry.kind === 'agreement') {
    parts.push(entry.type, entry.classification ?? '', String(entryYear(entry) ?? ''));
    for (const p of new Set([...(entry.host ? [entry.host] : []), ...entry.parties])) parts.push(p, nameOf(p, dataset));
  } else if (entry.kind === 'pillar') {
    parts.push('pillar', entry.policy, nameOf(entry.policy, dataset));
  } else {
    parts.push(entry.type, entry.officialName);
  }
  return foldForFilter(parts.join('\n'));
}

function filterWords(filter: string | undefined): string[] {
  return foldForFilter(filter ?? '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/**
 * A filter predicate over entries: every whitespace-separated word of `filter` must occur in the
 * entry's label, id, type, year or partners (case, accents and dash variants do not matter).
 *
 * @param filter The text the writer typed; empty or blank matches everything.
 * @param dataset The dataset the entries come from (for partner names).
 * @returns A predicate over entries.
 */
export function entryFilter(filter: string | undefined, dataset: Dataset): (entry: Entry) => boolean {
  const words = filterWords(filter);
  if (words.length === 0) return () => true;
  return (entry) => {
    const text = haystack(entry, dataset);
    return words.every((w) => text.includes(w));
  };
}

function compareEntries(a: CitedModelEntry, b: CitedModelEntry): number {
  return (a.year ?? 9999) - (b.year ?? 9999) || a.label.localeCompare(b.label);
}

/**
 * What a draft cites, grouped for the Cited Engagements view: agreements in groups, pillars and
 * countries in lists, and the ambiguous names apart (they are not counted for any candidate, as in
 * the cited-engagements table). One pass over the references; only the distinct entries are sorted,
 * so a draft with thousands of references stays cheap to refresh.
 *
 * @param analysis The draft's analysis.
 * @param dataset The dataset it was made with.
 * @param options Grouping, uncited agreements, filter.
 * @returns The model; occurrences are reference indexes, resolved by the caller when shown.
 */
export function citedModel(analysis: Analysis, dataset: Dataset, options: CitedOptions): CitedModel {
  const byId = new Map<string, number[]>();
  const ambiguous = new Map<string, { text: string; candidates: string[]; occurrences: number[] }>();
  analysis.references.forEach((ref, index) => {
    if (ref.candidates) {
      const key = ref.candidates.join('|');
      const found = ambiguous.get(key);
      if (found) found.occurrences.push(index);
      else ambiguous.set(key, { text: ref.text, candidates: ref.candidates, occurrences: [index] });
      return;
    }
    const list = byId.get(ref.id);
    if (list) list.push(index);
    else byId.set(ref.id, [index]);
  });
  return groupCited(byId, ambiguous, dataset, options);
}

/**
 * The cited-engagements model of several drafts together (the workspace), from citation counts:
 * grouped, filtered and sorted exactly as `citedModel` does for one draft. An entry's
 * `occurrences` is an empty-slotted array as long as its citations: only its length means
 * anything (which drafts cite it, and where, is the workspace index's to say), and it costs
 * nothing to build for a workspace with hundreds of thousands of citations. Ambiguous references
 * are not counted, as in `citedModel`.
 *
 * @param counts Entry id → citations over all drafts (`WorkspaceIndex.citationCounts`).
 * @param dataset The dataset the drafts were analysed with.
 * @param options Grouping, uncited agreements, filter.
 * @returns The model, with no ambiguous names.
 */
export function citedModelOfCounts(counts: ReadonlyMap<string, number>, dataset: Dataset, options: CitedOptions): CitedModel {
  const byId = new Map<string, number[]>();
  for (const [id, n] of counts) byId.set(id, new Array<number>(n));
  return groupCited(byId, new Map(), dataset, options);
}

function groupCited(
  byId: ReadonlyMap<string, readonly number[]>,
  ambiguous: ReadonlyMap<string, { text: string; candidates: string[]; occurrences: number[] }>,
  dataset: Dataset,
  options: CitedOptions,
): CitedModel {
  const matches = entryFilter(options.filter, dataset);
  const groups = new Map<string, CitedGroup>();
  const pillars: CitedModelEntry[] = [];
  const countries: CitedModelEntry[] = [];
  let total = 0;
  let shown = 0;
  const add = (entry: Entry, occurrences: readonly number[]): void => {
    total += 1;
    if (!matches(entry)) return;
    shown += 1;
    const item: CitedModelEntry = { id: entry.id, kind: entry.kind, label: entry.label, year: entryYear(entry), occurrences };
    if (entry.kind === 'pillar') pillars.push(item);
    else if (entry.kind === 'country') countries.push(item);
    else {
      for (const key of groupKeys(entry, options.groupBy, dataset)) {
        let group = groups.get(key);
        if (!group) {
          group = { key, label: groupLabel(key, options.groupBy, dataset), entries: [], citations: 0 };
          groups.set(key, group);
        }
        group.entries.push(item);
        group.citations += occurrences.length;
      }
    }
  };
  for (const [id, occurrences] of byId) {
    const entry = dataset.entries.get(id);
    if (entry) add(entry, occurrences);
  }
  if (options.showUncited) {
    for (const entry of dataset.entries.values()) if (entry.kind === 'agreement' && !byId.has(entry.id)) add(entry, []);
  }

  const words = filterWords(options.filter);
  const ambiguousItems: AmbiguousCitation[] = [];
  for (const [key, a] of ambiguous) {
    total += 1;
    if (words.length > 0) {
      // As written, or as any candidate would be found.
      const candidates = a.candidates.map((id) => dataset.entries.get(id)).filter((e): e is Entry => e !== undefined);
      const text = [foldForFilter(a.text), ...candidates.map((e) => haystack(e, dataset))].join('\n');
      if (!words.every((w) => text.includes(w))) continue;
    }
    shown += 1;
    ambiguousItems.push({ key, ...a });
  }

  const agreements = [...groups.values()].sort((a, b) => compareGroups(a, b, options.groupBy));
  for (const g of agreements) g.entries.sort(compareEntries);
  const pillarOrder = (e: CitedModelEntry): string => {
    const p = dataset.entries.get(e.id);
    return p?.kind === 'pillar' ? `${nameOf(p.policy, dataset)}\u0000${String(p.number).padStart(4, '0')}` : e.label;
  };
  pillars.sort((a, b) => pillarOrder(a).localeCompare(pillarOrder(b)));
  countries.sort((a, b) => a.label.localeCompare(b.label));
  return { agreements, pillars, countries, ambiguous: ambiguousItems, total, shown };
}

/**
 * A short, readable excerpt of a source line for an occurrence: the line without its indentation,
 * cut to some context on either side of the reference when the line is long (Markdown paragraphs
 * are often one line), so that a tree row can still show the line number after it.
 *
 * @param line The whole source line.
 * @param start 0-based column (UTF-16) where the reference starts on this line.
 * @param end 0-based column where it ends (clamped to the line: a reference may continue on the next).
 * @param context How many characters to keep at most on each side of the reference.
 * @returns The excerpt and the reference's [start, end) inside it.
 */
export function lineExcerpt(line: string, start: number, end: number, context = 30): { text: string; highlight: [number, number] } {
  const to = Math.max(start, Math.min(end, line.length));
  const lead = line.length - line.trimStart().length;
  let from = Math.min(lead, start);
  let prefix = '';
  // A side is cut only when that saves more than a few words.
  const slack = 12;
  if (start - from > context + slack) {
    // Cut at word boundaries so the excerpt neither opens nor closes on half a word.
    const space = line.indexOf(' ', start - context);
    from = space >= 0 && space < start ? space + 1 : start - context;
    prefix = '…';
  }
  let stop = line.trimEnd().length;
  let suffix = '';
  if (stop - to > context + slack) {
    const space = line.lastIndexOf(' ', to + context);
    stop = space > to ? space : to + context;
    suffix = '…';
  }
  const text = prefix + line.slice(from, Math.max(from, stop)) + suffix;
  const hlStart = prefix.length + start - from;
  return { text, highlight: [hlStart, prefix.length + to - from] };
}

function citedLine(citations: number): string {
  if (citations === 0) return l10n.t('Not cited in this draft.');
  return citations === 1 ? l10n.t('Cited once in this draft.') : l10n.t('Cited {0} times in this draft.', citations);
}

/**
 * A plain-text summary of an entry for a tooltip (never rendered as Markdown, so nothing needs escaping).
 *
 * @param entry The entry.
 * @param dataset Its dataset (for party, host and policy names).
 * @param citations How many times the draft cites it.
 * @returns Lines of text.
 */
export function entryTooltip(entry: Entry, dataset: Dataset, citations: number): string {
  const lines = [entry.kind === 'country' && entry.flag ? `${entry.flag} ${entry.label}` : entry.label];
  if (entry.kind === 'agreement') {
    const when = entry.date ?? (entryYear(entry) !== undefined ? String(entryYear(entry)) : undefined);
    lines.push(
      [capitalise(entry.type), classificationName(entry.classification ?? 'unilateral').toLowerCase(), when].filter(Boolean).join(' · '),
    );
    if (entry.parties.length > 0) lines.push(l10n.t('Parties: {0}', entry.parties.map((p) => nameOf(p, dataset)).join(', ')));
    if (entry.host) lines.push(l10n.t('Host: {0}', nameOf(entry.host, dataset)));
  } else if (entry.kind === 'pillar') {
    lines.push(l10n.t('Pillar {0} of {1}', entry.number, nameOf(entry.policy, dataset)));
  } else {
    if (entry.officialName && entry.officialName !== entry.label) lines.push(entry.officialName);
    lines.push(
      [entry.type === 'bloc' ? l10n.t('Bloc') : l10n.t('Country'), [entry.subregion, entry.region].filter(Boolean).join(', ')]
        .filter(Boolean)
        .join(' · '),
    );
  }
  lines.push(citedLine(citations));
  return lines.join('\n');
}

/**
 * A plain-text tooltip for an ambiguous name: what it could mean.
 *
 * @param item The ambiguous name and its candidates.
 * @param dataset The dataset.
 * @returns Lines of text.
 */
export function ambiguousTooltip(item: AmbiguousCitation, dataset: Dataset): string {
  const lines = [l10n.t('“{0}” could name any of:', item.text)];
  for (const id of item.candidates) {
    const e = dataset.entries.get(id);
    const year = e ? entryYear(e) : undefined;
    lines.push(`• ${e?.label ?? id}${year !== undefined ? ` (${year})` : ''}`);
  }
  lines.push(
    l10n.t('Add a year, host or policy nearby to say which.'),
    item.occurrences.length === 1
      ? l10n.t('Written once in this draft.')
      : l10n.t('Written {0} times in this draft.', item.occurrences.length),
  );
  return lines.join('\n');
}
