import * as l10n from '@vscode/l10n';
import { CORE_SCHEMA, load } from 'js-yaml';
import { frontMatterEnd } from '../analysis/region';
import type { Diagnostic } from '../types';

/**
 * The writer's own bibliography: the files a draft's YAML front matter or its Quarto project
 * (`_quarto.yml`) names under `bibliography:`, and the citation keys they hold. A `[@key]` found
 * there is not an unknown citation. Everything here is given text: the editor and the CLI read the
 * files (bounded, regular files only) and pass it in.
 */

/** The bibliography formats Pandoc and Quarto read whose keys are read here. */
export type BibliographyFormat = 'bibtex' | 'csl-json' | 'csl-yaml';

/** The keys of one bibliography file, and what kept some from being read (one line, or none). */
export interface BibliographyKeys {
  keys: string[];
  problem?: string;
}

/** The `bibliography:` of parsed YAML metadata: one path or a list; anything else names none. */
function pathsOf(metadata: unknown): string[] | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const value = (metadata as { bibliography?: unknown }).bibliography;
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return undefined;
}

/** Parsed YAML, or undefined when it does not parse (the renderer reports that, not the checks). */
function parseYaml(text: string): unknown {
  try {
    // The core schema: a date-like `id: 2020-01-01` stays text; `json` lets a repeated key win, as Pandoc reads it.
    return load(text, { schema: CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
}

/**
 * The bibliography files a draft's YAML front matter names (`bibliography: refs.bib` or a list).
 *
 * @param text The draft's text.
 * @returns The paths as written (relative ones are relative to the draft's folder), or undefined when the front matter names none.
 */
export function frontMatterBibliography(text: string): string[] | undefined {
  const end = frontMatterEnd(text);
  if (end === 0 || !/^\uFEFF?---/.test(text)) return undefined;
  const body = text
    .slice(0, end)
    .replace(/^\uFEFF?---[ \t]*(?:\r\n|\n|\r)/, '')
    .replace(/(?:\r\n|\n|\r)?---[ \t]*(?:\r\n|\n|\r)?$/, '');
  return pathsOf(parseYaml(body));
}

/**
 * The bibliography files a Quarto project's `_quarto.yml` names for every document in it.
 *
 * @param text The text of `_quarto.yml`.
 * @returns The paths as written (relative ones are relative to the project's folder), or undefined when it names none.
 */
export function projectBibliography(text: string): string[] | undefined {
  return pathsOf(parseYaml(text));
}

/**
 * The format of a bibliography file, by its extension, as Pandoc chooses it.
 *
 * @param path A file name or path.
 * @returns Its format, or undefined for one whose keys are not read (RIS, EndNote…).
 */
export function bibliographyFormat(path: string): BibliographyFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'bib' || ext === 'bibtex') return 'bibtex';
  if (ext === 'json') return 'csl-json';
  if (ext === 'yaml' || ext === 'yml') return 'csl-yaml';
  return undefined;
}

/** The 1-based line of an offset, for a message. */
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split(/\r\n|\n|\r/).length;

/**
 * Where the group opened at `open` (a `{` or `(`) closes: braces nest, and a `(` group closes at
 * the first `)` outside braces, as BibTeX reads them.
 */
function groupEnd(text: string, open: number): number {
  const closer = text[open] === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return closer === '}' ? i : -1;
      depth--;
    } else if (c === ')' && closer === ')' && depth === 0) return i;
  }
  return -1;
}

const ENTRY_HEAD = /@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])/y;

/**
 * The citation keys of a BibTeX (or BibLaTeX) file: the key of every entry, not of `@string`,
 * `@preamble` and `@comment`. Text between entries is a comment, as are `%` lines. An entry that
 * never closes still gives its key, and reading goes on at the next line that starts an entry,
 * so one broken entry loses no other key.
 *
 * @param text The file's text.
 * @returns The keys in file order, and the first problem with the number of lines it is on.
 */
