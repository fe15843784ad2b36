/**
 * Names the catalogue does not know (issue 11).
 *
 * A general detector of proper names of engagements: a run of capitalised words whose head is an
 * engagement noun ("the Nordic–Japan Quantum Research Memorandum", "the Kobe Principles on Trusted
 * Data Intermediaries"), with the abbreviation it defines ("… Framework (PSCRF)"). It reads the
 * same tokens the matcher reads, in the same pass over a block (see `analyzeBlock`), with the
 * matcher's own rules for words, dashes, quotes, soft line breaks and possessives, and it is
 * precision-first: a name made only of class words ("Joint Statement", "the Agreement"), a plural,
 * a head used as a modifier ("Partnerships Tracker"), an institution ("Business Council", "Council
 * of …"), a name in a title-case line or after "this" is left alone. What it cannot know from one
 * block (headings, publication titles, the catalogue's final say, the later uses of an
 * abbreviation) is decided when the document is assembled (`assemble.ts`).
 */
import type { CountryEntry } from '../types';
import type { Token } from '../text/tokenize';
import { tokenize, wordKey } from '../text/tokenize';
import { abbreviationAfter } from './abbreviation';
import type { Matcher } from './compile';
import type { TokenMatch } from './find';

/** Engagement nouns that head a name by themselves (token keys; "Principles" only in the plural). */
const HEADS = new Set(
  'agreement partnership memorandum declaration statement charter strategy plan initiative process programme program framework principle convention treaty act regulation summit dialogue council roadmap vision compact toolkit arrangement accord pact protocol communique'
    .split(' ')
    .map(wordKey),
);
/**
 * Heads that need the word before them: "Ministerial Meeting", "Senior Officials' Meeting",
 * "Heads of Government Meeting", "Working Group". ("Code of Conduct" and "Code of Practice" are
 * read in `nameAt`.)
 */
const NEEDS_BEFORE = new Map<string, readonly string[]>([
  ['meeting', ['ministerial', 'minister', 'leader', 'official', 'government', 'state']],
  ['group', ['working']],
]);
/**
 * Heads that name an engagement only with more said: a Conference with its complement or a party
 * ("Global Conference on Cyber Capacity Building", "UN Climate Change Conference"; not "the Munich
 * Security Conference", a private forum); a Call with a place before it and its complement ("the
 * Accra Call for Cyber Resilient Development"; not "a Call for Evidence").
 */
const CONDITIONAL_HEADS = new Set(['conference', 'call']);
/** What a public consultation calls for: "Call for Evidence", "Call for Proposals", "Call to Action". */
const CALL_FOR_CLASS = new Set(
  'evidence proposal paper application tender expression comment submission view nomination input contribution action interest participation'
    .split(' ')
    .map(wordKey),
);
/** Heads that are always plural in a name ("the Kobe Principles"). */
const PLURAL_HEADS = new Set(['principle']);

/**
 * Words that say what kind of engagement, not which: a name made only of these (with its head and
 * blocs) is a class noun ("Joint Statement", "the Digital Partnership", "G20 Leaders' Declaration").
 */
