/**
 * Abbreviations a text defines for a name: "the Counter Ransomware Initiative (CRI)". Both the
 * matcher (for a catalogued name) and the detector of names the catalogue lacks read them with
 * this one rule, so that "CRI" later in the text is the same reference either way.
 */
import type { Token } from '../text/tokenize';

/**
 * Whether `abbr` stands for the words `first`..`last`: a short word of capitals (lower-case
 * letters allowed between them, as in "DEPAs" or "GovTech") whose capitals are initials of the
 * name's words, in order, starting with the first or second word.
 *
 * @param abbr The token inside the parentheses.
 * @param tokens The tokens of the block.
 * @param first First token of the name.
 * @param last Last token of the name (inclusive).
 * @returns Whether the abbreviation is the name's.
 */
export function isAbbreviationOf(abbr: Token, tokens: readonly Token[], first: number, last: number): boolean {
  if (
    abbr.type !== 'word' ||
    !/^\p{Lu}?[\p{Lu}\p{Ll}]?\p{Lu}[\p{Lu}\p{Ll}]*$/u.test(abbr.raw) ||
    abbr.raw.length < 2 ||
    abbr.raw.length > 12
  )
    return false;
  const letters = abbr.raw.toUpperCase().replace(/[^\p{Lu}]/gu, '');
  if (letters.length < 2 || letters.length > abbr.raw.replace(/\p{Ll}/gu, '').length + 2) return false;
  const initials = tokens
    .slice(first, last + 1)
    .filter((w) => w.type === 'word')
    .map((w) => w.raw[0]!.toUpperCase());
  if (initials[0] !== letters[0] && initials[1] !== letters[0]) return false;
  let j = 0;
  for (const c of initials) if (c === letters[j]) j++;
  return j === letters.length;
}

/**
 * The abbreviation defined in parentheses right after the name `first`..`last`, on the same
 * line: the index of its token, or undefined.
 *
 * @param tokens The tokens of the block.
 * @param first First token of the name.
 * @param last Last token of the name (inclusive).
 * @returns The index of the abbreviation's token.
 */
export function abbreviationAfter(tokens: readonly Token[], first: number, last: number): number | undefined {
  const open = tokens[last + 1];
  const abbr = tokens[last + 2];
  const close = tokens[last + 3];
  if (
    open?.key === '(' &&
    !open.brk &&
    abbr &&
    !abbr.brk &&
    close?.key === ')' &&
    !close.brk &&
    isAbbreviationOf(abbr, tokens, first, last)
  )
    return last + 2;
  return undefined;
}

/**
 * All-capital words of two letters or more that no match covers: the later uses of a defined
 * abbreviation are among them.
 *
 * @param tokens The tokens of the block.
 * @param covered Whether token k is inside a name already found.
 * @returns Their token indexes, in order.
 */
export function uncoveredCapitals(tokens: readonly Token[], covered: (k: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type === 'word' && t.allCaps && t.raw.length >= 2 && !covered(k)) out.push(k);
  }
  return out;
}
