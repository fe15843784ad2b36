import type { Nodes, RootContent } from 'mdast';
import type { Dataset } from '../dataset/load';
import type { MarkdownLimit } from '../markdown/limits';
import { extractBlock, HARD_BOUNDARY, type Segment } from '../markdown/prose';
import type { Matcher } from '../match/compile';
import { findMatches, type TokenMatch } from '../match/find';
import { tokenize, type Token } from '../text/tokenize';

/** A reference found in a block, with everything the document-wide pass needs; offsets are relative to the block's start. */
export interface MatchInfo {
  ids: string[];
  via: 'name' | 'citation';
  /** A pillar name waiting for its list to confirm it. */
  pending: boolean;
  /** A list item standing for an agreement named in full elsewhere in the list. */
  distributed: boolean;
  /** A pillar named by a tail of its name: confirmed by its policy or a sibling pillar in its section. */
  tail?: true;
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

function definitionsIn(node: Nodes, out: string[]): void {
  if (node.type === 'definition') out.push(`d:${node.label ?? node.identifier}`);
  else if (node.type === 'footnoteDefinition') out.push(`f:${node.label ?? node.identifier}`);
  if ('children' in node) for (const child of node.children) definitionsIn(child as Nodes, out);
}

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
 * @returns The block's analysis, offsets relative to its start.
 */
export function analyzeBlock(
  node: RootContent,
  source: string,
  base: number,
  matcher: Matcher,
  dataset: Dataset,
  limits?: readonly MarkdownLimit[],
): BlockInfo {
  const start = node.position!.start.offset! + base;
  const end = node.position!.end.offset! + base;
  const definitions: string[] = [];
  definitionsIn(node, definitions);
  const segments: SegmentInfo[] = [];
  for (const segment of extractBlock(node, source, base)) {
    const cited = citations(segment);
    const tokens = tokenize(cited.text);
    const found = findMatches(tokens, matcher);
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
        ids: m.ids,
        via: 'name',
        pending: !!m.pending,
        distributed: !!m.distributed,
        sentence: tokens[m.first]!.sentence,
        start: srcStart(tokens[m.first]!),
        end: srcEnd(tokens[m.last]!),
      };
      if (m.tail) info.tail = true;
      if (m.generic) info.generic = true;
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
        matches.push({ ids: [c.key], via: 'citation', pending: false, distributed: false, sentence: -1, start: s, end: e });
      else unknownCitations.push({ key: c.key, start: s, end: e });
    }
    segments.push({ group: segment.group, list: segment.list, heading: segment.heading, years, matches, unknownCitations });
  }
  const lineStarts = lineStartsBetween(source, start - base, end - base).map((o) => o + base - start);
  const info: BlockInfo = { start, end, type: node.type, segments, definitions, lineStarts };
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
