import type { Dataset } from '../dataset/load';
import type { Entry } from '../types';
import { tokenize, type Token } from '../text/tokenize';

/** How a token of a name must be written in the text. */
export const enum CaseMode {
  /** Any case: "memorandum of cooperation" matches "Memorandum of Cooperation". */
  Any = 0,
  /** Starts with a capital: "Japan" and "JAPAN", never "japan". */
  Proper = 1,
  /** Exactly as written (a plural s allowed): "US" never matches "us", "AI" never "Ai". */
  Exact = 2,
}

/** One way of writing a name, shared by every entry that uses it. */
export interface Pattern {
  ids: string[];
  length: number;
  modes: CaseMode[];
  raws: string[];
  /** A stop phrase: suppresses any reference inside it. */
  stop: boolean;
  /** A demonym ("Japanese") rather than a name. */
  demonym: boolean;
  /**
   * A short form of a pillar's name (an ordinary word under a context rule, a short alias, a tail
   * or a number): it counts only where the text shows that its policy is meant (find.ts, assemble.ts).
   */
  contextual: boolean;
  /** A single short capitalised word ("Chad", "Mali"): its all-caps form is an acronym unless the whole block is in capitals. */
  short: boolean;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  patterns: Pattern[];
}

/** A token-level trie over every name in a dataset: one walk per text position finds the longest name. */
export interface Matcher {
  root: TrieNode;
  entries: Map<string, Entry>;
  /** Entries whose names are counted only in context (pillar id → its cue keys). */
  cueKeys: Map<string, Set<string>>;
}

function modeOf(raw: string, type: string, properByDefault: boolean): CaseMode {
  if (type !== 'word' || raw === '&') return CaseMode.Any;
  const lower = raw.toLowerCase();
  if (raw === lower) return CaseMode.Any;
  if (raw.length === 1) return CaseMode.Exact;
  if (raw === raw.toUpperCase()) return CaseMode.Exact;
  if (raw.slice(1) !== lower.slice(1)) return CaseMode.Exact; // MoC, DiiA: inner capitals carry meaning
  return properByDefault ? CaseMode.Proper : CaseMode.Any;
}

function namesOf(entry: Entry): Array<{ name: string; demonym: boolean; short: boolean }> {
  const names = [entry.label, ...entry.aliases].map((name) => ({ name, demonym: false, short: false }));
  if (entry.kind === 'country') names.push(...entry.demonyms.map((name) => ({ name, demonym: true, short: false })));
  if (entry.kind === 'pillar') names.push(...(entry.shortAliases ?? []).map((name) => ({ name, demonym: false, short: true })));
  return names;
}

/** Token keys of a name, without a leading "the". */
const keysOf = (name: string): string[] => dropArticle(tokenize(name)).map((t) => t.key);

/** Whether `keys` contain `part` as a run of consecutive keys. */
function containsRun(keys: readonly string[], part: readonly string[]): boolean {
  if (part.length === 0) return false;
  for (let i = 0; i + part.length <= keys.length; i++) if (part.every((k, n) => keys[i + n] === k)) return true;
  return false;
}

/**
 * Whether a pillar's name is a short form that counts only where its policy is meant: any name of
 * a pillar with a context rule, unless the name itself names the policy ("IPEF Pillar II", "SDG 5",
 * "first pillar of the 6th Basic Plan"), which is evidence enough.
 */
