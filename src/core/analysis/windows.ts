import type { Nodes, RootContent } from 'mdast';
import type { Point } from 'unist';
import { parseGuarded } from '../markdown/parse';

/**
 * Parsing a long stretch of Markdown in line windows. micromark's work on one paragraph or one list
 * grows faster than its length (it splices its event list once per line of a paragraph, and once
 * per item of a list), so a paragraph of 20,000 hard-wrapped lines or a list of 8,000 items
 * without a blank line takes seconds, and no blank line lets the region parser cut it. Here such a
 * stretch is cut at lines where the parse cannot change: a line that continues a paragraph, or a
 * line that starts a new item of a list, and the windows' trees are stitched back into one. Each cut
 * is checked on the windows' trees, and a window whose cut does not hold is parsed again with its
 * neighbour, so the result is always that of the whole stretch (a property test holds it to that).
 */

/** Stretches longer than twice this are parsed in windows of about this many characters. */
export const WINDOW_CHARS = 16_000;

/** A line that goes on with a paragraph it follows: it starts with a letter (no block starts so, nor a definition). */
const PARAGRAPH_LINE = /\p{L}/uy;
/** A line that starts a list item with content (it interrupts a paragraph, and goes on with a list of its marker). */
const ITEM_LINE = /(?:[-+*]|\d{1,9}[.)])[ \t]+\S/y;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** An inline opener that could pair with something after a cut: emphasis, strikethrough, link and image brackets. */
const OPENER = /[*_~[]/;
/** What opens a code span, an autolink or inline HTML, which bind tighter than links and emphasis. */
const TIGHT_OPENER = /[`<]/;

/** The start of the line after the one holding `from`, or -1 at the last line. */
function nextLineStart(text: string, from: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === 10) return k + 1;
    if (c === 13) return text.charCodeAt(k + 1) === 10 ? k + 2 : k + 1;
    k++;
  }
  return -1;
}

/** Where the line ending before the line starting at `at` starts. */
function lineEndingBefore(text: string, at: number): number {
  return text.charCodeAt(at - 1) === 10 && text.charCodeAt(at - 2) === 13 ? at - 2 : at - 1;
}

/**
 * Whether a cut before the line at `at` is worth trying: the line before is not blank and does not
 * end in a hard break, and the line continues a paragraph or starts a list item.
 */
function cutCandidate(text: string, at: number): boolean {
  const ending = lineEndingBefore(text, at);
  const before = text.charCodeAt(ending - 1);
  // A blank line before (or none): whitespace, the line ending or nothing before the ending.
  if (ending <= 0 || before === 10 || before === 13 || before === 32 || before === 9 || before === 92) return false;
  PARAGRAPH_LINE.lastIndex = at;
  if (PARAGRAPH_LINE.test(text)) return true;
  ITEM_LINE.lastIndex = at;
  if (!ITEM_LINE.test(text)) return false;
  const end = nextLineStart(text, at);
  return !THEMATIC_BREAK.test(text.slice(at, end < 0 ? text.length : lineEndingBefore(text, end)));
}

/**
 * Offsets (line starts) where to cut `text` into windows of at least `windowChars` characters.
 *
 * @param text The text.
 * @param windowChars The least size of a window.
 * @param from No cut before this offset (the end of front matter, which only the text's start opens).
 * @returns The cuts, in order.
 */
export function windowCuts(text: string, windowChars: number, from = 0): number[] {
  const cuts: number[] = [];
  let at = nextLineStart(text, Math.max(windowChars, from));
  while (at > 0 && at < text.length) {
    if (cutCandidate(text, at)) {
      cuts.push(at);
      at = nextLineStart(text, at + windowChars);
    } else at = nextLineStart(text, at);
  }
  return cuts;
}

interface Piece {
  start: number;
  end: number;
  /** Top-level nodes starting inside the piece, offsets in the whole text. */
  nodes: RootContent[];
  /** What was parsed: the piece's text and the definitions appended to it. */
  input: string;
  /** How many of the first windows it holds. */
  windows: number;
  /** What its first paragraph keeps as literal text that could close something before it (see `literalClosers`). */
  literal?: Set<string>;
}

function shift(node: Nodes, by: number): void {
  const p = node.position;
  if (p) {
    p.start = { ...p.start, offset: p.start.offset! + by };
    p.end = { ...p.end, offset: p.end.offset! + by };
  }
  if ('children' in node) for (const child of node.children) shift(child, by);
}

/**
 * The windows' trees of a document's last analyses, by the text each parsed, so that an edit inside
 * a long paragraph parses again only the windows whose text it changed (a window's parse depends on
 * its text and the definitions appended, nothing else). It holds the windows of the current and the
 * previous analysis: what neither used is let go.
 */
export class WindowTrees {
  private current = new Map<string, RootContent[]>();
  private previous = new Map<string, RootContent[]>();
  /** How many characters of the analysis under way came from kept trees. */
  reusedChars = 0;

  /** Starts an analysis: the trees the one before last used go. */
  nextAnalysis(): void {
    this.previous = this.current;
    this.current = new Map();
    this.reusedChars = 0;
  }

  /** A copy of the nodes parsed from `input`, if kept. */
  get(input: string): RootContent[] | undefined {
    const nodes = this.current.get(input) ?? this.previous.get(input);
    if (!nodes) return undefined;
    this.current.set(input, nodes);
    this.reusedChars += input.length;
    return structuredClone(nodes);
  }

  set(input: string, nodes: readonly RootContent[]): void {
    this.current.set(input, structuredClone(nodes) as RootContent[]);
  }
}

/** The trees kept for the analysis under way (see `withWindowTrees`). */
let kept: WindowTrees | undefined;

/**
 * Runs `work` (synchronous) with `trees` keeping and reusing the windows' trees it parses.
 *
 * @param trees The document's kept trees.
 * @param work The analysis.
 * @returns What `work` returns.
 */
export function withWindowTrees<T>(trees: WindowTrees, work: () => T): T {
  const outer = kept;
  kept = trees;
  trees.nextAnalysis();
  try {
    return work();
  } finally {
    kept = outer;
  }
}

/** Parses a piece with the definitions it may use appended: `suffix` from outside the text, and those `definitionsFor` gives from the text's other pieces. */
function parsePiece(
  text: string,
  start: number,
  end: number,
  suffix: string,
  definitionsFor: (pieceText: string) => string,
  from: number,
): Piece {
  const pieceText = text.slice(start, end);
  const parse = (appended: string, prepended = ''): { nodes: RootContent[]; input: string } => {
    // An unindented block between closes the definitions (a footnote's takes indented lines in).
    const before = prepended ? `${prepended}\n\n<!-- -->\n\n` : '';
    const whole = before + (appended ? `${pieceText}\n\n${appended}\n` : pieceText);
    const input = whole.slice(before.length);
    const reused = kept?.get(whole);
    if (reused) return { input, nodes: reused };
    const nodes = parseGuarded(whole).children.filter((node) => {
      const at = node.position!.start.offset! - before.length;
      return at >= 0 && at < pieceText.length;
    });
    if (before) for (const node of nodes) shift(node, -before.length);
    // Only a window inside one long block is kept: an edit elsewhere re-parses a few blocks, not
    // windows, and keeping every window's tree would double what an analysis holds.
    if (nodes.length === 1) kept?.set(whole, nodes);
    return { input, nodes };
  };
  const inner = definitionsFor(pieceText);
  let parsed = parse([suffix, inner].filter(Boolean).join('\n\n'));
  const last = parsed.nodes[parsed.nodes.length - 1];
  // A node left open at the end (a fence, an HTML block) runs on into what is appended; in the
  // whole text it runs on into the next piece or the caller's suffix, never into these definitions,
  // which then go before the piece (a definition applies wherever it is).
  // Front matter opens only at the text's start: there, they are left out (the piece's own uses of
  // them then stay unresolved, as before this was found).
  if (inner && last && last.position!.end.offset! > pieceText.length) parsed = parse(suffix, start === 0 && from > 0 ? '' : inner);
  if (start > 0) for (const node of parsed.nodes) shift(node, start);
  return { start, end, ...parsed, windows: 1 };
}

/** How micromark classes a character next to an emphasis run: 1 whitespace (or none), 2 punctuation, 0 other. */
function classOf(c: string | undefined): 0 | 1 | 2 {
  if (c === undefined || /\s/.test(c)) return 1;
  return /\p{P}|\p{S}/u.test(c) ? 2 : 0;
}

/**
 * Whether a run of `*` or `_` left as text could still open emphasis that a later line closes. It
 * follows micromark's rule (attention.js): a run opens when what follows is a letter, or punctuation
 * after whitespace or punctuation; a `_` run never opens after a letter or digit. What follows a
 * `~` (another attention marker) may open too, so it counts as a letter here.
 */
function runMayOpen(marker: string, before: string | undefined, after: string | undefined): boolean {
  const b = classOf(before);
  const a = after === '~' ? 0 : classOf(after);
  const open = a === 0 || (a === 2 && b !== 0);
  return marker === '*' ? open : open && b !== 0;
}

/**
 * How micromark sees a run of `*` or `_` as a closer (attention.js): it closes when what comes
 * before is a letter, or punctuation before whitespace or punctuation; a `_` run that could also
 * open closes only before punctuation. A `~` before (another attention marker) counts as a letter.
 */
function runMayClose(marker: string, before: string | undefined, after: string | undefined): boolean {
  const b = before === '~' ? 0 : classOf(before);
  const a = classOf(after);
  const close = b === 0 || (b === 2 && a !== 0);
  return marker === '*' ? close : close && (a !== 0 || !runMayOpen(marker, before, after));
}

/** The first (`step` -1) or last (`step` 1) offset of the run of `c` holding `at`. */
function runEdge(text: string, at: number, c: string, step: 1 | -1): number {
  while (text[at + step] === c) at += step;
  return at;
}

/** Source text as a text node holds it: the spaces and tabs around its line endings dropped. */
function asInText(source: string): string {
  return source.replace(/[ \t]*(\r\n|\n|\r)[ \t]*/g, '$1');
}

/**
 * What a text node leaves open that a later line could still close, as the characters such a
 * closer would hold (added to `out`): an emphasis or strikethrough run that can open (its own
 * character), a bracket not closed in the node (`]`; after a `](` or `][`, whose destination or
 * label may follow, `)` and `]` too), a code span's backticks, a `<` that may start inline HTML
 * (`>`). When the node's value is not its source text as it stands (escapes, character references,
 * a split without position), every such character in it counts: the source may differ. Spaces
 * dropped around line endings change no character's class (whitespace stays whitespace).
 */
function openIn(
  value: string,
  start: number | undefined,
  end: number | undefined,
  text: string,
  inLink: boolean,
  limit: number,
  out: Set<string>,
): void {
  const tight = TIGHT_OPENER.test(value);
  if (!tight && (inLink || !OPENER.test(value))) return;
  const exact = start !== undefined && end !== undefined && asInText(text.slice(start, end)) === value;
  if (!exact) {
    for (const c of value) if (c === '`' || c === '<' || (!inLink && OPENER.test(c))) out.add(c === '<' ? '>' : c === '[' ? ']' : c);
    if (!inLink && value.includes('[')) out.add(')');
    return;
  }
  if (value.includes('`')) out.add('`');
  if (/<(?:[A-Za-z/!?]|$)/.test(value)) out.add('>');
  if (inLink) return;
  if (value.includes('~')) out.add('~');
  let open = 0;
  let closing = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '[') open++;
    else if (c === ']') {
      closing++;
      // A destination or a label must follow at once, never on a later line; and it is open only if
      // what follows in the source is still a destination, title or label where the part ends.
      const next = i + 1 < value.length ? value[i + 1] : text[end];
      if (next === undefined || ((next === '(' || next === '[') && stillOpen(text, nthIndex(text, start, end, ']', closing), limit)))
        out.add(']').add(')');
      if (open > 0) open--;
    } else if (c === '*' || c === '_') {
      let j = i;
      while (value[j + 1] === c) j++;
      // A run at the node's edge may go on in the node beside it: its flanking is that of the whole
      // run in the source, when the node's source edge is the run's.
      const before = i > 0 ? value[i - 1] : text[start] === c ? text[runEdge(text, start, c, -1) - 1] : null;
      const after = j < value.length - 1 ? value[j + 1] : text[end - 1] === c ? text[runEdge(text, end - 1, c, 1) + 1] : null;
      if (before === null || after === null || runMayOpen(c, before, after)) out.add(c);
      i = j;
    }
  }
  if (open > 0) out.add(']');
}

