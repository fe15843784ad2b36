import * as l10n from '@vscode/l10n';
import { classificationName, countryTypeName } from '../report/words';
import { entryYear, type Dataset } from '../dataset/load';
import type { Entry, EntryKind } from '../types';
import { isCrossReference } from '../markdown/pandoc';

/** Agreements first, then pillars, then countries: what a writer cites most comes first. */
const KIND_RANK: Record<EntryKind, number> = { agreement: 0, pillar: 1, country: 2 };

/** How far back before the cursor a name being typed may start. */
const LOOKBACK = 120;
/** How many words back a name being typed may start. */
const MAX_WORDS = 8;

const DASHES = new Set(['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const folded = new Map<string, string>();

function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
  let f = folded.get(c);
  if (f === undefined) {
    if (DASHES.has(c)) f = '-';
    else if (c === '\u2018' || c === '\u2019') f = "'";
    else if (c === '\u201c' || c === '\u201d') f = '"';
    else if (/\s/.test(c)) f = ' ';
    else {
      const base = c.normalize('NFD').charAt(0).toLowerCase();
      f = base.length === 1 ? base : c;
    }
    folded.set(c, f);
  }
  return f;
}

/**
 * Folds text for completion matching one UTF-16 unit at a time (lower case, diacritics, dashes,
 * quotes and spaces unified), so that a position in the folded text is the same position in the
 * original: the typed part of a name can be cut out of either.
 */
function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldChar(text[i]!);
  return out;
}

function isWord(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}

interface IndexedName {
  text: string;
  folded: string;
  /** Positions where a word starts (after a space, dash, slash, bracket or quote). */
  starts: number[];
  isLabel: boolean;
}

interface IndexedEntry {
  entry: Entry;
  rank: number;
  /** Position in the index: kind, then label. */
  order: number;
  names: IndexedName[];
  id: IndexedName;
}

/** The dataset's names, folded and ordered once per dataset. */
export interface CompletionIndex {
  readonly entries: readonly IndexedEntry[];
}

function indexName(text: string, isLabel: boolean): IndexedName {
  const f = fold(text);
  const starts: number[] = [];
  for (let i = 0; i < f.length; i++) if (isWord(f[i]) && !isWord(f[i - 1])) starts.push(i);
  return { text, folded: f, starts, isLabel };
}

const indexes = new WeakMap<Dataset, CompletionIndex>();

/**
 * The completion index of a dataset: every entry's label and aliases (and a country's official
 * name), folded, with agreements first, then pillars, then countries, each by label. Built once per
 * dataset object and kept while the dataset lives.
 *
 * @param dataset A loaded dataset.
 * @returns The index `completeName` and `completeKey` search.
 */
export function completionIndex(dataset: Dataset): CompletionIndex {
  let index = indexes.get(dataset);
  if (!index) {
    const entries = [...dataset.entries.values()]
      .map((entry) => {
        const names = [entry.label, ...entry.aliases, ...(entry.kind === 'country' ? [entry.officialName] : [])];
        return {
          entry,
          rank: KIND_RANK[entry.kind],
          order: 0,
          names: [...new Set(names)].filter((n) => n.trim().length > 0).map((n, i) => indexName(n, i === 0)),
          id: indexName(entry.id, false),
        };
      })
      .sort((a, b) => a.rank - b.rank || a.entry.label.localeCompare(b.entry.label, 'en') || a.entry.id.localeCompare(b.entry.id));
    entries.forEach((e, i) => (e.order = i));
    index = { entries };
    indexes.set(dataset, index);
  }
  return index;
}

/** An entry whose name the text before the cursor begins. */
export interface NameMatch {
  entry: Entry;
  /** The name matched: the label or an alias, as the dataset writes it. */
  name: string;
  /** How many characters before the cursor belong to the name (the range a completion replaces; 0 for an empty word). */
  length: number;
  /** Where in `name` the typed text starts: 0 when typed from the start of the name, else the start of a later word. */
  nameOffset: number;
  /** The rest of `name` after the typed text; typed text + rest is a filter text that keeps the item while typing goes on. */
  rest: string;
}

interface Scored<T> {
  match: T;
  tier: number;
  length: number;
  order: number;
  rank: number;
}

function byScore<T>(a: Scored<T>, b: Scored<T>): number {
  return a.rank - b.rank || a.tier - b.tier || b.length - a.length || a.order - b.order;
}

