import type { Dataset } from '../dataset/load';
import type { Analysis } from '../types';
import { limitOwners, matcherFor } from './analyze';
import { assemble } from './assemble';
import { analyzeBlock } from './block';
import { BLANK_LINE, definitionsFor, failedFrontMatter, frontMatterEnd, parseRegion, scanDefinitions } from './region';

/** The start of the line after the last blank line before `offset` (or 0). */
function afterBlankLineBefore(text: string, offset: number): number {
  let lineStart = offset;
  for (;;) {
    // The start of the line holding lineStart - 1, i.e. the line above.
    if (lineStart <= 0) return 0;
    let k = lineStart - 1;
    if (text.charCodeAt(k) === 10 && text.charCodeAt(k - 1) === 13) k--;
    let above = k;
    while (above > 0 && text.charCodeAt(above - 1) !== 10 && text.charCodeAt(above - 1) !== 13) above--;
    if (/^[ \t]*$/.test(text.slice(above, k))) return lineStart;
    lineStart = above;
  }
}

/** The end of the first blank line at or after `from`, or the end of the text. */
function afterBlankLineFrom(text: string, from: number): number {
  const m = new RegExp(BLANK_LINE.source, 'g');
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? found.index + found[0].length : text.length;
}

/**
 * A first, provisional analysis of the part of a long document that is on screen, to colour it
 * before the whole document is analysed. Only the lines from the blank line before `from` to the
 * blank line after `to` are parsed, with the definitions the document may make appended, so the
 * cost follows the range and not the document. The result is that of the whole text for that range
 * unless something outside it changes how it parses: a code fence or HTML block opened above it
 * and still open, a list item it continues, or a name resolved by text elsewhere (a section, an
 * earlier mention). Callers show it until the full analysis (`analyze`, `IncrementalAnalyzer`)
 * lands, and then replace it.
 *
 * @param text The document.
 * @param dataset The dataset.
 * @param from The first offset wanted (e.g. the start of the first visible line).
 * @param to The offset just past the last one wanted.
 * @returns An analysis whose references and diagnostics lie in the parsed range, at their offsets in `text`.
 */
export function analyzeVisible(text: string, dataset: Dataset, from: number, to: number): Analysis {
  const matterEnd = failedFrontMatter(text) ? text.length : frontMatterEnd(text);
  let start = afterBlankLineBefore(text, Math.max(0, Math.min(from, text.length)));
  // Front matter is decided from the top: a range inside it is parsed from the start.
  if (start < matterEnd) start = 0;
  const end = afterBlankLineFrom(text, Math.max(start, Math.min(Math.max(to, from), text.length)));
  const regionText = text.slice(start, end);
  const suffix = definitionsFor(regionText, scanDefinitions(text));
  const parsed = parseRegion(text, start, end, suffix);
  // A node that runs into the appended definitions (a fence left open) ends with the range.
  const nodes = parsed.nodes.filter((node) => node.position!.end.offset! <= parsed.limit);
  const matcher = matcherFor(dataset);
  const owners = limitOwners(nodes, parsed.limits);
  const blocks = nodes.map((node, k) => analyzeBlock(node, parsed.source, parsed.base, matcher, dataset, owners[k]));
  return assemble(blocks, text, dataset);
}
