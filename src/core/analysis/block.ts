import type { Nodes, RootContent } from 'mdast';
import type { Dataset } from '../dataset/load';
import type { MarkdownLimit } from '../markdown/limits';
import { isCrossReference } from '../markdown/pandoc';
import { extractBlock, HARD_BOUNDARY, type Segment } from '../markdown/prose';
import type { Matcher } from '../match/compile';
import { findMatches, type TokenMatch } from '../match/find';
import { uncoveredCapitals } from '../match/abbreviation';
import { findUncatalogued, type NameCandidate, type Uncatalogued } from '../match/uncatalogued';
import { tokenize, type Token } from '../text/tokenize';

/** A reference found in a block, with everything the document-wide pass needs; offsets are relative to the block's start. */
export interface MatchInfo {
  /** Shared between matches that name the same entries, and frozen (see `sharedIds`). */
  ids: readonly string[];
  via: 'name' | 'citation';
  /** A short form of a pillar's name, waiting for its paragraph or list to name its policy. */
  pending: boolean;
  /** A short form of a pillar's name (confirmed or pending): it is no evidence that its policy is meant. */
  short?: true;
  /** A list item standing for an agreement named in full elsewhere in the list. */
  distributed: boolean;
  /** A class noun several entries share: one of them only if its sentence, its table row or an antecedent says which. */
  generic?: true;
  /** Sentence index within the segment (-1 for a citation key). */
  sentence: number;
  start: number;
  end: number;
  /** A year written right next to the name. */
  year?: { raw: string; start: number; end: number };
  /** A country named right after the name as its place or partner (index into the segment's matches). */
  place?: { role: 'host' | 'partner'; index: number };
  /** An abbreviation the text defines for the name in parentheses right after it (the match ends after them): its later uses are this entry. */
  defines?: string;
}

const EMPTY = Object.freeze([]) as unknown as never[];

/**
 * `list`, or one shared frozen empty list in its place: most segments hold no year, no unknown
 * citation, and most blocks no definition and one line, and an empty list each weighed on what a
 * long draft's analysis keeps.
 */
function none<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list;
}

const idLists = new Map<string, readonly string[]>();

/**
 * One frozen list per set of entry ids, shared by every match naming the same entries: a long
 * draft keeps tens of thousands of matches, most of them naming one entry, and a list each was a
 * tenth of what a short draft's analysis keeps. Bounded like the other memos: the same few recur.
 */
function sharedIds(ids: readonly string[]): readonly string[] {
  const key = ids.length === 1 ? ids[0]! : ids.join('\u0000');
  let list = idLists.get(key);
  if (list === undefined) {
    if (idLists.size >= 50_000) idLists.clear();
    idLists.set(key, (list = Object.freeze([...ids])));
  }
  return list;
}

/** A range relative to a block's start. */
export interface RelRange {
  start: number;
  end: number;
}

/** A name the catalogue may not know, as found in one block (see `match/uncatalogued.ts`); offsets relative to the block. */
export interface NameInfo extends RelRange {
  /** The name as written, spacing, dashes and quotes normalised. */
  label: string;
  head: string;
  countries: string[];
  /** An abbreviation the name defines in parentheses right after it; the reference then ends after it. */
  abbreviation?: { raw: string } & RelRange;
  /** The document itself or its addressee ("this Action Plan", "prepared for the … Working Group"). */
  self?: true;
  /** Inside a publication's title: italics, a quoted title in a citation, or right after "Author (2024),". */
  publication?: true;
  /** In a sentence written in title case that it does not fill. */
  titleCase?: true;
  /** Its sentence, or its table row. */
  context: RelRange;
}

/** One block of prose inside a top-level block. */
export interface SegmentInfo {
  group: number;
  list: number | undefined;
  heading: boolean;
  /** Years written in each sentence. */
  years: number[][];
  matches: MatchInfo[];
  /** Citation keys that name no entry (offsets relative to the block). */
  unknownCitations: Array<{ key: string; start: number; end: number }>;
  /** Names the catalogue may not know; the document-wide pass decides which are reported. */
  names?: NameInfo[];
  /** All-capital words no name covers: the later uses of an abbreviation a name (catalogued or not) defines are among them. */
  acronyms?: Array<{ raw: string; context: RelRange } & RelRange>;
  /** The text of a level-1 heading: the document's title when it is the first. */
  title?: string;
  /** A heading that opens a list of sources ("References", "Sources and acknowledgements"). */
  sourcesHeading?: true;
}

