import { entryYear } from '../dataset/load';
import type { AgreementEntry, PillarEntry } from '../types';
import type { Token } from '../text/tokenize';
import { tokenize, wordKey } from '../text/tokenize';
import { abbreviationAfter } from './abbreviation';
import { CaseMode, type Matcher, type Pattern } from './compile';
import { SIBLINGS_TO_CONFIRM, siblingPillarCount } from './pillars';
import { US_STATES } from './places';

/** A name found in a run of tokens, before disambiguation. */
export interface TokenMatch {
  /** First and last token (inclusive). */
  first: number;
  last: number;
  /** Every entry the name may stand for. */
  ids: string[];
  /** A short form of a pillar's name not confirmed by its sentence: it counts only where its paragraph (or list) names its policy. */
  pending?: boolean;
  /** A short form of a pillar's name, confirmed or not: no evidence that the policy is meant, for itself or its siblings. */
  short?: boolean;
  /** A list item standing for an agreement named in full elsewhere in the list ("Tunisia" in "MOCs with Jordan and Tunisia"). */
  distributed?: boolean;
  /** A class noun several entries share ("the MOC"): it names one only when its sentence or an antecedent says which. */
  generic?: boolean;
  /** The token of an abbreviation the text defines for the name in parentheses right after it; the match ends after them. */
  defines?: number;
}

const STATE_KEYS = US_STATES.map((s) => tokenize(s).map((t) => t.key));

/** Length in tokens of the US state name starting at `at`, or 0. */
function stateAt(tokens: readonly Token[], at: number): number {
  for (const keys of STATE_KEYS) {
    if (keys.every((k, n) => tokens[at + n]?.key === k && tokens[at + n]!.cap && (n === 0 || !tokens[at + n]!.brk))) return keys.length;
  }
  return 0;
}

/** Length in tokens of the US state name ending at `at`, or 0. */
function stateEndingAt(tokens: readonly Token[], at: number): number {
  for (const keys of STATE_KEYS) {
    const from = at - keys.length + 1;
    if (from >= 0 && stateAt(tokens, from) === keys.length) return keys.length;
  }
  return 0;
}

/**
 * A country name used as, or beside, a US place name: a town before its state ("Lebanon, New
 * Hampshire"), a state after a town that is not the country's capital ("Atlanta, Georgia" but not
 * "Tbilisi, Georgia"), or a state in a list of states ("Arizona, Indiana and Georgia").
 */
function isUsPlace(m: TokenMatch, tokens: readonly Token[], matcher: Matcher): boolean {
  // A list of countries ("Israel, Norway, Georgia and Moldova") is no town and state, even where a
  // state shares a country's name: a neighbour across the list glue is a country that is no state.
  if (countryAcrossList(tokens, m.first - 1, -1, matcher) || countryAcrossList(tokens, m.last + 1, 1, matcher)) return false;
  const next = tokens[m.last + 1];
  const state = next && !next.brk && next.gap === 'comma' ? stateAt(tokens, m.last + 1) : 0;
  // "Lebanon, New Hampshire" is a town; "Norway, Georgia", a country and a state named like one, two countries.
  const stateIsCountry = state > 0 && isCountryNotState(tokens, m.last + 1, m.last + state, matcher, true);
  if (state > 0 && !stateIsCountry && !countryAcrossList(tokens, m.last + 1 + state, 1, matcher)) return true;
  const name = tokens.slice(m.first, m.last + 1).map((t) => t.key);
  if (!STATE_KEYS.some((k) => k.length === name.length && k.every((x, n) => x === name[n]))) return false;
  const first = tokens[m.first]!;
  const prev = tokens[m.first - 1];
  if (prev && !first.brk && first.gap === 'comma' && prev.cap) {
    const capitals = m.ids.flatMap((id) => {
      const e = matcher.entries.get(id);
      return e?.kind === 'country' ? e.capital.map(wordKey) : [];
    });
    if (
      !capitals.includes(prev.key) &&
      stateEndingAt(tokens, m.first - 1) === 0 &&
      !isCountryNotState(tokens, m.first - 1, m.first - 1, matcher)
    )
      return true;
  }
  // In a list: the neighbour across a comma or "and"/"or", on either side, is another state.
  return stateAcrossList(tokens, m.first - 1, -1) || stateAcrossList(tokens, m.last + 1, 1);
}