const GENERIC = new Set(
  [
    ...HEADS,
    ...'meeting group code conduct practice call head government state memorandum moc mou cooperation collaboration understanding declaration statement communique joint ministerial minister leader summit conference partnership digital agreement arrangement council dialogue framework strategic comprehensive economic letter intent exchange note'.split(
      ' ',
    ),
    ...'national regional bilateral trilateral multilateral plurilateral international global new basic general common final draft annual special free trade action working interim revised updated implementation ai ict senior official high level enhanced strengthened main key overall future current previous next'.split(
      ' ',
    ),
  ].map(wordKey),
);
/** A brand's inner capital ("TrustBridge", "DataSafe"): products are named so, engagements are not. */
const CAMEL_CASE = /^\p{Lu}\p{Ll}+\p{Lu}/u;
/** Small words a name may hold between its capitalised words ("Trade and Technology", "for the Future of"). */
const GLUE = new Set(['and', 'of', 'the', 'for', 'on', 'in', 'to', 'with', 'a', 'an']);
/** Words that start the complement of a head: "Charter for …", "Convention on …", "Code of …". */
const COMPLEMENT = new Set(['of', 'on', 'for', 'to', 'against']);
/** Capitalised words that begin a sentence or a clause without being part of a name. */
const LEAD_STOP = new Set(
  'the a an this these that those our its their his her each every any all both some several many most no such other another under in on at by for from with after before as if when while since although though unlike like through following despite within between among also however meanwhile moreover furthermore finally first second third last lastly neither either whether why how what which who where yes not only even because during once per via against toward towards across beyond without upon into onto over is was are were it we they he she i you and or but so then thus hence indeed instead rather whereas here there today yesterday tomorrow'.split(
    ' ',
  ),
);
/** Words before a Council that make it an institution: "Business Council", "Security Council". */
const INSTITUTION_MODIFIERS = new Set(
  'business industry research advisory science scientific security privy legislative executive city county municipal state education art medical right governing steering editorial'
    .split(' ')
    .map(wordKey),
);
/** Nouns of institutions: a name after "Centre of", "Ministry for" … is part of the institution's name. */
const INSTITUTIONS = new Set(
  'centre center ministry agency institute office department bureau commission authority committee secretariat council board school university college academy foundation bank fund court tribunal organisation organization association society federation corporation company laboratory observatory forum directorate service unit division'
    .split(' ')
    .map(wordKey),
);
/** Heads that name a standing body unless parties are named in them ("EU–US Trade and Technology Council"). */
const BODY_HEADS = new Set(['council', 'working group']);
/** Words before a name that make it the document itself, the writer's own ("our Action Plan", "the Institute's own Strategy"), or its addressee ("prepared for the … Working Group"). */
const SELF_LEAD = new Set(['this', 'these', 'present', 'our', 'own']);
const AUTHORING = new Set(
  'prepared submitted commissioned presented produced compiled written drafted addressed circulated issued'.split(' '),
);

/** A name found by the detector in one run of tokens. */
export interface NameCandidate {
  /** First and last token of the name (inclusive); an abbreviation defined after it is not included. */
  first: number;
  last: number;
  /** The token of an abbreviation defined in parentheses right after the name ("(PSCRF)"), if any. */
  abbreviation?: number;
  /** The head noun, lower case: "memorandum", "action plan", "ministerial meeting", "code of conduct". */
  head: string;
  /** Country and bloc ids named inside the name. */
  countries: string[];
  /** After "this", "these", "the present", or "prepared for/by": the document itself or its addressee. */
  self?: true;
  /** In a sentence written in title case ("Japan Signs Digital Compact With Kenya") without filling it. */
  titleCase?: true;
}

/** What the detector found in one run of tokens. */
export interface Uncatalogued {
  names: NameCandidate[];
  /** All-capital words no name covers: the later uses of a defined abbreviation are among them. */
  acronyms: number[];
}

/** Whether a word can be the head of a name (the conditions are checked in `nameAt`). */
const isHeadKey = (key: string): boolean =>
  HEADS.has(key) || NEEDS_BEFORE.has(key) || CONDITIONAL_HEADS.has(key) || key === 'conduct' || key === 'practice';

const isYear = (t: Token | undefined): boolean => t?.type === 'number' && /^(1[89]|2[01])\d\d$/.test(t.raw);

/**
 * Finds the proper names of engagements in a run of tokens (see the module comment). Linear in the
 * tokens: only a token whose key is an engagement noun starts any work, and that work reads the
 * few tokens around it.
 *
 * @param tokens The tokens of one block of prose (as the matcher read them).
 * @param matches The matcher's names in these tokens.
 * @param matcher The compiled dataset (to tell countries from blocs).
 * @param text The text the tokens index (to tell a plural possessive, "Leaders'", from "Japan's").
 * @returns The names, in order and not overlapping, and the uncovered all-capital words.
 */
export function findUncatalogued(tokens: readonly Token[], matches: readonly TokenMatch[], matcher: Matcher, text: string): Uncatalogued {
  const names: NameCandidate[] = [];
  const acronyms: number[] = [];
  // Which match covers each token (-1: none); only built when a head or an acronym is seen.
  let coveredBy: Int32Array | undefined;
  const cover = (): Int32Array => {
    if (coveredBy) return coveredBy;
    coveredBy = new Int32Array(tokens.length).fill(-1);
    matches.forEach((m, k) => {
      for (let i = m.first; i <= m.last; i++) coveredBy![i] = k;
    });
    return coveredBy;
  };
  let lastEnd = -1;
  for (let h = 0; h < tokens.length; h++) {
    const t = tokens[h]!;
    if (t.type !== 'word') continue;
    if (t.allCaps && t.raw.length >= 2 && h > lastEnd && cover()[h]! < 0) acronyms.push(h);
    if (!t.cap || h <= lastEnd) continue;
    if (!isHeadKey(t.key)) continue;
    const found = nameAt(tokens, h, text, matcher);
    if (!found) continue;
    names.push(found);
    lastEnd = found.abbreviation !== undefined ? found.abbreviation + 1 : found.last;
    // Acronyms recorded inside the name belong to it.
    while (acronyms.length > 0 && acronyms[acronyms.length - 1]! >= found.first) acronyms.pop();
  }
  if (names.length > 0) markTitleCase(tokens, names, coveredBy);
  return { names, acronyms };
}