/**
 * Collects what a paragraph leaves open that a later line could close (see `openIn`; `text`: the
 * source the offsets index; `limit`: where the paragraph's part ends).
 */
function leftOpen(node: Nodes, text: string, limit: number, out: Set<string>, inLink = false): Set<string> {
  if (node.type === 'text') openIn(node.value, node.position?.start.offset, node.position?.end.offset, text, inLink, limit, out);
  else if ('children' in node) {
    const link = inLink || node.type === 'link' || node.type === 'linkReference';
    for (const child of node.children) leftOpen(child, text, limit, out, link);
  }
  return out;
}

/** Where the `n`th (from 1) `c` between `start` and `end` is. */
function nthIndex(text: string, start: number, end: number, c: string, n: number): number {
  let at = start - 1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf(c, at + 1);
    if (at < 0 || at >= end) return -1;
  }
  return at;
}

const SPACE = /[ \t]*(?:\r\n|\n|\r)?[ \t]*/y;

/** Skips spaces and tabs with at most one line ending (as between a destination and a title). */
function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.test(text);
  return SPACE.lastIndex;
}

/**
 * Whether the resource (`(destination "title")`) or the reference label (`[label]`) after the `]`
 * at `bracket` is still going on at `limit`, so that a later line could complete it; false when
 * its syntax has already failed before (CommonMark: a destination has no spaces and balanced
 * parentheses, or is `<…>` on one line; a title is quoted or parenthesised; a label holds no
 * unescaped bracket). Where it is not sure, it says true.
 */