/**
 * The entries a name being typed may be, for word-based completion. The current word must begin
 * the name or one of its words, case- and accent-insensitively (`esto` finds the Japan–Estonia
 * memorandum through its alias "Estonia MOC"). When the words before it begin the same name
 * (`Japan–EU Dig`), they belong to the match too, so that accepting replaces all of them, and
 * names that only the current word begins are left out; a name matched from a later word replaces
 * only the current word.
 *
 * @param dataset The dataset.
 * @param before The text of the line before the cursor.
 * @param options `minLength`: the shortest current word that gets completions. An empty word always
 *   gets them (all entries): typing never asks for completions there, so only Ctrl+Space does.
 * @returns One match per entry, agreements first, then pillars, then countries; within a kind,
 *   names typed from their start before names matched from a later word, longer matches first.
 */
export function completeName(dataset: Dataset, before: string, options: { minLength?: number } = {}): NameMatch[] {
  const cut = Math.max(0, before.length - LOOKBACK);
  const tail = fold(before.slice(cut));
  const previous = cut > 0 ? foldChar(before[cut - 1]!) : ' ';
  let q = 0;
  while (q < tail.length && isWord(tail[tail.length - 1 - q])) q++;
  if (q > 0 && q < (options.minLength ?? 0)) return [];
  const word = tail.slice(tail.length - q);
  // Typed texts that may begin a name, shortest (the current word) first.
  const typed = [word];
  for (let i = tail.length - q - 1; i >= 0 && typed.length <= MAX_WORDS; i--) {
    if (isWord(tail[i]) && !isWord(i === 0 ? previous : tail[i - 1])) typed.push(tail.slice(i));
  }
  const found: Scored<NameMatch>[] = [];
  for (const e of completionIndex(dataset).entries) {
    let best: Scored<NameMatch> | undefined;
    for (const n of e.names) {
      let length = -1;
      let nameOffset = 0;
      for (let k = typed.length - 1; k >= 0; k--) {
        if (n.folded.startsWith(typed[k]!)) {
          length = typed[k]!.length;
          break;
        }
      }
      if (length < 0 && q > 0) {
        const w = n.starts.find((s) => s > 0 && n.folded.startsWith(word, s));
        if (w !== undefined) {
          length = q;
          nameOffset = w;
        }
      }
      if (length < 0) continue;
      const tier = nameOffset === 0 ? 0 : 1;
      // The label wins a tie with an alias: it is what gets inserted.
      if (best && (best.tier < tier || (best.tier === tier && (best.length > length || (best.length === length && !n.isLabel))))) continue;
      best = {
        match: { entry: e.entry, name: n.text, length, nameOffset, rest: n.text.slice(nameOffset + length) },
        tier,
        length,
        order: e.order,
        rank: e.rank,
      };
    }
    if (best) found.push(best);
  }
  // Once the words before the current one begin some name ("Japan–EU Dig"), the writer is typing
  // that name: names that only the current word begins would be noise.
  const longer = found.some((s) => s.length > q);
  return found
    .filter((s) => !longer || s.length > q)
    .sort(byScore)
    .map((s) => s.match);
}

/** An entry a Pandoc citation key being typed may be. */
export interface KeyMatch {
  entry: Entry;
  /** What matched: the id, the label or an alias. */
  matched: string;
  /** The rest of `matched` after the typed key (typed key + rest is a filter text). */
  rest: string;
}

/**
 * The entries a Pandoc citation key being typed after `[@` may name, matched on the id and on the
 * names (a word of either must begin with the typed key, case-insensitively).
 *
 * @param dataset The dataset.
 * @param key The key typed so far (possibly empty).
 * @returns One match per entry, agreements first; id matches before name matches, prefixes before later words.
 */
export function completeKey(dataset: Dataset, key: string): KeyMatch[] {
  const k = fold(key);
  const found: Scored<KeyMatch>[] = [];
  for (const e of completionIndex(dataset).entries) {
    let best: Scored<KeyMatch> | undefined;
    const consider = (n: IndexedName, tierAtStart: number, tierInside: number): void => {
      const at = n.folded.startsWith(k) ? 0 : n.starts.find((s) => s > 0 && n.folded.startsWith(k, s));
      if (at === undefined) return;
      const tier = at === 0 ? tierAtStart : tierInside;
      if (best && best.tier <= tier) return;
      best = {
        match: { entry: e.entry, matched: n.text, rest: n.text.slice(at + k.length) },
        tier,
        length: k.length,
        order: e.order,
        rank: e.rank,
      };
    };
    consider(e.id, 0, 2);
    for (const n of e.names) consider(n, 1, 3);
    if (best) found.push(best);
  }
  return found.sort(byScore).map((s) => s.match);
}

