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
export const WINDOW_CHARS = 1_000;

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

/** Offsets (line starts) where to cut `text` into windows of at least `windowChars` characters. */
export function windowCuts(text: string, windowChars: number): number[] {
  const cuts: number[] = [];
  let at = nextLineStart(text, windowChars);
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
}

function shift(node: Nodes, by: number): void {
  const p = node.position;
  if (p) {
    p.start = { ...p.start, offset: p.start.offset! + by };
    p.end = { ...p.end, offset: p.end.offset! + by };
  }
  if ('children' in node) for (const child of node.children) shift(child, by);
}

/** Parses a piece with the definitions it may use appended: `suffix` from outside the text, and those `definitionsFor` gives from the text's other pieces. */
function parsePiece(text: string, start: number, end: number, suffix: string, definitionsFor: (pieceText: string) => string): Piece {
  const pieceText = text.slice(start, end);
  const parse = (appended: string): { nodes: RootContent[]; input: string } => {
    const input = appended ? `${pieceText}\n\n${appended}\n` : pieceText;
    return { input, nodes: parseGuarded(input).children.filter((node) => node.position!.start.offset! < pieceText.length) };
  };
  const inner = definitionsFor(pieceText);
  let parsed = parse([suffix, inner].filter(Boolean).join('\n\n'));
  const last = parsed.nodes[parsed.nodes.length - 1];
  // A node left open at the end (a fence, an HTML block) runs on into what is appended; in the
  // whole text it runs on into the next piece or the caller's suffix, never into these definitions.
  if (inner && last && last.position!.end.offset! > pieceText.length) parsed = parse(suffix);
  if (start > 0) for (const node of parsed.nodes) shift(node, start);
  return { start, end, ...parsed };
}

/** Whether a paragraph leaves nothing open that a later line could close. */
function inlineClosed(node: Nodes, inLink = false): boolean {
  if (node.type === 'text') return !TIGHT_OPENER.test(node.value) && (inLink || !OPENER.test(node.value));
  if (!('children' in node)) return true;
  const link = inLink || node.type === 'link' || node.type === 'linkReference';
  return node.children.every((child) => inlineClosed(child, link));
}

/** The list marker of an item (its bullet, or the delimiter after its number). */
function markerOf(text: string, item: Nodes): string {
  const at = item.position!.start.offset!;
  const m = /[-+*]|\d{1,9}([.)])/y;
  m.lastIndex = at;
  const found = m.exec(text);
  return found ? (found[1] ?? found[0]) : '';
}

/** How the pieces before and after a cut join: one paragraph, one list, or not as they are ('no'). */
function joinAt(text: string, a: Piece, b: Piece): 'paragraph' | 'list' | 'no' {
  const x = a.nodes[a.nodes.length - 1];
  const y = b.nodes[0];
  const cut = b.start;
  if (!x || !y || y.position!.start.offset !== cut || x.position!.end.offset !== lineEndingBefore(text, cut)) return 'no';
  PARAGRAPH_LINE.lastIndex = cut;
  if (x.type === 'paragraph' && y.type === 'paragraph' && PARAGRAPH_LINE.test(text) && inlineClosed(x)) return 'paragraph';
  if (x.type === 'list' && y.type === 'list' && x.ordered === y.ordered && markerOf(text, x.children[0]!) === markerOf(text, y))
    return 'list';
  return 'no';
}

const at = (p: Point, offset: number): Point => ({ ...p, offset });

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
 * @returns The top-level nodes (offsets index `text`; the last may run on into its window's appended
 *   definitions), and the text its window parsed from its start, for slicing such a node.
 */
export function parseInWindows(
  text: string,
  suffix: string,
  definitionsFor: (pieceText: string) => string,
  windowChars = WINDOW_CHARS,
): { nodes: RootContent[]; lastInput: string; lastStart: number } {
  const bounds = [0, ...windowCuts(text, windowChars), text.length];
  let pieces: Piece[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) pieces.push(parsePiece(text, bounds[k]!, bounds[k + 1]!, suffix, definitionsFor));
  // A cut that does not hold joins its two pieces, parsed again as one, until every cut holds.
  for (;;) {
    const joins = pieces.slice(1).map((b, k) => joinAt(text, pieces[k]!, b));
    if (joins.every((j) => j !== 'no')) {
      const nodes = [...pieces[0]!.nodes];
      pieces.slice(1).forEach((b, k) => {
        const rest = [...b.nodes];
        const x = nodes[nodes.length - 1]!;
        const y = rest.shift()!;
        if (x.type === 'paragraph' && y.type === 'paragraph' && joins[k] === 'paragraph') joinParagraphs(text, x, y);
        else if (x.type === 'list' && y.type === 'list') {
          x.children.push(...y.children);
          x.spread = !!x.spread || !!y.spread;
          x.position = { start: x.position!.start, end: y.position!.end };
        }
        nodes.push(...rest);
      });
      const last = pieces[pieces.length - 1]!;
      return { nodes, lastInput: last.input, lastStart: last.start };
    }
    const merged: Piece[] = [];
    let from = 0;
    for (let k = 0; k < pieces.length; k++) {
      if (k < joins.length && joins[k] === 'no') continue;
      const first = pieces[from]!;
      merged.push(from === k ? first : parsePiece(text, first.start, pieces[k]!.end, suffix, definitionsFor));
      from = k + 1;
    }
    pieces = merged;
  }
}