function stillOpen(text: string, bracket: number, limit: number): boolean {
  if (bracket < 0) return true;
  let at = bracket + 2;
  if (text[bracket + 1] === '[') {
    for (; at < limit; at++) {
      const c = text[at];
      if (c === '\\') at++;
      else if (c === '[') return false;
      else if (c === ']') return true;
    }
    return true;
  }
  at = skipSpace(text, at);
  if (at >= limit) return true;
  if (text[at] === '<') {
    for (at++; at < limit; at++) {
      const c = text[at];
      if (c === '\\') at++;
      else if (c === '>') break;
      else if (c === '<' || c === '\n' || c === '\r') return false;
    }
    at++;
  } else if (text[at] !== ')') {
    let depth = 0;
    for (; at < limit; at++) {
      const c = text[at]!;
      if (c === '\\') at++;
      else if (c === '(') depth++;
      else if (c === ')' && depth-- === 0) return true;
      else if (c <= ' ') break;
    }
  }
  at = skipSpace(text, at);
  if (at >= limit || text[at] === ')') return true;
  const quote = text[at] === '(' ? ')' : text[at];
  if (quote !== '"' && quote !== "'" && quote !== ')') return false;
  for (at++; at < limit; at++) {
    const c = text[at];
    if (c === '\\') at++;
    else if (c === quote) return true;
  }
  return true;
}

