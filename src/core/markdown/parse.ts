import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

/** A parsed document: the mdast tree plus how far its offsets are shifted from the original text. */
export interface ParsedMarkdown {
  tree: Root;
  /** micromark drops a leading BOM, so every tree offset is this much short of the original text. */
  offsetShift: number;
}

/**
 * Parses Markdown with remark-parse, remark-gfm and remark-frontmatter (YAML and TOML).
 *
 * @param text The document, exactly as stored (a BOM and CRLF line endings are fine).
 * @returns The mdast tree and the shift to add to its offsets to index `text`.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  const offsetShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const tree = processor.parse(offsetShift ? text.slice(1) : text);
  return { tree, offsetShift };
}
