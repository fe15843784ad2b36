import { HARD_BOUNDARY } from '../markdown/prose';

/** One word, number or bracket of prose, with what a matcher needs to know about it. */
export interface Token {
  /** Index of the first character in the tokenized text. */
  start: number;
  /** Index just past the last character (a possessive `'s` is not included). */
  end: number;
  /** Normalised form: lower case, diacritics folded, simple plural removed, `&` as `and`. */
  key: string;
  /** The characters as written (a dotted abbreviation loses its dots: `U.S.` → `US`). */
  raw: string;
  type: 'word' | 'number' | 'punct';
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Has letters and all of them are upper case. */
  allCaps: boolean;
  /** Followed by a possessive `'s` or `'`. */
  possessive: boolean;
  /** No name may run from the previous token into this one (sentence end, code, HTML). */
  brk: boolean;
  /** What separates this token from the previous one. */
  gap: 'none' | 'space' | 'dash' | 'comma' | 'other';
  /** A line break separates this token from the previous one (a soft line break inside a paragraph). */
  newline: boolean;
  /** Index of the sentence the token is in. */
  sentence: number;
}

const TOKEN = /((?:\p{Lu}\.){2,})|(\d+(?:[.,]\d+)*)|([\p{L}\p{M}]+)|(['’](?:s(?![\p{L}\p{N}]))?)|(\s+)|([\s\S])/uy;
/** An ordinal suffix right after a number: "6th". */
const ORDINAL_SUFFIX = /(?:st|nd|rd|th|ST|ND|RD|TH)(?![\p{L}\p{N}])/uy;
/** Capitals right after an ampersand that joins them to the capitals before it: "ST&I", "S&T&I". */
const AMPERSAND_PART = /\p{Lu}{1,3}(?![\p{L}\p{N}])/uy;
const DASHES = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);
const SENTENCE_END = new Set(['.', '!', '?', ';', ':', '\u2026', '\u3002', '\uff01', '\uff1f', '\uff1b', '\uff1a']);
const HARD = new Set([HARD_BOUNDARY, '|', '[', ']', '{', '}', '<', '>', '\u2022']);
/** Titles written before a name, whose full stop ends no sentence: "Dr. Jordan", "Mr. Chad". */
const TITLES = new Set([
  'Dr',
  'Mr',
  'Mrs',
  'Ms',
  'Mx',
  'Prof',
  'Sen',
  'Rep',
  'Gov',
  'Gen',
  'Col',
  'Capt',
  'Lt',
  'Sgt',
  'Rev',
  'Hon',
  'Amb',
  'St',
]);

/** Letters of scripts written without spaces between words (Japanese and Chinese). */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
let segmenter: Intl.Segmenter | undefined;
/**
 * A run of letters with Japanese or Chinese in it, as the words ICU's dictionary finds in it
 * (`Intl.Segmenter`, in Node and every browser): 日本語 is one word and 日本政府 two, so a name
 * matches a whole word and never a part of one. Offsets are relative to the run.
 */
function unspacedWords(run: string): Array<{ index: number; segment: string }> {
  segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  return [...segmenter.segment(run)].filter((s) => s.isWordLike !== false).map(({ index, segment }) => ({ index, segment }));
}

/** Ordinal words, first to twentieth, keyed as their digit forms ("sixth" and "6th" are one token). */
const ORDINAL_WORDS = new Map(
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'
    .split(' ')
    .map((word, k) => [word, ordinalKey(k + 1)]),
);

/** The key of the ordinal n, in digits or in words. */
function ordinalKey(n: number): string {
  return `${n}#`;
}

const SOFT_OTHER = new Set([
  '/',
  '"',
  '\u201c',
  '\u201d',
  '\u2018',
  '\u00ab',
  '\u00bb',
  '*',
  '_',
  '~',
  '`',
  '\u00b7',
  // Japanese: the katakana middle dot inside names (デジタル・パートナーシップ) and the corner quotes.
  '\u30fb',
  '\uff65',
  '\u300c',
  '\u300d',
  '\u300e',
  '\u300f',
]);

/**
 * Normalises one word for matching: lower case, diacritics folded, simple English plural removed.
 *
 * @param word A run of letters.
 * @returns The key shared by every spelling a matcher should treat as the same word.
 */
export function wordKey(word: string): string {
  let w = word.toLowerCase();
  const n0 = w.length;
  if (n0 >= 5 && n0 <= 13) {
    const ordinal = ORDINAL_WORDS.get(w);
    if (ordinal !== undefined) return ordinal;
  }
  // Only non-ASCII words can carry diacritics; skipping NFD for the rest keeps tokenizing fast.

  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(w)) w = w.normalize('NFD').replace(/\p{M}+/gu, '');
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  // "sandwiches", "dishes", "taxes", "classes": the plural adds -es to a sibilant.
  if (n > 4 && w.charCodeAt(n - 1) === 115 && w.charCodeAt(n - 2) === 101 && /(?:ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** Whether the full stop at `at` closes a title written just before it ("Dr."). */
/** Starts with an upper-case letter. */
const hasCap = (word: string): boolean => word[0] !== word[0]!.toLowerCase();
/** Has letters and all of them are upper case. */
const isAllCaps = (word: string): boolean => word === word.toUpperCase() && word !== word.toLowerCase();

function isTitleBefore(tokens: readonly Token[], at: number): boolean {
  const prev = tokens[tokens.length - 1];
  return prev !== undefined && prev.end === at && TITLES.has(prev.raw);
}

/**
 * Splits prose into tokens. Hyphens, dashes, spaces, commas and quotes join words softly (a name
 * may span them); sentence ends, hard boundaries and brackets other than parentheses break.
 *
 * @param text Prose, as extracted by `extractProse`, or a name from the dataset.
 * @returns The tokens in order.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let gap: Token['gap'] = 'none';
  let brk = true;
  let sentence = 0;
  let pendingSentenceEnd = false;
  let newline = false;
  /** Adds a token with the separation read since the previous one, and starts the next separation. */
  const push = (start: number, end: number, raw: string, key: string, type: Token['type'], cap: boolean, allCaps: boolean): void => {
    tokens.push({
      start,
      end,
      key,
      raw,
      type,
      cap,
      allCaps,
      possessive: false,
      brk,
      gap: brk ? 'none' : gap,
      newline: !brk && newline,
      sentence,
    });
    brk = false;
    gap = 'none';
    newline = false;
  };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) break;
    const [all, abbr, num, word, apos, ws] = m;
    if (ws !== undefined) {
      if (ws.includes('\n') || ws.includes('\r')) newline = true;
      if (pendingSentenceEnd) {
        sentence++;
        pendingSentenceEnd = false;
      }
      if (gap === 'none') gap = 'space';
      continue;
    }
    if (apos !== undefined) {
      const prev = tokens[tokens.length - 1];
      if (prev && prev.end === start && prev.type === 'word' && (apos.length === 2 || prev.key.endsWith('s') || /s$/i.test(prev.raw))) {
        prev.possessive = true;
      } else if (gap === 'none') gap = 'other';
      continue;
    }
    if (abbr !== undefined || num !== undefined || word !== undefined) {
      if (pendingSentenceEnd) {
        // A full stop with no space after it (a URL, "e.g.x") still stops a name but not the sentence.
        pendingSentenceEnd = false;
        brk = true;
      }
      let raw: string;
      let key: string;
      let type: Token['type'];
      if (abbr !== undefined) {
        raw = abbr.replace(/\./g, '');
        key = raw.toLowerCase();
        type = 'word';
      } else if (num !== undefined) {
        ORDINAL_SUFFIX.lastIndex = TOKEN.lastIndex;
        if (/^\d+$/.test(num) && ORDINAL_SUFFIX.test(text)) {
          // "6th" is one word, keyed as "sixth" is: an ordinal is one token class however it is written.
          TOKEN.lastIndex = ORDINAL_SUFFIX.lastIndex;
          raw = text.slice(start, TOKEN.lastIndex);
          key = ordinalKey(Number(num));
          type = 'word';
        } else {
          raw = num;
          key = num;
          type = 'number';
        }
      } else if (UNSPACED.test(word!)) {
        // Words with no space between them: one token each, with no gap, none of them a case to check.
        for (const part of unspacedWords(word!)) {
          const at = start + part.index;
          const prev = tokens[tokens.length - 1];
          if (part.segment === '語' && prev && prev.end === at && UNSPACED.test(prev.raw)) {
            // X語 is the language X, one word, though the dictionary may split it (韓国|語).
            prev.raw += part.segment;
            prev.key = wordKey(prev.raw);
            prev.end += part.segment.length;
            continue;
          }
          const seg = part.segment;
          // A Japanese word has no case to check; a Latin one among them ("日EU") keeps its own.
          const caseless = UNSPACED.test(seg);
          push(at, at + seg.length, seg, wordKey(seg), 'word', caseless || hasCap(seg), !caseless && isAllCaps(seg));
        }
        continue;
      } else {
        raw = word!;
        key = wordKey(raw);
        type = 'word';
      }
      push(start, TOKEN.lastIndex, raw, key, type, type === 'word' && hasCap(raw), type === 'word' && isAllCaps(raw));
      continue;
    }
    const ch = all;
    if (ch === '&' && gap === 'none' && !brk) {
      // "ST&I", "S&T&I" and "STI" are one abbreviation: capitals joined by ampersands, the ampersands dropped.
      const prev = tokens[tokens.length - 1];
      AMPERSAND_PART.lastIndex = start + 1;
      const part = prev && prev.end === start && prev.allCaps && prev.raw.length <= 3 ? AMPERSAND_PART.exec(text) : null;
      if (prev && part) {
        prev.raw += part[0];
        prev.key = prev.raw.toLowerCase();
        prev.end = AMPERSAND_PART.lastIndex;
        TOKEN.lastIndex = AMPERSAND_PART.lastIndex;
        continue;
      }
    }
    // `&` reads as "and"; parentheses are kept as tokens of their own.
    const oneChar =
      ch === '&' ? ({ key: 'and', type: 'word' } as const) : ch === '(' || ch === ')' ? { key: ch, type: 'punct' as const } : null;
    if (oneChar) {
      push(start, start + 1, ch, oneChar.key, oneChar.type, false, false);
    } else if (ch === '.' && isTitleBefore(tokens, start)) {
      if (gap === 'none') gap = 'other';
    } else if (SENTENCE_END.has(ch)) {
      brk = true;
      // Japanese puts no space after its full stop: 。 ends the sentence where it stands.
      if (ch.charCodeAt(0) >= 0x3000) sentence++;
      else pendingSentenceEnd = true;
    } else if (HARD.has(ch)) {
      brk = true;
    } else if (DASHES.has(ch)) {
      gap = 'dash';
    } else if (ch === ',' || ch === '\u3001' || ch === '\uff0c') {
      gap = 'comma';
    } else if (SOFT_OTHER.has(ch)) {
      if (gap === 'none') gap = 'other';
    } else {
      brk = true;
    }
  }
  return tokens;
}
