import type { Nodes, RootContent } from 'mdast';
import { guardMarkdown, type MarkdownLimit } from '../markdown/limits';
import { parseMarkdown } from '../markdown/parse';
import { parseInWindows, WINDOW_CHARS } from './windows';

/**
 * Parsing part of a document on its own. Markdown's top-level blocks are independent once their
 * boundaries are known, except for link and footnote definitions, which count wherever they are:
 * a region is parsed with the definitions it may use from elsewhere appended after it.
 */

/** Where front matter at the start of the text would end (its closing fence can be any distance away), or 0. */
export function frontMatterEnd(text: string): number {
  // A lone CR ends a line too, for micromark.
  const open = /^\uFEFF?(---|\+\+\+)[ \t]*(?:\r\n|\n|\r)/.exec(text);
  if (!open) return 0;
  const fence = open[1] === '---' ? '---' : '\\+\\+\\+';
  const close = new RegExp(`(?:\\n|\\r)${fence}[ \\t]*(?:\\r\\n|\\n|\\r|$)`, 'g');
  close.lastIndex = open[0].length - 1;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

/**
 * A first line that opens front matter that never closes. micromark then parses GFM footnote
 * definitions anywhere in the document as plain definitions, so no block can be parsed alone.
 */
export function failedFrontMatter(text: string): boolean {
  return /^\uFEFF?(?:---|\+\+\+)[ \t]*(?:\r\n|\n|\r)/.test(text) && frontMatterEnd(text) === 0;
}

/** A blank line: the only stable boundary between top-level blocks. */
export const BLANK_LINE = /(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)/;

/** The offset where the line holding `offset` starts (after CRLF, LF or a lone CR). */
export function lineStartOf(text: string, offset: number): number {
  let k = offset;
  while (k > 0) {
    const c = text.charCodeAt(k - 1);
    if (c === 10 || c === 13) break;
    k--;
  }
  return k;
}

/**
 * A label as micromark compares labels (whitespace collapsed, case folded by lower- then
 * upper-casing), with whitespace removed.
 */
function labelKey(text: string): string {
  return text
    .replace(/[\t\n\r ]+/g, '')
    .toLowerCase()
    .toUpperCase();
}

/**
 * Every innermost bracketed text (`[...]` holding no unescaped bracket, at most 999 characters, as a
 * label may hold): a reference's label is always one, since a label holds no unescaped bracket.
 */
const BRACKETED = /\[((?:[^[\]\\]|\\[\s\S]){0,999})\]/g;

/** The keys of every bracketed text in a text (see `labelKey`): a superset of the labels it references. */
function bracketedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  if (text.indexOf('[') < 0) return keys;
  for (const m of text.matchAll(BRACKETED)) keys.add(labelKey(m[1]!));
  return keys;
}

/**
 * The definitions (as `BlockInfo.definitions` lists them: `d:label`, `f:label`) that a region's
 * text could use, written out to be appended to it. Every use of a definition holds its label in
 * brackets (`[text][label]`, `[label][]`, `[label]`, `[^label]`), so one whose label is not
 * bracketed in the region cannot change how it parses and is left out. The region's bracketed
 * texts are collected once, so that the cost grows with the region plus the definitions, not with
 * their product (a long draft has thousands of footnotes).
 *
 * @param regionText The region's text.
 * @param definitions Definitions made in the document (those made in the region itself may be among them: a
 *   definition appended again after its first one changes nothing).
 * @returns Markdown definitions to append after the region, or ''.
 */
export function definitionsFor(regionText: string, definitions: Iterable<string>): string {
  return definitionsFrom(regionText, indexDefinitions(definitions));
}

/** Definitions by the key of their label (see `indexDefinitions`), each with its place in the list and its text to append. */
export type DefinitionIndex = ReadonlyMap<string, ReadonlyArray<{ order: number; text: string }>>;

/**
 * Indexes definitions by the key of their label, once, for `definitionsFrom` on many texts: a
 * long region is parsed in many windows, and a draft may have hundreds of footnotes, so matching
 * each window against every definition again would cost their product.
 *
 * @param definitions Definitions as `BlockInfo.definitions` lists them (`d:label`, `f:label`).
 * @returns The index.
 */
export function indexDefinitions(definitions: Iterable<string>): DefinitionIndex {
  const index = new Map<string, Array<{ order: number; text: string }>>();
  const seen = new Set<string>();
  let order = 0;
  for (const d of definitions) {
    if (seen.has(d)) continue;
    seen.add(d);
    const footnote = d.startsWith('f:');
    const label = d.slice(2);
    const key = labelKey(footnote ? `^${label}` : label);
    const list = index.get(key) ?? [];
    list.push({ order: order++, text: footnote ? `[^${label}]: -` : `[${label}]: #` });
    index.set(key, list);
  }
  return index;
}

/**
 * `definitionsFor` with the definitions indexed: those whose label the text brackets, in the order
 * of the list they came from.
 *
 * @param text A region's or a window's text.
 * @param index The definitions (see `indexDefinitions`).
 * @returns Markdown definitions to append after the text, or ''.
 */
