import type { Entry } from '../types';

/**
 * How many other pillars of the same policy as pillar `id` are among `ids`: siblings named beside
 * a short form with a cue word (find.ts), or a sibling named in full in its paragraph (assemble.ts).
 *
 * @param id A pillar id (any other id counts no siblings).
 * @param ids Entry ids named nearby; duplicates count once.
 * @param entries The dataset's entries.
 * @returns The number of distinct sibling pillars among `ids`.
 */
export function siblingPillarCount(id: string, ids: Iterable<string>, entries: ReadonlyMap<string, Entry>): number {
  const entry = entries.get(id);
  if (entry?.kind !== 'pillar') return 0;
  const seen = new Set<string>();
  for (const other of ids) {
    if (other === id || seen.has(other)) continue;
    const o = entries.get(other);
    if (o?.kind === 'pillar' && o.policy === entry.policy) seen.add(other);
  }
  return seen.size;
}

/** Siblings a sentence must name, beside a cue word, to confirm a short form: two, so that a pair of common words is not a list. */
export const SIBLINGS_TO_CONFIRM = 2;