/** The longest country or bloc name starting at token k and ending by `last`, looked up in the matcher's trie. */
function countryAt(tokens: readonly Token[], k: number, last: number, matcher: Matcher): { entry: CountryEntry; last: number } | undefined {
  let node = matcher.root.next.get(tokens[k]!.key);
  let best: { entry: CountryEntry; last: number } | undefined;
  for (let j = k; node && j <= last;) {
    for (const p of node.patterns) {
      if (p.stop || p.demonym) continue;
      const e = matcher.entries.get(p.ids[0]!);
      if (e?.kind === 'country' && p.ids.length === 1) best = { entry: e, last: j };
    }
    j++;
    if (j > last || tokens[j]!.brk) break;
    node = node.next.get(tokens[j]!.key);
  }
  return best;
}

/** A name word: capitalised, all capitals, an ordinal ("6th"), or a number glued to a letter ("G7"). */
function isNameWord(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.type === 'word') return t.cap || t.key.endsWith('#');
  return t.type === 'number' && t.gap === 'none' && !t.brk && tokens[i - 1]?.type === 'word';
}

/** Joined to the token before it inside a name: no break, by a space (a soft line break too) or a dash. */
const joined = (t: Token | undefined): boolean => !!t && !t.brk && (t.gap === 'space' || t.gap === 'dash');