/**
 * What a part of a paragraph holds, parsed on its own, that could pair with something a part
 * before it left open: the emphasis, strikethrough and bracket characters it keeps as literal text
 * (a closer it paired itself it pairs just as well after an earlier part: the nearest opener wins)
 * or used as openers though they could close,
 * and `literal` when GFM made a link of a literal URL or address there, with or without a position
 * (an open bracket before it would have kept the parser from making it, and the later pass makes it
 * without one).
 */
function literalClosers(node: Nodes, text: string, out: Set<string>): Set<string> {
  if (node.type === 'text') {
    const { start, end } = { start: node.position?.start.offset, end: node.position?.end.offset };
    if (start === undefined || end === undefined) ['*', '_', '~', ']'].forEach((c) => out.add(c));
    else {
      for (const c of ['~', ']']) if (text.indexOf(c, start) >= 0 && text.indexOf(c, start) < end) out.add(c);
      // A run of `*` or `_` counts when it can close (whole, in the source: it may go on past the node).
      for (const c of ['*', '_']) {
        for (let at = text.indexOf(c, start); at >= 0 && at < end && !out.has(c); at = text.indexOf(c, at + 1)) {
          const first = runEdge(text, at, c, -1);
          at = runEdge(text, at, c, 1);
          if (runMayClose(c, text[first - 1], text[at + 1])) out.add(c);
        }
      }
    }
  } else if (node.type === 'link' && !/[[<]/.test(text[node.position?.start.offset ?? -1] ?? '')) out.add('literal');
  else if ('children' in node) {
    // A run that opened emphasis here, with no opener before it in this part, would close one that an
    // earlier part left open, if it can close too (a `*` between two letters).
    const start = node.position?.start.offset;
    if (node.type === 'delete') out.add('~');
    else if ((node.type === 'emphasis' || node.type === 'strong') && start !== undefined) {
      const c = text[start]!;
      if (runMayClose(c, text[runEdge(text, start, c, -1) - 1], text[runEdge(text, start, c, 1) + 1])) out.add(c);
    }
    for (const child of node.children) literalClosers(child, text, out);
  }
  return out;
}

/** Where the paragraph running on at `from` ends at the latest: the next blank line, or the text's end. */
function paragraphEndAfter(text: string, from: number): number {
  const blank = /\n[ \t]*(?:\r?\n|$)|\r[ \t]*(?:\r|$)/g;
  blank.lastIndex = from;
  return blank.exec(text)?.index ?? text.length;
}

/**
 * Whether what a paragraph leaves open before `cut` may be closed after it: one of its closers
 * appears before the paragraph's end at the latest. When none does, nothing after the cut pairs
 * with anything before it, and the cut holds.
 */
function closableAfter(text: string, cut: number, closers: ReadonlySet<string>, later: () => ReadonlySet<string>): boolean {
  if (closers.size === 0) return false;
  // Code spans, autolinks, inline HTML and a destination bind tighter: any of their closers in the
  // source may pair.
  const rest = text.slice(cut, paragraphEndAfter(text, cut));
  for (const c of ['`', '>', ')']) if (closers.has(c) && rest.includes(c)) return true;
  const literal = later();
  for (const c of closers) if (literal.has(c)) return true;
  // An open bracket also keeps GFM from making literal autolinks after it (no link inside a link
  // text).
  return closers.has(']') && literal.has('literal');
}

/** The list marker of an item (its bullet, or the delimiter after its number). */
function markerOf(text: string, item: Nodes): string {
  const at = item.position!.start.offset!;
  const m = /[-+*]|\d{1,9}([.)])/y;
  m.lastIndex = at;
  const found = m.exec(text);
  return found ? (found[1] ?? found[0]) : '';
}

