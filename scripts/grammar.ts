/**
 * Builds the TextMate injection grammar that colours the bundled dataset's names in Markdown
 * before the extension activates. The names, their case rules and their normalisation come from
 * the core's own compiled matcher (`matcherFor`), so the grammar and the analysis read a name the
 * same way as far as one regular expression per kind can:
 *
 * - case per token: all-caps and inner-capital tokens exactly (`US`, never `us`; `MoC`), country
 *   names capitalised (`Japan`, `JAPAN`, never `japan`; a short one such as `Chad` only as written),
 *   other words in any case (`digital partnership`);
 * - spaces, hyphens and dashes interchangeable between words (`EU-Japan`, `Japan–EU`), as are the
 *   tokenizer's other soft gaps (commas, quotes, slashes); straight or curly apostrophes, a
 *   possessive `'s` inside a name, `&` for `and`, `G20` or `G 20`, `U.S.` for `US`, a simple plural
 *   (`MOCs`), diacritics optional (`Cote` for `Côte`);
 * - whole words only (`India` never inside `Indiana`), the longest name first, across kinds too
 *   (`NFOIP Pillar 2` is a pillar, not the agreement `NFOIP` and some text);
 * - stop phrases (`guinea pig`) and bare URLs are consumed without a scope, and a country before a
 *   sea or ocean (`Indian Ocean`, `Sea of Japan`) is not coloured.
 *
 * What it cannot see is left to the analysis (decorations): context rules (bare `Technology` as a
 * strand, so such names are not in the grammar at all), ambiguity, other false friends, names
 * broken across lines, user-added entries.
 */
import { CaseMode, DRAFT_LANGUAGES, matcherFor, wordKey, type Dataset, type EntryKind, type Matcher, type Pattern } from '../src/core';

/** Where the generated grammar lives, relative to the repository root. */
export const GRAMMAR_PATH = 'syntaxes/policy-lens.injection.tmLanguage.json';

/** The grammar's own scope name (what `contributes.grammars[].scopeName` names). */
export const SCOPE_NAME = 'markdown.policy-lens.injection';

/**
 * The prose scopes of each draft grammar, by the suffix of its scope names: the VS Code Markdown
 * grammar (which the R Markdown grammar includes) has paragraphs, which also hold list items,
 * block quotes and setext headings, ATX headings and table rows; the Quarto grammar has paragraphs
 * and headings (its table rows are paragraphs, and a div's fence line is `markup.heading.div.quarto`,
 * which `markup.heading.quarto` does not select).
 */
const PROSE_SCOPES: Record<string, readonly string[]> = {
  markdown: ['meta.paragraph.markdown', 'markup.heading.markdown', 'markup.table.markdown'],
  quarto: ['meta.paragraph.quarto', 'markup.heading.quarto'],
};

/** What is never prose, in any of the draft grammars (scope prefixes: `markup.fenced_code` selects `markup.fenced_code.block.quarto`). */
const NOT_PROSE = [
  '-markup.fenced_code',
  '-markup.raw',
  '-markup.inline.raw',
  '-meta.embedded',
  '-comment',
  '-meta.tag',
  '-markup.underline.link',
];

/**
 * Where the names are coloured: prose of each draft language's grammar (core/drafts.ts: Markdown,
 * Quarto, R Markdown), never code, raw HTML, front matter or link destinations. The positive part
 * is needed twice over: an HTML block's text carries no scope of its own in the Markdown grammar
 * (only its tags do) and sits outside `meta.paragraph.markdown`; and an injection active at block
 * level would win the line's first position from the block rules (a paragraph starting with
 * "Japan" would lose its paragraph scope). Checked against microsoft/vscode-markdown-tm-grammar as
 * shipped in VS Code 1.139 (see test/grammar/fixtures/); `string.other.link.destination` is not
 * one of its scopes.
 */
export const INJECTION_SELECTOR = DRAFT_LANGUAGES.map(
  (l) => `L:${l.scope} (${PROSE_SCOPES[l.scopeSuffix]!.join(' | ')}) ${NOT_PROSE.join(' ')}`,
).join(', ');

/** The grammars the injection is injected into (`contributes.grammars[].injectTo`). */
export const INJECT_TO: readonly string[] = DRAFT_LANGUAGES.map((l) => l.scope);

