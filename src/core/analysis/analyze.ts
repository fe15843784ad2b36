import type { Dataset } from '../dataset/load';
import { entryYear } from '../dataset/load';
import { parseMarkdown } from '../markdown/parse';
import { extractProse, HARD_BOUNDARY, type Segment } from '../markdown/prose';
import { compileMatcher, type Matcher } from '../match/compile';
import { findMatches, type TokenMatch } from '../match/find';
import { LineIndex } from '../text/lines';
import { tokenize, type Token } from '../text/tokenize';
import type { AgreementEntry, Analysis, Diagnostic, Entry, Reference } from '../types';

const matchers = new WeakMap<Dataset, Matcher>();

/**
 * The compiled matcher of a dataset, built on first use and kept as long as the dataset lives.
 *
 * @param dataset A loaded dataset.
 * @returns Its matcher.
 */
export function matcherFor(dataset: Dataset): Matcher {
  let m = matchers.get(dataset);
  if (!m) {
    m = compileMatcher(dataset);
    matchers.set(dataset, m);
  }
  return m;
}

interface Context {
  years: Set<number>;
  ids: Set<string>;
}

const emptyContext = (): Context => ({ years: new Set(), ids: new Set() });

function addTo(ctx: Context, other: Context): void {
  for (const y of other.years) ctx.years.add(y);
  for (const id of other.ids) ctx.ids.add(id);
}

interface Found {
  segment: Segment;
  tokens: Token[];
  match: TokenMatch;
  via: Reference['via'];
}