/**
 * A line that would start a list item inside a container where a paragraph could not be interrupted
 * by it, or an indented line (the container's own content, not a lazy line: positions differ).
 */
const ANY_ITEM_LINE = /^(?:[ \t]| {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$))/m;

/** A list item's first line that is plain: its marker, then a word. */
const SIMPLE_ITEM = /(?:[-+*]|\d{1,9}[.)])[ \t]+\p{L}/uy;

/** The nodes from a list or block quote down to its last, innermost block. */
function lastPath(node: Nodes): Nodes[] {
  const path = [node];
  for (let n = node; (n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote') && n.children.length > 0;) {
    n = n.children[n.children.length - 1]!;
    path.push(n);
  }
  return path;
}

/** Whether a node starts at the start of its line (not indented into a container above it). */
function atLineStart(text: string, node: Nodes): boolean {
  const start = node.position!.start.offset!;
  return start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
}

/** Whether a node is a list that goes on a list `x` when it follows it: same kind, same marker. */
function sameListKind(text: string, x: Nodes, z: Nodes): boolean {
  return x.type === 'list' && z.type === 'list' && x.ordered === z.ordered && markerOf(text, x.children[0]!) === markerOf(text, z);
}

/**
 * Whether the second piece goes on, in the whole text, with a paragraph that a list or block quote
 * before the cut holds (a lazy continuation line: a line starting with a letter continues the
 * innermost paragraph, whatever containers it is in). Its first node is that paragraph's rest; every
 * line of it must stay a lazy line inside the container too (a line starting `2.` or a lone `*`
 * cannot interrupt a paragraph on its own, but starts an item where a list is open; an indented line
 * is the container's content). What follows must start at its line's start, unindented, which
 * closes the container; right after the paragraph only a plain list item is taken (how a block's
 * first line parses can depend on whether a paragraph or a container was open: micromark's rule
 * for an empty item inside it), and one of the container's kind goes on the container's list.
 */
function lazyJoin(text: string, container: Nodes, b: Piece, y: RootContent): boolean {
  const source = text.slice(y.position!.start.offset, y.position!.end.offset);
  const firstBreak = source.search(/\r|\n/);
  if (firstBreak >= 0 && ANY_ITEM_LINE.test(source.slice(firstBreak + 1))) return false;
  const z = b.nodes[1];
  if (!z) return true;
  const zStart = z.position!.start.offset!;
  if (!atLineStart(text, z) || /[ \t]/.test(text[zStart] ?? '') || (z.type === 'blockquote' && container.type === 'blockquote'))
    return false;
  // After a blank line, a list of the container's kind would go on with it (loose).
  if (zStart !== nextLineStart(text, y.position!.end.offset!)) return !sameListKind(text, container, z);
  SIMPLE_ITEM.lastIndex = zStart;
  return z.type === 'list' && SIMPLE_ITEM.test(text);
}

type Join = 'paragraph' | 'list' | 'lazy' | 'no';

/**
 * How the pieces before and after a cut join: one paragraph, one list, a paragraph that a list or
 * block quote holds going on lazily (`lazy`; `container`: the one a lazy join before left open at
 * the end of `a`), or not as they are ('no').
 */
function joinAt(text: string, a: Piece, b: Piece, later: () => ReadonlySet<string>, container: Nodes | undefined): Join {
  const x = a.nodes[a.nodes.length - 1];
  const y = b.nodes[0];
  const cut = b.start;
  if (!x || !y || y.position!.start.offset !== cut || x.position!.end.offset !== lineEndingBefore(text, cut)) return 'no';
  PARAGRAPH_LINE.lastIndex = cut;
  const continues = y.type === 'paragraph' && PARAGRAPH_LINE.test(text);
  const closable = (paragraph: Nodes): boolean =>
    closableAfter(text, cut, leftOpen(paragraph, text, lineEndingBefore(text, cut), new Set()), later);
  if (container) return x.type === 'paragraph' && continues && !closable(x) && lazyJoin(text, container, b, y) ? 'lazy' : 'no';
  if (x.type === 'paragraph' && continues && !closable(x)) return 'paragraph';
  if (sameListKind(text, x, y)) return 'list';
  if ((x.type === 'list' || x.type === 'blockquote') && continues) {
    const inner = lastPath(x).pop()!;
    if (inner.type === 'paragraph' && inner.position?.end.offset === x.position!.end.offset && !closable(inner) && lazyJoin(text, x, b, y))
      return 'lazy';
  }
  return 'no';
}

const at = (p: Point, offset: number): Point => ({ ...p, offset });

/** Joins two parts of one list: the second's items go on the first. */
function joinLists(x: Extract<RootContent, { type: 'list' }>, y: Extract<RootContent, { type: 'list' }>): void {
  x.children.push(...y.children);
  x.spread = !!x.spread || !!y.spread;
  x.position = { start: x.position!.start, end: y.position!.end };
}

function setPosition(node: Nodes, position: { start: Point; end: Point } | undefined): void {
  if (position) node.position = position;
  else delete node.position;
}

/** Joins two parts of one paragraph: the line ending between them is text, merged into the text nodes on either side. */
function joinParagraphs(
  text: string,
  x: Extract<RootContent, { type: 'paragraph' }>,
  y: Extract<RootContent, { type: 'paragraph' }>,
): void {
  const ending = x.position!.end.offset!;
  const next = y.position!.start.offset!;
  const eol = text.slice(ending, next);
  const last = x.children[x.children.length - 1];
  const first = y.children[0];
  const rest = y.children.slice(1);
  // In the whole, the line ending lies in one text node with what touches it on either side; GFM's
  // autolink literals then split such a node into pieces that have no position. So the node keeps
  // a position only when nothing next to the line ending came from that split.
  const placed = (!last || last.position !== undefined) && (!first || first.position !== undefined);
  const span = (start: Point, end: Point): { position?: { start: Point; end: Point } } => (placed ? { position: { start, end } } : {});
  if (last?.type === 'text' && first?.type === 'text') {
    last.value += eol + first.value;
    setPosition(last, placed ? { start: last.position!.start, end: first.position!.end } : undefined);
  } else if (last?.type === 'text') {
    last.value += eol;
    setPosition(last, placed ? { start: last.position!.start, end: at(y.position!.start, next) } : undefined);
    if (first) rest.unshift(first);
  } else if (first?.type === 'text') {
    first.value = eol + first.value;
    setPosition(first, placed ? { start: at(x.position!.end, ending), end: first.position!.end } : undefined);
    rest.unshift(first);
  } else {
    x.children.push({ type: 'text', value: eol, ...span(at(x.position!.end, ending), at(y.position!.start, next)) });
    if (first) rest.unshift(first);
  }
  x.children.push(...rest);
  x.position = { start: x.position!.start, end: y.position!.end };
}

/**
 * Parses a guarded text (see `guardMarkdown`) in windows of about `windowChars` characters cut
 * where the parse cannot change, and stitches the windows' top-level nodes into those of the whole.
 *
 * @param text The guarded text (no BOM).
 * @param suffix Definitions made outside the text that it may use (see `definitionsFor`), or ''.
 * @param definitionsFor The definitions made in the text that a window's text may use, or ''.
 * @param windowChars The size of a window.
 * @param from No cut before this offset (see `windowCuts`).
 * @returns The top-level nodes (offsets index `text`; the last may run on into its window's appended
 *   definitions), and the text its window parsed from its start, for slicing such a node.
 */
export function parseInWindows(
  text: string,
  suffix: string,
  definitionsFor: (pieceText: string) => string,
  windowChars = WINDOW_CHARS,
  from = 0,
): { nodes: RootContent[]; lastInput: string; lastStart: number } {
  const bounds = [0, ...windowCuts(text, windowChars, from), text.length];
  let pieces: Piece[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) pieces.push(parsePiece(text, bounds[k]!, bounds[k + 1]!, suffix, definitionsFor, from));
  // A cut that does not hold joins its two pieces, parsed again as one, until every cut holds.
  for (;;) {
    // What the rest of a paragraph holds as literal text, from each later piece it runs on into.
    const later = (from: number): Set<string> => {
      const out = new Set<string>();
      for (let k = from; k < pieces.length; k++) {
        const piece = pieces[k]!;
        if (piece.nodes[0]?.type !== 'paragraph') break;
        piece.literal ??= literalClosers(piece.nodes[0], text, new Set());
        for (const c of piece.literal) out.add(c);
        if (piece.nodes.length > 1) break;
      }
      return out;
    };
    const joins: Join[] = [];
    // The list or block quote whose paragraph runs on lazily at the current cut.
    let container: Nodes | undefined;
    for (let k = 0; k + 1 < pieces.length; k++) {
      const a = pieces[k]!;
      const b = pieces[k + 1]!;
      const join = joinAt(text, a, b, () => later(k + 1), container);
      joins.push(join);
      container = join === 'lazy' && b.nodes.length === 1 ? (container ?? a.nodes[a.nodes.length - 1]) : undefined;
    }
    if (joins.every((j) => j !== 'no')) {
      const nodes = [...pieces[0]!.nodes];
      pieces.slice(1).forEach((b, k) => {
        const rest = [...b.nodes];
        const x = nodes[nodes.length - 1]!;
        const y = rest.shift()!;
        if (joins[k] === 'lazy' && y.type === 'paragraph') {
          const path = lastPath(x);
          const inner = path.pop()!;
          if (inner.type === 'paragraph') joinParagraphs(text, inner, y);
          for (const node of path) node.position = { start: node.position!.start, end: y.position!.end };
          // A list of the container's kind right after it: its items go on the container's list.
          const z = rest[0];
          if (x.type === 'list' && z?.type === 'list' && sameListKind(text, x, z)) {
            joinLists(x, z);
            rest.shift();
          }
        } else if (x.type === 'paragraph' && y.type === 'paragraph' && joins[k] === 'paragraph') joinParagraphs(text, x, y);
        else if (x.type === 'list' && y.type === 'list') joinLists(x, y);
        nodes.push(...rest);
      });
      const last = pieces[pieces.length - 1]!;
      return { nodes, lastInput: last.input, lastStart: last.start };
    }
    // A piece that failed before and fails again takes in at least as many windows again as it
    // holds: something left open in it (a stray `*`) may stay open to the end of the paragraph,
    // and growing by one neighbour a round would parse that paragraph again and again.
    const merged: Piece[] = [];
    let run = 0;
    for (let k = 0; k < pieces.length; k++) {
      if (k < joins.length && joins[k] === 'no') {
        const first = pieces[run]!;
        if (first.windows > 1) {
          let windows = pieces.slice(run, k + 2).reduce((n, p) => n + p.windows, 0);
          while (k + 2 < pieces.length && windows < 2 * first.windows) windows += pieces[++k + 1]!.windows;
        }
        continue;
      }
      const first = pieces[run]!;
      if (run === k) merged.push(first);
      else {
        const windows = pieces.slice(run, k + 1).reduce((n, p) => n + p.windows, 0);
        merged.push({ ...parsePiece(text, first.start, pieces[k]!.end, suffix, definitionsFor, from), windows });
      }
      run = k + 1;
    }
    pieces = merged;
  }
}