/** The scope given to each kind of name. */
export const KIND_SCOPES: Record<EntryKind, string> = {
  agreement: 'entity.name.agreement.policy-lens',
  pillar: 'entity.name.pillar.policy-lens',
  country: 'entity.name.country.policy-lens',
};

/** When two kinds match at the same place, the first wins: an agreement name holds country names. */
const KIND_ORDER: EntryKind[] = ['agreement', 'pillar', 'country'];

/** Spaces, hyphens and dashes (the tokenizer's DASHES are all in \p{Pd}, but the minus sign), as a character-class body. */
const SPACE_DASH = '\\s\\p{Pd}\u2212';
/**
 * What may stand between two parts of a name: the tokenizer's soft gaps (spaces, dashes, commas,
 * straight and curly quotes, slashes) but not the Markdown markers among them (`*`, `_`, `~`,
 * backticks), which the Markdown grammar scopes itself.
 */
const SOFT_GAP = `${SPACE_DASH},"/\\p{Pi}\\p{Pf}`;
/** Between two words: an optional possessive, then soft gaps or apostrophes (`d’Ivoire`; ’ is in \p{Pf}). */
const WORD_GAP = `(?:['\u2019]s)?[${SOFT_GAP}']+`;
/** Next to a number or a bracket (`G20`, `G 20`, `Council (first meeting)`). */
const TIGHT_GAP = `[${SOFT_GAP}]*`;
/**
 * The gaps are written once per rule as Oniguruma subexpressions (`(?<gap>…){0}` defines without
 * matching) and called by name between the words of every name: they are most of a name's regex,
 * and the grammar would otherwise grow with every word of every alias.
 */
const GAP_CALL = '\\g<gap>';
const TIGHT_CALL = '\\g<tight>';
const GAP_DEFINITIONS = `(?<gap>${WORD_GAP}){0}(?<tight>${TIGHT_GAP}){0}`;
/** Not inside a longer word. */
const WORD_START = '(?<![\\p{L}\\p{M}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{M}\\p{N}])';

/** Nouns that turn a country or demonym into a geographic name (find.ts GEOGRAPHIC_HEADS), singular or plural. */
const GEOGRAPHIC_HEADS =
  'oceans?|seas?|gulfs?|bays?|straits?|peninsulas?|plates?|basins?|rivers?|currents?|trench(?:es)?|deserts?|mountains?|highlands?|plateaus?|archipelagos?|channels?|lakes?|rifts?|ridges?|shel(?:f|ves)';
const NOT_BEFORE_GEOGRAPHY = `(?![${SPACE_DASH}]+(?i:${GEOGRAPHIC_HEADS})${WORD_END})`;
const NOT_AFTER_GEOGRAPHY = `(?<!${['Sea', 'Seas', 'Gulf', 'Bay', 'Strait', 'Straits', 'Peninsula', 'Basin', 'Lake', 'Plate'].map((w) => `${w} of `).join('|')})`;

/** Bare URLs (GFM autolink literals) are not prose: consumed without a scope so no name inside them is coloured. */
const BARE_URL = '(?i:\\b(?:https?://|ftp://|www\\.)[^\\s<>]*)';

/**
 * Pandoc and Quarto syntax that is not prose (core/markdown/pandoc.ts blanks the same for the
 * analysis), consumed without a scope: attributes (`{#sec-japan .india}`, `{-}`, `{width=50%}`),
 * shortcodes (`{{< include _japan.qmd >}}`), a fenced div's fence line (`::: {.callout-note}`,
 * `::: Japan`, `:::`) and citation or cross-reference keys (`@sec-Japan`, `[@Japan2020]`).
 */
const PANDOC_SYNTAX = [
  '\\{\\{[<%].*?[>%]\\}\\}',
  '\\{(?=[ \\t]*(?:[#.][^\\s{}]|-[ \\t]*\\}|[\\w-]+=|=))[^{}\\n]*\\}',
  '^[ \\t>]*:{3,}.*$',
  '(?<![\\p{L}\\p{N}_@])@[\\p{L}\\p{N}_][\\p{L}\\p{N}_:.#$%&+?<>~/-]*',
].join('|');

/** A TextMate grammar rule, as far as this grammar uses it. */
export interface GrammarRule {
  comment?: string;
  name?: string;
  match?: string;
  include?: string;
}

/** The generated grammar. */
export interface InjectionGrammar {
  $comment: string;
  name: string;
  scopeName: string;
  injectionSelector: string;
  patterns: GrammarRule[];
  repository: Record<string, GrammarRule>;
}

