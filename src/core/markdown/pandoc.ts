/**
 * Pandoc and Quarto syntax that CommonMark reads as text but a reader never sees as prose: fenced
 * div lines (`::: {.callout-note}`, `:::`), attributes (`{#sec-intro}`, `[text]{.smallcaps}`,
 * `{width=50%}`, `{-}`) and Quarto shortcodes (`{{< include _x.qmd >}}`). Code chunks
 * (```` ```{r} ````, with their `#|` options), inline chunks (`` `r x` ``) and YAML front matter
 * are code and front matter to remark already. The text inside a div is prose.
 *
 * The rules apply to every draft, Markdown included: Pandoc reads them in a `.md` draft as well,
 * and none of them is something a writer means as prose.
 */

/**
 * A fenced div's fence line: three or more colons, then nothing, attributes in braces or a bare
 * class word, and optionally more colons (`::: {.note} :::`). Container prefixes (`> `, list
 * indentation) may stand before it.
 */
const DIV_FENCE = /^([ \t]*(?:>[ \t]?)*[ \t]*)(:{3,}(?:[ \t]*(?:\{[^{}\r\n]*\}|[\p{L}\p{N}_.-]+))?[ \t]*:*[ \t]*)$/gmu;

/**
 * Blanks fenced div lines out with spaces, character for character, so that the parser sees a
 * blank line where a fence was: a div opened or closed right against a paragraph no longer runs
 * into it, and no name in a fence (`::: Japan`, `title="Japan"`) is read. Offsets are unchanged.
 *
 * @param text The text about to be parsed.
 * @returns The text with every fence line blank (the same string when there is none).
 */
export function blankDivFences(text: string): string {
  if (!text.includes(':::')) return text;
  return text.replace(DIV_FENCE, (_line, prefix: string, fence: string) => prefix + ' '.repeat(fence.length));
}

/**
 * Attributes in braces: an id, a class, a key=value pair, a raw format (`{=html}`) or `{-}` first,
 * then anything up to the closing brace on the same line.
 */
const ATTRIBUTES = /\{(?=[ \t]*(?:[#.][^\s{}]|-[ \t]*\}|[\p{L}\p{N}_-]+=|=))[^{}\r\n]*\}/gu;
/** Quarto shortcodes: `{{< name args >}}` and `{{% name args %}}`. */
const SHORTCODE = /\{\{<[^\r\n]*?>\}\}|\{\{%[^\r\n]*?%\}\}/g;

/**
 * Where a slice of the parsed text holds attributes or shortcodes, which are not prose wherever
 * they stand (after a heading, a span, a link, an image or inline code).
 *
 * @param source The parsed text.
 * @param from First offset of the slice.
 * @param to Offset just past the slice.
 * @returns Sorted, disjoint [start, end) ranges in `source` offsets; empty when the slice has no `{`.
 */
export function attributeRanges(source: string, from: number, to: number): Array<[number, number]> {
  const slice = source.slice(from, to);
  if (!slice.includes('{')) return [];
  const ranges: Array<[number, number]> = [];
  for (const m of slice.matchAll(SHORTCODE)) ranges.push([from + m.index, from + m.index + m[0].length]);
  for (const m of slice.matchAll(ATTRIBUTES)) {
    const start = from + m.index;
    if (!ranges.some(([s, e]) => start >= s && start < e)) ranges.push([start, start + m[0].length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * Quarto's cross-reference prefixes (`@sec-intro`, `[@fig-map]`): a key with one of them names a
 * section, figure, table, equation, listing or theorem of the document, never a bibliography entry.
 */
const CROSS_REF = /^(?:sec|fig|tbl|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg)-/;

/**
 * Whether a citation key is a Quarto cross-reference.
 *
 * @param key A citation key without its `@`.
 * @returns True for `sec-intro`, `fig-map`, `tbl-partners`…
 */
export function isCrossReference(key: string): boolean {
  return CROSS_REF.test(key);
}
