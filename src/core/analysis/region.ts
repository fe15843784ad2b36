import type { RootContent } from 'mdast';
import type { MarkdownLimit } from '../markdown/limits';
import { parseMarkdown } from '../markdown/parse';

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
 * upper-casing), with whitespace removed: a definition whose reference key is not a substring of a
 * text's key is never used by that text.
 */
function labelKey(text: string): string {
  return text
    .replace(/[\t\n\r ]+/g, '')
    .toLowerCase()
    .toUpperCase();
}

/**
 * The definitions (as `BlockInfo.definitions` lists them: `d:label`, `f:label`) that a region's
 * text could use, written out to be appended to it. Every use of a definition contains its label in
 * brackets (`[text][label]`, `[label][]`, `[label]`, `[^label]`), so one that does not appear so
 * in the region cannot change how it parses and is left out.
 *
 * @param regionText The region's text.
 * @param definitions Definitions made elsewhere in the document.
 * @returns Markdown definitions to append after the region, or ''.
 */
export function definitionsFor(regionText: string, definitions: Iterable<string>): string {
  let key: string | undefined;
  const out: string[] = [];
  for (const d of new Set(definitions)) {
    const footnote = d.startsWith('f:');
    const label = d.slice(2);
    key ??= labelKey(regionText);
    if (!key.includes(labelKey(footnote ? `[^${label}]` : `[${label}]`))) continue;
    out.push(footnote ? `[^${label}]: -` : `[${label}]: #`);
  }
  return out.join('\n\n');
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
 * Parses `text.slice(start, end)` on its own, with `suffix` definitions appended.
 *
 * @param text The document.
 * @param start Where the region starts: a line start.
 * @param end Where it ends.
 * @param suffix Definitions from `definitionsFor`, or ''.
 * @returns The region's top-level nodes and how to place them.
 */
export function parseRegion(text: string, start: number, end: number, suffix: string): ParsedRegion {
  const regionText = text.slice(start, end);
  const { tree, offsetShift, source, limits } = parseMarkdown(suffix ? `${regionText}\n\n${suffix}\n` : regionText);
  const limit = regionText.length - offsetShift;
  const nodes = tree.children.filter((node) => node.position!.start.offset! < limit);
  return { nodes, source, base: start + offsetShift, limit, limits: limits.filter((l) => l.offset < limit) };
}