/** An entry of the writer's own bibliography (or anything with a key, a title and authors) a key being typed may name. */
export interface OwnKeyMatch<E> {
  entry: E;
  /** The rest of the entry's key after the typed key, or '' when a word of its title or authors matched. */
  rest: string;
}

/** How many entries of the writer's own bibliography a completion list holds at most. */
export const MAX_OWN_KEYS = 300;

/** Each entry's folded key and title and author words, computed once: the list is asked for again at every keystroke. */
const OWN_FOLDED = new WeakMap<object, { key: string; words: string[] }>();

function foldedOwn(entry: { key: string; title?: string; authors?: string[] }): { key: string; words: string[] } {
  let known = OWN_FOLDED.get(entry);
  if (!known) {
    const words = [entry.title ?? '', ...(entry.authors ?? [])].flatMap((text) => fold(text).split(/[^\p{L}\p{N}]+/u));
    known = { key: fold(entry.key), words: words.filter((w) => w) };
    OWN_FOLDED.set(entry, known);
  }
  return known;
}

/**
 * The entries of the writer's own bibliography a key being typed may name, best first and at most
 * `limit`: the entry whose key it is, then those whose key starts with it, then those with a word
 * of the title or an author's name that does (case and accents folded), each group in file order.
 * A bibliography may hold thousands of entries: the list is cut, and the editor asks again as the
 * key grows (an incomplete list), which narrows it.
 *
 * @param entries The entries, in the order of the files and of each file.
 * @param key The key typed so far (possibly empty).
 * @param options `limit` (default `MAX_OWN_KEYS`); `skip`, the keys to leave out (those the dataset holds).
 * @returns The matches, at most `limit`.
 */
export function completeOwnKey<E extends { key: string; title?: string; authors?: string[] }>(
  entries: readonly E[],
  key: string,
  options: { limit?: number; skip?: (key: string) => boolean } = {},
): Array<OwnKeyMatch<E>> {
  const limit = options.limit ?? MAX_OWN_KEYS;
  const k = fold(key);
  const exact: Array<OwnKeyMatch<E>> = [];
  const byKey: Array<OwnKeyMatch<E>> = [];
  const byWords: Array<OwnKeyMatch<E>> = [];
  for (const entry of entries) {
    const folded = foldedOwn(entry);
    if (folded.key.startsWith(k)) {
      if (options.skip?.(entry.key)) continue;
      const match = { entry, rest: entry.key.slice(key.length) };
      if (folded.key.length === k.length) exact.push(match);
      else if (byKey.length < limit) byKey.push(match);
    } else if (k !== '' && byKey.length + byWords.length < limit && folded.words.some((w) => w.startsWith(k))) {
      if (!options.skip?.(entry.key)) byWords.push({ entry, rest: '' });
    }
  }
  return [...exact, ...byKey, ...byWords].slice(0, limit);
}

/**
 * A citation key as far as it is typed, by Pandoc's rule: it starts with a letter, digit or `_`,
 * and holds letters, digits, `_` and punctuation of `:.#$%&-+?<>~/` that is internal (one at a
 * time, with a letter, digit or `_` after it). The last character may be such punctuation still,
 * since the writer has not finished the key. Each repetition takes exactly one letter, so the
 * pattern cannot backtrack.
 */