/** The possessive after token i is a plural one ("Leaders'"), or a minister's or leader's. */
function innerPossessive(tokens: readonly Token[], i: number, text: string): boolean {
  const t = tokens[i]!;
  if (!t.possessive) return true;
  const after = text.slice(t.end, t.end + 2);
  const plural = !/^['’]s/i.test(after);
  return plural || t.key === 'minister' || t.key === 'leader';
}

/**
 * The name whose head is token `h`, or undefined when it is not one: a class noun, a plural, an
 * institution, or a head used as a modifier of a following word.
 */
function nameAt(tokens: readonly Token[], h: number, text: string, matcher: Matcher): NameCandidate | undefined {
  const t = tokens[h]!;
  // The key is the singular: a written form that differs from it (diacritics aside) is a plural.
  const plural =
    t.raw
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '') !== t.key;
  if (PLURAL_HEADS.has(t.key) ? !plural : plural) return undefined;
  let head = t.key === 'principle' ? 'principles' : t.key;
  let first = h;
  // Heads of two words: the word before belongs to the head.
  const before = NEEDS_BEFORE.get(t.key);
  if (before) {
    const prev = tokens[h - 1];
    if (!prev || !joined(t) || !prev.cap || !before.includes(prev.key) || (prev.possessive && !innerPossessive(tokens, h - 1, text)))
      return undefined;
    first = h - 1;
    if (prev.key === 'government' || prev.key === 'state') {
      // "Heads of Government Meeting", "Heads of State Meeting": a summit.
      if (tokens[h - 2]?.key !== 'of' || tokens[h - 3]?.key !== 'head' || !tokens[h - 3]!.cap || !joined(prev) || !joined(tokens[h - 2]))
        return undefined;
      first = h - 3;
      head = 'summit';
    } else head = `${prev.key === 'working' ? 'working' : 'ministerial'} ${t.key}`;
  } else if (t.key === 'conduct' || t.key === 'practice') {
    if (tokens[h - 1]?.key !== 'of' || tokens[h - 2]?.key !== 'code' || !tokens[h - 2]!.cap || !joined(t) || !joined(tokens[h - 1]))
      return undefined;
    head = `code of ${t.key}`;
    first = h - 2;
  } else if (t.key === 'plan' && tokens[h - 1]?.key === 'action' && tokens[h - 1]!.cap && joined(t)) {
    head = 'action plan';
  }
  // Left: the modifiers.
  let sawAnd = false;
  for (let k = first - 1; k >= 0; k--) {
    const next = tokens[k + 1]!;
    const w = tokens[k]!;
    if (next.brk) break;
    if (next.gap === 'comma') {
      // "Science, Technology and Innovation Basic Plan": a comma only inside an "A, B and C" list.
      if (!sawAnd || !isNameWord(tokens, k) || LEAD_STOP.has(w.key)) break;
    } else if (next.gap !== 'space' && next.gap !== 'dash') break;
    if (w.possessive && !innerPossessive(tokens, k, text)) break;
    if ((w.key === 'and' && w.raw !== '&') || w.raw === '&') {
      if (!isNameWord(tokens, k - 1) || !joined(w) || LEAD_STOP.has(tokens[k - 1]!.key)) break;
      sawAnd = true;
      continue;
    }
    if (isNameWord(tokens, k) && !(LEAD_STOP.has(w.key) && w.cap && !w.allCaps)) {
      first = k;
      continue;
    }
    // "Cyber-enabled", "Cold-climate": a lower-case word after a dash, inside a name.
    if (w.type === 'word' && !w.cap && w.gap === 'dash' && isNameWord(tokens, k - 1) && next.gap !== 'dash') {
      first = k;
      continue;
    }
    break;
  }
  // A name never starts with "and"; a head right after "and" is a coordinated noun ("Readiness and Strategy").
  while (first < h && tokens[first]!.key === 'and') first++;
  if (tokens[h - 1]?.key === 'and' && h - 1 >= first) return undefined;
  // "National Center of Incident Readiness …", "Ministry for … Strategy": part of an institution's name.
  const lead = tokens[first - 1];
  if (
    lead &&
    !tokens[first]!.brk &&
    (lead.key === 'of' || lead.key === 'for') &&
    !lead.brk &&
    INSTITUTIONS.has(tokens[first - 2]?.key ?? '') &&
    tokens[first - 2]!.cap
  )
    return undefined;

  // Right: what follows the head.
  let last = h;
  let abbreviation: number | undefined;
  const after = tokens[h + 1];
  if (!t.possessive && joined(after) && after) {
    if (isYear(after) && after.gap === 'space') {
      // "Vision 2030", "Digital Transformation Strategy 2020–2030".
      last = h + 1;
      if (tokens[h + 2]?.gap === 'dash' && !tokens[h + 2]!.brk && isYear(tokens[h + 2])) last = h + 2;
    } else if (isNameWord(tokens, h + 1) && after.gap === 'space') {
      // The head is a modifier of the word after it ("Partnership Tracker", "Compact Secretariat"):
      // the name, if any, is headed later.
      return undefined;
    } else if (COMPLEMENT.has(after.key)) {
      const end = complementEnd(tokens, h + 1, text);
      if (end > h) {
        if (t.key === 'council' && after.key === 'of') return undefined; // "Council of Ministers": an institution
        last = end;
      }
    }
  }
  if (tokens[last]!.possessive && last !== h && !innerPossessive(tokens, last, text)) {
    // "… Cooperation's": the name ends there; nothing after it is read.
  } else {
    abbreviation = abbreviationAfter(tokens, first, last);
  }

  // What the name is made of. A country glued to the next capitalised word is no reference of
  // its own ("Japan–Kenya Digital …": the matcher reads "Kenya Digital" as a longer name), so the
  // name's countries are looked up in the matcher's trie here.
  const countries: string[] = [];
  let blocFirst = false;
  let distinctive = false;
  let institutionBefore = false;
  let plainDistinctive = false;
  for (let k = first; k <= last; k++) {
    const w = tokens[k]!;
    if (w.type !== 'word' || GLUE.has(w.key)) continue;
    const country = w.cap ? countryAt(tokens, k, last, matcher) : undefined;
    if (country) {
      if (!countries.includes(country.entry.id)) countries.push(country.entry.id);
      if (country.entry.type === 'country') distinctive = true;
      if (k === first && country.entry.type === 'bloc') blocFirst = true;
      k = country.last;
      continue;
    }
    if (w.cap && !GENERIC.has(w.key) && !w.key.endsWith('#')) {
      distinctive = true;
      if (!CAMEL_CASE.test(w.raw)) plainDistinctive = true;
    }
    if (k === h - 1 && INSTITUTION_MODIFIERS.has(w.key)) institutionBefore = true;
  }
  if (!distinctive) return undefined;
  // "TrustBridge Framework", "CloudGuard Charter": a product's brand, not a place or a party.
  if (!plainDistinctive && countries.length === 0) return undefined;
  if (t.key === 'conference' && last === h && countries.length === 0) return undefined;
  if (t.key === 'call' && !isNamedCall(tokens, h, last)) return undefined;
  if (BODY_HEADS.has(head) && (institutionBefore || (countries.length < 2 && !namedPair(tokens, first, h)))) return undefined;
  // "United Nations Development Programme", "World Food Programme": agencies, not programmes. A
  // regional bloc's programme ("ASEAN Cyber Capacity Programme") is one.
  if (
    (t.key === 'programme' || t.key === 'program') &&
    (tokens[first]!.key === 'world' || (blocFirst && countries[0] === 'un' && countries.length === 1))
  )
    return undefined;

  // A shortened form of a catalogued name ("Reciprocal Access Agreement" for the Japan–Australia
  // one) is a name the catalogue knows but the text does not say in full: not reported as unknown.
  if (shortensCatalogued(tokens, first, last, matcher)) return undefined;

  const candidate: NameCandidate = { first, last, head, countries };
  if (abbreviation !== undefined) candidate.abbreviation = abbreviation;
  if (isSelf(tokens, first)) candidate.self = true;
  return candidate;
}

