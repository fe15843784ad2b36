import { foldForFilter } from '../report/cited';
import type { Dataset } from '../dataset/load';
import type { EntryKind, Point } from '../types';
import { SUMMARY_FIELDS, type DraftSummary } from './summary';

/** One place a draft cites an entry. */
export interface IndexedOccurrence {
  start: Pick<Point, 'line' | 'column'>;
  end: Pick<Point, 'line' | 'column'>;
  /** Whether the reference is ambiguous: it may name this entry, or another candidate. */
  ambiguous: boolean;
}

/** How one draft cites one entry. */
export interface DraftCitations {
  uri: string;
  title: string | undefined;
  /** References that name the entry. */
  citations: number;
  /** Ambiguous references that may name it. */
  ambiguous: number;
}

/** An entry the indexed drafts cite, with how many times and in how many drafts. */
export interface WorkspaceCited {
  id: string;
  /** References that name it, in all drafts (ambiguous ones not counted, as in the exports). */
  citations: number;
  /** Drafts with at least one such reference. */
  drafts: number;
}

/** A name the dataset lacks, over the indexed drafts. */
export interface WorkspaceUncatalogued {
  /** The name as first written (in the first draft, by title, that has it). */
  label: string;
  /** What tells names apart: the label, lower case (as the tree's file mode groups them). */
  key: string;
  /** Its occurrences in all drafts. */
  citations: number;
  /** The drafts that write it, with how many times (`ambiguous` always 0), sorted as `draftsCiting` sorts. */
  drafts: DraftCitations[];
}

/** A workspace symbol: an entry the drafts cite, one draft's citations of it, or a draft by its title. */
export type WorkspaceSymbol =
  | { type: 'entry'; id: string; kind: EntryKind; label: string; citations: number; drafts: number }
  | {
      type: 'citation';
      id: string;
      kind: EntryKind;
      label: string;
      uri: string;
      title: string | undefined;
      first: IndexedOccurrence;
      citations: number;
    }
  | { type: 'draft'; uri: string; title: string };

/** One collator for every sort: `localeCompare` builds one per call, too slow for a thousand drafts. */
const collator = new Intl.Collator();

/**
 * Whether the characters of `query` occur in `text` in order (both folded): the relaxed match
 * VS Code asks of workspace symbol providers, which then score and highlight the results themselves.
 */
function subsequence(query: string, text: string): boolean {
  let k = 0;
  for (let i = 0; i < text.length && k < query.length; i++) if (text[i] === query[k]) k++;
  return k === query.length;
}

/**
 * What every draft of a workspace cites, kept as one small summary per draft (see
 * `summarizeDraft`), with an inverted index from entry ids to the drafts that mention them. Drafts
 * are added, replaced and removed one at a time; queries read the summaries and never re-analyse.
 */
export class WorkspaceIndex {
  private readonly drafts = new Map<string, DraftSummary>();
  /** Per draft: entry id → [references naming it, ambiguous references listing it], counted once when the draft is set. */
  private readonly counts = new Map<string, Map<string, [number, number]>>();
  /** Entry id → drafts whose references name it or list it as a candidate. */
  private readonly byEntry = new Map<string, Set<string>>();
  /** Entry id → citations and citing drafts over the whole index, kept up to date draft by draft. */
  private readonly totals = new Map<string, WorkspaceCited>();
  private revisionCount = 0;

  /** Grows by one at every change: a cheap way for views to know their model is stale. */
  get revision(): number {
    return this.revisionCount;
  }

  /** How many drafts are indexed. */
  get size(): number {
    return this.drafts.size;
  }

  /** The indexed drafts' URIs, in the order they were first added. */
  uris(): string[] {
    return [...this.drafts.keys()];
  }

  /** Whether a draft is indexed. */
  has(uri: string): boolean {
    return this.drafts.has(uri);
  }

  /** A draft's summary, if indexed. */
  get(uri: string): DraftSummary | undefined {
    return this.drafts.get(uri);
  }

  /**
   * Adds a draft, or replaces what was indexed for it.
   *
   * @param uri The draft's identity.
   * @param summary What `summarizeDraft` made of its current text.
   */
  set(uri: string, summary: DraftSummary): void {
    this.unlink(uri);
    this.drafts.set(uri, summary);
    const counts = countsOf(summary);
    this.counts.set(uri, counts);
    for (const [id, [citations]] of counts) {
      let set = this.byEntry.get(id);
      if (!set) this.byEntry.set(id, (set = new Set()));
      set.add(uri);
      if (citations === 0) continue;
      let total = this.totals.get(id);
      if (!total) this.totals.set(id, (total = { id, citations: 0, drafts: 0 }));
      total.citations += citations;
      total.drafts++;
    }
    this.revisionCount++;
  }