export function definitionsFrom(text: string, index: DefinitionIndex): string {
  if (index.size === 0) return '';
  const hits: Array<{ order: number; text: string }> = [];
  for (const key of bracketedKeys(text)) hits.push(...(index.get(key) ?? []));
  return hits
    .sort((a, b) => a.order - b.order)
    .map((h) => h.text)
    .join('\n\n');
}

/**
 * Where a definition may start: at a line's start after container markers (block quote markers,
 * list markers, indentation), then a bracketed label and a colon.
 */
const DEFINITION_START = /(?:^|\n|\r)(?:[ \t>]|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))*\[(\^?)((?:[^[\]\\]|\\[\s\S]){1,999})\]:/g;

/**
 * The link and footnote definitions a document may make, found without parsing it (in the form
 * `BlockInfo.definitions` uses: `d:label`, `f:label`, labels as written). It finds every
 * definition the parser would find, and may find more (a line in a code block that looks like
 * one): a caller that appends these to a region checks the result against the definitions the
 * parse found (see `analyzeAllBlocks`).
 *
 * @param text The document.
 * @returns The candidate definitions, in document order.
 */
export function scanDefinitions(text: string): string[] {
  const out: string[] = [];
  if (text.indexOf(']:') < 0) return out;
  for (const m of text.matchAll(DEFINITION_START)) {
    const label = m[2]!;
    // A label needs a character that is not whitespace.
    if (!/[^\t\n\r ]/.test(label)) continue;
    out.push(`${m[1] ? 'f' : 'd'}:${label}`);
  }
  return out;
}

/** A region of a document parsed on its own. */
export interface ParsedRegion {
  /** Its top-level nodes (those starting inside the region; the last may run into the appended definitions). */
  nodes: RootContent[];
  /** The text the node offsets index, after `base`. */
  source: string;
  /** The document offset of `source`'s first character. */
  base: number;
  /** The length of the region within `source`. */
  limit: number;
  /** Where the region's text went past a Markdown limit (offsets in `source`). */
  limits: MarkdownLimit[];
}

/**
 * Parses `text.slice(start, end)` on its own, with `suffix` definitions appended. A long region is
 * parsed in line windows (see `parseInWindows`), each with the definitions it may use from the rest
 * of the region appended too; the definitions the windows found are checked against the scan, and
 * the windows are parsed again with those when the scan was wrong.
 *
 * @param text The document.
 * @param start Where the region starts: a line start.
 * @param end Where it ends.
 * @param suffix Definitions from `definitionsFor`, or ''.
 * @param windowChars Regions longer than twice this are parsed in windows of about this size (tests use small ones).
 * @returns The region's top-level nodes and how to place them.
 */
export function parseRegion(text: string, start: number, end: number, suffix: string, windowChars = WINDOW_CHARS): ParsedRegion {
  const regionText = text.slice(start, end);
  if (regionText.length <= 2 * windowChars || failedFrontMatter(regionText) || regionText.indexOf('\uFEFF', 1) >= 0) {
    const { tree, offsetShift, source, limits } = parseMarkdown(suffix ? `${regionText}\n\n${suffix}\n` : regionText);
    const limit = regionText.length - offsetShift;
    const nodes = tree.children.filter((node) => node.position!.start.offset! < limit);
    return { nodes, source, base: start + offsetShift, limit, limits: limits.filter((l) => l.offset < limit) };
  }
  const offsetShift = regionText.charCodeAt(0) === 0xfeff ? 1 : 0;
  const guarded = guardMarkdown(offsetShift ? regionText.slice(1) : regionText);
  const inWindows = (definitions: readonly string[]): ReturnType<typeof parseInWindows> => {
    const index = indexDefinitions(definitions);
    return parseInWindows(guarded.text, suffix, (piece) => definitionsFrom(piece, index), windowChars, frontMatterEnd(guarded.text));
  };
  const scanned = scanDefinitions(guarded.text);
  let parsed = inWindows(scanned);
  if (scanned.length > 0) {
    // A line that looked like a definition may not be one (in code, in HTML): parse again with those found.
    const found: string[] = [];
    for (const node of parsed.nodes) definitionsOf(node, found);
    if (!sameDefinitions(found, scanned)) parsed = inWindows(found);
  }
  const limit = guarded.text.length;
  return {
    nodes: parsed.nodes,
    source: guarded.text.slice(0, parsed.lastStart) + parsed.lastInput,
    base: start + offsetShift,
    limit,
    limits: guarded.limits,
  };
}

/** Collects the definitions (`d:label`, `f:label`, as `BlockInfo.definitions`) made in a node. */
function definitionsOf(node: Nodes, out: string[]): void {
  if (node.type === 'definition') out.push(`d:${node.label ?? node.identifier}`);
  else if (node.type === 'footnoteDefinition') out.push(`f:${node.label ?? node.identifier}`);
  if ('children' in node) for (const child of node.children) definitionsOf(child, out);
}

/** Whether two lists of definitions define the same labels (as micromark compares them). */
function sameDefinitions(a: readonly string[], b: readonly string[]): boolean {
  const key = (d: string): string => d.slice(0, 2) + labelKey(d.slice(2));
  const x = new Set(a.map(key));
  const y = new Set(b.map(key));
  return x.size === y.size && [...x].every((d) => y.has(d));
}
