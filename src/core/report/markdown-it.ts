import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { analyze } from '../analysis/analyze';
import { entryYear, type Dataset } from '../dataset/load';
import { lineAt } from '../text/lines';
import type { Analysis, AnalyzeOptions, Entry, Point, Reference, UncataloguedReference } from '../types';

/** How the preview plugin finds its data. */
export interface PreviewPluginOptions {
  /** The dataset to match against, read on every render so that edits to it show. */
  dataset: () => Dataset;
  /**
   * The analysis of the text being rendered (`src` is markdown-it's normalised source), when the
   * host already has it (the editor's shared analysis of the same text). Without it, or when it
   * returns `undefined`, the plugin runs `analyze(src, dataset())` itself.
   */
  analysis?: (src: string, env: unknown) => Analysis | undefined;
  /** Whether to mark anything; read on every render. */
  enabled?: () => boolean;
  /**
   * Whether to mark names of engagements the dataset lacks too (on when absent); read on every
   * render. Off, the plugin's own analysis runs without the detector.
   */
  uncatalogued?: () => boolean;
}

/** The token types the plugin adds; markdown-it's default renderer writes them as `<span …>` and `</span>`. */
export const PREVIEW_OPEN = 'policy_lens_open';
export const PREVIEW_CLOSE = 'policy_lens_close';

function describe(entry: Entry | undefined, dataset: Dataset): string {
  if (!entry) return '';
  if (entry.kind === 'agreement') return [entry.label, entryYear(entry), entry.type].filter((p) => p !== undefined && p !== '').join(' · ');
  if (entry.kind === 'pillar')
    return `${entry.label} · pillar ${entry.number} of ${dataset.entries.get(entry.policy)?.label ?? entry.policy}`;
  return `${entry.label} · ${entry.type}`;
}

/**
 * The tooltip of a reference in the preview: label, year and type of an agreement ("Japan–Estonia
 * Memorandum of Cooperation · 2022 · memorandum"); a pillar's number and policy; a country or
 * bloc; for an ambiguous name, every candidate.
 *
 * @param ref The reference.
 * @param dataset The dataset it was found with.
 * @returns Plain text (the renderer escapes it).
 */
export function previewTitle(ref: Reference, dataset: Dataset): string {
  if (ref.candidates)
    return `Ambiguous, one of: ${ref.candidates.map((id) => describe(dataset.entries.get(id), dataset) || id).join('; ')}`;
  return describe(dataset.entries.get(ref.id), dataset) || ref.label;
}

/** The class list of a reference's span: `policy-lens-ref policy-lens-<kind>`, plus `policy-lens-ambiguous`. */
function classes(ref: Reference): string {
  return `policy-lens-ref policy-lens-${ref.kind}${ref.candidates ? ' policy-lens-ambiguous' : ''}`;
}

/** The class of a name the dataset lacks: apart from `policy-lens-ref`, so that references and these names are told apart. */
export const PREVIEW_UNCATALOGUED_CLASS = 'policy-lens-uncatalogued';

/**
 * What one mark's span says: a reference's classes, title and entry id, or, for a name the dataset
 * lacks, its own class and a title saying so (no id: it has none).
 */
function markOf(item: Reference | UncataloguedReference, dataset: Dataset): Mark {
  const range = { start: item.start.offset, end: item.end.offset };
  if (item.id === null) return { ...range, classes: PREVIEW_UNCATALOGUED_CLASS, title: `${item.label} · not in the dataset` };
  return { ...range, classes: classes(item), title: previewTitle(item, dataset), id: item.id };
}

