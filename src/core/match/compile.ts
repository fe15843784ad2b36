import type { Dataset } from '../dataset/load';
import type { Entry } from '../types';
import { tokenize } from '../text/tokenize';

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
  /** The entry is a pillar with a context rule: the name counts only in that context. */
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

function namesOf(entry: Entry): Array<{ name: string; demonym: boolean }> {
  const names = [entry.label, ...entry.aliases].map((name) => ({ name, demonym: false }));
  if (entry.kind === 'country') names.push(...entry.demonyms.map((name) => ({ name, demonym: true })));
  return names;
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
    let tokens = tokenize(name);
    if (tokens.length > 1 && tokens[0]!.key === 'the') tokens = tokens.slice(1);
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

  for (const entry of dataset.entries.values()) {
    const contextual = entry.kind === 'pillar' && entry.context !== undefined;
    if (contextual && entry.context?.cues) cueKeys.set(entry.id, new Set(entry.context.cues.flatMap((c) => tokenize(c).map((t) => t.key))));
    for (const { name, demonym } of namesOf(entry)) {
      add(name, entry.id, { demonym, contextual, proper: entry.kind === 'country', stop: false });
    }
  }
  for (const phrase of dataset.stopPhrases) add(phrase, undefined, { demonym: false, contextual: false, proper: false, stop: true });
  return { root, entries: dataset.entries, cueKeys };
}