/** Whether tokens `from`..`to` are exactly a country's name (one entry), and, unless `orState`, not a US state's. */
function isCountryNotState(tokens: readonly Token[], from: number, to: number, matcher: Matcher, orState = false): boolean {
  if (from < 0 || to >= tokens.length || from > to || (!orState && stateAt(tokens, from) === to - from + 1)) return false;
  let node = matcher.root.next.get(tokens[from]!.key);
  for (let k = from + 1; node && k <= to; k++) node = tokens[k]!.brk ? undefined : node.next.get(tokens[k]!.key);
  return (
    !!node &&
    tokens[from]!.cap &&
    node.patterns.some((p) => !p.stop && !p.demonym && p.ids.length === 1 && matcher.entries.get(p.ids[0]!)?.kind === 'country')
  );
}

/**
 * The token just past list glue (a comma, "and", "or") from token `from` (just outside a name) in
 * direction `dir`, or -1 when there is no glue or a break comes first.
 */
function acrossList(tokens: readonly Token[], from: number, dir: 1 | -1): number {
  // The token that carries the join between position k and its neighbour nearer the name.
  const join = (k: number): Token | undefined => tokens[dir < 0 ? k + 1 : k];
  const inside = (k: number): boolean => k >= 0 && k < tokens.length;
  let k = from;
  let glued = join(k)?.gap === 'comma';
  while (inside(k) && !join(k)!.brk && (tokens[k]!.key === 'and' || tokens[k]!.key === 'or')) {
    glued = true;
    k += dir;
  }
  return glued && inside(k) && !join(k)!.brk ? k : -1;
}

/** Whether a country that is no US state neighbours a name across list glue (names of up to three words). */
function countryAcrossList(tokens: readonly Token[], from: number, dir: 1 | -1, matcher: Matcher): boolean {
  const k = acrossList(tokens, from, dir);
  if (k < 0) return false;
  for (let n = 0; n < 3; n++)
    if (dir > 0 ? isCountryNotState(tokens, k, k + n, matcher) : isCountryNotState(tokens, k - n, k, matcher)) return true;
  return false;
}

/** Whether a US state neighbours a name across list glue. */
function stateAcrossList(tokens: readonly Token[], from: number, dir: 1 | -1): boolean {
  const k = acrossList(tokens, from, dir);
  return k >= 0 && (dir < 0 ? stateEndingAt(tokens, k) : stateAt(tokens, k)) > 0;
}

/** Nouns that make a country or demonym part of a geographic name: the Indian Ocean, the Sea of Japan. */
const GEOGRAPHIC_HEADS = new Set(
  'ocean sea gulf bay strait straits peninsula plate basin river current trench desert mountain mountains highland highlands plateau archipelago channel lake rift ridge shelf'
    .split(' ')
    .map((w) => w.replace(/s$/, '')),
);
/** Capitalised words that can precede a country without making a different proper name. */
const QUALIFIERS = new Set(
  'north south east west northern southern eastern western central northeast northwest southeast southwest northeastern northwestern southeastern southwestern mainland greater modern imperial contemporary democratic communist rural urban coastal continental insular peninsular postwar colonial ancient medieval today meanwhile and or but with in of for to from by at on as like unlike including notably both neither either while whereas whether if since because although though when where then also even only not all'.split(
    ' ',
  ),
);
/** Capitalised words that can follow a country and still be about the country: "Japan Government", "India Ministry". */
const INSTITUTIONS = new Set(
  'government ministry minister ministers prime president embassy parliament cabinet diet state states navy army armed military office agency council delegation mission ambassador consulate administration presidency'.split(
    ' ',
  ),
);

function caseOk(pattern: Pattern, tokens: readonly Token[], first: number, allCapsBlock: boolean): boolean {
  for (let k = 0; k < pattern.length; k++) {
    const mode = pattern.modes[k];
    if (mode === CaseMode.Any) continue;
    const t = tokens[first + k]!;
    if (mode === CaseMode.Exact) {
      const want = pattern.raws[k]!;
      if (t.raw !== want && t.raw !== want + 's' && t.raw !== want + 'S') return false;
    } else {
      if (!t.cap) return false;
      if (pattern.short && t.allCaps && !allCapsBlock) return false;
    }
  }
  return true;
}

function isSentenceStart(tokens: readonly Token[], i: number): boolean {
  return i === 0 || tokens[i]!.brk || tokens[i - 1]!.sentence !== tokens[i]!.sentence;
}

