import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { guardMarkdown, type MarkdownLimit } from './limits';
import { blankDivFences } from './pandoc';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

/** A parsed document: the mdast tree plus how far its offsets are shifted from the original text. */
export interface ParsedMarkdown {
  tree: Root;
  /** micromark drops a leading BOM, so every tree offset is this much short of the original text. */
  offsetShift: number;
  /**
   * The text the tree's offsets index: the original without its BOM, where limits were reached
   * blanked out character for character (see `guardMarkdown`), and fenced div lines blank (see
   * `blankDivFences`).
   */
  source: string;
  /** Where the text went past a limit, offsets as in the tree. */
  limits: MarkdownLimit[];
}

/**
 * Parses Markdown with remark-parse, remark-gfm and remark-frontmatter (YAML and TOML), within the
 * limits of `guardMarkdown`: content nested too deep, or a paragraph with too many markers, is
 * blanked out (or kept as plain text) before parsing, and listed in `limits`. Pandoc's fenced div
 * lines are blanked too, so a div's fence never runs into the prose beside it.
 *
 * @param text The document, exactly as stored (a BOM and CRLF line endings are fine).
 * @returns The mdast tree, the text it indexes, the shift to add to its offsets to index `text`, and the limits reached.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  const offsetShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const guarded = guardMarkdown(offsetShift ? text.slice(1) : text);
  const { limits } = guarded;
  const source = blankDivFences(guarded.text);
  const tree = processor.parse(source);
  return { tree, offsetShift, source, limits };
}

/**
 * Parses a text that `guardMarkdown` has already cut down (a part of a guarded text, with no BOM),
 * with the same plugins as `parseMarkdown`.
 *
 * @param source Guarded Markdown.
 * @returns The mdast tree; its offsets index `source`.
 */
export function parseGuarded(source: string): Root {
  return processor.parse(source);
}