const escapeRegex = (s: string): string => s.replace(/[\\^$.|?*+()[\]{}\-#\s/]/g, (c) => (c === ' ' ? '\\x20' : `\\${c}`));

/** A letter, with its undecorated form allowed too (the core folds diacritics: `Côte` = `Cote`). */
function letter(ch: string): string {
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  if (base === ch || base.length !== 1) return escapeRegex(ch);
  return `[${ch}${base}]`;
}

const letters = (s: string): string => [...s].map(letter).join('');

/**
 * A word and the simple plurals the core folds into the same key (`MOC`/`MOCs`, `Party`/`Parties`).
 *
 * @param raw The word as the dataset writes it.
 * @param from Render the word from this character on (a Proper word's first letter is rendered apart).
 * @param exact Exact case: only `s` or `S` may follow, as the matcher's case check allows.
 */
function withPlural(raw: string, from: number, exact: boolean): string {
  const key = wordKey(raw);
  const stem = [...raw].slice(from).join('');
  if (!exact && /y$/i.test(raw) && wordKey(raw.slice(0, -1) + 'ies') === key) return `${letters(stem.slice(0, -1))}(?:y|ies)`;
  if (wordKey(raw + 's') === key) return `${letters(stem)}${exact ? '[sS]?' : 's?'}`;
  return letters(stem);
}

/** One piece of a name's regex: case-insensitive pieces are grouped under one `(?i:…)`. */
interface Piece {
  re: string;
  /** true: wants `(?i:…)`; false: must stay case-sensitive; undefined: indifferent (gaps). */
  ci: boolean | undefined;
}

function tokenPieces(raw: string, mode: CaseMode, short: boolean): Piece[] {
  if (raw === '(' || raw === ')') return [{ re: `\\${raw}`, ci: undefined }];
  if (/^\d/.test(raw)) return [{ re: escapeRegex(raw), ci: undefined }];
  if (raw === '&' || (raw.toLowerCase() === 'and' && mode === CaseMode.Any)) return [{ re: '(?:&|(?i:and))', ci: undefined }];
  if (mode === CaseMode.Any) return [{ re: withPlural(raw, 0, false), ci: true }];
  if (mode === CaseMode.Exact) {
    const dotted = /^\p{Lu}{2,5}$/u.test(raw) ? `|${[...raw].map((c) => `${escapeRegex(c)}\\.`).join('')}` : '';
    return [{ re: dotted ? `(?:${withPlural(raw, 0, true)}${dotted})` : withPlural(raw, 0, true), ci: false }];
  }
  // Proper: an upper-case first letter, the rest in any case ("JAPAN" too), except for short
  // names, whose all-caps form is an acronym in ordinary prose ("CHAD"): those only as written.
  if (short) return [{ re: withPlural(raw, 0, false), ci: false }];
  return [
    { re: letter([...raw][0]!), ci: false },
    { re: withPlural(raw, 1, false), ci: true },
  ];
}

function join(pieces: Piece[]): string {
  let out = '';
  let group: string[] = [];
  let ci: boolean | undefined;
  const flush = (): void => {
    if (group.length === 0) return;
    out += ci ? `(?i:${group.join('')})` : group.join('');
    group = [];
  };
  for (const p of pieces) {
    if (p.ci !== undefined && ci !== undefined && p.ci !== ci) flush();
    if (p.ci !== undefined) ci = p.ci;
    group.push(p.re);
  }
  flush();
  return out;
}

/**
 * The parts of one compiled name's regular expression, without word boundaries: each token, and
 * the gap before every token after the first. Names that share leading parts share a branch of
 * the grammar's trie (see `alternation`).
 *
 * @param pattern The compiled name.
 * @param from The first token to render; from a later token, the gap before it is included.
 */
export function patternParts(pattern: Pattern, from = 0): string[] {
  const parts: string[] = [];
  const wordish = (s: string): boolean => /^[\p{L}\p{M}]/u.test(s) && s !== '&';
  for (let k = from; k < pattern.raws.length; k++) {
    const raw = pattern.raws[k]!;
    if (k > 0) parts.push(wordish(pattern.raws[k - 1]!) && wordish(raw) ? GAP_CALL : TIGHT_CALL);
    parts.push(join(tokenPieces(raw, pattern.modes[k]!, pattern.short)));
  }
  return parts;
}

/**
 * The regular expression of one compiled name, without word boundaries.
 *
 * @param pattern The compiled name.
 * @param from The first token to render; from a later token, the gap before it is included.
 */
export function patternRegex(pattern: Pattern, from = 0): string {
  return patternParts(pattern, from).join('');
}

/** Every compiled name in the matcher's trie, with its token keys. */
function allPatterns(matcher: Matcher): Array<{ pattern: Pattern; keys: string[] }> {
  const out: Array<{ pattern: Pattern; keys: string[] }> = [];
  const walk = (node: Matcher['root'], keys: string[]): void => {
    for (const pattern of node.patterns) out.push({ pattern, keys });
    for (const [key, child] of node.next) walk(child, [...keys, key]);
  };
  walk(matcher.root, []);
  return out;
}

/**
 * A short form of a pillar's name ("Technology", "connectivity pillar", "Pillar II") counts only
 * where its paragraph names the policy, which a grammar cannot see: it is left to the analysis. A
 * name that names its policy ("IPEF Pillar II") is no short form and is coloured.
 */
function contextFree(pattern: Pattern): boolean {
  return !pattern.contextual;
}

/** Which rule a name goes to: stop phrases first, then the kinds in KIND_ORDER. */
type RuleKind = EntryKind | 'stop';
const RULE_ORDER: RuleKind[] = ['stop', ...KIND_ORDER];

/** A name on its way into the grammar. */
interface Name {
  pattern: Pattern;
  keys: string[];
  kind: RuleKind;
  /** The name's regex parts (`patternParts`), a longest-name guard last where it needs one. */
  parts: string[];
}

/**
 * Where a name of one rule is the start of a longer name of a later rule ("NFOIP", an agreement,
 * in "NFOIP Pillar 2", a pillar), the earlier rule would win at that position, since TextMate
 * tries the rules in order. The shorter name gets a negative lookahead for the rest of the longer
 * one, so the longest name wins across kinds as the matcher's does.
 */
function guardPrefixes(names: Name[]): void {
  const byKeys = new Map<string, Name[]>();
  for (const n of names) {
    const k = n.keys.join('\u0000');
    byKeys.set(k, [...(byKeys.get(k) ?? []), n]);
  }
  const rests = new Map<Name, Set<string>>();
  for (const longer of names) {
    for (let len = 1; len < longer.keys.length; len++) {
      for (const shorter of byKeys.get(longer.keys.slice(0, len).join('\u0000')) ?? []) {
        if (RULE_ORDER.indexOf(shorter.kind) >= RULE_ORDER.indexOf(longer.kind)) continue;
        const set = rests.get(shorter) ?? new Set<string>();
        set.add(patternRegex(longer.pattern, len));
        rests.set(shorter, set);
      }
    }
  }
  for (const [name, set] of rests) name.parts.push(`(?!(?:${[...set].sort().join('|')})${WORD_END})`);
}

/** The kind a name is coloured as: the first of KIND_ORDER among its entries. */
function kindOf(pattern: Pattern, matcher: Matcher): EntryKind | undefined {
  const kinds = new Set(pattern.ids.map((id) => matcher.entries.get(id)?.kind));
  return KIND_ORDER.find((k) => kinds.has(k));
}

const fold = (c: string): string => c.normalize('NFD').replace(/\p{M}+/gu, '');

/** The characters a name's regex can start with, in every case, with and without diacritics. */
function leadChars(pattern: Pattern): string[] {
  const raw = pattern.raws[0]!;
  if (raw === '&' || (raw.toLowerCase() === 'and' && pattern.modes[0] === CaseMode.Any)) return ['&', 'a', 'A'];
  const c = [...raw][0]!;
  return [c, fold(c)].flatMap((x) => [x, x.toLowerCase(), x.toUpperCase()]);
}

/** A branch of the names' trie: the names that share the parts on the path to it. */
interface PartNode {
  next: Map<string, PartNode>;
  /** A name ends here. */
  end: boolean;
  /** The most parts of any name below (longer names are tried first). */
  depth: number;
}

const partNode = (): PartNode => ({ next: new Map(), end: false, depth: 0 });

/**
 * A trie node as a regular expression. Every branch is tried before the name that ends here
 * (a greedy `?`), the deeper branches first, so the longest name wins as in the matcher; when the
 * rest of the rule (the word end) fails, the engine backtracks to the shorter name.
 */
function renderNode(node: PartNode): string {
  const branches = [...node.next]
    .sort(([a, x], [b, y]) => y.depth - x.depth || (a < b ? -1 : a > b ? 1 : 0))
    .map(([part, child]) => part + renderNode(child));
  if (branches.length === 0) return '';
  if (branches.length === 1 && !node.end) return branches[0]!;
  return `(?:${branches.join('|')})${node.end ? '?' : ''}`;
}

/**
 * One alternation of names, as a trie of their parts (names that share their first words share
 * one branch, which keeps the grammar small as the catalogue grows), grouped by first letter
 * behind a lookahead (`(?=[jJ])(?:Japan…|…)`): Oniguruma then rejects most positions of a line
 * after one class test instead of trying every name.
 */
function alternation(items: Name[]): string {
  const groups = new Map<string, { chars: Set<string>; root: PartNode }>();
  for (const { pattern, parts } of items) {
    const chars = leadChars(pattern);
    const key = fold(chars[0]!).toLowerCase();
    const group = groups.get(key) ?? { chars: new Set<string>(), root: partNode() };
    for (const c of chars) group.chars.add(c);
    let node = group.root;
    node.depth = Math.max(node.depth, parts.length);
    parts.forEach((part, k) => {
      const child = node.next.get(part) ?? partNode();
      node.next.set(part, child);
      child.depth = Math.max(child.depth, parts.length - k - 1);
      node = child;
    });
    node.end = true;
    groups.set(key, group);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { chars, root }]) => `(?=[${[...chars].sort().map(escapeRegex).join('')}])${renderNode(root)}`)
    .join('|');
}