/**
 * Sentences written like titles ("Japan And India Deepen Ties"), where capitals say nothing about
 * proper names. Names already found are left out of the count: prose full of names is still prose.
 */
function titleCaseSentences(tokens: readonly Token[], covered: Uint8Array): Set<number> {
  const words = new Map<number, [number, number]>();
  tokens.forEach((t, i) => {
    if (t.type !== 'word' || t.raw.length < 4 || covered[i] || isSentenceStart(tokens, i)) return;
    const c = words.get(t.sentence) ?? [0, 0];
    c[0]++;
    if (t.cap) c[1]++;
    words.set(t.sentence, c);
  });
  return new Set([...words].filter(([, [n, caps]]) => caps / n >= 0.6).map(([sentence]) => sentence));
}

/** Titles before a person's name: "Dr Chad Smith", "Ms. Jordan". */
const PERSON_TITLES = new Set(
  'dr mr mrs ms mx miss prof professor sir dame senator sen judge rev reverend capt captain col colonel lt sgt'.split(' '),
);
/** Nouns after a demonym that make it a language: "the Japanese text", "French-language", "the English and French versions". */
const LANGUAGE_NOUNS = new Set(
  'text version translation language original edition transcript subtitle word term phrase name script character spelling wording dictionary grammar lesson speaker speaking'
    .split(' ')
    .map(wordKey),
);
/** Words before a demonym that make it a language, when no noun follows it: "published in Spanish", "speaks Japanese". */
const LANGUAGE_LEADS = new Set(
  'in into from speak spoke spoken speaking learn learned learning teach taught teaching understand'.split(' ').map(wordKey),
);
/** Adjectives between such a word and the language: "in plain English", "fluent in broken French". */
const LANGUAGE_ADJECTIVES = new Set(
  'plain simple fluent good native broken standard modern classical written spoken official formal colloquial'.split(' '),
);
/** Words that can follow a language used as a noun: it is not an adjective then ("in Japanese and", "in French by"). */
const FUNCTION_WORDS = new Set(
  'and or but nor by for with on at as to from in of only too also alone is was were are be been being which that while when where than so if then'.split(
    ' ',
  ),
);

/** Demonym matches in a run of tokens: first token → last token, and last → first. */
interface DemonymSpans {
  byFirst: Map<number, number>;
  byLast: Map<number, number>;
}

/**
 * A demonym that names a language rather than the country: a language noun after it or after the
 * list it stands in ("the English and French texts", "Japanese-language"), or a preposition or
 * verb of speech before it with no noun after it ("published in Spanish", "speaks Japanese").
 */
function isLanguage(m: TokenMatch, tokens: readonly Token[], demonyms: DemonymSpans): boolean {
  const isListJoin = (t: Token | undefined): boolean => t !== undefined && !t.brk && (t.key === 'and' || t.key === 'or');
  // The list of demonyms the match stands in: "English, French and Spanish".
  let last = m.last;
  for (;;) {
    let k = last + 1;
    if (isListJoin(tokens[k])) k++;
    const next = tokens[k];
    const end = demonyms.byFirst.get(k);
    if (!next || next.brk || end === undefined || (k === last + 1 && next.gap !== 'comma')) break;
    last = end;
  }
  let first = m.first;
  for (;;) {
    let k = first - 1;
    if (isListJoin(tokens[k]) && !tokens[first]!.brk) k--;
    const start = demonyms.byLast.get(k);
    if (start === undefined || tokens[k + 1]!.brk || (k === first - 1 && tokens[first]!.gap !== 'comma')) break;
    first = start;
  }
  // "in Japanese and Korean firms": a capitalised word after "and" continues the list of adjectives.
  while (isListJoin(tokens[last + 1]) && tokens[last + 2]?.cap && !tokens[last + 2]!.brk) last += 2;
  const after = tokens[last + 1];
  const joined = after !== undefined && !after.brk && (after.gap === 'space' || after.gap === 'dash');
  if (joined && LANGUAGE_NOUNS.has(after.key)) return true;
  let k = first - 1;
  while (k >= 0 && !tokens[k + 1]!.brk && LANGUAGE_ADJECTIVES.has(tokens[k]!.key)) k--;
  const lead = tokens[k];
  if (!lead || tokens[k + 1]!.brk || !LANGUAGE_LEADS.has(lead.key)) return false;
  // "in Japanese firms" is about Japan; "in Japanese." and "in Japanese and English" are not.
  return !joined || after.type !== 'word' || after.gap === 'comma' || FUNCTION_WORDS.has(after.key);
}