  /**
   * Removes a draft.
   *
   * @returns Whether it was indexed.
   */
  delete(uri: string): boolean {
    if (!this.unlink(uri)) return false;
    this.drafts.delete(uri);
    this.revisionCount++;
    return true;
  }

  /** Removes every draft. */
  clear(): void {
    this.drafts.clear();
    this.counts.clear();
    this.byEntry.clear();
    this.totals.clear();
    this.revisionCount++;
  }

  /**
   * The entries the drafts cite, with citations and drafts counted; ambiguous references count
   * for no entry. Sorted by citations, most first, then by id.
   */
  cited(): WorkspaceCited[] {
    return [...this.totals.values()].map((c) => ({ ...c })).sort((a, b) => b.citations - a.citations || collator.compare(a.id, b.id));
  }

  /** Citations per entry id over all drafts (ambiguous references not counted): what the exports count. */
  citationCounts(): Map<string, number> {
    return new Map([...this.totals.values()].map((c) => [c.id, c.citations]));
  }

  /**
   * The drafts that cite an entry, or may (through an ambiguous reference), with counts; sorted
   * by title (or URI when untitled).
   */
  draftsCiting(id: string): DraftCitations[] {
    const out: DraftCitations[] = [];
    for (const uri of this.byEntry.get(id) ?? []) {
      const [citations, ambiguous] = this.counts.get(uri)!.get(id)!;
      out.push({ uri, title: this.drafts.get(uri)!.title, citations, ambiguous });
    }
    const key = (d: DraftCitations): string => d.title ?? d.uri;
    return out.sort((a, b) => collator.compare(key(a), key(b)) || collator.compare(a.uri, b.uri));
  }

  /**
   * Where one draft cites an entry (or may, through an ambiguous reference), in document order.
   *
   * @returns The occurrences; empty when the draft is not indexed or does not cite it.
   */
  occurrences(uri: string, id: string): IndexedOccurrence[] {
    const summary = this.drafts.get(uri);
    return summary ? this.occurrencesIn(summary, id) : [];
  }

  /** Every occurrence of an entry, draft by draft (drafts in `draftsCiting` order). */
  allOccurrences(id: string): Array<{ uri: string; occurrences: IndexedOccurrence[] }> {
    return this.draftsCiting(id).map(({ uri }) => ({ uri, occurrences: this.occurrences(uri, id) }));
  }

  /**
   * The names of engagements the dataset lacks that the drafts write, grouped by name (case
   * ignored), most occurrences first, then by name. Worked out from the summaries on each call:
   * drafts hold few such names, and the tree asks once per change of the index.
   */
  uncatalogued(): WorkspaceUncatalogued[] {
    const byKey = new Map<string, WorkspaceUncatalogued>();
    for (const [uri, summary] of this.drafts) {
      const perDraft = new Map<string, DraftCitations>();
      for (const u of summary.uncatalogued) {
        const key = uncataloguedKey(u.label);
        let name = byKey.get(key);
        if (!name) byKey.set(key, (name = { label: u.label, key, citations: 0, drafts: [] }));
        name.citations++;
        let draft = perDraft.get(key);
        if (!draft) {
          perDraft.set(key, (draft = { uri, title: summary.title, citations: 0, ambiguous: 0 }));
          name.drafts.push(draft);
        }
        draft.citations++;
      }
    }
    const title = (d: DraftCitations): string => d.title ?? d.uri;
    const names = [...byKey.values()];
    for (const name of names) {
      name.drafts.sort((a, b) => collator.compare(title(a), title(b)) || collator.compare(a.uri, b.uri));
      // The label as the first draft in that order writes it: stable whatever order drafts were indexed in.
      name.label = this.drafts.get(name.drafts[0]!.uri)!.uncatalogued.find((u) => uncataloguedKey(u.label) === name.key)!.label;
    }
    return names.sort((a, b) => b.citations - a.citations || collator.compare(a.key, b.key));
  }

  /**
   * Where one draft writes a name the dataset lacks, in document order.
   *
   * @param uri The draft.
   * @param key The name's key (`WorkspaceUncatalogued.key`).
   * @returns The occurrences; empty when the draft is not indexed or does not write it.
   */
  uncataloguedIn(uri: string, key: string): IndexedOccurrence[] {
    const summary = this.drafts.get(uri);
    if (!summary) return [];
    return summary.uncatalogued
      .filter((u) => uncataloguedKey(u.label) === key)
      .map((u) => ({ start: { ...u.start }, end: { ...u.end }, ambiguous: false }));
  }