/** The analysis of one top-level Markdown block: valid as long as the block's text and its neighbours' boundaries are unchanged. */
export interface BlockInfo {
  /** Start and end offsets in the document version it was last placed in. */
  start: number;
  end: number;
  type: string;
  segments: SegmentInfo[];
  /** Link and footnote definition labels (`d:label`, `f:label`): they change how other blocks parse. */
  definitions: string[];
  /** Offsets, relative to the block's start, where its second, third, ... lines start: with them a shifted block places its ranges without re-reading the text. */
  lineStarts: number[];
  /** Markdown limits reached in the block (see `guardMarkdown`), offsets relative to its start. */
  limits?: Array<{ code: string; message: string; start: number; end: number }>;
  /** The `title` of front matter: the document's own title. */
  frontTitle?: string;
  /** For a block skipped over its time budget (type `skipped`), that budget in milliseconds. */
  budgetMs?: number;
}

/**
 * Where lines start between two offsets (CRLF, LF and lone CR end a line, as in micromark).
 *
 * @param text The text.
 * @param from First offset looked at.
 * @param to Offset just past the last one looked at.
 * @returns The offsets at which a new line starts.
 */
export function lineStartsBetween(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) {
      out.push(i + 1);
    }
  }
  return out;
}

// A citation group never spans a hard boundary (U+0000 stands for code or HTML).
// eslint-disable-next-line no-control-regex
const CITATION_GROUP = /\[[^[\]\u0000]*@[^[\]\u0000]*\]/g;
const CITATION_KEY = /(^|[\s;[(-])-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/gu;
const YEAR = /^(1[89]|2[01])\d\d$/;

/**
 * A key outside brackets: Pandoc's author-in-text citation (`@smith2020 says`), a Quarto
 * cross-reference (`see @sec-japan`) or bookdown's (`\@ref(fig-japan)`, its backslash already gone).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is the hard boundary a citation group left
const BARE_KEY = /(?<![\p{L}\p{N}_@])@(?:ref\([^()\s\u0000]*\)|[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/gu;

/**
 * Finds Pandoc citations (`[@id]`, `[see @a; @b, p. 3]`), and blanks them so no name is matched
 * inside a key; a Quarto cross-reference (`[@fig-map]`) is blanked but cites nothing. A bare key
 * is blanked too, and not taken for a citation: an `@` handle in prose would otherwise be an unknown one.
 */
function citations(segment: Segment): { text: string; keys: Array<{ key: string; start: number; end: number }> } {
  const keys: Array<{ key: string; start: number; end: number }> = [];
  const grouped = segment.text.replace(CITATION_GROUP, (group, at: number) => {
    for (const m of group.matchAll(CITATION_KEY)) {
      const key = m[2]!.replace(/[.:,;?]+$/, '');
      if (isCrossReference(key)) continue;
      // The reference covers `@key`; a leading `-` (suppress author) is not part of it.
      const atSign = at + m.index + m[0].indexOf('@');
      keys.push({ key, start: atSign, end: atSign + 1 + key.length });
    }
    return HARD_BOUNDARY.repeat(group.length);
  });
  const text = grouped.includes('@') ? grouped.replace(BARE_KEY, (key) => HARD_BOUNDARY.repeat(key.length)) : grouped;
  return { text, keys };
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

/** A country named right after a name as its place ("in Germany", "hosted by Germany") or partner ("with Germany"). */
function adjacentPlace(
  tokens: readonly Token[],
  m: TokenMatch,
  countries: Map<number, number>,
): { role: 'host' | 'partner'; index: number } | undefined {
  let k = m.last + 1;
  if (tokens[k]?.key === 'held' || tokens[k]?.key === 'hosted') k++;
  const word = tokens[k];
  if (!word || word.brk || tokens[k + 1]?.brk) return undefined;
  const role = word.key === 'in' || word.key === 'by' ? 'host' : word.key === 'with' ? 'partner' : undefined;
  const index = countries.get(k + 1) ?? (tokens[k + 1]?.key === 'the' ? countries.get(k + 2) : undefined);
  return role && index !== undefined ? { role, index } : undefined;
}

function definitionsIn(node: Nodes, out: string[], emphasis: number[]): void {
  if (node.type === 'definition') out.push(`d:${node.label ?? node.identifier}`);
  else if (node.type === 'footnoteDefinition') out.push(`f:${node.label ?? node.identifier}`);
  else if (node.type === 'emphasis' && node.position) emphasis.push(node.position.start.offset!, node.position.end.offset!);
  if ('children' in node) for (const child of node.children) definitionsIn(child, out, emphasis);
}

/** Headings that open a list of sources: names under them are titles of publications. */
const SOURCES_HEADING =
  /^\W*(?:\d+[.)]?\s*)?(?:sources|references|bibliography|works cited|further reading|reading list|literature|resources|publications|selected publications|endnotes|citations)\b/i;
const QUOTES = new Set(['"', '\u201c', '\u2018', "'"]);

/** A name as written: spacing collapsed, hyphens as "-", dashes between words as "–", curly quotes straight. */
export function normaliseName(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/ ?[\u2012-\u2015\u2212] ?/g, '\u2013')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .trim();
}

/** Whether a name is inside a publication's title: in italics, quoted in a sentence that gives a year, or right after "Author (2024),". */
function publicationTitle(
  tokens: readonly Token[],
  n: NameCandidate,
  source: string,
  base: number,
  from: number,
  to: number,
  emphasis: readonly number[],
): boolean {
  for (let k = 0; k < emphasis.length; k += 2) if (emphasis[k]! <= from - base && to - base <= emphasis[k + 1]!) return true;
  const t = tokens[n.first]!;
  const b1 = tokens[n.first - 1];
  const b2 = tokens[n.first - 2];
  const b3 = tokens[n.first - 3];
  if (!t.brk && t.gap === 'comma' && b1?.key === ')' && isYearToken(b2) && b3?.key === '(') return true;
  let q = from - base - 1;
  while (q >= 0 && (source[q] === '*' || source[q] === '_' || source[q] === '[')) q--;
  if (q >= 0 && QUOTES.has(source[q]!)) {
    const sentence = t.sentence;
    return tokens.some((w) => w.sentence === sentence && isYearToken(w));
  }
  return false;
}

const isYearToken = (t: Token | undefined): boolean => t !== undefined && t.type === 'number' && YEAR.test(t.raw);

/** The range of sentence `sentence` around token `at`: from its first token to its last. */
function sentenceRange(tokens: readonly Token[], at: number): { first: number; last: number } {
  const s = tokens[at]!.sentence;
  let first = at;
  while (first > 0 && tokens[first - 1]!.sentence === s) first--;
  let last = at;
  while (last + 1 < tokens.length && tokens[last + 1]!.sentence === s) last++;
  return { first, last };
}

/** Whether token k is inside one of the matches. */
function coveredBy(matches: readonly TokenMatch[], length: number): (k: number) => boolean {
  const covered = new Uint8Array(length);
  for (const m of matches) covered.fill(1, m.first, m.last + 1);
  return (k) => covered[k] === 1;
}

/** What a block analysed without the detector finds: nothing. */
const NONE_FOUND: Uncatalogued = { names: [], acronyms: [] };

/**
 * Analyses one top-level block: its prose, tokens, names, citations, and the facts written next
 * to each name. Nothing here depends on other blocks, so the result can be kept while the block's
 * text is unchanged and only shifted when text before it changes.
 *
 * @param node A child of the mdast root.
 * @param source The text that was parsed (tree offsets index it).
 * @param base What to add to a tree offset to get an offset in the document.
 * @param matcher The compiled dataset.
 * @param dataset The dataset.
 * @param limits Markdown limits reached in the block, offsets as in the tree (see `guardMarkdown`).
 * @param detect Look for names the catalogue lacks (false: the `uncatalogued: false` option, whose
 *   analysis never reads them, so the detector does not run at all).
 * @returns The block's analysis, offsets relative to its start.
 */
export function analyzeBlock(
  node: RootContent,
  source: string,
  base: number,
  matcher: Matcher,
  dataset: Dataset,
  limits?: readonly MarkdownLimit[],
  detect = true,
): BlockInfo {
  const start = node.position!.start.offset! + base;
  const end = node.position!.end.offset! + base;
  const definitions: string[] = [];
  const emphasis: number[] = [];
  definitionsIn(node, definitions, emphasis);
  const segments: SegmentInfo[] = [];
  const cells: Array<{ seg: SegmentInfo; group: number; start: number; end: number }> = [];
  for (const segment of extractBlock(node, source, base)) {
    const cited = citations(segment);
    const tokens = tokenize(cited.text);
    const found = findMatches(tokens, matcher);
    const unknown = detect ? findUncatalogued(tokens, found, matcher, cited.text) : NONE_FOUND;
    const years: number[][] = [];
    for (const t of tokens) {
      if (t.type === 'number' && YEAR.test(t.raw)) (years[t.sentence] ??= []).push(Number(t.raw));
    }
    const srcStart = (t: Token): number => segment.starts[t.start]! - start;
    const srcEnd = (t: Token): number => segment.ends[t.end - 1]! - start;
    const countries = new Map<number, number>();
    found.forEach((m, k) => {
      if (m.ids.length === 1 && dataset.entries.get(m.ids[0]!)?.kind === 'country') countries.set(m.first, k);
    });
    const matches: MatchInfo[] = found.map((m) => {
      const info: MatchInfo = {
        ids: sharedIds(m.ids),
        via: 'name',
        pending: !!m.pending,
        distributed: !!m.distributed,
        sentence: tokens[m.first]!.sentence,
        start: srcStart(tokens[m.first]!),
        end: srcEnd(tokens[m.last]!),
      };
      if (m.short) info.short = true;
      if (m.generic) info.generic = true;
      if (m.defines !== undefined) info.defines = tokens[m.defines]!.raw;
      const year = adjacentYear(tokens, m);
      if (year) info.year = { raw: year.raw, start: srcStart(year), end: srcEnd(year) };
      const place = adjacentPlace(tokens, m, countries);
      if (place) info.place = place;
      return info;
    });
    const unknownCitations: SegmentInfo['unknownCitations'] = [];
    for (const c of cited.keys) {
      const s = segment.starts[c.start]! - start;
      const e = segment.ends[c.end - 1]! - start;
      if (dataset.entries.has(c.key))
        matches.push({ ids: sharedIds([c.key]), via: 'citation', pending: false, distributed: false, sentence: -1, start: s, end: e });
      else unknownCitations.push({ key: c.key, start: s, end: e });
    }
    const info: SegmentInfo = {
      group: segment.group,
      list: segment.list,
      heading: segment.heading,
      years: none(years),
      matches: none(matches),
      unknownCitations: none(unknownCitations),
    };
    const context = (at: number): RelRange => {
      const { first, last } = sentenceRange(tokens, at);
      return { start: srcStart(tokens[first]!), end: srcEnd(tokens[last]!) };
    };
    if (unknown.names.length > 0) {
      info.names = unknown.names.map((n) => {
        const from = srcStart(tokens[n.first]!);
        const to = srcEnd(tokens[n.last]!);
        const name: NameInfo = {
          start: from,
          end: to,
          label: normaliseName(cited.text.slice(tokens[n.first]!.start, tokens[n.last]!.end)),
          head: n.head,
          countries: n.countries,
          context: context(n.first),
        };
        if (n.abbreviation !== undefined) {
          const a = tokens[n.abbreviation]!;
          name.abbreviation = { raw: a.raw, start: srcStart(a), end: srcEnd(tokens[n.abbreviation + 1]!) };
          name.end = name.abbreviation.end;
        }
        if (n.self) name.self = true;
        if (n.titleCase) name.titleCase = true;
        if (publicationTitle(tokens, n, source, base, from + start, to + start, emphasis)) name.publication = true;
        return name;
      });
    }
    // Without the detector, the uses of abbreviations defined for catalogued names are still wanted.
    const acronyms = detect ? unknown.acronyms : uncoveredCapitals(tokens, coveredBy(found, tokens.length));
    if (acronyms.length > 0)
      info.acronyms = acronyms.map((k) => ({
        raw: tokens[k]!.raw,
        start: srcStart(tokens[k]!),
        end: srcEnd(tokens[k]!),
        context: context(k),
      }));
    if (segment.heading) {
      if ((node as { depth?: number }).depth === 1) info.title = normaliseName(cited.text.split(HARD_BOUNDARY).join(' '));
      if (SOURCES_HEADING.test(cited.text)) info.sourcesHeading = true;
    }
    if (segment.block === 'tableCell')
      cells.push({ seg: info, group: segment.group, start: segment.blockStart - start, end: segment.blockEnd - start });
    segments.push(info);
  }
  // A name in a table cell takes its year and parties from its row.
  if (cells.length > 0) {
    const rows = new Map<number, RelRange>();
    for (const c of cells) {
      const r = rows.get(c.group);
      rows.set(c.group, r ? { start: Math.min(r.start, c.start), end: Math.max(r.end, c.end) } : { start: c.start, end: c.end });
    }
    for (const c of cells) {
      const row = rows.get(c.group)!;
      for (const n of c.seg.names ?? []) n.context = row;
      for (const a of c.seg.acronyms ?? []) a.context = row;
    }
  }
  const lineStarts = lineStartsBetween(source, start - base, end - base).map((o) => o + base - start);
  const info: BlockInfo = { start, end, type: node.type, segments, definitions: none(definitions), lineStarts: none(lineStarts) };
  if ((node.type === 'yaml' || (node.type as string) === 'toml') && 'value' in node) {
    const title = /^title\s*[:=][ \t]*["']?(.*?)["']?[ \t]*$/m.exec(String(node.value));
    if (title?.[1]) info.frontTitle = normaliseName(title[1]);
  }
  if (limits?.length) {
    // A limit placed after the block (in the gap before the next) is reported at the block's end.
    info.limits = limits.map((l) => {
      const s = Math.min(l.offset + base, end - 1) - start;
      return {
        code: l.code,
        message: l.message,
        start: Math.max(0, s),
        end: Math.max(s + 1, Math.min(l.offset + l.length + base, end) - start),
      };
    });
  }
  return info;
}