/**
 * Generates the injection grammar for a dataset.
 *
 * @param dataset A merged dataset (the bundled one for the checked-in file).
 * @returns The grammar, ready to be written as JSON.
 */
export function generateGrammar(dataset: Dataset): InjectionGrammar {
  const matcher = matcherFor(dataset);
  const names: Name[] = [];
  for (const { pattern, keys } of allPatterns(matcher)) {
    if (!contextFree(pattern)) continue;
    if (pattern.raws.join(' ').length < 2) continue;
    const kind = pattern.stop ? 'stop' : kindOf(pattern, matcher);
    if (kind) names.push({ pattern, keys, kind, parts: patternParts(pattern) });
  }
  guardPrefixes(names);
  const byKind = new Map<RuleKind, Name[]>();
  for (const name of names) byKind.set(name.kind, [...(byKind.get(name.kind) ?? []), name]);

  const repository: Record<string, GrammarRule> = {
    'bare-url': { comment: 'A bare URL is not prose: consumed, no scope.', match: BARE_URL },
    'pandoc-syntax': {
      comment: 'Pandoc attributes, Quarto shortcodes, fenced div lines and citation keys are not prose: consumed, no scope.',
      match: PANDOC_SYNTAX,
    },
  };
  const patterns: GrammarRule[] = [{ include: '#bare-url' }, { include: '#pandoc-syntax' }];
  const stops = byKind.get('stop');
  if (stops?.length) {
    repository['stop-phrases'] = {
      comment: 'Phrases that hold a name but are not references: consumed, no scope.',
      match: `${GAP_DEFINITIONS}${WORD_START}(?:${alternation(stops)})${WORD_END}`,
    };
    patterns.push({ include: '#stop-phrases' });
  }
  for (const kind of KIND_ORDER) {
    const items = byKind.get(kind);
    if (!items?.length) continue;
    const geography = kind === 'country' ? [NOT_AFTER_GEOGRAPHY, NOT_BEFORE_GEOGRAPHY] : ['', ''];
    repository[kind] = {
      name: KIND_SCOPES[kind],
      match: `${GAP_DEFINITIONS}${WORD_START}${geography[0]}(?:${alternation(items)})${WORD_END}${geography[1]}`,
    };
    patterns.push({ include: `#${kind}` });
  }
  return {
    $comment: 'Generated by scripts/generate-grammar.ts from the bundled dataset. Do not edit: run `npm run grammar`.',
    name: 'Policy Lens names in Markdown',
    scopeName: SCOPE_NAME,
    injectionSelector: INJECTION_SELECTOR,
    patterns,
    repository,
  };
}

/**
 * The grammar as the exact text of the checked-in file.
 *
 * @param dataset A merged dataset.
 * @returns Pretty-printed JSON with a final newline.
 */
export function renderGrammar(dataset: Dataset): string {
  return JSON.stringify(generateGrammar(dataset), null, 2) + '\n';
}