export function bibtexKeys(text: string): BibliographyKeys {
  const keys: string[] = [];
  const problems: string[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    // A `%` earlier on the same line makes the rest of the line a comment.
    const lineStart = Math.max(text.lastIndexOf('\n', at), text.lastIndexOf('\r', at)) + 1;
    if (text.slice(lineStart, at).includes('%')) {
      i = at + 1;
      continue;
    }
    ENTRY_HEAD.lastIndex = at;
    const head = ENTRY_HEAD.exec(text);
    if (!head) {
      i = at + 1;
      continue;
    }
    const type = head[1]!.toLowerCase();
    const open = at + head[0].length - 1;
    const end = groupEnd(text, open);
    if (type !== 'string' && type !== 'preamble' && type !== 'comment') {
      const key = /^[ \t\r\n]*([^,\s{}()]+)[ \t\r\n]*(?:,|[})]|$)/.exec(text.slice(open + 1, end < 0 ? undefined : end + 1));
      if (key) keys.push(key[1]!);
      else problems.push(l10n.t('line {0}: an entry without a key', lineOf(text, at)));
    }
    if (end < 0) {
      problems.push(l10n.t('line {0}: the entry is never closed', lineOf(text, at)));
      const next = /(?:\r\n|\n|\r)[ \t]*@/g;
      next.lastIndex = open;
      const m = next.exec(text);
      if (!m) break;
      i = m.index + m[0].length - 1;
      continue;
    }
    i = end + 1;
  }
  return problems.length > 0
    ? { keys, problem: problems[0]! + (problems.length > 1 ? l10n.t(' (and {0} more)', problems.length - 1) : '') }
    : { keys };
}

/** The `id` of each item of a CSL list (a number counts as its digits); the rest are skipped. */
function cslIds(items: readonly unknown[]): string[] {
  return items.flatMap((item) => {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id.trim() ? [id.trim()] : typeof id === 'number' ? [String(id)] : [];
  });
}

/**
 * The citation keys of a bibliography file: a BibTeX entry's key, a CSL item's `id` (CSL-JSON: an
 * array of items; CSL-YAML: `references:` with a list of items, or the list itself).
 *
 * @param text The file's text.
 * @param format Its format (`bibliographyFormat`).
 * @returns The keys, and a one-line problem when the file could not be read whole.
 */
export function bibliographyKeys(text: string, format: BibliographyFormat): BibliographyKeys {
  if (format === 'bibtex') return bibtexKeys(text);
  if (format === 'csl-json') {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return { keys: [], problem: l10n.t('not valid JSON: {0}', error instanceof Error ? error.message : String(error)) };
    }
    return Array.isArray(data) ? { keys: cslIds(data) } : { keys: [], problem: l10n.t('not CSL-JSON: expected an array of items') };
  }
  const data = parseYaml(text);
  const items = Array.isArray(data) ? data : (data as { references?: unknown } | undefined)?.references;
  if (data === undefined) return { keys: [], problem: l10n.t('not valid YAML') };
  return Array.isArray(items)
    ? { keys: cslIds(items) }
    : { keys: [], problem: l10n.t('not CSL-YAML: expected a list of items under "references"') };
}

/**
 * The diagnostics of an analysis without the unknown citations whose key the writer's own
 * bibliography holds. A key in neither the dataset nor the bibliography is still reported.
 *
 * @param diagnostics An analysis' diagnostics.
 * @param text The text it was made of (an unknown citation's range is its `@key`).
 * @param keys The bibliography's keys.
 * @returns The diagnostics to show; the same array when none is dropped.
 */
export function withoutBibliographyCitations(diagnostics: Diagnostic[], text: string, keys: ReadonlySet<string>): Diagnostic[] {
  if (keys.size === 0) return diagnostics;
  const known = (d: Diagnostic): boolean =>
    d.code === 'unknown-citation' && keys.has(text.slice(d.start.offset, d.end.offset).replace(/^@/, ''));
  return diagnostics.some(known) ? diagnostics.filter((d) => !known(d)) : diagnostics;
}