/** Whether the Call at `h` is named by a place before it and says what it calls for ("Accra Call for …", "Paris Call for …"). */
function isNamedCall(tokens: readonly Token[], h: number, last: number): boolean {
  const place = tokens[h - 1];
  const after = tokens[h + 1];
  if (last === h || !place?.cap || GENERIC.has(place.key) || LEAD_STOP.has(place.key) || !joined(tokens[h])) return false;
  if (after?.key !== 'for' && after?.key !== 'to') return false;
  for (let k = h + 2; k <= last; k++)
    if (tokens[k]!.type === 'word' && !GLUE.has(tokens[k]!.key)) return !CALL_FOR_CLASS.has(tokens[k]!.key);
  return false;
}

/** Whether a dash joins two capitalised words before the head: the parties of a forum ("Nordic–Baltic", "EU–US"). */
function namedPair(tokens: readonly Token[], first: number, h: number): boolean {
  for (let k = first + 1; k < h; k++) if (tokens[k]!.gap === 'dash' && tokens[k]!.cap && tokens[k - 1]!.cap) return true;
  return false;
}

/** Where a complement that starts at `of`/`on`/`for`… ends (its last name word), or -1 when it holds none. */
function complementEnd(tokens: readonly Token[], from: number, text: string): number {
  let end = -1;
  let glue = 0;
  let comma = -1;
  let andAfterComma = false;
  for (let k = from + 1; k < tokens.length; k++) {
    const w = tokens[k]!;
    if (w.brk) break;
    if (w.gap === 'comma') {
      if (end < 0 || !isNameWord(tokens, k)) break;
      if (comma < 0) comma = end;
      andAfterComma = false;
    } else if (w.gap !== 'space' && w.gap !== 'dash') break;
    if (GLUE.has(w.key) || w.raw === '&') {
      if (++glue > 2) break;
      if (w.key === 'and') {
        // "… for Prosperity and a Common Vision for …": a second name, not the rest of this one.
        if (startsAnotherName(tokens, k)) break;
        andAfterComma = true;
      }
      continue;
    }
    if (isNameWord(tokens, k) && !(LEAD_STOP.has(w.key) && !GLUE.has(w.key))) {
      end = k;
      glue = 0;
      if (w.possessive && !innerPossessive(tokens, k, text)) break;
      continue;
    }
    if (w.type === 'word' && !w.cap && w.gap === 'dash' && end === k - 1) {
      end = k;
      continue;
    }
    break;
  }
  // "… on Cyber, Data and …" is a list inside the name; "… on Cyber, which …" ended at the comma.
  if (comma >= 0 && !andAfterComma) end = comma;
  return end;
}

/** Whether "and" at `k` is followed by an article and a capitalised phrase headed by an engagement noun. */
function startsAnotherName(tokens: readonly Token[], k: number): boolean {
  const article = tokens[k + 1];
  if (!article || article.brk || !['a', 'an', 'the'].includes(article.key)) return false;
  for (let j = k + 2; j < tokens.length && j < k + 12; j++) {
    const w = tokens[j]!;
    if (w.brk || !(w.cap || GLUE.has(w.key))) return false;
    if (w.cap && isHeadKey(w.key)) return true;
  }
  return false;
}