  /**
   * Workspace symbols for a query: cited entries whose label, id or aliases match it, each
   * followed by one symbol per draft citing it (at its first occurrence there), then drafts whose
   * title matches. The match is relaxed (the query's characters in order, case and accents
   * folded), as VS Code expects; an empty query lists every cited entry.
   *
   * @param query What the user typed.
   * @param dataset The dataset the drafts were analysed with (for labels).
   * @param limit The most symbols returned.
   */
  symbols(query: string, dataset: Dataset, limit = 500): WorkspaceSymbol[] {
    const q = foldForFilter(query).replace(/\s+/g, '');
    const out: WorkspaceSymbol[] = [];
    for (const c of this.cited()) {
      const entry = dataset.entries.get(c.id);
      if (!entry) continue;
      const names = [entry.label, entry.id, ...entry.aliases];
      if (q && !names.some((n) => subsequence(q, foldForFilter(n).replace(/\s+/g, '')))) continue;
      out.push({ type: 'entry', id: c.id, kind: entry.kind, label: entry.label, citations: c.citations, drafts: c.drafts });
      for (const d of this.draftsCiting(c.id)) {
        if (out.length >= limit) break;
        const first = d.citations > 0 ? this.occurrencesIn(this.drafts.get(d.uri)!, c.id, true)[0] : undefined;
        if (first)
          out.push({
            type: 'citation',
            id: c.id,
            kind: entry.kind,
            label: entry.label,
            uri: d.uri,
            title: d.title,
            first,
            citations: d.citations,
          });
      }
      if (out.length >= limit) return out.slice(0, limit);
    }
    if (q) {
      for (const [uri, summary] of this.drafts) {
        if (summary.title && subsequence(q, foldForFilter(summary.title).replace(/\s+/g, '')))
          out.push({ type: 'draft', uri, title: summary.title });
        if (out.length >= limit) break;
      }
    }
    return out.slice(0, limit);
  }

  /** A draft's occurrences of an entry; with `firstCitation`, only its first unambiguous one. */
  private occurrencesIn(summary: DraftSummary, id: string, firstCitation = false): IndexedOccurrence[] {
    const target = summary.strings.indexOf(id);
    if (target < 0) return [];
    const out: IndexedOccurrence[] = [];
    const { refs, ambiguous } = summary;
    for (let o = 0; o < refs.length; o += SUMMARY_FIELDS) {
      const a = refs[o + 5]!;
      if (firstCitation && (a >= 0 || refs[o] !== target)) continue;
      const hit = a >= 0 ? ambiguous[a]!.candidates.includes(target) : refs[o] === target;
      if (firstCitation)
        return [
          { start: { line: refs[o + 1]!, column: refs[o + 2]! }, end: { line: refs[o + 3]!, column: refs[o + 4]! }, ambiguous: false },
        ];
      if (hit)
        out.push({
          start: { line: refs[o + 1]!, column: refs[o + 2]! },
          end: { line: refs[o + 3]!, column: refs[o + 4]! },
          ambiguous: a >= 0,
        });
    }
    return out;
  }

  private unlink(uri: string): boolean {
    const counts = this.counts.get(uri);
    if (!counts) return false;
    this.counts.delete(uri);
    for (const [id, [citations]] of counts) {
      const set = this.byEntry.get(id);
      if (set) {
        set.delete(uri);
        if (set.size === 0) this.byEntry.delete(id);
      }
      const total = this.totals.get(id);
      if (!total || citations === 0) continue;
      total.citations -= citations;
      total.drafts--;
      if (total.drafts === 0) this.totals.delete(id);
    }
    return true;
  }
}

/** What groups occurrences of a name the dataset lacks: its label, case ignored. */
export function uncataloguedKey(label: string): string {
  return label.toLowerCase();
}

/** Entry id → [references naming it, ambiguous references listing it] in one draft. */
function countsOf(summary: DraftSummary): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  const bump = (stringIndex: number, slot: 0 | 1): void => {
    const id = summary.strings[stringIndex]!;
    let c = counts.get(id);
    if (!c) counts.set(id, (c = [0, 0]));
    c[slot]++;
  };
  const { refs, ambiguous } = summary;
  for (let o = 0; o < refs.length; o += SUMMARY_FIELDS) {
    const a = refs[o + 5]!;
    if (a < 0) bump(refs[o]!, 0);
    // A name listing the same candidate twice is still one possible reference to it.
    else for (const c of new Set(ambiguous[a]!.candidates)) bump(c, 1);
  }
  return counts;
}