function isShortForm(name: string, entry: Entry, dataset: Dataset): boolean {
  if (entry.kind !== 'pillar' || entry.context === undefined) return false;
  const policy = dataset.entries.get(entry.policy);
  if (!policy) return true;
  const keys = keysOf(name);
  return ![policy.label, ...policy.aliases].some((p) => containsRun(keys, keysOf(p)));
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const SUFFIX = (n: number): string =>
  n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';

/**
 * A pillar by its number, for a policy whose pillars are called pillars in their names: "Pillar 2",
 * "Pillar II", "second pillar", "2nd pillar". Short forms: they count only near their policy.
 */
function numberedForms(entry: Entry, pillarWord: ReadonlySet<string>): string[] {
  if (entry.kind !== 'pillar' || !pillarWord.has(entry.policy)) return [];
  const n = entry.number;
  const out = [`Pillar ${n}`, `${n}${SUFFIX(n)} pillar`];
  if (ROMAN[n - 1]) out.push(`Pillar ${ROMAN[n - 1]!}`);
  if (ORDINALS[n - 1]) out.push(`${ORDINALS[n - 1]!} pillar`);
  return out;
}

/** A name's tokens without a leading "the": "the G7" is written wherever "G7" is. */
function dropArticle(tokens: Token[]): Token[] {
  return tokens.length > 1 && tokens[0]!.key === 'the' ? tokens.slice(1) : tokens;
}

/** The forms of a meeting's name: "Ministerial Meeting", "Ministers' Meeting" (also "Ministers Meeting", "Minister's Meeting"). */
const MEETING = /\b(?:Ministerial|Ministers['’]?|Minister['’]s) (Meeting|Declaration|Statement|Communiqu[eé])\b/i;
/** Words that end the name of a plan or programme ("Basic Plan"), after what it is about. */
const HEAD_WORDS = new Set(
  'basic plan programme program strategy framework policy charter vision agenda action roadmap report review round session summit conference meeting dialogue forum council'.split(
    ' ',
  ),
);
const CONNECTORS = new Set(['and', 'of', 'for']);
const FUNCTION_WORDS = new Set(['in', 'an', 'a', 'the', 'of', 'for', 'and', 'to', 'with', 'on', 'by', 'from', 'at', 'as']);
const isOrdinal = (t: Token): boolean => /^\d+#$/.test(t.key);

/**
 * The names a writer derives from an entry's written names, generated for every entry alike:
 * - a meeting in all its forms: "Ministerial Meeting", "Ministers' Meeting" and "ministerial" as a noun;
 * - an ordinal plan by its ordinal and head ("Sixth Basic Plan") and by the initials of what it is
 *   about ("6th STI Basic Plan", "6th STI"; "ST&I" and "S&T&I" are the same token as "STI");
 * - a pillar by a distinctive tail of its name ("Indo-Pacific Way"), a short form that counts
 *   only where its policy is meant (`tail`).
 */
function derivedNames(entry: Entry): Array<{ name: string; tail: boolean }> {
  const out: Array<{ name: string; tail: boolean }> = [];
  const written = [entry.label, ...entry.aliases];
  const year = entry.kind === 'agreement' ? (entry.date?.slice(0, 4) ?? entry.year?.toString()) : undefined;
  const names = [...written];
  // "G7 Digital Ministerial Meeting 2019" is also written without its year, which then stands beside it.
  if (year) {
    const withYear = new RegExp(`^${year}\\s+|\\s*\\(?\\b${year}\\)?$`);
    for (const name of written) {
      const without = name.replace(withYear, '');
      if (without === name) continue;
      names.push(without);
      out.push({ name: without, tail: false });
    }
  }
  for (const name of names) {
    const meeting = MEETING.exec(name);
    if (meeting) {
      const head = meeting[1]!;
      const at = (form: string): string => name.slice(0, meeting.index) + form + name.slice(meeting.index + meeting[0].length);
      out.push({ name: at(`Ministerial ${head}`), tail: false }, { name: at(`Ministers' ${head}`), tail: false });
      if (/^meeting$/i.test(head)) out.push({ name: at('ministerial'), tail: false });
    }
    out.push(...ordinalForms(name).map((n) => ({ name: n, tail: false })));
  }
  if (entry.kind === 'pillar') {
    const tokens = tokenize(entry.label);
    for (let i = 1; i <= tokens.length - 2; i++) {
      const t = tokens[i]!;
      if (t.brk || t.gap !== 'space' || !t.cap || FUNCTION_WORDS.has(t.key)) continue;
      out.push({ name: entry.label.slice(t.start), tail: true });
    }
  }
  return out;
}

/** "Sixth Science, Technology and Innovation Basic Plan" → "Sixth Basic Plan", "Sixth STI Basic Plan", "Sixth STI". */
function ordinalForms(name: string): string[] {
  const tokens = dropArticle(tokenize(name));
  if (tokens.length < 3 || !isOrdinal(tokens[0]!)) return [];
  let headFrom = tokens.length;
  while (headFrom > 1 && HEAD_WORDS.has(tokens[headFrom - 1]!.key)) headFrom--;
  const body = tokens.slice(1, headFrom);
  const head = tokens.slice(headFrom).map((t) => t.raw);
  if (body.length === 0 || body.some((t) => !t.cap && !CONNECTORS.has(t.key))) return [];
  const ordinal = tokens[0]!.raw;
  const out: string[] = [];
  if (head.length >= 2) out.push([ordinal, ...head].join(' '));
  const words = body.filter((t) => t.cap && t.type === 'word');
  // Two words make initials only when joined by "and" ("S&T"); otherwise three or more ("STI").
  // Initials stand for what a plan is about, not for a meeting between parties ("Japan–EU ...").
  const topical = !body.some((t) => t.gap === 'dash' || HEAD_WORDS.has(t.key));
  if (topical && (words.length >= 3 || (words.length === 2 && body.some((t) => t.key === 'and')))) {
    const initials = words.map((t) => t.raw[0]!.toUpperCase()).join('');
    out.push([ordinal, initials, ...head].join(' '));
    if (head.length > 0) out.push(`${ordinal} ${initials}`);
  }
  return out;
}

/**
 * Compiles a dataset into one token trie. Names are tokenized exactly as prose is, so every
 * normalisation (dashes, quotes, plurals, possessives, `&`) applies to both sides alike.
 *
 * @param dataset The merged dataset.
 * @returns A matcher to pass to `findReferences`.
 */
export function compileMatcher(dataset: Dataset): Matcher {
  const root: TrieNode = { next: new Map(), patterns: [] };
  const bySignature = new Map<string, Pattern>();
  const cueKeys = new Map<string, Set<string>>();

  const add = (
    name: string,
    id: string | undefined,
    opts: { demonym: boolean; contextual: boolean; proper: boolean; stop: boolean },
  ): void => {
    const tokens = dropArticle(tokenize(name));
    if (tokens.length === 0) return;
    const modes = tokens.map((t) => (opts.stop ? CaseMode.Any : modeOf(t.raw, t.type, opts.proper || tokens.length === 1)));
    const raws = tokens.map((t) => t.raw);
    const keys = tokens.map((t) => t.key);
    const short = tokens.length === 1 && modes[0] === CaseMode.Proper && raws[0]!.length <= 4;
    const signature = JSON.stringify([
      keys,
      modes,
      raws.map((r, k) => (modes[k] === CaseMode.Exact ? r : '')),
      opts.stop,
      opts.demonym,
      opts.contextual,
    ]);
    let pattern = bySignature.get(signature);
    if (!pattern) {
      pattern = { ids: [], length: tokens.length, modes, raws, stop: opts.stop, demonym: opts.demonym, contextual: opts.contextual, short };
      bySignature.set(signature, pattern);
      let node = root;
      for (const key of keys) {
        let child = node.next.get(key);
        if (!child) {
          child = { next: new Map(), patterns: [] };
          node.next.set(key, child);
        }
        node = child;
      }
      node.patterns.push(pattern);
    }
    if (id !== undefined && !pattern.ids.includes(id)) pattern.ids.push(id);
  };

  // Policies whose pillars are called pillars in their own names: they are also named by number.
  const pillarWord = new Set<string>();
  for (const entry of dataset.entries.values()) {
    if (entry.kind === 'pillar' && [entry.label, ...entry.aliases].some((n) => keysOf(n).includes('pillar'))) pillarWord.add(entry.policy);
  }
  for (const entry of dataset.entries.values()) {
    if (entry.kind === 'pillar' && entry.context?.cues)
      cueKeys.set(entry.id, new Set(entry.context.cues.flatMap((c) => tokenize(c).map((t) => t.key))));
    for (const { name, demonym, short } of namesOf(entry)) {
      add(name, entry.id, {
        demonym,
        contextual: short || isShortForm(name, entry, dataset),
        proper: entry.kind === 'country',
        stop: false,
      });
    }
  }
  for (const phrase of dataset.stopPhrases) add(phrase, undefined, { demonym: false, contextual: false, proper: false, stop: true });

  // The forms a writer derives from a name, after every written name: a derived form that is
  // another entry's written name is that entry's, not a second candidate for it.
  const written = (name: string, id: string): boolean => {
    let node: TrieNode | undefined = root;
    for (const t of dropArticle(tokenize(name))) node = node?.next.get(t.key);
    return !!node?.patterns.some((p) => !p.stop && p.ids.length > 0 && !p.ids.includes(id));
  };
  const derived: Array<{ name: string; id: string; contextual: boolean }> = [];
  for (const entry of dataset.entries.values()) {
    if (entry.kind === 'country') continue;
    const forms = [...derivedNames(entry), ...numberedForms(entry, pillarWord).map((name) => ({ name, tail: true }))];
    for (const { name, tail } of forms) {
      // A derived form of one word ("2023 charter" without its year) would be an ordinary word.
      if (dropArticle(tokenize(name)).length < 2) continue;
      if (!written(name, entry.id)) derived.push({ name, id: entry.id, contextual: tail || isShortForm(name, entry, dataset) });
    }
  }
  // Added only once every derived form was checked: two entries may derive the same form.
  for (const d of derived) add(d.name, d.id, { demonym: false, contextual: d.contextual, proper: false, stop: false });
  return { root, entries: dataset.entries, cueKeys };
}