const isYear = (t: Token | undefined): boolean => t?.type === 'number' && /^(1[89]|2[01])\d\d$/.test(t.raw);

/**
 * A country name that is a person's name: after a title ("Dr. Chad", "Ms Jordan"), before "et
 * al.", or as an author cited with a year ("Holland and Chen (2023)", "Chen and Holland (2023)",
 * "Holland's (2021) study").
 */
function isPerson(m: TokenMatch, tokens: readonly Token[], covered: Uint8Array): boolean {
  const first = tokens[m.first]!;
  const prev = tokens[m.first - 1];
  if (prev && !first.brk && !first.newline && prev.cap && PERSON_TITLES.has(prev.key)) return true;
  const at = (k: number): Token | undefined => (tokens[k] && !tokens[k].brk ? tokens[k] : undefined);
  if (at(m.last + 1)?.key === 'et' && at(m.last + 2)?.key === 'al') return true;
  const citesYear = (k: number): boolean => at(k)?.key === '(' && isYear(at(k + 1));
  const author = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && t.cap && !t.allCaps && !covered[k];
  };
  if (at(m.last + 1)?.key === 'and' && at(m.last + 2) && author(m.last + 2) && citesYear(m.last + 3)) return true;
  if (!first.brk && prev?.key === 'and' && !tokens[m.first - 1]!.brk && author(m.first - 2) && citesYear(m.last + 1)) return true;
  return tokens[m.last]!.possessive && citesYear(m.last + 1);
}

/**
 * A country name that is really part of another proper name: a sea or ocean named after it, a
 * place ("New Mexico"), a person ("Michael Jordan", "Jordan Peterson", "Dr. Chad"), or a language
 * ("published in Spanish"). In running prose, a country glued by a space on the same line to
 * another capitalised word that is not itself a name, a qualifier or an institution belongs to a
 * longer name that is not the country; a soft line break does not glue (a list line ending in a
 * country, the next starting with a capital).
 */
function isFalseFriend(
  m: TokenMatch,
  pattern: Pattern,
  tokens: readonly Token[],
  covered: Uint8Array,
  titleCase: Set<number>,
  demonyms: DemonymSpans,
): boolean {
  const next = tokens[m.last + 1];
  const prev = tokens[m.first - 1];
  const glued = (t: Token | undefined): t is Token => t !== undefined && !t.brk && t.gap === 'space';
  const sameLine = (t: Token | undefined): t is Token => glued(t) && !t.newline;
  if (glued(next) && next.type === 'word' && GEOGRAPHIC_HEADS.has(next.key) && !tokens[m.last]!.possessive) return true;
  const before = tokens[m.first - 2];
  if (prev && before && prev.key === 'of' && !tokens[m.first]!.brk && !prev.brk && GEOGRAPHIC_HEADS.has(before.key) && before.cap)
    return true;
  if (pattern.demonym) return isLanguage(m, tokens, demonyms);
  if (isPerson(m, tokens, covered)) return true;
  // An acronym (US, UK, EU) modifies the name after it ("US Congress") instead of being part of it.
  if (titleCase.has(tokens[m.first]!.sentence) || pattern.modes.every((mode) => mode === CaseMode.Exact)) return false;
  const last = tokens[m.last]!;
  if (sameLine(next) && next.cap && !next.allCaps && !covered[m.last + 1] && !last.possessive && !INSTITUTIONS.has(next.key)) return true;
  if (
    sameLine(tokens[m.first]) &&
    prev &&
    prev.cap &&
    !prev.allCaps &&
    !prev.possessive &&
    !covered[m.first - 1] &&
    !isSentenceStart(tokens, m.first - 1) &&
    !QUALIFIERS.has(prev.key)
  ) {
    return true;
  }
  return false;
}

/**
 * Finds every name in a run of tokens: leftmost, longest first, whole tokens only, with each
 * name's case rules. Then drops stop phrases and false friends, applies context rules, and joins a
 * name with its abbreviation in parentheses ("Data Free Flow with Trust (DFFT)") into one match.
 *
 * @param tokens The tokens of one block of prose.
 * @param matcher The compiled dataset.
 * @returns The matches, in order, not overlapping.
 */