function lineStartsOf(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * An analysis of a text with CRLF or CR line ends, with its offsets moved to the same lines and
 * columns of `src`, that text as markdown-it reads it (LF only): an editor's analysis of a CRLF
 * document serves the plugin's `analysis` option without a second analysis.
 *
 * @param analysis The analysis of the original text.
 * @param src The text with its line ends made LF.
 * @returns The same analysis at offsets in `src`.
 */
export function atLfOffsets(analysis: Analysis, src: string): Analysis {
  const lineStarts = lineStartsOf(src);
  const at = (p: Point): Point => ({ ...p, offset: (lineStarts[p.line - 1] ?? src.length) + p.column - 1 });
  const moved = <T extends { start: Point; end: Point }>(x: T): T => ({ ...x, start: at(x.start), end: at(x.end) });
  return {
    ...analysis,
    references: analysis.references.map(moved),
    diagnostics: analysis.diagnostics.map(moved),
    ...(analysis.uncatalogued ? { uncatalogued: analysis.uncatalogued.map(moved) } : {}),
  };
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';

/**
 * Where each line of an inline token's content starts in the source, or undefined when a line
 * cannot be found as written (markdown-it rewrote it, e.g. an escaped pipe in a table cell).
 * Block containers strip a prefix (indentation, `>`, a list marker, `#`) and the last line may
 * lose trailing blanks, so each content line is the end of its source line; a table cell is
 * found from where the previous cell of the same row ended.
 */
function contentLineStarts(
  content: string,
  first: number,
  src: string,
  lineStarts: readonly number[],
  cells: Map<number, number> | undefined,
): number[] | undefined {
  const lines = content.split('\n');
  const out: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = first + k;
    if (line >= lineStarts.length) return undefined;
    const start = lineStarts[line]!;
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : src.length;
    const source = src.slice(start, end);
    const text = lines[k]!;
    let at: number;
    if (cells) {
      at = source.indexOf(text, cells.get(line) ?? 0);
      if (at !== -1) cells.set(line, at + text.length);
    } else {
      at = source.lastIndexOf(text);
    }
    if (at === -1) return undefined;
    out.push(start + at);
  }
  return out;
}

type Helpers = MarkdownIt['helpers'];

/** The end of a link or image after its label's `]`: an inline `(destination "title")`, a `[reference]`, or nothing. */
function linkTail(s: string, pos: number, helpers: Helpers): number {
  if (s[pos] === '(') {
    let p = pos + 1;
    while (isBlank(s[p])) p++;
    const dest = helpers.parseLinkDestination(s, p, s.length);
    if (dest.ok) {
      p = dest.pos;
      const afterDest = p;
      while (isBlank(s[p])) p++;
      const title = helpers.parseLinkTitle(s, p, s.length);
      if (p !== afterDest && title.ok) {
        p = title.pos;
        while (isBlank(s[p])) p++;
      }
    }
    if (s[p] === ')') return p + 1;
  }
  if (s[pos] === '[') {
    for (let p = pos + 1; p < s.length; p++) {
      if (s[p] === '\\') p++;
      else if (s[p] === ']') return p + 1;
      else if (s[p] === '[') break;
    }
  }
  return pos;
}

/**
 * Where each child of an inline token lies in the token's content, walking them in order: text is
 * verbatim, escapes and entities keep their source in `markup`, and what is not prose (code
 * spans, inline HTML, link destinations and titles, autolinks, images) is stepped over whole, so
 * that no text is looked for inside it. Returns undefined for a token it does not know.
 */
function locate(
  children: readonly Token[],
  s: string,
  from: number,
  helpers: Helpers,
  ranges: Map<Token, [number, number]>,
): number | undefined {
  let pos = from;
  const find = (needle: string): number => (s.startsWith(needle, pos) ? pos : s.indexOf(needle, pos));
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    switch (t.type) {
      case 'text':
      case 'text_special': {
        const source = t.type === 'text' ? t.content : t.markup;
        const at = find(source);
        if (at === -1) return undefined;
        ranges.set(t, [at, at + source.length]);
        pos = at + source.length;
        break;
      }
      case 'softbreak':
      case 'hardbreak': {
        const at = s.indexOf('\n', pos);
        if (at === -1) return undefined;
        pos = at + 1;
        while (s[pos] === ' ' || s[pos] === '\t') pos++;
        break;
      }
      case 'code_inline': {
        const open = find(t.markup);
        if (open === -1) return undefined;
        let close = open + t.markup.length;
        for (;;) {
          close = s.indexOf('`', close);
          if (close === -1) return undefined;
          let end = close;
          while (s[end] === '`') end++;
          if (end - close === t.markup.length) break;
          close = end;
        }
        pos = close + t.markup.length;
        break;
      }
      case 'html_inline': {
        const at = find(t.content);
        if (at === -1) return undefined;
        pos = at + t.content.length;
        break;
      }
      case 'link_open': {
        if (t.markup === 'autolink' || t.markup === 'linkify') {
          // `<https://…>` or a bare URL: no prose inside, step over it (its text may be normalised)
          const url = children[i + 1]?.type === 'text' ? children[i + 1]!.content : '';
          if (t.markup === 'autolink') {
            const end = s.indexOf('>', pos);
            if (end !== -1) pos = end + 1;
          } else if (url && s.startsWith(url, pos)) pos += url.length;
          while (i + 1 < children.length && children[i + 1]!.type !== 'link_close') i++;
          i++;
          break;
        }
        const at = find('[');
        if (at === -1) return undefined;
        pos = at + 1;
        break;
      }
      case 'link_close': {
        const at = find(']');
        if (at === -1) return undefined;
        pos = linkTail(s, at + 1, helpers);
        break;
      }
      case 'image': {
        const at = find('![');
        if (at === -1) return undefined;
        const end = locate(t.children ?? [], s, at + 2, helpers, new Map());
        if (end === undefined) return undefined;
        const close = s.indexOf(']', end);
        if (close === -1) return undefined;
        pos = linkTail(s, close + 1, helpers);
        break;
      }
      default: {
        if (t.nesting !== 0) {
          // emphasis, strikethrough and the like: their markers are stepped over by the next find
          if (t.markup && s.startsWith(t.markup, pos)) pos += t.markup.length;
          break;
        }
        // a plugin's leaf (math, an emoji shortcode): its source is its markup around its content
        const source = `${t.markup}${t.content}${t.markup}`;
        if (!t.content || !s.startsWith(source, pos)) return undefined;
        pos += source.length;
      }
    }
  }
  return pos;
}

