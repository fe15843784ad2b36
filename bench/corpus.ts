/**
 * The real-prose bench corpus: drafts written the way policy papers are, concatenated to a size.
 * Sources are the repository's own prose: `examples/`, the recall fixtures (their `{{text|id}}`
 * annotations stripped) and the long-form drafts in `bench/corpus/` (long paragraphs, a summary
 * table, many footnotes). Each copy's footnote and link labels get a suffix so that they stay
 * distinct, and every definition is gathered at the end of the document, as Pandoc and most
 * writers keep them. Also: the hard-wrapped paste (one paragraph broken every 80 characters, as
 * text pasted from a PDF arrives).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root: bench.ts runs from dist/, tsx from bench/. */
const ROOT = path.join(__dirname, '..');

/** Strips the recall fixtures' annotations: `{{text|id}}` becomes `text` (a span may hold a newline). */
export function stripAnnotations(text: string): string {
  return text.replace(/\{\{([^{}|]*)\|[^{}]*\}\}/g, '$1');
}

/** Drops front matter: one document has at most one, at its top. */
function withoutFrontMatter(text: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/** The source drafts, in a fixed order. */
export function corpusSources(): Array<{ name: string; text: string }> {
  const dirs = ['examples', 'test/fixtures/recall', 'test/fixtures/recall/heldout-2026', 'bench/corpus'];
  const out: Array<{ name: string; text: string }> = [];
  for (const dir of dirs) {
    const files = readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .sort();
    for (const f of files) {
      const raw = readFileSync(path.join(ROOT, dir, f), 'utf8').replace(/\r\n?/g, '\n');
      out.push({ name: `${dir}/${f}`, text: withoutFrontMatter(stripAnnotations(raw)) });
    }
  }
  return out;
}

/** A definition line: a footnote (`[^label]:`) or a link reference definition (`[label]: url`). */
const DEFINITION = /^ {0,3}\[(\^?)([^\]\n]+)\]:/;

/**
 * Splits a draft into its body and its definitions (footnote definitions with their indented
 * continuation, and link reference definitions), labels suffixed with `-c<copy>`.
 */
function split(text: string, copy: number): { body: string; definitions: string[] } {
  const rename = (s: string): string => s.replace(/\[\^([^\]\s]+)\]/g, `[^$1-c${copy}]`).replace(/\]\[([^\]^][^\]]*)\]/g, `][$1-c${copy}]`);
  const blocks = text.split(/\n[ \t]*\n/);
  const body: string[] = [];
  const definitions: string[] = [];
  let inDefinition = false;
  for (const block of blocks) {
    const m = DEFINITION.exec(block);
    if (m) {
      inDefinition = true;
      const renamed = m[1] ? rename(block) : block.replace(DEFINITION, (d, _f, label: string) => d.replace(label, `${label}-c${copy}`));
      definitions.push(renamed);
    } else if (inDefinition && /^( {4}|\t)/.test(block)) {
      definitions[definitions.length - 1] += `\n\n${rename(block)}`;
    } else {
      inDefinition = false;
      if (block.trim()) body.push(rename(block));
    }
  }
  return { body: body.join('\n\n'), definitions };
}

/**
 * A real-prose draft of about `bytes` characters: the sources in turn (copy after copy), with every
 * footnote and link definition gathered at the end.
 *
 * @param bytes The size to reach.
 * @returns The draft.
 */
export function realProseDraft(bytes: number): string {
  const sources = corpusSources();
  const body: string[] = ['---\ntitle: Real-prose bench draft\n---'];
  const definitions: string[] = [];
  let size = body[0]!.length;
  for (let k = 0; size < bytes; k++) {
    const source = sources[k % sources.length]!;
    const part = split(source.text, Math.floor(k / sources.length) * 1000 + k);
    body.push(part.body);
    definitions.push(...part.definitions);
    size += part.body.length + 2 + part.definitions.reduce((a, d) => a + d.length + 2, 0);
  }
  return `${body.join('\n\n')}\n\n${definitions.join('\n\n')}\n`;
}

/**
 * What pasting a PDF gives: one paragraph of about `bytes` characters of prose, a line break every
 * 80 characters (mid-word as often as not), no blank line.
 *
 * @param bytes The size to reach.
 * @returns The text.
 */
export function hardWrappedPaste(bytes: number): string {
  const prose = corpusSources()
    .map((s) => s.text)
    .join(' ')
    // Plain running text: no Markdown structure survives a PDF copy.
    .replace(/\[\^[^\]]*\]/g, '')
    .replace(/^[#>|-].*$/gm, '')
    .replace(/\s+/g, ' ');
  let flat = '';
  while (flat.length < bytes) flat += prose;
  flat = flat.slice(0, bytes);
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 80) lines.push(flat.slice(i, i + 80).trimStart());
  return `${lines.join('\n')}\n`;
}

/**
 * What pasting a PDF gives when nothing of Markdown survives: the hard-wrapped paste without its
 * emphasis, brackets, code and HTML characters, and without the list and quote markers that its
 * wrapping put at line starts.
 *
 * @param bytes The size to reach (about).
 * @returns The text.
 */
export function plainPaste(bytes: number): string {
  return hardWrappedPaste(bytes)
    .replace(/[*_`#>|[\]()<~]/g, '')
    .replace(/^(?:\d{1,9}[.)]|[-+])(?=[ \t]|$)/gm, '');
}

/** The shape of a draft, to compare with a working paper's. */
export interface ProseShape {
  bytes: number;
  paragraphs: number;
  /** Mean paragraph length in words. */
  wordsPerParagraph: number;
  /** Capitalised words per KB (not at a sentence start). */
  capitalisedPerKB: number;
  /** Footnote references per KB. */
  footnotesPerKB: number;
  /** Footnote definitions. */
  footnoteDefinitions: number;
  /** Table rows per KB. */
  tableRowsPerKB: number;
}

/**
 * Measures a draft's shape: paragraph length, capitalised words, footnotes and table rows.
 *
 * @param text A Markdown draft.
 * @returns Its shape.
 */
export function proseShape(text: string): ProseShape {
  const kb = text.length / 1000;
  const blocks = text.split(/\n[ \t]*\n/);
  const paragraphs = blocks.filter((b) => /^[A-Za-z“"(‘']/.test(b.trimStart()) && !DEFINITION.test(b));
  const words = paragraphs.reduce((a, p) => a + p.split(/\s+/).filter(Boolean).length, 0);
  const capitalised = (text.match(/(?<![.!?]\s|^|\n)(?<=\s)[A-Z][\p{L}’'-]+/gu) ?? []).length;
  const footnotes = (text.match(/\[\^[^\]]+\](?!:)/g) ?? []).length;
  const definitions = (text.match(/^\[\^[^\]]+\]:/gm) ?? []).length;
  const rows = (text.match(/^\|.*\|[ \t]*$/gm) ?? []).length;
  const r = (x: number): number => Number(x.toFixed(1));
  return {
    bytes: text.length,
    paragraphs: paragraphs.length,
    wordsPerParagraph: r(words / Math.max(1, paragraphs.length)),
    capitalisedPerKB: r(capitalised / kb),
    footnotesPerKB: r(footnotes / kb),
    footnoteDefinitions: definitions,
    tableRowsPerKB: r(rows / kb),
  };
}
