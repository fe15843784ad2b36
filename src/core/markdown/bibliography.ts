import * as l10n from '@vscode/l10n';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { frontMatterEnd } from '../analysis/region';
import { jsonSyntaxMessage } from '../text/json-syntax';
import type { Diagnostic } from '../types';

/**
 * The writer's own bibliography: the files a draft's YAML front matter or its Quarto project
 * (`_quarto.yml`) names under `bibliography:`, and the citation keys they hold. A `[@key]` found
 * there is not an unknown citation. Everything here is given text: the editor and the CLI read the
 * files (bounded, regular files only) and pass it in.
 */

/** The bibliography formats Pandoc and Quarto read whose keys are read here. */
/** The names Quarto gives a project's file, in the order it looks for them. */
export const QUARTO_PROJECT_FILES: readonly string[] = ['_quarto.yml', '_quarto.yaml'];
/** The names of a folder's shared metadata in a Quarto project, in the order Quarto looks for them. */
export const QUARTO_METADATA_FILES: readonly string[] = ['_metadata.yml', '_metadata.yaml'];

export type BibliographyFormat = 'bibtex' | 'csl-json' | 'csl-yaml';

/** The keys of one bibliography file, and what kept some from being read (one line, or none). */
export interface BibliographyKeys {
  keys: string[];
  problem?: string;
}

/** One entry of a bibliography file: its key, and what the file says of it for a completion list. */
export interface BibliographyEntry {
  key: string;
  /** The title, as plain text (BibTeX braces and accent commands resolved). */
  title?: string;
  /** The authors (or, without them, the editors), one name each, as plain text. */
  authors?: string[];
  /** The year of publication: the first four-digit year of BibTeX `year` or `date`, or CSL `issued`. */
  year?: string;
}

/** The entries of one bibliography file, and what kept some from being read (one line, or none). */
export interface BibliographyEntries {
  entries: BibliographyEntry[];
  problem?: string;
}

/**
 * A `bibliography:` field as written: its paths, and whether it was a list. The difference
 * matters when Quarto merges metadata: lists add up, a single path replaces another.
 */
export interface BibliographyField {
  paths: string[];
  list: boolean;
}

/** The `bibliography:` of parsed YAML metadata: one path or a list; anything else names none. */
function fieldOf(metadata: unknown): BibliographyField | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const value = (metadata as { bibliography?: unknown }).bibliography;
  if (typeof value === 'string') return { paths: value.trim() ? [value.trim()] : [], list: false };
  if (Array.isArray(value))
    return { paths: value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()), list: true };
  return undefined;
}

function pathsOf(metadata: unknown): string[] | undefined {
  return fieldOf(metadata)?.paths;
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
  return frontMatterBibliographyField(text)?.paths;
}

/**
 * The `bibliography:` of a draft's YAML front matter as written (see `BibliographyField`).
 *
 * @param text The draft's text.
 * @returns The field, or undefined when the front matter names none.
 */
export function frontMatterBibliographyField(text: string): BibliographyField | undefined {
  const end = frontMatterEnd(text);
  if (end === 0 || !/^\uFEFF?---/.test(text)) return undefined;
  const body = text
    .slice(0, end)
    .replace(/^\uFEFF?---[ \t]*(?:\r\n|\n|\r)/, '')
    .replace(/(?:\r\n|\n|\r)?---[ \t]*(?:\r\n|\n|\r)?$/, '');
  return fieldOf(parseYaml(body));
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
 * The `bibliography:` of a YAML metadata file as written: a Quarto project's `_quarto.yml` or a
 * folder's `_metadata.yml` (see `BibliographyField`).
 *
 * @param text The file's text.
 * @returns The field, or undefined when the file names none or does not parse.
 */
export function metadataBibliographyField(text: string): BibliographyField | undefined {
  return fieldOf(parseYaml(text));
}

/**
 * The bibliography files a document gets from metadata merged as Quarto merges it: the project's
 * `_quarto.yml` first, then each `_metadata.yml` from the project's folder down to the document's,
 * then the document's front matter. A later single path replaces what came before; where either
 * side is a list, the two add up (a single path counting as a list of one), without repeats.
 *
 * @param levels The fields, outermost first, each with what its relative paths resolve against
 *   (the folder of the file that names them); a level without a field is skipped.
 * @returns Each path with its level's base, in order.
 */
export function mergeBibliographyFields<T>(
  levels: ReadonlyArray<{ field: BibliographyField | undefined; base: T }>,
): Array<{ path: string; base: T }> {
  let merged: Array<{ path: string; base: T }> = [];
  let list = false;
  let named = false;
  for (const { field, base } of levels) {
    if (!field) continue;
    const paths = field.paths.map((path) => ({ path, base }));
    merged = named && (list || field.list) ? [...merged, ...paths] : paths;
    list ||= field.list;
    named = true;
  }
  return merged;
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

/** The combining mark of each accent command of (La)TeX: `\\"o` is ö, `\\c{c}` is ç. */
const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
};

/** Letters (La)TeX writes as commands. */
const LETTERS: Readonly<Record<string, string>> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  i: 'ı',
};

