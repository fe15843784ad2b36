import * as l10n from '@vscode/l10n';

/**
 * Limits that keep the Markdown parser's work bounded on hostile or careless input. remark (micromark)
 * recurses once per container level and resolves emphasis and links with work that grows with the
 * square of the markers in one paragraph, so a 3 KB line of `>` overflows the stack and 100 KB of
 * `*a` takes minutes. Before a text is parsed, what lies past these limits is blanked out with
 * no-break spaces, character for character, so that every offset still indexes the original text;
 * each place where that happened becomes a diagnostic. A normal document is left untouched, so its
 * analysis is exactly that of the whole text.
 */

/** How many container levels (block quotes, list items, indentation) a line may open; what lies deeper is not analysed. */
export const MAX_NESTING = 32;

/**
 * How many emphasis, strikethrough, link and autolink markers (`*`, `_`, `~`, `[`, `]`, `(`, `)`,
 * `<`) one paragraph may hold before it is analysed as plain text, those markers taken out.
 */
export const MAX_INLINE_MARKERS = 2000;

/** A place where the text was cut down before parsing, offsets in the text given to `guardMarkdown`. */
export interface MarkdownLimit {
  code: 'nesting-limit' | 'inline-marker-limit';
  offset: number;
  length: number;
  message: string;
}

/** What stands in for a character that is not parsed: not Markdown whitespace (it keeps a line non-blank), and no marker. */
const FILLER = '\u00a0';

const SPACE = 32;
const TAB = 9;
const GT = 62;

function isMarkerChar(c: number): boolean {
  // * _ ~ [ ] ( ) <
  return c === 42 || c === 95 || c === 126 || c === 91 || c === 93 || c === 40 || c === 41 || c === 60;
}

/** The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) at `i` followed by whitespace or the end of the line, or 0. */
function listMarkerAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  let k = i;
  if (c === 45 || c === 43 || c === 42) k = i + 1;
  else {
    while (k < end && k - i < 9 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
    if (k === i || (text.charCodeAt(k) !== 46 && text.charCodeAt(k) !== 41)) return 0;
    k++;
  }
  if (k < end && text.charCodeAt(k) !== SPACE && text.charCodeAt(k) !== TAB) return 0;
  return k - i;
}

