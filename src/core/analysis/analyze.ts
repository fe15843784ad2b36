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
      // A place or partner named in context outweighs a year: "the 2021 G7 meeting in Germany" is the
      // meeting in Germany with a wrong year (a check reports it), not the 2021 meeting elsewhere.
      return clues.years.filter((y) => ctx.years.has(y)).length + 2 * clues.ids.filter((id) => ctx.ids.has(id)).length;
    });
    const best = Math.max(...scores);
    if (best > 0) return ids.filter((_, k) => scores[k] === best);
  }
  return ids;
}

const YEAR = /^(1[89]|2[01])\d\d$/;

/** A written name with only style removed: markup, escapes, spacing, quote and dash shapes, a possessive, a leading "the". */
function writtenForm(text: string): string {
  return text
    .replace(/[*_`\\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/'s?$/, '')
    .replace(/^the /i, '')
    .trim();
}

/** Compared without case: datasets list aliases in whatever case, and a case slip is not a naming problem. */
function formKey(text: string): string {
  return writtenForm(text).toLowerCase();
}

const formsCache = new WeakMap<Dataset, Map<string, Set<string>>>();

/** Whether a reference's text is one of its entry's recognised written forms (label or alias, or both as "Name (ABBR)"). */
function isRecognisedForm(text: string, entry: Entry, dataset: Dataset): boolean {
  let cache = formsCache.get(dataset);
  if (!cache) formsCache.set(dataset, (cache = new Map()));
  let forms = cache.get(entry.id);
  if (!forms) cache.set(entry.id, (forms = new Set([entry.label, ...entry.aliases].map(formKey))));
  const form = formKey(text);
  if (forms.has(form)) return true;
  const abbr = /^(.*?) ?\((.*)\)$/.exec(form);
  return !!abbr && forms.has(abbr[1]!) && forms.has(abbr[2]!);
}

/** A year written right next to a name: "the 2021 G7 meeting", "the meeting in 2021", "(2021)". */
function adjacentYear(tokens: readonly Token[], m: TokenMatch): Token | undefined {
  const before = tokens[m.first - 1];
  if (before && !tokens[m.first]!.brk && before.type === 'number' && YEAR.test(before.raw)) return before;
  const a = tokens[m.last + 1];
  const b = tokens[m.last + 2];
  if (!a || a.brk) return undefined;
  if (a.type === 'number' && YEAR.test(a.raw) && (a.gap === 'comma' || a.gap === 'space')) return a;
  if (b && !b.brk && ['in', 'of', '('].includes(a.key) && b.type === 'number' && YEAR.test(b.raw)) return b;
  return undefined;
}

/** A country named right after a meeting as its place ("in Germany", "hosted by Germany"), or after a bilateral name as its partner ("with Germany"). */
function adjacentPlace(tokens: readonly Token[], m: TokenMatch, countries: Map<number, { match: TokenMatch; id: string }>): { role: 'host' | 'partner'; id: string; match: TokenMatch } | undefined {
  let k = m.last + 1;
  if (tokens[k]?.key === 'held' || tokens[k]?.key === 'hosted') k++;
  const word = tokens[k];
  if (!word || word.brk || tokens[k + 1]?.brk) return undefined;
  const role = word.key === 'in' || word.key === 'by' ? 'host' : word.key === 'with' ? 'partner' : undefined;
  const country = countries.get(k + 1) ?? (tokens[k + 1]?.key === 'the' ? countries.get(k + 2) : undefined);
  return role && country ? { role, ...country } : undefined;
}

function sourceNote(entry: Entry): string {
  const s = entry.sources[0];
  return s ? ` (source: ${s.title}${s.url ? `, ${s.url}` : ''})` : '';
}

/** Facts written next to a reference that contradict the dataset: a wrong year, a host or partner that is not a party. */
function factChecks(f: Found, entry: AgreementEntry, countries: Map<number, { match: TokenMatch; id: string }>, dataset: Dataset, lines: LineIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { segment, tokens, match } = f;
  const span = (t: { first: number; last: number }): { start: ReturnType<LineIndex['point']>; end: ReturnType<LineIndex['point']> } => ({
    start: lines.point(segment.starts[tokens[t.first]!.start]!),
    end: lines.point(segment.ends[tokens[t.last]!.end - 1]!),
  });
  const year = entryYear(entry);
  const written = adjacentYear(tokens, match);
  if (year !== undefined && written && Number(written.raw) !== year) {
    const k = tokens.indexOf(written);
    out.push({
      code: 'inconsistent-year',
      severity: 'warning',
      message: `The dataset dates "${entry.label}" to ${entry.date ?? year}, not ${written.raw}${sourceNote(entry)}.`,
      ...span({ first: k, last: k }),
      entries: [entry.id],
    });
  }
  const place = adjacentPlace(tokens, match, countries);
  if (place) {
    const named = dataset.entries.get(place.id)!;
    const label = (id: string): string => dataset.entries.get(id)?.label ?? id;
    if (place.role === 'host' && entry.host && place.id !== entry.host) {
      out.push({
        code: 'inconsistent-host',
        severity: 'warning',
        message: `The dataset records ${label(entry.host)} as host of "${entry.label}", not ${named.label}${sourceNote(entry)}.`,
        ...span(place.match),
        entries: [entry.id, place.id],
      });
    } else if (place.role === 'partner' && entry.classification === 'bilateral' && !entry.parties.includes(place.id)) {
      out.push({
        code: 'not-a-party',
        severity: 'warning',
        message: `${named.label} is not a party to "${entry.label}"; the dataset lists ${entry.parties.map(label).join(' and ')}${sourceNote(entry)}.`,
        ...span(place.match),
        entries: [entry.id, place.id],
      });
    }
  }
  return out;
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
  const accepted = acceptListedPillars(found, dataset);
  // Country names by the token they start at, per block, for the fact checks.
  const countriesByTokens = new Map<Token[], Map<number, { match: TokenMatch; id: string }>>();
  for (const f of accepted) {
    if (f.via !== 'name' || f.match.ids.length !== 1 || dataset.entries.get(f.match.ids[0]!)?.kind !== 'country') continue;
    const map = countriesByTokens.get(f.tokens) ?? new Map<number, { match: TokenMatch; id: string }>();
    map.set(f.match.first, { match: f.match, id: f.match.ids[0]! });
    countriesByTokens.set(f.tokens, map);
  }
  for (const f of accepted) {
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
    if (!ref.candidates && entry.kind === 'agreement' && f.via === 'name') {
      diagnostics.push(...factChecks(f, entry, countriesByTokens.get(f.tokens) ?? new Map(), dataset, lines));
    }
    if (!ref.candidates && entry.kind !== 'country' && f.via === 'name' && !match.distributed && !isRecognisedForm(ref.text, entry, dataset)) {
      diagnostics.push({
        code: 'non-canonical-name',
        severity: 'hint',
        message: `"${writtenForm(ref.text)}" is not a recognised form of the name; the canonical name is "${entry.label}".`,
        start: ref.start,
        end: ref.end,
        entries: [entry.id],
      });
    }
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