/**
 * A BibTeX field value as plain text: accent and letter commands become the characters they
 * stand for, escaped specials lose their backslash, braces go, and white space is one space.
 * Other commands keep their argument (`\\emph{Data}` is "Data").
 */
function plainTeX(value: string): string {
  return (
    value
      // A letter-named accent (`\c`, `\u`…) is one only when no letter follows: `\url` is not `\u`.
      .replace(/\\(?:(["'`^~=.])|([uvHckr])(?![a-zA-Z]))\s*(?:\{\s*(\\?[a-zA-Z])\s*\}|(\\?[a-zA-Z]))/g, (...m: unknown[]) => {
        const letter = ((m[3] ?? m[4]) as string).replace(/^\\/, '');
        return letter + ACCENTS[(m[1] ?? m[2]) as string]!;
      })
      .replace(/\\([a-zA-Z]+)\s*/g, (_m, name: string) => LETTERS[name] ?? '')
      .replace(/\\([&%$#_{}\\ ])/g, '$1')
      .replace(/[{}]/g, '')
      .replace(/~/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFC')
  );
}

/** Splits at a top-level (outside braces) match of `separator`. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      separator.lastIndex = i;
      const m = separator.exec(text);
      if (m && m.index === i) {
        parts.push(text.slice(from, i));
        from = i + m[0].length;
        i = from - 1;
      }
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** One BibTeX name as it reads: `Tanaka, Taro` is "Taro Tanaka"; `{Team of the OECD}` stays whole. */
function bibtexName(raw: string): string {
  const parts = splitTopLevel(raw.trim(), /,/y).map((p) => p.trim());
  // "von Last, Jr, First" and "von Last, First": the given names come last.
  const ordered = parts.length >= 3 ? [parts[2], parts[0], parts[1]] : parts.length === 2 ? [parts[1], parts[0]] : parts;
  return plainTeX(ordered.filter((p) => p).join(' '));
}

/** The first four-digit year in a text. */
const yearIn = (text: string): string | undefined => /(?<!\d)(\d{4})(?!\d)/.exec(text)?.[1];

/**
 * The fields of an entry's body (after its key): `name = value` pairs, a value being `{…}`,
 * `"…"`, a number or a `@string` name, joined by `#`. Reading stops at the first thing that is
 * none of these: the key is what the checks need, the fields only add detail.
 */
function bibtexFields(body: string, strings: ReadonlyMap<string, string>): Map<string, string> {
  const fields = new Map<string, string>();
  const name = /[\s,]*([^\s=,{}()"#%]+)\s*=\s*/y;
  let i = 0;
  for (;;) {
    name.lastIndex = i;
    const n = name.exec(body);
    if (!n) break;
    i = name.lastIndex;
    let value = '';
    for (;;) {
      const c = body[i];
      if (c === '{' || c === '"') {
        let depth = 0;
        let j = i + 1;
        for (; j < body.length; j++) {
          const d = body[j];
          if (d === '\\') j++;
          else if (d === '{') depth++;
          else if (d === '}' && depth > 0) depth--;
          else if (depth === 0 && d === (c === '{' ? '}' : '"')) break;
        }
        if (j >= body.length) return fields;
        value += body.slice(i + 1, j);
        i = j + 1;
      } else {
        const word = /[^\s,#{}()"=]+/y;
        word.lastIndex = i;
        const w = word.exec(body);
        if (!w) return fields;
        value += /^\d+$/.test(w[0]) ? w[0] : (strings.get(w[0].toLowerCase()) ?? '');
        i = word.lastIndex;
      }
      const hash = /\s*#\s*/y;
      hash.lastIndex = i;
      if (!hash.exec(body)) break;
      i = hash.lastIndex;
    }
    fields.set(n[1]!.toLowerCase(), value);
  }
  return fields;
}

/** An entry's detail from its fields. */
function bibtexEntry(key: string, fields: ReadonlyMap<string, string>): BibliographyEntry {
  const entry: BibliographyEntry = { key };
  const title = fields.get('title');
  if (title && plainTeX(title)) entry.title = plainTeX(title);
  const names = fields.get('author') ?? fields.get('editor');
  if (names) {
    const authors = splitTopLevel(names, /\s+and\s+/iy)
      .map(bibtexName)
      .filter((a) => a);
    if (authors.length > 0) entry.authors = authors;
  }
  const year = yearIn(fields.get('year') ?? '') ?? yearIn(fields.get('date') ?? '');
  if (year) entry.year = year;
  return entry;
}

/**
 * The entries of a BibTeX (or BibLaTeX) file: the key of every entry, not of `@string`,
 * `@preamble` and `@comment`, with its title, authors and year where it gives them (`@string`
 * names resolved). Text between entries is a comment, as are `%` lines. An entry that never closes
 * still gives its key, and reading goes on at the next line that starts an entry, so one broken
 * entry loses no other key.
 *
 * @param text The file's text.
 * @returns The entries in file order, and the first problem with the number of lines it is on.
 */
export function bibtexEntries(text: string): BibliographyEntries {
  const entries: BibliographyEntry[] = [];
  const strings = new Map<string, string>();
  // Only the first problem is said in words (with its line), the others counted.
  let first: string | undefined;
  let more = 0;
  const problem = (say: (line: number) => string, at: number): void => {
    if (first === undefined) first = say(lineOf(text, at));
    else more++;
  };
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    // A `%` earlier on the same line makes the rest of the line a comment. The line's start is
    // sought back from the `@` only: a search of the whole text for each entry is quadratic.
    let lineStart = at;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
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
    // An entry that never closes is read up to the next line that starts an entry, where reading goes on.
    const next = /(?:\r\n|\n|\r)[ \t]*@/g;
    next.lastIndex = open;
    const resume = end < 0 ? next.exec(text) : null;
    const body = text.slice(open + 1, end >= 0 ? end : resume ? resume.index : undefined);
    if (type === 'string') {
      for (const [name, value] of bibtexFields(body, strings)) strings.set(name, value);
    } else if (type !== 'preamble' && type !== 'comment') {
      const key = /^[ \t\r\n]*([^,\s{}()]+)[ \t\r\n]*(?:,|$)/.exec(body);
      if (key) entries.push(bibtexEntry(key[1]!, bibtexFields(body.slice(key[0].length), strings)));
      else problem((line) => l10n.t('line {0}: an entry without a key', line), at);
    }
    if (end < 0) {
      problem((line) => l10n.t('line {0}: the entry is never closed', line), at);
      if (!resume) break;
      i = resume.index + resume[0].length - 1;
      continue;
    }
    i = end + 1;
  }
  return first !== undefined ? { entries, problem: first + (more > 0 ? l10n.t(' (and {0} more)', more) : '') } : { entries };
}

/** The keys of a file's entries, with its problem. */
const keysOf = ({ entries, problem }: BibliographyEntries): BibliographyKeys =>
  problem === undefined ? { keys: entries.map((e) => e.key) } : { keys: entries.map((e) => e.key), problem };

/**
 * The citation keys of a BibTeX (or BibLaTeX) file (see `bibtexEntries`).
 *
 * @param text The file's text.
 * @returns The keys in file order, and the first problem with the number of lines it is on.
 */
export function bibtexKeys(text: string): BibliographyKeys {
  return keysOf(bibtexEntries(text));
}

/** A CSL name (`{family, given}`, `{literal}`) as it reads. */
function cslName(name: unknown): string | undefined {
  if (typeof name !== 'object' || name === null) return undefined;
  const n = name as Record<string, unknown>;
  const part = (k: string): string => {
    const value = n[k];
    return typeof value === 'string' ? value.trim() : '';
  };
  const text =
    part('literal') ||
    ['given', 'dropping-particle', 'non-dropping-particle', 'family', 'suffix']
      .map(part)
      .filter((p) => p)
      .join(' ');
  return text || undefined;
}

/** A CSL date's year: `date-parts`, `literal`, `raw`, or a date written as text (CSL-YAML). */
function cslYear(date: unknown): string | undefined {
  if (typeof date === 'string' || typeof date === 'number') return yearIn(String(date));
  if (typeof date !== 'object' || date === null) return undefined;
  const d = date as Record<string, unknown>;
  const first = Array.isArray(d['date-parts']) && Array.isArray(d['date-parts'][0]) ? (d['date-parts'][0] as unknown[])[0] : undefined;
  if (typeof first === 'number' || typeof first === 'string') return yearIn(String(first).padStart(4, '0'));
  return typeof d.literal === 'string' ? yearIn(d.literal) : typeof d.raw === 'string' ? yearIn(d.raw) : undefined;
}

/** Each item of a CSL list with an `id` (a number counts as its digits); the rest are skipped. */
function cslEntries(items: readonly unknown[]): BibliographyEntry[] {
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const it = item as Record<string, unknown>;
    const id = typeof it.id === 'string' && it.id.trim() ? it.id.trim() : typeof it.id === 'number' ? String(it.id) : undefined;
    if (id === undefined) return [];
    const entry: BibliographyEntry = { key: id };
    // CSL's rich text marks a title up with a few HTML-like tags (italics, case protection…): the detail is plain.
    const title =
      typeof it.title === 'string'
        ? it.title
            .replace(/<\/?(?:i|b|sup|sub|span)(?:\s[^>]*)?>/g, '')
            .replace(/\s+/g, ' ')
            .trim()
        : '';
    if (title) entry.title = title;
    const names = Array.isArray(it.author) && it.author.length > 0 ? it.author : Array.isArray(it.editor) ? it.editor : [];
    const authors = names.flatMap((n) => cslName(n) ?? []);
    if (authors.length > 0) entry.authors = authors;
    const year = cslYear(it.issued);
    if (year) entry.year = year;
    return [entry];
  });
}

/**
 * Where and why a text is not JSON, in the bundle's language: `JSON.parse`, which reads the file
 * (quickly, and without recursing into nested values), says why only in English.
 */
function jsonProblem(json: string): string {
  const errors: ParseError[] = [];
  try {
    parseJsonc(json, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses once per level: a file nested thousands deep overflows its stack.
  }
  const first = errors[0];
  if (!first) return l10n.t('not valid JSON');
  const why =
    printParseErrorCode(first.error) === 'EndOfFileExpected'
      ? l10n.t('nothing may follow the list of items')
      : jsonSyntaxMessage(first.error);
  return l10n.t('line {0}: not valid JSON: {1}', lineOf(json, first.offset), why);
}

/**
 * The entries of a bibliography file: a BibTeX entry's key, a CSL item's `id` (CSL-JSON: an
 * array of items; CSL-YAML: `references:` with a list of items, or the list itself), each with
 * its title, authors and year where the file gives them.
 *
 * @param text The file's text.
 * @param format Its format (`bibliographyFormat`).
 * @returns The entries, and a one-line problem when the file could not be read whole.
 */
export function bibliographyEntries(text: string, format: BibliographyFormat): BibliographyEntries {
  if (format === 'bibtex') return bibtexEntries(text);
  if (format === 'csl-json') {
    let data: unknown;
    const json = text.replace(/^\uFEFF/, '');
    try {
      data = JSON.parse(json);
    } catch {
      return { entries: [], problem: jsonProblem(json) };
    }
    return Array.isArray(data)
      ? { entries: cslEntries(data) }
      : { entries: [], problem: l10n.t('not CSL-JSON: expected an array of items') };
  }
  const data = parseYaml(text);
  const items = Array.isArray(data) ? data : (data as { references?: unknown } | undefined)?.references;
  if (data === undefined) return { entries: [], problem: l10n.t('not valid YAML') };
  return Array.isArray(items)
    ? { entries: cslEntries(items) }
    : { entries: [], problem: l10n.t('not CSL-YAML: expected a list of items under "references"') };
}

/**
 * The citation keys of a bibliography file (see `bibliographyEntries`).
 *
 * @param text The file's text.
 * @param format Its format (`bibliographyFormat`).
 * @returns The keys, and a one-line problem when the file could not be read whole.
 */
export function bibliographyKeys(text: string, format: BibliographyFormat): BibliographyKeys {
  return keysOf(bibliographyEntries(text, format));
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