const FENCE = /^(?:`{3,}|~{3,})/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;

/**
 * Cuts a Markdown text down to what the parser can take in bounded time and stack: a line that
 * goes past `MAX_NESTING` container levels is not analysed; a paragraph (the
 * lines between blank lines, list items and headings) with more than `MAX_INLINE_MARKERS` markers
 * loses its markers and is analysed as plain text. Each rule looks only at the lines between two
 * blank lines, so a part of a document cut at blank lines is guarded exactly as in the whole.
 *
 * @param text Markdown text.
 * @returns The text to parse (the same length, the same when no limit is reached) and where limits were reached.
 */
export function guardMarkdown(text: string): { text: string; limits: MarkdownLimit[] } {
  const limits: MarkdownLimit[] = [];
  /** Ranges to blank out: [from, to) pairs, or only the markers in them when `markersOnly`. */
  const cuts: Array<{ from: number; to: number; markersOnly: boolean }> = [];
  let unitStart = -1;
  let unitFirstLineEnd = -1;
  let unitMarkers = 0;
  let unitContent: Array<[number, number]> = [];
  let deepRun: MarkdownLimit | undefined;
  let deepLines = 0;
  const closeUnit = (): void => {
    if (unitStart >= 0 && unitMarkers > MAX_INLINE_MARKERS) {
      for (const [from, to] of unitContent) cuts.push({ from, to, markersOnly: true });
      limits.push({
        code: 'inline-marker-limit',
        offset: unitStart,
        length: Math.max(1, unitFirstLineEnd - unitStart),
        message: l10n.t(
          'This paragraph holds {0} emphasis and link markers, more than the limit of {1}: it is analysed as plain text.',
          unitMarkers,
          MAX_INLINE_MARKERS,
        ),
      });
    }
    unitStart = -1;
    unitMarkers = 0;
    unitContent = [];
  };
  const closeDeep = (): void => {
    if (deepRun && deepLines > 1) deepRun.message += ` (and on ${deepLines - 1} more line${deepLines > 2 ? 's' : ''} after it)`;
    deepRun = undefined;
    deepLines = 0;
  };

  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    const next = lineEnd >= n ? n + 1 : text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;

    // The container prefix: block quote markers, list markers and the whitespace between them.
    let i = lineStart;
    let column = 0;
    let markers = 0;
    let whitespace = 0;
    let listMarker = false;
    let cut = -1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i < lineEnd && (c === SPACE || c === TAB)) {
        const width = c === TAB ? 4 - (column % 4) : 1;
        column += width;
        whitespace += width;
        i++;
      } else if (i < lineEnd && c === GT) {
        markers++;
        column++;
        i++;
      } else {
        const m = i < lineEnd ? listMarkerAt(text, i, lineEnd) : 0;
        if (m === 0) break;
        markers++;
        listMarker = true;
        column += m;
        i += m;
      }
      // Each level takes a marker or (for a list item's content) two columns of indentation.
      if (markers + Math.floor(Math.max(0, whitespace - markers) / 2) > MAX_NESTING) {
        cut = i;
        break;
      }
    }
    const blank = i >= lineEnd && markers === 0;

    if (cut >= 0) {
      // The whole line goes, its container prefix too: remark's work on every line of a deep list
      // grows with its depth, so a line kept at the limit would still cost that on each line.
      cuts.push({ from: lineStart, to: lineEnd, markersOnly: false });
      if (deepRun) deepLines++;
      else {
        deepRun = {
          code: 'nesting-limit',
          offset: lineStart,
          length: Math.max(1, lineEnd - lineStart),
          message: l10n.t(
            'This line is nested more than {0} levels deep (block quotes, list items, indentation): it is not analysed',
            MAX_NESTING,
          ),
        };
        deepLines = 1;
        limits.push(deepRun);
      }
    } else closeDeep();

    const rest = text.slice(i, Math.min(lineEnd, i + 8));
    if (blank) closeUnit();
    else if (cut < 0) {
      if (listMarker || HEADING.test(rest)) closeUnit();
      if (FENCE.test(rest)) closeUnit();
      else {
        if (unitStart < 0) {
          unitStart = i < lineEnd ? i : lineStart;
          unitFirstLineEnd = lineEnd;
        }
        for (let k = i; k < lineEnd; k++) if (isMarkerChar(text.charCodeAt(k))) unitMarkers++;
        unitContent.push([i, lineEnd]);
      }
    }
    lineStart = next;
  }
  closeUnit();
  closeDeep();
  for (const l of limits) if (l.code === 'nesting-limit') l.message += '.';
  if (cuts.length === 0) return { text, limits };

  cuts.sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const c of cuts) {
    out += text.slice(at, c.from);
    if (c.markersOnly) {
      let piece = '';
      let from = c.from;
      for (let k = c.from; k < c.to; k++) {
        if (!isMarkerChar(text.charCodeAt(k))) continue;
        piece += text.slice(from, k) + FILLER;
        from = k + 1;
      }
      out += piece + text.slice(from, c.to);
    } else {
      out += FILLER.repeat(c.to - c.from);
    }
    at = c.to;
  }
  out += text.slice(at);
  return { text: out, limits };
}

/**
 * Whether a text holds a paragraph with enough emphasis and link markers, or a line with enough
 * container markers, that parsing it may take long even within the limits: the editor's thread
 * sends such a text to its worker instead of parsing it itself. Cheap: one pass, no parse.
 *
 * @param text Markdown text.
 * @param markers How many emphasis and link markers between two blank lines make a text costly.
 * @returns True when some run of lines between blank lines holds more than `markers` of them, or a line starts with more than eight container markers.
 */
export function looksCostly(text: string, markers = 400): boolean {
  let count = 0;
  let prefix = 0;
  let atLineStart = true;
  let blankLine = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 && i > 0 && text.charCodeAt(i - 1) === 13) continue; // the LF of a CRLF
    if (c === 10 || c === 13) {
      if (blankLine) count = 0;
      atLineStart = true;
      blankLine = true;
      prefix = 0;
      continue;
    }
    if (c !== SPACE && c !== TAB) blankLine = false;
    if (isMarkerChar(c) && ++count > markers) return true;
    if (atLineStart) {
      if (c === GT || c === 45 || c === 43 || c === 42) {
        if (++prefix > 8) return true;
      } else if (c !== SPACE && c !== TAB) atLineStart = false;
    }
  }
  return false;
}