/** One reference (or name the dataset lacks) to mark in an inline token: its source range and what the span says. */
interface Mark {
  start: number;
  end: number;
  classes: string;
  title: string;
  /** The entry id (`data-policy-lens-id`); none for a name the dataset lacks. */
  id?: string;
}

/**
 * Splits the text tokens of `children` at every mark boundary inside them and wraps each mark's
 * tokens in a span. When a mark's tokens are not balanced (a name that starts inside emphasis and
 * ends after it, `*the Estonia* MOC`), it is first widened over enclosing markup that it covers
 * whole; if that cannot balance it, each run of its text gets a span of its own, the later ones
 * with the class `policy-lens-cont`.
 */
function wrap(state: StateCore, children: Token[], where: Map<Token, [number, number]>, marks: readonly Mark[]): Token[] {
  const bounds = [...new Set(marks.flatMap((m) => [m.start, m.end]))].sort((a, b) => a - b);
  const tokens: Token[] = [];
  for (const t of children) {
    const range = where.get(t);
    if (!range || t.type !== 'text') {
      tokens.push(t);
      continue;
    }
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid]! <= range[0]) lo = mid + 1;
      else hi = mid;
    }
    const cuts: number[] = [];
    for (let j = lo; j < bounds.length && bounds[j]! < range[1]; j++) cuts.push(bounds[j]!);
    let from = range[0];
    for (const cut of [...cuts, range[1]]) {
      const piece = cuts.length === 0 ? t : new state.Token('text', '', 0);
      if (piece !== t) {
        piece.content = t.content.slice(from - range[0], cut - range[0]);
        piece.level = t.level;
      }
      where.set(piece, [from, cut]);
      tokens.push(piece);
      from = cut;
    }
  }
  const opens = new Map<number, Token[]>();
  const closes = new Map<number, Token[]>();
  const span = (m: Mark, level: number, continued: boolean): [Token, Token] => {
    const open = new state.Token(PREVIEW_OPEN, 'span', 1);
    open.attrs = [
      ['class', m.classes + (continued ? ' policy-lens-cont' : '')],
      ['title', m.title],
    ];
    if (m.id !== undefined) open.attrs.push(['data-policy-lens-id', m.id]);
    open.level = level;
    const close = new state.Token(PREVIEW_CLOSE, 'span', -1);
    close.level = level;
    return [open, close];
  };
  const schedule = (m: Mark, first: number, last: number, continued: boolean): void => {
    const [open, close] = span(m, tokens[first]!.level, continued);
    opens.set(first, [...(opens.get(first) ?? []), open]);
    closes.set(last, [close, ...(closes.get(last) ?? [])]);
  };
  const depthOf = (from: number, to: number): { min: number; end: number } => {
    let depth = 0;
    let min = 0;
    for (let k = from; k <= to; k++) {
      depth += tokens[k]!.nesting;
      min = Math.min(min, depth);
    }
    return { min, end: depth };
  };
  // The located tokens lie in source order, so each mark's tokens are found by a binary search
  // (a scan of every token per mark grows with the square of a long paragraph).
  const located: Array<{ k: number; r: [number, number] }> = [];
  tokens.forEach((t, k) => {
    const r = where.get(t);
    if (r) located.push({ k, r });
  });
  for (const m of marks) {
    let lo = 0;
    let hi = located.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (located[mid]!.r[0] < m.start) lo = mid + 1;
      else hi = mid;
    }
    let first = -1;
    let last = -1;
    for (let j = lo; j < located.length && located[j]!.r[0] < m.end; j++) {
      if (located[j]!.r[1] > m.end) continue;
      if (first === -1) first = located[j]!.k;
      last = located[j]!.k;
    }
    if (first === -1) continue;
    // Widen over markup the name covers whole: `*Estonia* MOCs` becomes <span><em>Estonia</em> MOCs</span>.
    for (;;) {
      const { min, end } = depthOf(first, last);
      if (min === 0 && end === 0) break;
      if (min < 0 && first > 0 && tokens[first - 1]!.nesting === 1) first--;
      else if (end > min && last + 1 < tokens.length && tokens[last + 1]!.nesting === -1) last++;
      else break;
    }
    const { min, end } = depthOf(first, last);
    if (min === 0 && end === 0) {
      schedule(m, first, last, false);
      continue;
    }
    let runStart = -1;
    let continued = false;
    for (let k = first; k <= last + 1; k++) {
      const flat = k <= last && tokens[k]!.nesting === 0;
      if (flat && runStart === -1) runStart = k;
      if (!flat && runStart !== -1) {
        schedule(m, runStart, k - 1, continued);
        continued = true;
        runStart = -1;
      }
    }
  }
  const out: Token[] = [];
  tokens.forEach((t, k) => {
    out.push(...(opens.get(k) ?? []), t, ...(closes.get(k) ?? []));
  });
  return out;
}