export function findMatches(tokens: readonly Token[], matcher: Matcher): TokenMatch[] {
  const allCapsBlock = tokens.every((t) => t.type !== 'word' || t.raw === '&' || t.allCaps || t.raw === t.raw.toUpperCase());
  const found: Array<{ m: TokenMatch; patterns: Pattern[] }> = [];
  for (let i = 0; i < tokens.length;) {
    let node = matcher.root.next.get(tokens[i]!.key);
    let best: { last: number; patterns: Pattern[] } | undefined;
    for (let j = i; node;) {
      if (node.patterns.length > 0) {
        const ok = node.patterns.filter((p) => caseOk(p, tokens, i, allCapsBlock));
        if (ok.length > 0) best = { last: j, patterns: ok };
      }
      j++;
      const t = tokens[j];
      if (!t || t.brk) break;
      node = node.next.get(t.key);
    }
    if (best) {
      found.push({ m: { first: i, last: best.last, ids: [] }, patterns: best.patterns });
      i = best.last + 1;
    } else {
      i++;
    }
  }

  const covered = new Uint8Array(tokens.length);
  for (const { m, patterns } of found) {
    if (patterns.some((p) => p.stop)) continue;
    for (let k = m.first; k <= m.last; k++) covered[k] = 1;
  }
  const titleCase = titleCaseSentences(tokens, covered);
  const demonyms: DemonymSpans = { byFirst: new Map(), byLast: new Map() };
  for (const { m, patterns } of found) {
    if (patterns.some((p) => p.stop) || !patterns.some((p) => p.demonym)) continue;
    demonyms.byFirst.set(m.first, m.last);
    demonyms.byLast.set(m.last, m.first);
  }
  const kept: Array<{ m: TokenMatch; patterns: Pattern[] }> = [];
  for (const f of found) {
    if (f.patterns.some((p) => p.stop)) continue;
    f.m.ids = [...new Set(f.patterns.flatMap((p) => p.ids))];
    const countryOnly = f.m.ids.every((id) => matcher.entries.get(id)?.kind === 'country');
    if (countryOnly && (isFalseFriend(f.m, f.patterns[0]!, tokens, covered, titleCase, demonyms) || isUsPlace(f.m, tokens, matcher)))
      continue;
    const agreements = f.m.ids.every((id) => matcher.entries.get(id)?.kind === 'agreement');
    const shared = agreements && f.m.ids.length > 1;
    const before = tokens[f.m.first]!.brk ? '' : (tokens[f.m.first - 1]?.key ?? '');
    // A name in the plural where several entries share it ("MOCs", "G20 ministerial meetings"), or
    // after "every" ("every G7 digital ministerial"), names a class, never one entry; a forum it
    // starts with still counts.
    if ((shared && (isPlural(f, tokens) || QUANTIFIERS.has(before))) || (agreements && EVERY.has(before))) {
      const forum = countryPrefix(f.m, tokens, matcher, allCapsBlock);
      if (forum) kept.push(forum);
      continue;
    }
    if (shared && f.patterns.every(isClassNoun)) f.m.generic = true;
    kept.push(f);
  }

  // A short form of a pillar's name counts at once only where its sentence names two of its siblings
  // and it or the sentence before has a cue word of its policy ("four strands: Technology,
  // Governance, …", where the colon ends a sentence for the tokenizer); otherwise it
  // waits for its paragraph to name the policy (assemble.ts). A cue word alone ("the goal is gender
  // equality") or a list of siblings alone (ordinary nouns side by side) is no evidence.
  const inContext = kept.filter((f) => {
    if (!f.patterns.every((p) => p.contextual)) return true;
    f.m.short = true;
    const sentence = tokens[f.m.first]!.sentence;
    const ok = f.m.ids.some((id) => {
      const cues = matcher.cueKeys.get(id);
      const entry = matcher.entries.get(id) as PillarEntry | undefined;
      const cued = (t: Token): boolean => (t.sentence === sentence || t.sentence === sentence - 1) && cues!.has(t.key);
      if (!cues || !entry?.context?.withSiblings || !tokens.some(cued)) return false;
      const named = kept.filter((other) => other !== f && tokens[other.m.first]!.sentence === sentence).flatMap((other) => other.m.ids);
      return siblingPillarCount(id, named, matcher.entries) >= SIBLINGS_TO_CONFIRM;
    });
    if (!ok) f.m.pending = true;
    return true;
  });

  const out: TokenMatch[] = [];
  for (let k = 0; k < inContext.length; k++) {
    const m = inContext[k]!.m;
    const abbr = inContext[k + 1]?.m;
    const open = tokens[m.last + 1];
    if (abbr && open?.key === '(' && !open.brk && abbr.first === m.last + 2 && tokens[abbr.last + 1]?.key === ')') {
      const shared = m.ids.filter((id) => abbr.ids.includes(id));
      if (shared.length > 0) {
        out.push({ first: m.first, last: abbr.last + 1, ids: shared });
        k++;
        continue;
      }
    }
    // The name is only the first part of a standing body's name ("Christchurch Call Foundation",
    // "DSA Transparency Database"): the body is no reference to it.
    if (!isCountryMatch(m, matcher) && namesBody(tokens, m.last)) continue;
    // An abbreviation the catalogue does not hold, defined for this name ("Counter Ransomware
    // Initiative (CRI)"): it joins the name, and its later uses are the same reference (assemble.ts).
    if (!m.pending && !m.generic && abbr?.first !== m.last + 2 && !isCountryMatch(m, matcher)) {
      const defined = abbreviationAfter(tokens, m.first, m.last);
      if (defined !== undefined) {
        out.push({ ...m, last: defined + 1, defines: defined });
        continue;
      }
    }
    out.push(m);
  }
  distributeOverLists(out, tokens, matcher);
  return resolveHostDemonyms(out, tokens, matcher);
}

