import type { Dataset } from '../dataset/load';
import type { Analysis, AnalyzeOptions, Point } from '../types';
import { analyze } from './analyze';
import { BLANK_LINE, definitionsFor, failedFrontMatter, frontMatterEnd, lineStartOf } from './region';

/**
 * How far from the range the analysis looks for the blank lines around it. A hard-wrapped paste
 * can be one paragraph of megabytes: past this, the range is cut at a line start instead, and the
 * provisional colours of the paragraph's first line may differ from the final ones.
 */
const REACH = 64 * 1024;

/** The start of the line after the last blank line before `offset` (or 0); no further back than `REACH`. */
function afterBlankLineBefore(text: string, offset: number): number {
  let lineStart = lineStartOf(text, offset);
  const limit = offset - REACH;
  for (;;) {
    // The start of the line holding lineStart - 1, i.e. the line above.
    if (lineStart <= 0) return 0;
    if (lineStart < limit) return lineStartOf(text, offset);
    let k = lineStart - 1;
    if (text.charCodeAt(k) === 10 && text.charCodeAt(k - 1) === 13) k--;
    let above = k;
    while (above > 0 && text.charCodeAt(above - 1) !== 10 && text.charCodeAt(above - 1) !== 13) above--;
    if (/^[ \t]*$/.test(text.slice(above, k))) return lineStart;
    lineStart = above;
  }
}

/** The end of the first blank line at or after `from` (within `REACH`), else the end of a line there, or of the text. */
function afterBlankLineFrom(text: string, from: number): number {
  const window = text.slice(from, from + REACH);
  const found = new RegExp(BLANK_LINE.source).exec(window);
  if (found) return from + found.index + found[0].length;
  if (from + REACH >= text.length) return text.length;
  const lineEnd = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('\r'));
  return lineEnd > 0 ? from + lineEnd + 1 : from + window.length;
}

/** How many lines end in `text.slice(from, to)` (CRLF, LF or a lone CR end a line). */
function linesEndingIn(text: string, from: number, to: number): number {
  let lines = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) lines++;
  const cr = text.indexOf('\r', from);
  if (cr >= 0 && cr < to) {
    // Lone CRs end lines too (a CRLF was counted at its LF).
    for (let k = cr; k >= 0 && k < to; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== 10) lines++;
  }
  return lines;
}

/** Matches a label's use: `[label]` or `[^label]` (with the caret kept). */
const BRACKETED_LABEL = /\[(\^?)((?:[^[\]\\]|\\[\s\S]){1,999})\]/g;

/**
 * The definitions elsewhere in `text` that the range's bracketed labels may use (`d:label`,
 * `f:label`), found by searching for each label's definition, so that the cost follows the range and
 * its few labels, not the document's thousands of footnotes. A definition written with another
 * case or spacing than its use is not found: the provisional result then reads it as text.
 */
function definitionsUsed(text: string, slice: string, start: number, end: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of slice.matchAll(BRACKETED_LABEL)) {
    const key = `${m[1] ? 'f' : 'd'}:${m[2]!}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const needle = `[${m[1]}${m[2]!}]:`;
    // From the end: definitions usually sit there, so the search ends soon after it starts.
    for (let k = text.lastIndexOf(needle); k >= 0; k = k > 0 ? text.lastIndexOf(needle, k - 1) : -1) {
      if (k >= start && k < end) continue; // in the range itself: the parse sees it
      out.push(key);
      break;
    }
  }
  return out;
}

/** `p` moved by `offset` characters and `lines` lines (columns stay: the range starts at a line start). */
const shift = (p: Point, offset: number, lines: number): Point => ({ line: p.line + lines, column: p.column, offset: p.offset + offset });

/**
 * A first, provisional analysis of the part of a long document that is on screen, to colour it
 * before the whole document is analysed. Only the lines from the blank line before `from` to the
 * blank line after `to` are analysed, with the definitions they use that the document makes
 * elsewhere, so the cost follows the range and not the document. The result is that of the whole
 * text for that range unless something outside it changes how it parses: a code fence or HTML
 * block opened above it and still open, a list item it continues, a definition written with
 * another case, or a name resolved by text elsewhere (a section, an earlier mention). Callers show
 * it until the full analysis (`analyze`, `IncrementalAnalyzer`) lands, and then replace it.
 *
 * @param text The document.
 * @param dataset The dataset.
 * @param from The first offset wanted (e.g. the start of the first visible line).
 * @param to The offset just past the last one wanted.
 * @param fromLine The 1-based line of `from`, if the caller knows it (an editor does): the lines above
 *   need not be counted.
 * @param options As for `analyze` (`uncatalogued: false`: the detector of names the dataset lacks does not run).
 * @returns An analysis whose references and diagnostics lie in the analysed range, at their positions in `text`.
 */
export function analyzeVisible(
  text: string,
  dataset: Dataset,
  from: number,
  to: number,
  fromLine?: number,
  options?: AnalyzeOptions,
): Analysis {
  const matterEnd = failedFrontMatter(text) ? text.length : frontMatterEnd(text);
  let start = afterBlankLineBefore(text, Math.max(0, Math.min(from, text.length)));
  // Front matter is decided from the top: a range inside it is analysed from the start.
  if (start < matterEnd) start = 0;
  const end = afterBlankLineFrom(text, Math.max(start, Math.min(Math.max(to, from), text.length)));
  const slice = text.slice(start, end);
  const suffix = definitionsFor(slice, definitionsUsed(text, slice, start, end));
  // The appended definitions hold no names ("[^1]: -"); a blank line keeps them out of the range's last block.
  const local = analyze(suffix ? `${slice}${/\n[ \t]*\n?$/.test(slice) ? '\n' : '\n\n'}${suffix}\n` : slice, dataset, options);
  // The line of `start`, from `fromLine` (counting back to `start`) or from the top.
  const at = Math.max(0, Math.min(from, text.length));
  const lines =
    fromLine !== undefined && start <= at
      ? fromLine - 1 - linesEndingIn(text, start, lineStartOf(text, at))
      : linesEndingIn(text, 0, start);
  const inRange = <T extends { start: Point; end: Point }>(x: T): boolean => x.start.offset < slice.length;
  const moved = <T extends { start: Point; end: Point }>(x: T): T => ({
    ...x,
    start: shift(x.start, start, lines),
    end: shift(x.end, start, lines),
  });
  const references = local.references.filter(inRange).map(moved);
  const byEntry = new Map<string, number[]>();
  references.forEach((r, k) => {
    for (const id of r.candidates ?? [r.id]) {
      const list = byEntry.get(id);
      if (list) list.push(k);
      else byEntry.set(id, [k]);
    }
  });
  const analysis: Analysis = { references, byEntry, diagnostics: local.diagnostics.filter(inRange).map(moved) };
  if (local.uncatalogued) analysis.uncatalogued = local.uncatalogued.filter(inRange).map(moved);
  return analysis;
}