/**
 * A markdown-it plugin that marks references in rendered Markdown (VS Code's built-in preview,
 * through `markdown.markdownItPlugins`). It runs the same analysis as the editor on the source
 * once per render, then maps each reference's source range onto the text tokens markdown-it
 * made of it, so the preview marks exactly what the editor marks. Each reference becomes
 * `<span class="policy-lens-ref policy-lens-<kind>" title="Label · 2022 · memorandum"
 * data-policy-lens-id="<id>">`; a name the dataset lacks becomes `<span class="policy-lens-uncatalogued"
 * title="<name> · not in the dataset">`. Attribute values are escaped by markdown-it's renderer. Code
 * (fenced, indented, inline), HTML and link destinations are never touched: only text tokens
 * are wrapped. Alt text cannot hold markup and is left as it is.
 *
 * @param md The markdown-it instance.
 * @param options Where the dataset (and, optionally, a ready analysis) come from.
 * @returns Nothing; use it as `md.use(policyLensMarkdownIt, options)`.
 */
export function policyLensMarkdownIt(md: MarkdownIt, options: PreviewPluginOptions): void {
  md.core.ruler.after('inline', 'policy_lens', (state: StateCore) => {
    if (options.enabled && !options.enabled()) return;
    const dataset = options.dataset();
    const detect = options.uncatalogued?.() ?? true;
    const analyzeOptions: AnalyzeOptions = detect ? {} : { uncatalogued: false };
    const analysis = options.analysis?.(state.src, state.env) ?? analyze(state.src, dataset, analyzeOptions);
    // References and names the dataset lacks never overlap (the detector never splits a reference): one list, in source order.
    const unknown = detect ? (analysis.uncatalogued ?? []) : [];
    const refs: Array<Reference | UncataloguedReference> =
      unknown.length === 0 ? analysis.references : [...analysis.references, ...unknown].sort((a, b) => a.start.offset - b.start.offset);
    if (refs.length === 0) return;
    const lineStarts = lineStartsOf(state.src);
    const cells = new Map<number, number>();
    let next = 0;
    let row: [number, number] | null = null;
    state.tokens.forEach((inline, k) => {
      if (inline.type === 'tr_open') row = inline.map;
      if (inline.type !== 'inline' || !inline.children) return;
      // a table cell has no line map of its own: it is on its row's line
      const cell = state.tokens[k - 1]?.type === 'td_open' || state.tokens[k - 1]?.type === 'th_open';
      const map = inline.map ?? (cell ? row : null);
      if (!map) return;
      const starts = contentLineStarts(inline.content, map[0], state.src, lineStarts, cell ? cells : undefined);
      if (!starts) return;
      const blockStart = lineStarts[map[0]]!;
      const blockEnd = map[1] < lineStarts.length ? lineStarts[map[1]]! : state.src.length;
      while (next < refs.length && refs[next]!.end.offset <= blockStart) next++;
      const local: Array<Reference | UncataloguedReference> = [];
      for (let r = next; r < refs.length && refs[r]!.start.offset < blockEnd; r++) local.push(refs[r]!);
      if (local.length === 0) return;
      const inContent = new Map<Token, [number, number]>();
      if (locate(inline.children, inline.content, 0, md.helpers, inContent) === undefined) return;
      // content offsets to source offsets: every text token lies within one line
      const contentLines = lineStartsOf(inline.content);
      const where = new Map<Token, [number, number]>();
      for (const [t, [s, e]] of inContent) {
        const line = lineAt(contentLines, s);
        const at = starts[line]! + (s - contentLines[line]!);
        where.set(t, [at, at + (e - s)]);
      }
      const marks = local.map((ref) => markOf(ref, dataset));
      inline.children = wrap(state, inline.children, where, marks);
    });
  });
}
