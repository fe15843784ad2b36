import type { Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import { attributeRanges } from './pandoc';

/** Marks a point in a segment's text where no name may continue (inline code, HTML, a footnote marker). */
export const HARD_BOUNDARY = '\u0000';

/** What a reader sees of one block of prose, with each character mapped back to the source. */
export interface Segment {
  /** Visible text; `HARD_BOUNDARY` stands for content a reader does not read as prose. */
  text: string;
  /** Source offset (in the original text) where character `i` of `text` starts. */
  starts: number[];
  /** Source offset where character `i` of `text` ends (exclusive). */
  ends: number[];
  block: 'paragraph' | 'heading' | 'tableCell';
  /** Segments that share a context for disambiguation (the cells of one table row share a group); numbered within the top-level block. */
  group: number;
  /** A heading starts a new section. */
  heading: boolean;
  /** Index of the innermost list the segment is in, if any; numbered within the top-level block. */
  list: number | undefined;
  /** Source range of the whole block (original offsets). */
  blockStart: number;
  blockEnd: number;
}

const ENTITY = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;

class SegmentBuilder {
  text = '';
  starts: number[] = [];
  ends: number[] = [];

  push(ch: string, start: number, end: number): void {
    this.text += ch;
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Pushes `value.slice(i, i + n)`, taken as it stands from the source at `at` (plus `shift`). */
  pushRun(value: string, i: number, n: number, at: number): void {
    // One concatenation per run, not per character: a long paragraph made a rope of single
    // characters, and most of an analysis's garbage.
    this.text += value.slice(i, i + n);
    for (let k = 0; k < n; k++) {
      this.starts.push(at + k);
      this.ends.push(at + k + 1);
    }
  }

  boundary(start: number, end: number): void {
    if (this.text.length > 0 && this.text[this.text.length - 1] === HARD_BOUNDARY) return;
    this.push(HARD_BOUNDARY, start, end);
  }
}

/**
 * Maps each character of a node's decoded `value` onto the source slice it came from. The value is
 * the source minus container prefixes (`> `, indentation) with escapes and character references
 * decoded, so a greedy walk that skips unmatched source characters finds every character's origin.
 */
function alignInto(out: SegmentBuilder | undefined, value: string, source: string, from: number, to: number, shift: number): number {
  let j = from;
  let i = 0;
  while (i < value.length) {
    const v = value[i]!;
    if (j >= to) {
      out?.push(v, to + shift, to + shift);
      i++;
      continue;
    }
    const s = source[j]!;
    if (s === '\\' && j + 1 < to && source[j + 1] === v && ASCII_PUNCT.test(v)) {
      out?.push(v, j + shift, j + 2 + shift);
      i++;
      j += 2;
      continue;
    }
    if (s === '&') {
      ENTITY.lastIndex = j;
      const m = ENTITY.exec(source);
      if (m && m.index + m[0].length <= to && (v !== '&' || m[0] === '&amp;')) {
        const end = j + m[0].length;
        out?.push(v, j + shift, end + shift);
        i++;
        // A reference may decode to a surrogate pair or a base character plus combining marks.
        while (i < value.length && /[\uDC00-\uDFFF\p{M}]/u.test(value[i]!)) {
          out?.push(value[i]!, j + shift, end + shift);
          i++;
        }
        j = end;
        continue;
      }
    }
    if (s === v) {
      let n = 1;
      while (j + n < to && i + n < value.length && value[i + n] === source[j + n] && source[j + n] !== '\\' && source[j + n] !== '&') n++;
      out?.pushRun(value, i, n, j + shift);
      i += n;
      j += n;
      continue;
    }
    j++;
  }
  return j;
}

interface Walk {
  /** The text as parsed (without a BOM): tree offsets index it. */
  source: string;
  shift: number;
  segments: Segment[];
  group: number;
  list: number | undefined;
  lists: number;
}

function isAutolink(node: Nodes & { type: 'link' }, walk: Walk): boolean {
  const start = node.position?.start.offset;
  return start === undefined || walk.source[start] !== '[';
}

/**
 * Places a node that has no position: GFM's later pass for autolink literals splits a text node
 * into text and links without one (a URL glued to a word, as text pasted from a PDF has). Its text
 * is aligned with the source from `from`, before `to`; a link is a boundary. Returns where it ends.
 */
function placeless(node: PhrasingContent, out: SegmentBuilder, walk: Walk, from: number, to: number): number {
  if (node.type === 'text') return alignInto(out, node.value, walk.source, from, to, walk.shift);
  const end = 'children' in node ? alignInto(undefined, toString(node), walk.source, from, to, walk.shift) : from;
  out.boundary(from + walk.shift, end + walk.shift);
  return end;
}

/** The text a node holds (its text nodes' values). */
function toString(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(toString).join('') : '';
}

/** Where the next node that has a position starts, or `to`. */
function nextPlaced(nodes: readonly PhrasingContent[], k: number, to: number): number {
  for (let i = k + 1; i < nodes.length; i++) {
    const start = nodes[i]!.position?.start.offset;
    if (start !== undefined) return start;
  }
  return to;
}

function inline(nodes: PhrasingContent[], out: SegmentBuilder, walk: Walk, from: number, to: number): void {
  let cursor = from;
  for (const [k, node] of nodes.entries()) {
    const pos = node.position;
    if (!pos) {
      cursor = placeless(node, out, walk, cursor, nextPlaced(nodes, k, to));
      continue;
    }
    cursor = pos.end.offset ?? cursor;
    const s0 = pos.start.offset ?? 0;
    const e0 = pos.end.offset ?? 0;
    const start = s0 + walk.shift;
    const end = e0 + walk.shift;
    switch (node.type) {
      case 'text':
        alignInto(out, node.value, walk.source, s0, e0, walk.shift);
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'linkReference':
        inline(node.children, out, walk, s0, e0);
        break;
      case 'link':
        if (isAutolink(node, walk)) out.boundary(start, end);
        else inline(node.children, out, walk, s0, e0);
        break;
      case 'break':
        out.push('\n', start, end);
        break;
      case 'image':
      case 'imageReference':
        out.boundary(start, start);
        // The alt text starts right after `![`.
        if (node.alt) alignInto(out, node.alt, walk.source, s0 + 2, e0, walk.shift);
        out.boundary(end, end);
        break;
      default:
        // inlineCode, html, footnoteReference: not prose.
        out.boundary(start, end);
    }
  }
}

/**
 * The segment without Pandoc attributes and Quarto shortcodes (`{#sec-intro}`, `{.smallcaps}`,
 * `{{< meta x >}}`): each becomes one hard boundary, so no name is read in it or across it.
 */
function withoutAttributes(out: SegmentBuilder, node: Nodes, walk: Walk): SegmentBuilder {
  const ranges = attributeRanges(walk.source, node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  if (ranges.length === 0) return out;
  const kept = new SegmentBuilder();
  let r = 0;
  for (let i = 0; i < out.text.length; i++) {
    const at = out.starts[i]! - walk.shift;
    while (r < ranges.length && ranges[r]![1] <= at) r++;
    if (r < ranges.length && ranges[r]![0] <= at) kept.boundary(out.starts[i]!, out.ends[i]!);
    else kept.push(out.text[i]!, out.starts[i]!, out.ends[i]!);
  }
  return kept;
}

function emit(walk: Walk, block: Segment['block'], children: PhrasingContent[], node: Nodes, group: number): void {
  const built = new SegmentBuilder();
  inline(children, built, walk, node.position?.start.offset ?? 0, node.position?.end.offset ?? walk.source.length);
  const out = withoutAttributes(built, node, walk);
  if (out.text.length === 0) return;
  walk.segments.push({
    text: out.text,
    starts: out.starts,
    ends: out.ends,
    block,
    group,
    heading: block === 'heading',
    list: walk.list,
    blockStart: (node.position?.start.offset ?? 0) + walk.shift,
    blockEnd: (node.position?.end.offset ?? 0) + walk.shift,
  });
}

function blocks(nodes: Array<RootContent>, walk: Walk): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        emit(walk, 'paragraph', node.children, node, walk.group++);
        break;
      case 'heading':
        emit(walk, 'heading', node.children, node, walk.group++);
        break;
      case 'table':
        for (const row of node.children) {
          const group = walk.group++;
          for (const cell of row.children) emit(walk, 'tableCell', cell.children, cell, group);
        }
        break;
      case 'list': {
        const outer = walk.list;
        walk.list = walk.lists++;
        blocks(node.children, walk);
        walk.list = outer;
        break;
      }
      case 'blockquote':
      case 'listItem':
      case 'footnoteDefinition':
        blocks((node as Parents).children as RootContent[], walk);
        break;
      default:
        // code, html, yaml, toml, definition, thematicBreak: nothing a reader reads as prose.
        break;
    }
  }
}