/** Whether the name stands after "this", "the present", or after "prepared for/by (the)": the document itself or its addressee. */
function isSelf(tokens: readonly Token[], first: number): boolean {
  if (tokens[first]!.brk) return false;
  let k = first - 1;
  if (tokens[k]?.key === 'the' || tokens[k]?.key === 'present') {
    if (tokens[k]!.key === 'present') return true;
    if (tokens[k]!.brk) return false;
    k--;
  }
  const w = tokens[k];
  if (!w) return false;
  if (SELF_LEAD.has(w.key)) return true;
  return (w.key === 'for' || w.key === 'by' || w.key === 'to') && !tokens[k]!.brk && AUTHORING.has(tokens[k - 1]?.key ?? '');
}

/** Short words that title case capitalises and prose does not. */
const FUNCTION_WORDS = new Set([
  ...GLUE,
  'with',
  'from',
  'into',
  'over',
  'under',
  'after',
  'before',
  'about',
  'by',
  'at',
  'as',
  'or',
  'but',
  'its',
]);

/**
 * Marks the names in sentences written in title case ("Japan Signs Digital Compact With Kenya"),
 * where capitals say nothing about names. Outside every name: a capitalised small word ("With")
 * inside the sentence, or no lower-case word of three letters or more and three capitalised ones. A
 * name that fills its sentence (a table cell) stays.
 */
function markTitleCase(tokens: readonly Token[], names: NameCandidate[], coveredBy: Int32Array | undefined): void {
  const inName = new Uint8Array(tokens.length);
  for (const n of names) for (let k = n.first; k <= (n.abbreviation !== undefined ? n.abbreviation + 1 : n.last); k++) inName[k] = 1;
  const sentences = new Set(names.map((n) => tokens[n.first]!.sentence));
  const counts = new Map<number, { lower: number; caps: number; capSmall: number }>();
  tokens.forEach((t, i) => {
    if (!sentences.has(t.sentence) || t.type !== 'word' || inName[i] || (coveredBy && coveredBy[i]! >= 0)) return;
    if (i === 0 || t.brk || tokens[i - 1]!.sentence !== t.sentence) return;
    let c = counts.get(t.sentence);
    if (!c) counts.set(t.sentence, (c = { lower: 0, caps: 0, capSmall: 0 }));
    if (FUNCTION_WORDS.has(t.key)) {
      if (t.cap && !t.allCaps) c.capSmall++;
    } else if (!t.cap && t.raw.length >= 3) c.lower++;
    else if (t.cap && t.raw.length >= 4) c.caps++;
  });
  for (const n of names) {
    const c = counts.get(tokens[n.first]!.sentence);
    if (c && (c.capSmall > 0 || (c.lower === 0 && c.caps >= 3))) n.titleCase = true;
  }
}

/** Per matcher: the words of every agreement's names, and for each word the names that hold it. */
const catalogueWords = new WeakMap<Matcher, { names: Set<string>[]; byWord: Map<string, number[]> }>();

function wordsIndex(matcher: Matcher): { names: Set<string>[]; byWord: Map<string, number[]> } {
  let index = catalogueWords.get(matcher);
  if (index) return index;
  index = { names: [], byWord: new Map() };
  for (const e of matcher.entries.values()) {
    if (e.kind !== 'agreement') continue;
    for (const name of [e.label, ...e.aliases]) {
      const words = new Set(
        tokenize(name)
          .filter((t) => t.type === 'word' && !GLUE.has(t.key))
          .map((t) => t.key),
      );
      const k = index.names.push(words) - 1;
      for (const w of words) {
        const list = index.byWord.get(w);
        if (list) list.push(k);
        else index.byWord.set(w, [k]);
      }
    }
  }
  catalogueWords.set(matcher, index);
  return index;
}

/** Whether every word of the name (two at least) is a word of one catalogued agreement's name. */
function shortensCatalogued(tokens: readonly Token[], first: number, last: number, matcher: Matcher): boolean {
  const words: string[] = [];
  for (let k = first; k <= last; k++) {
    const t = tokens[k]!;
    if (t.type === 'word' && !GLUE.has(t.key) && !words.includes(t.key)) words.push(t.key);
  }
  if (words.length < 2) return false;
  const index = wordsIndex(matcher);
  let rarest: number[] | undefined;
  for (const w of words) {
    const list = index.byWord.get(w);
    if (!list) return false;
    if (!rarest || list.length < rarest.length) rarest = list;
  }
  return rarest!.some((k) => words.every((w) => index.names[k]!.has(w)));
}
