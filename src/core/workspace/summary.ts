import type { Analysis, Point } from '../types';

/**
 * What the workspace index keeps of one draft: its title and where it cites what, packed small.
 * No syntax tree and no text: a 40 KB draft with 200 references costs a few kilobytes.
 */
export interface DraftSummary {
  /** The draft's title: its front matter `title`, else its first level-1 heading; undefined when it has neither. */
  title: string | undefined;
  /** The strings the references use: entry ids and the texts of ambiguous names. */
  strings: string[];
  /**
   * `SUMMARY_FIELDS` numbers per reference, in document order: the entry id (index into
   * `strings`), start line, start column, end line, end column (1-based, as core points), and the
   * index into `ambiguous` for an ambiguous reference, else -1.
   */
  refs: Int32Array;
  /** The ambiguous names: the text as written and the candidates (indexes into `strings`). */
  ambiguous: Array<{ text: number; candidates: number[] }>;
  /**
   * Names of engagements the dataset lacks, in document order (a use of a defined abbreviation
   * counts for its name). Plain objects: a draft has few. Empty when the detector was off.
   */
  uncatalogued: SummaryUncatalogued[];
}

/** One occurrence of a name the dataset lacks, as the workspace index keeps it. */
export interface SummaryUncatalogued {
  /** The name as written, normalised (`UncataloguedReference.label`). */
  label: string;
  start: Pick<Point, 'line' | 'column'>;
  end: Pick<Point, 'line' | 'column'>;
}

/** How many numbers `DraftSummary.refs` holds per reference. */
export const SUMMARY_FIELDS = 6;

/**
 * A table that stores each distinct string once, for packed forms that refer to strings by number.
 *
 * @returns The table's strings, and `str`, which gives a string's index, adding it when new.
 */
export function stringTable(): { strings: string[]; str: (s: string) => number } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  return { strings, str };
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_H1 = /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const FRONT_TITLE = /^title:[ \t]*(.+?)[ \t]*$/;

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

/**
 * A draft's title, read from its text without parsing it: the `title` of its YAML front matter,
 * else its first ATX level-1 heading outside fenced code (`# Title`), with inline emphasis marks
 * left as written.
 *
 * @param text The draft's Markdown.
 * @returns The title, or undefined when the draft has neither.
 */
export function draftTitle(text: string): string | undefined {
  const lines = text.split(/\r?\n/, 4000);
  let k = 0;
  if (lines[0] === '---') {
    for (k = 1; k < lines.length && lines[k] !== '---' && lines[k] !== '...'; k++) {
      const m = FRONT_TITLE.exec(lines[k]!);
      if (m) return unquote(m[1]!);
    }
    k++;
  }
  let fence: string | undefined;
  for (; k < lines.length; k++) {
    const line = lines[k]!;
    const f = FENCE.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0]!.repeat(f[1]!.length);
      else if (f[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = ATX_H1.exec(line);
    if (h) return h[1]!.trim();
  }
  return undefined;
}

/**
 * Packs what the workspace index needs of a draft's analysis.
 *
 * @param analysis The draft's analysis.
 * @param text The draft's text (for its title only; it is not kept).
 * @returns The summary, which `WorkspaceIndex` reads.
 */
export function summarizeDraft(analysis: Analysis, text: string): DraftSummary {
  const { strings, str } = stringTable();
  const ambiguous: DraftSummary['ambiguous'] = [];
  const refs = new Int32Array(analysis.references.length * SUMMARY_FIELDS);
  analysis.references.forEach((r, k) => {
    const o = k * SUMMARY_FIELDS;
    refs[o] = str(r.id);
    refs[o + 1] = r.start.line;
    refs[o + 2] = r.start.column;
    refs[o + 3] = r.end.line;
    refs[o + 4] = r.end.column;
    if (r.candidates) {
      refs[o + 5] = ambiguous.length;
      ambiguous.push({ text: str(r.text), candidates: r.candidates.map(str) });
    } else refs[o + 5] = -1;
  });
  const uncatalogued = (analysis.uncatalogued ?? []).map(({ label, start, end }) => ({
    label,
    start: { line: start.line, column: start.column },
    end: { line: end.line, column: end.column },
  }));
  return { title: draftTitle(text), strings, refs, ambiguous, uncatalogued };
}
