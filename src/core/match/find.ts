import type { PillarEntry } from '../types';
import type { Token } from '../text/tokenize';
import { CaseMode, type Matcher, type Pattern } from './compile';

/** A name found in a run of tokens, before disambiguation. */
export interface TokenMatch {
  /** First and last token (inclusive). */
  first: number;
  last: number;
  /** Every entry the name may stand for. */
  ids: string[];
}

/** Nouns that make a country or demonym part of a geographic name: the Indian Ocean, the Sea of Japan. */
const GEOGRAPHIC_HEADS = new Set(
  'ocean sea gulf bay strait straits peninsula plate basin river current trench desert mountain mountains highland highlands plateau archipelago channel lake rift ridge shelf'
    .split(' ')
    .map((w) => w.replace(/s$/, '')),
);
/** Capitalised words that can precede a country without making a different proper name. */
const QUALIFIERS = new Set(
  'north south east west northern southern eastern western central northeast northwest southeast southwest northeastern northwestern southeastern southwestern mainland greater modern imperial contemporary democratic communist rural urban coastal continental insular peninsular postwar colonial ancient medieval today meanwhile and or but with in of for to from by at on as like unlike including notably both neither either while whereas whether if since because although though when where then also even only not all'
    .split(' '),
);
/** Capitalised words that can follow a country and still be about the country: "Japan Government", "India Ministry". */
const INSTITUTIONS = new Set(
  'government ministry minister ministers prime president embassy parliament cabinet diet state states navy army armed military office agency council delegation mission ambassador consulate administration presidency'.split(' '),
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

/**
 * A country name that is really part of another proper name: a sea or ocean named after it, a
 * place ("New Mexico"), a person ("Michael Jordan", "Jordan Peterson"). In running prose, a
 * country glued by a space to another capitalised word that is not itself a name, a qualifier or
 * an institution belongs to a longer name that is not the country.
 */
function isFalseFriend(m: TokenMatch, pattern: Pattern, tokens: readonly Token[], covered: Uint8Array, titleCase: Set<number>): boolean {
  const next = tokens[m.last + 1];
  const prev = tokens[m.first - 1];
  const glued = (t: Token | undefined): t is Token => t !== undefined && !t.brk && t.gap === 'space';
  if (glued(next) && next.type === 'word' && GEOGRAPHIC_HEADS.has(next.key) && !tokens[m.last]!.possessive) return true;
  const before = tokens[m.first - 2];
  if (prev && before && prev.key === 'of' && !tokens[m.first]!.brk && !prev.brk && GEOGRAPHIC_HEADS.has(before.key) && before.cap) return true;
  if (titleCase.has(tokens[m.first]!.sentence) || pattern.demonym) return false;
  const last = tokens[m.last]!;
  if (glued(next) && next.cap && !next.allCaps && !covered[m.last + 1] && !last.possessive && !INSTITUTIONS.has(next.key)) return true;
  if (glued(tokens[m.first]) && prev && prev.cap && !prev.allCaps && !prev.possessive && !covered[m.first - 1] && !isSentenceStart(tokens, m.first - 1) && !QUALIFIERS.has(prev.key)) {
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
  for (let i = 0; i < tokens.length; ) {
    let node = matcher.root.next.get(tokens[i]!.key);
    let best: { last: number; patterns: Pattern[] } | undefined;
    for (let j = i; node; ) {
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
  const kept: Array<{ m: TokenMatch; patterns: Pattern[] }> = [];
  for (const f of found) {
    if (f.patterns.some((p) => p.stop)) continue;
    const countryOnly = f.patterns.every((p) => p.ids.every((id) => matcher.entries.get(id)?.kind === 'country'));
    if (countryOnly && isFalseFriend(f.m, f.patterns[0]!, tokens, covered, titleCase)) continue;
    f.m.ids = [...new Set(f.patterns.flatMap((p) => p.ids))];
    kept.push(f);
  }

  const inContext = kept.filter((f) => {
    if (!f.patterns.every((p) => p.contextual)) return true;
    return f.m.ids.some((id) => {
      const sentence = tokens[f.m.first]!.sentence;
      const cues = matcher.cueKeys.get(id);
      if (cues && tokens.some((t) => t.sentence === sentence && cues.has(t.key))) return true;
      const entry = matcher.entries.get(id) as PillarEntry | undefined;
      if (!entry?.context?.withSiblings) return false;
      const siblings = new Set<string>();
      for (const other of kept) {
        if (other === f || tokens[other.m.first]!.sentence !== sentence) continue;
        for (const oid of other.m.ids) {
          const o = matcher.entries.get(oid);
          if (o?.kind === 'pillar' && o.policy === entry.policy && oid !== id) siblings.add(oid);
        }
      }
      return siblings.size >= 2;
    });
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
    out.push(m);
  }
  return out;
}