/**
 * Nouns that end the name of a standing body, not of an engagement. Not "Council", "Committee",
 * "Commission" or "Forum": a partnership's council or a ministerial forum is an engagement too.
 */
const BODY_NOUNS = new Set(
  'foundation database secretariat centre center agency institute office bureau bank fund university observatory portal laboratory unit'
    .split(' ')
    .map(wordKey),
);

/** Whether the capitalised words right after token `last`, on its line, end in a body noun ("… Transparency Database"). */
function namesBody(tokens: readonly Token[], last: number): boolean {
  for (let k = last + 1; k <= last + 4; k++) {
    const t = tokens[k];
    if (!t || t.brk || t.gap !== 'space' || t.type !== 'word' || !t.cap) return false;
    if (BODY_NOUNS.has(t.key)) return true;
  }
  return false;
}

const isCountryMatch = (m: TokenMatch, matcher: Matcher): boolean => m.ids.every((id) => matcher.entries.get(id)?.kind === 'country');

/** Entries named exactly by these token keys, ignoring case rules (the parts were checked where they were found). */
function lookup(keys: readonly string[], matcher: Matcher, kind: 'country' | 'agreement'): string[] {
  let node = matcher.root;
  for (const key of keys) {
    const next = node.next.get(key);
    if (!next) return [];
    node = next;
  }
  const ids = node.patterns.filter((p) => !p.stop).flatMap((p) => p.ids);
  return [...new Set(ids)].filter((id) => matcher.entries.get(id)?.kind === kind);
}

/** Only list glue between two matches: commas, "and", "or", "the". */
function listGlue(tokens: readonly Token[], from: number, to: number): boolean {
  if (tokens[to]?.brk) return false;
  let joined = tokens[from]?.gap === 'comma';
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.brk || !['and', 'or', 'the', '&'].includes(t.key)) return false;
    if (t.key !== 'the' || t.gap === 'comma') joined = true;
  }
  return joined;
}

/**
 * Reads elliptical lists the way a person does: in "MOCs with Saudi Arabia, Tunisia and Jordan"
 * each country after the first stands for its own memorandum, and in "the Estonia, Denmark and
 * Singapore MOCs" each country before the last does. A country in such a list becomes a reference
 * to the agreement that the full name with that country would name, when the dataset has one.
 */
function distributeOverLists(matches: TokenMatch[], tokens: readonly Token[], matcher: Matcher): void {
  for (let a = 0; a < matches.length; a++) {
    if (!matches[a]!.ids.every((id) => matcher.entries.get(id)?.kind === 'agreement')) continue;
    distributeFrom(matches, a, 1, tokens, matcher);
    distributeFrom(matches, a, -1, tokens, matcher);
  }
}

/**
 * One direction of `distributeOverLists`: the agreement name at `matches[a]` ends (dir 1) or
 * starts (dir -1) with a country; the countries listed after (before) it stand for the agreement
 * named with them in its place.
 */