const TYPED_KEY = /^(?:[\p{L}\p{N}_](?:[:.#$%&+?<>~/-]?[\p{L}\p{N}_])*[:.#$%&+?<>~/-]?)?$/u;

/**
 * What may not come right before a citation's `@`: Pandoc takes `@` for a citation only where it
 * does not continue a word (`name@example.org`), a period or an escaping backslash; anything else
 * may precede it (`(@key`, `-@key`, `a-@key`). A combining mark continues the word it is on.
 */
const NOT_BEFORE_CITATION = /[\p{L}\p{N}\p{M}.\\]$/u;

/**
 * The Pandoc citation key being typed at the end of `before`: in a bracketed citation (`[@key`,
 * `[see @key`, `[@a; @key`, `[-@key`) or in the text (`@key argues`, `As @key shows`, `(@key)`).
 * Not in an e-mail address, after a period or a backslash, in a footnote label, a link destination
 * or reference, an autolink or a URL; code, comments and front matter are for `isInCode` to tell.
 * A key in braces (`@{…}`) is not completed, nor a Quarto cross-reference (`@fig-…`, `@sec-…`).
 *
 * @param before The text of the line before the cursor.
 * @returns The partial key (empty right after `@`), or undefined where no citation key is being typed.
 */
export function pandocKeyAt(before: string): string | undefined {
  const at = before.lastIndexOf('@');
  if (at < 0) return undefined;
  const key = before.slice(at + 1);
  if (!TYPED_KEY.test(key)) return undefined;
  // A Quarto cross-reference (`@fig-map`, `[@sec-intro]`) names a figure or section, not a source.
  if (isCrossReference(key)) return undefined;
  const lead = before.slice(0, at);
  if (NOT_BEFORE_CITATION.test(lead)) return undefined;
  const open = before.lastIndexOf('[', at);
  if (open >= 0 && before.lastIndexOf(']', at) < open) return before[open + 1] === '^' ? undefined : key;
  return inMarkupAt(lead) ? undefined : key;
}

/**
 * Whether the end of `before` is inside Markdown syntax where a name makes no sense: a footnote
 * label (`[^moc-est`), a link destination or reference (`](https://…`, `][ref`), an autolink or
 * HTML tag (`<https://…`), a bare URL, or an e-mail address (`team@esto`).
 *
 * @param before The text of the line before the cursor.
 * @returns True when a completion of names there would corrupt the syntax.
 */
export function inMarkupAt(before: string): boolean {
  return /(?:\[\^[^\]\s]*|\]\([^)\s]*|\]\[[^\]]*|<[^>\s]*|\b[a-z][a-z0-9+.-]*:\/\/\S*|\bwww\.\S*|[\p{L}\p{N}._%+-]@[\p{L}\p{N}.-]*)$/iu.test(
    before,
  );
}

/**
 * Whether an offset is in text that is not prose: a fenced code block (or its fence line), inline
 * code, an HTML comment or the front matter. A quick scan, not a parse: completion asks on every
 * keystroke.
 *
 * @param text The document.
 * @param offset The cursor.
 * @returns True inside code, comments and front matter.
 */
export function isInCode(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const frontMatter = /^---[ \t]*\r?\n/.exec(text);
  if (frontMatter) {
    // Unclosed, the opening line is a thematic break, as remark-frontmatter reads it.
    const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(frontMatter[0].length));
    if (close && offset <= frontMatter[0].length + close.index + close[0].length) return true;
  }
  const fence = /^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})(.*)$/gm;
  let open: string | undefined;
  for (let m = fence.exec(text); m && m.index < lineStart; m = fence.exec(text)) {
    const run = m[1]!;
    if (!open) {
      if (run[0] === '`' && m[2]!.includes('`')) continue;
      open = run;
    } else if (run[0] === open[0] && run.length >= open.length && m[2]!.trim() === '') {
      open = undefined;
    }
  }
  if (open) return true;
  const line = text.slice(lineStart, offset);
  if (/^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})/.test(line)) return true;
  let inline = 0;
  for (const run of line.match(/`+/g) ?? []) {
    if (inline === 0) inline = run.length;
    else if (run.length === inline) inline = 0;
  }
  if (inline > 0) return true;
  const comment = text.lastIndexOf('<!--', offset);
  if (comment >= 0) {
    const end = text.indexOf('-->', comment + 4);
    if (end < 0 || end + 3 > offset) return true;
  }
  return false;
}

/**
 * One line of facts about an entry for pickers and completion details: for an agreement its year,
 * type, classification and (optionally) parties; for a pillar its number and policy; for a country
 * its kind and region.
 *
 * @param entry The entry.
 * @param dataset The dataset (for party and policy names).
 * @param options `parties`: list an agreement's parties too.
 * @returns Facts joined by ` · `.
 */
export function entryDetail(entry: Entry, dataset: Dataset, options: { parties?: boolean } = {}): string {
  const name = (id: string): string => dataset.entries.get(id)?.label ?? id;
  if (entry.kind === 'agreement') {
    const year = entryYear(entry);
    const parties = options.parties ? entry.parties.map(name).join(', ') : '';
    const classification = entry.classification ? classificationName(entry.classification).toLowerCase() : '';
    return [year !== undefined ? String(year) : '', entry.type, classification, parties].filter(Boolean).join(' · ');
  }
  if (entry.kind === 'pillar') return l10n.t('pillar {0} of {1}', entry.number, name(entry.policy));
  const where =
    entry.type === 'bloc'
      ? entry.members?.length
        ? l10n.t('{0} members', entry.members.length)
        : ''
      : ([entry.subregion, entry.region].find(Boolean) ?? '');
  return [countryTypeName(entry.type), where].filter(Boolean).join(' · ');
}