/**
 * Collects the prose a reader sees in one top-level block, with exact source offsets for every
 * character.
 *
 * Included: paragraphs, headings, list items, block quotes, table cells, emphasis, strong, link
 * text, footnote definitions and image alt text, inside Pandoc divs too. Excluded: code (Quarto and
 * R Markdown chunks with their `#|` options included), inline code, HTML, front matter,
 * definitions, link destinations, autolinks (including GFM autolink literals), and Pandoc
 * attributes and Quarto shortcodes (see `pandoc.ts`).
 *
 * @param node A child of the mdast root.
 * @param source The text that was parsed (tree offsets index it).
 * @param base What to add to a tree offset to get an offset in the original document.
 * @returns One segment per block of prose, in document order; offsets index the original document.
 */
export function extractBlock(node: RootContent, source: string, base: number): Segment[] {
  const walk: Walk = { source, shift: base, segments: [], group: 0, list: undefined, lists: 0 };
  blocks([node], walk);
  return walk.segments;
}

/**
 * Collects the prose of a whole document (see `extractBlock`).
 *
 * @param tree The mdast root from `parseMarkdown`.
 * @param text The original text (with its BOM, if any).
 * @param shift The offset shift from `parseMarkdown`.
 * @returns The segments of every top-level block, in document order.
 */
export function extractProse(tree: Root, text: string, shift: number): Segment[] {
  const source = shift ? text.slice(shift) : text;
  return tree.children.flatMap((node) => extractBlock(node, source, shift));
}