function distributeFrom(matches: TokenMatch[], a: number, dir: 1 | -1, tokens: readonly Token[], matcher: Matcher): void {
  const keysOf = (from: number, to: number): string[] => tokens.slice(from, to + 1).map((t) => t.key);
  const m = matches[a]!;
  for (let k = dir > 0 ? m.first + 1 : m.last - 1; dir > 0 ? k <= m.last : k >= m.first; k += dir) {
    const country = dir > 0 ? keysOf(k, m.last) : keysOf(m.first, k);
    if (lookup(country, matcher, 'country').length === 0) continue;
    const fixed = dir > 0 ? keysOf(m.first, k - 1) : keysOf(k + 1, m.last);
    for (let c = a + dir, near = m; c >= 0 && c < matches.length; c += dir) {
      const item = matches[c]!;
      if (!isCountryMatch(item, matcher)) break;
      if (!(dir > 0 ? listGlue(tokens, near.last + 1, item.first) : listGlue(tokens, item.last + 1, near.first))) break;
      const own = keysOf(item.first, item.last);
      const ids = lookup(dir > 0 ? [...fixed, ...own] : [...own, ...fixed], matcher, 'agreement');
      if (ids.length === 0) break;
      item.ids = ids;
      item.distributed = true;
      near = item;
    }
    return;
  }
}

/** Words a class noun is made of: a name of only these, shared by several entries, says what kind of thing, not which. */
const CLASS_WORDS = new Set(
  'memorandum moc mou cooperation collaboration understanding declaration statement communique joint meeting ministerial minister summit conference partnership digital agreement arrangement council dialogue framework strategic comprehensive economic letter intent exchange note of on the and with a for in between'
    .split(' ')
    .map(wordKey),
);

/** A name made only of class words ("MOC", "Memorandum of Cooperation", "digital partnership"). */
function isClassNoun(pattern: Pattern): boolean {
  return pattern.raws.every((raw) => CLASS_WORDS.has(wordKey(raw)));
}

/** The name is written in the plural where the dataset writes it in the singular: "MOCs", "meetings". */
function isPlural(f: { m: TokenMatch; patterns: Pattern[] }, tokens: readonly Token[]): boolean {
  const written = tokens[f.m.last]!.raw.toLowerCase();
  return f.patterns.every((p) => {
    const raw = p.raws[p.length - 1]!.toLowerCase();
    return written !== raw && wordKey(written) === wordKey(raw) && written.length > raw.length;
  });
}

/** Per matcher: each host country's hosted engagements (meetings and their declarations), and each demonym's country. */
interface HostIndex {
  hosted: Map<string, AgreementEntry[]>;
  demonyms: Map<string, string>;
}
const hostIndexes = new WeakMap<Matcher, HostIndex>();

function hostIndex(matcher: Matcher): HostIndex {
  let index = hostIndexes.get(matcher);
  if (index) return index;
  index = { hosted: new Map(), demonyms: new Map() };
  for (const e of matcher.entries.values()) {
    if (e.kind === 'agreement' && e.host) {
      const list = index.hosted.get(e.host) ?? [];
      list.push(e);
      index.hosted.set(e.host, list);
    } else if (e.kind === 'country' && e.type === 'country') {
      for (const d of e.demonyms)
        index.demonyms.set(
          tokenize(d)
            .map((t) => t.key)
            .join(' '),
          e.id,
        );
    }
  }
  hostIndexes.set(matcher, index);
  return index;
}

/** Nouns that name a hosted meeting or what it adopted: "the French ministerial", "the 2019 Japanese declaration". */
const MEETING_HEADS = new Set('ministerial meeting summit conference declaration statement communique'.split(' ').map(wordKey));
const YEAR_TOKEN = /^(1[89]|2[01])\d\d$/;

/**
 * A host's demonym standing for the meeting it hosted: "the 2019 Japanese declaration", "the
 * French ministerial of 2019", "the 2023 Indian G20 meeting", "the Italian presidency's
 * ministerial". The demonym and what follows become one reference to the engagements that country
 * hosted (of the forum named, if one is): of the year written in the sentence, or, after
 * "presidency", of any year (context then decides). Otherwise the demonym stays the country.
 */