// A citation group never spans a hard boundary (U+0000 stands for code or HTML).
// eslint-disable-next-line no-control-regex
const CITATION_GROUP = /\[[^[\]\u0000]*@[^[\]\u0000]*\]/g;
const CITATION_KEY = /(^|[\s;[(-])-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/gu;

/** Finds Pandoc citations (`[@id]`, `[see @a; @b, p. 3]`), and blanks them so no name is matched inside a key. */
function citations(segment: Segment): { text: string; keys: Array<{ key: string; start: number; end: number }> } {
  const keys: Array<{ key: string; start: number; end: number }> = [];
  const text = segment.text.replace(CITATION_GROUP, (group, at: number) => {
    for (const m of group.matchAll(CITATION_KEY)) {
      const key = m[2]!.replace(/[.:,;?]+$/, '');
      // The reference covers `@key`; a leading `-` (suppress author) is not part of it.
      const atSign = at + m.index! + m[0]!.indexOf('@');
      keys.push({ key, start: atSign, end: atSign + 1 + key.length });
    }
    return HARD_BOUNDARY.repeat(group.length);
  });
  return { text, keys };
}

/** What distinguishes one candidate from the others: its year, host and parties, or for a pillar its policy. */
function cluesOf(entry: Entry, shared: Set<string>): { years: number[]; ids: string[] } {
  if (entry.kind === 'pillar') return { years: [], ids: [entry.policy] };
  if (entry.kind === 'agreement') {
    const a = entry as AgreementEntry;
    const year = entryYear(a);
    const ids = [...(a.host ? [a.host] : []), ...a.parties, ...(a.policies ?? [])].filter((id) => !shared.has(id));
    return { years: year === undefined ? [] : [year], ids };
  }
  return { years: [], ids: [] };
}

/** Narrows an ambiguous name by the years and names around it: sentence first, then table row or block, then section. */
function disambiguate(ids: string[], levels: Context[], entries: Map<string, Entry>): string[] {
  const all = ids.map((id) => entries.get(id)!);
  const counts = new Map<string, number>();
  for (const e of all) {
    const clues = cluesOf(e, new Set());
    for (const id of new Set(clues.ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const shared = new Set([...counts].filter(([, n]) => n === all.length).map(([id]) => id));
  for (const ctx of levels) {
    const scores = all.map((e) => {
      const clues = cluesOf(e, shared);
      return clues.years.filter((y) => ctx.years.has(y)).length + clues.ids.filter((id) => ctx.ids.has(id)).length;
    });
    const best = Math.max(...scores);
    if (best > 0) return ids.filter((_, k) => scores[k] === best);
  }
  return ids;
}

/**
 * A pillar name that its own sentence did not confirm (a bare "Technology") still counts when the
 * list it stands in names at least two of its siblings: a slide listing the four strands.
 */
function acceptListedPillars(found: Found[], dataset: Dataset): Found[] {
  const siblingsByList = new Map<number, Set<string>>();
  for (const f of found) {
    if (f.segment.list === undefined) continue;
    for (const id of f.match.ids) {
      if (dataset.entries.get(id)?.kind !== 'pillar') continue;
      const set = siblingsByList.get(f.segment.list) ?? new Set<string>();
      set.add(id);
      siblingsByList.set(f.segment.list, set);
    }
  }
  return found.filter((f) => {
    if (!f.match.pending) return true;
    const inList = f.segment.list === undefined ? undefined : siblingsByList.get(f.segment.list);
    return f.match.ids.some((id) => {
      const entry = dataset.entries.get(id);
      if (entry?.kind !== 'pillar' || !inList) return false;
      const siblings = [...inList].filter((other) => {
        const o = dataset.entries.get(other);
        return other !== id && o?.kind === 'pillar' && o.policy === entry.policy;
      });
      return siblings.length >= 2;
    });
  });
}

/**
 * Analyses a Markdown draft: every reference to an agreement, pillar or country in the prose a
 * reader sees, with exact source ranges; an index by entry; and diagnostics. The text is parsed
 * once; every consumer shares the result.
 *
 * @param text The document, exactly as stored.
 * @param dataset A dataset from `loadDataset` or `loadBundledDataset`.
 * @returns The analysis.
 */
export function analyze(text: string, dataset: Dataset): Analysis {
  const matcher = matcherFor(dataset);
  const { tree, offsetShift } = parseMarkdown(text);
  const segments = extractProse(tree, text, offsetShift);
  const lines = new LineIndex(text);
  const found: Found[] = [];
  const diagnostics: Diagnostic[] = [];
  const sentenceCtx = new Map<Segment, Context[]>();
  const groupCtx = new Map<number, Context>();
  const sectionCtx = new Map<number, Context>();

  for (const segment of segments) {
    const cited = citations(segment);
    const tokens = tokenize(cited.text);
    const matches = findMatches(tokens, matcher);
    const perSentence: Context[] = [];
    const ctxOf = (t: Token): Context => (perSentence[t.sentence] ??= emptyContext());
    for (const t of tokens) {
      if (t.type === 'number' && /^(1[89]|2[01])\d\d$/.test(t.raw)) ctxOf(t).years.add(Number(t.raw));
    }
    for (const m of matches) {
      if (m.ids.length === 1 && !m.pending) ctxOf(tokens[m.first]!).ids.add(m.ids[0]!);
      found.push({ segment, tokens, match: m, via: 'name' });
    }
    for (const c of cited.keys) {
      const entry = dataset.entries.get(c.key);
      const start = lines.point(segment.starts[c.start]!);
      const end = lines.point(segment.ends[c.end - 1]!);
      if (!entry) {
        diagnostics.push({ code: 'unknown-citation', severity: 'error', message: `Unknown citation key "@${c.key}": no dataset entry has this id.`, start, end });
        continue;
      }
      const pseudo: Token = { start: c.start, end: c.end, key: c.key, raw: c.key, type: 'word', cap: false, allCaps: false, possessive: false, brk: true, gap: 'none', sentence: -1 };
      found.push({ segment, tokens: [pseudo], match: { first: 0, last: 0, ids: [entry.id] }, via: 'citation' });
    }
    sentenceCtx.set(segment, perSentence);
    const group = (groupCtx.has(segment.group) ? groupCtx : groupCtx.set(segment.group, emptyContext())).get(segment.group)!;
    const section = (sectionCtx.has(segment.section) ? sectionCtx : sectionCtx.set(segment.section, emptyContext())).get(segment.section)!;
    for (const ctx of perSentence) {
      if (!ctx) continue;
      addTo(group, ctx);
      addTo(section, ctx);
    }
  }

  const references: Reference[] = [];
  for (const f of acceptListedPillars(found, dataset)) {
    const { segment, tokens, match } = f;
    let ids = match.ids;
    if (ids.length > 1) {
      const first = tokens[match.first]!;
      const levels = [sentenceCtx.get(segment)![first.sentence] ?? emptyContext(), groupCtx.get(segment.group)!, sectionCtx.get(segment.section)!];
      ids = disambiguate(ids, levels, dataset.entries);
    }
    const startOffset = segment.starts[tokens[match.first]!.start]!;
    const endOffset = segment.ends[tokens[match.last]!.end - 1]!;
    const entry = dataset.entries.get(ids[0]!)!;
    const ref: Reference = {
      kind: entry.kind,
      id: entry.id,
      label: entry.label,
      text: text.slice(startOffset, endOffset),
      start: lines.point(startOffset),
      end: lines.point(endOffset),
      via: f.via,
    };
    if (ids.length > 1) {
      ref.candidates = ids;
      diagnostics.push({
        code: 'ambiguous-reference',
        severity: 'information',
        message: `"${ref.text}" may name any of: ${ids.map((id) => dataset.entries.get(id)!.label + (entryYear(dataset.entries.get(id)!) ? ` (${entryYear(dataset.entries.get(id)!)})` : '')).join('; ')}. Add a year or host to the sentence, or use the full name.`,
        start: ref.start,
        end: ref.end,
        entries: ids,
      });
    }
    references.push(ref);
  }
  references.sort((a, b) => a.start.offset - b.start.offset);
  diagnostics.sort((a, b) => a.start.offset - b.start.offset);

  const byEntry = new Map<string, number[]>();
  references.forEach((r, k) => {
    for (const id of r.candidates ?? [r.id]) {
      const list = byEntry.get(id);
      if (list) list.push(k);
      else byEntry.set(id, [k]);
    }
  });
  return { references, byEntry, diagnostics };
}