function resolveHostDemonyms(matches: TokenMatch[], tokens: readonly Token[], matcher: Matcher): TokenMatch[] {
  const index = hostIndex(matcher);
  if (index.hosted.size === 0) return matches;
  const out: TokenMatch[] = [];
  const keys = (m: TokenMatch): string =>
    tokens
      .slice(m.first, m.last + 1)
      .map((t) => t.key)
      .join(' ');
  const joined = (k: number): Token | undefined => (tokens[k] && !tokens[k].brk ? tokens[k] : undefined);
  for (let a = 0; a < matches.length; a++) {
    const m = matches[a]!;
    // Only a country that hosted something can stand for a meeting: look its demonym up only then.
    const hosted = m.ids.length === 1 ? index.hosted.get(m.ids[0]!) : undefined;
    if (!hosted || index.demonyms.get(m.first === m.last ? tokens[m.first]!.key : keys(m)) !== m.ids[0]) {
      out.push(m);
      continue;
    }
    let k = m.last + 1;
    let presidency = false;
    if (joined(k)?.key === 'presidency') {
      presidency = true;
      k++;
    }
    let candidates: AgreementEntry[] | undefined;
    let last = -1;
    let used = 0;
    const next = matches[a + 1];
    if (next && next.first === k && joined(k)) {
      const ids = new Set(next.ids);
      const named = hosted.filter((e) => ids.has(e.id));
      const forum = next.ids.length === 1 ? matcher.entries.get(next.ids[0]!) : undefined;
      if (named.length > 0) {
        // "Indian G20 meeting": the G20 meetings India hosted.
        candidates = named;
        last = next.last;
        used = 1;
      } else if (forum?.kind === 'country' && forum.type === 'bloc') {
        // "Indian G20 ministerial": a forum, then a head noun.
        let h = next.last + 1;
        if (joined(h)?.key === 'digital') h++;
        if (joined(h) && MEETING_HEADS.has(tokens[h]!.key)) {
          candidates = hosted.filter((e) => e.parties.includes(forum.id));
          last = h;
          used = 1;
        }
      }
    } else if (joined(k) && MEETING_HEADS.has(tokens[k]!.key) && !(next && next.first <= k)) {
      candidates = hosted;
      last = k;
    }
    if (candidates && candidates.length > 1 && last >= 0) {
      // "declaration" prefers what was declared, "ministerial" the meeting, where both are listed.
      const head = tokens[last]!.key === 'ministerial' ? 'meeting' : tokens[last]!.key;
      const ofType = candidates.filter((e) => wordKey(e.type).includes(head) || e.type.toLowerCase().includes(head));
      if (ofType.length > 0) candidates = ofType;
    }
    if (candidates && candidates.length > 0) {
      const sentence = tokens[m.first]!.sentence;
      const years = new Set(
        tokens.filter((t) => t.sentence === sentence && t.type === 'number' && YEAR_TOKEN.test(t.raw)).map((t) => Number(t.raw)),
      );
      const ofYear = years.size > 0 ? candidates.filter((e) => years.has(entryYear(e) ?? -1)) : presidency ? candidates : [];
      if (ofYear.length > 0) {
        out.push({ first: m.first, last, ids: ofYear.map((e) => e.id) });
        a += used;
        continue;
      }
    }
    out.push(m);
  }
  return out;
}

/** Determiners that make any name of an engagement a class: "every G20 Digital Ministers' Meeting". */
const EVERY = new Set(['every', 'each', 'successive']);
/** Determiners that make a shared name a class: "every G7 digital ministerial", "successive MOCs", "a memorandum of cooperation". */
const QUANTIFIERS = new Set(
  'a an another every each any all successive annual several many most some other such previous past subsequent future recent'.split(' '),
);

/** The longest country or bloc name a match starts with ("G20" in "G20 digital ministerial meetings"), as a match of its own. */
function countryPrefix(
  m: TokenMatch,
  tokens: readonly Token[],
  matcher: Matcher,
  allCapsBlock: boolean,
): { m: TokenMatch; patterns: Pattern[] } | undefined {
  let node = matcher.root.next.get(tokens[m.first]!.key);
  let best: { m: TokenMatch; patterns: Pattern[] } | undefined;
  for (let j = m.first; node && j < m.last;) {
    const ok = node.patterns.filter(
      (p) =>
        !p.stop &&
        p.ids.length > 0 &&
        p.ids.every((id) => matcher.entries.get(id)?.kind === 'country') &&
        caseOk(p, tokens, m.first, allCapsBlock),
    );
    if (ok.length > 0) best = { m: { first: m.first, last: j, ids: [...new Set(ok.flatMap((p) => p.ids))] }, patterns: ok };
    j++;
    node = node.next.get(tokens[j]!.key);
  }
  return best;
}
