import type { Dataset } from '../dataset/load';
import { entryYear } from '../dataset/load';
import type { Diagnostic } from '../types';

/** A replacement for a diagnostic's own range that resolves it. */
export interface Fix {
  /** What the replacement writes: an entry's canonical name, its recorded year or host, or a known citation key. */
  kind: 'label' | 'year' | 'host' | 'citation-key';
  /** The new text for the diagnostic's range. */
  replacement: string;
  /** The entry the fix points at. */
  entry: string;
  /** Whether this is the one obvious fix (an editor may apply it from "auto fix"). */
  preferred: boolean;
}

/** Emphasis, code, escapes or link brackets inside a name: rewriting the whole range would unbalance them. */
const MARKUP = /[*_`\\[\]<>]/;

/** How many close citation keys an unknown key gets as suggestions. */
const MAX_KEY_SUGGESTIONS = 3;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Entry ids an unknown key probably meant: a name of the entry written as a key (`@estonia-moc`), then ids a few typos away. */
function keySuggestions(key: string, dataset: Dataset): string[] {
  const wanted = slug(key);
  if (!wanted) return [];
  const byName: string[] = [];
  const byTypo: Array<{ id: string; distance: number }> = [];
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  for (const entry of dataset.entries.values()) {
    if ([entry.label, ...entry.aliases].some((name) => slug(name) === wanted)) {
      byName.push(entry.id);
      continue;
    }
    const distance = editDistance(wanted, entry.id.toLowerCase());
    if (distance <= limit) byTypo.push({ id: entry.id, distance });
  }
  byTypo.sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  return [...byName, ...byTypo.map((t) => t.id)].slice(0, MAX_KEY_SUGGESTIONS);
}

/**
 * The quick fixes for one diagnostic of `analyze`: rewrite an ambiguous reference to each candidate's
 * canonical name, a non-canonical name to the canonical one, a contradicted year or host to the
 * recorded one, an unknown citation key to the keys it probably meant. Each fix replaces the
 * diagnostic's range and nothing else. A name that contains Markdown markup gets no rewrite.
 *
 * @param diagnostic A diagnostic from `analyze`.
 * @param written The text of the diagnostic's range, as the document has it now.
 * @param dataset The dataset the analysis used.
 * @returns The fixes, most likely first; none when there is nothing safe to offer.
 */
export function fixesFor(diagnostic: Diagnostic, written: string, dataset: Dataset): Fix[] {
  const ids = diagnostic.entries ?? [];
  const rename = (id: string, kind: Fix['kind'], preferred: boolean): Fix[] => {
    const entry = dataset.entries.get(id);
    if (!entry || MARKUP.test(written) || entry.label === written) return [];
    return [{ kind, replacement: entry.label, entry: id, preferred }];
  };
  switch (diagnostic.code) {
    case 'ambiguous-reference':
      // Several fixes, none preferred: only the writer knows which meeting they meant.
      return ids.flatMap((id) => rename(id, 'label', false));
    case 'non-canonical-name':
      return ids.slice(0, 1).flatMap((id) => rename(id, 'label', true));
    case 'inconsistent-year': {
      const entry = ids[0] === undefined ? undefined : dataset.entries.get(ids[0]);
      const year = entry && entryYear(entry);
      if (!entry || year === undefined || !/^\d{4}$/.test(written) || String(year) === written) return [];
      return [{ kind: 'year', replacement: String(year), entry: entry.id, preferred: true }];
    }
    case 'inconsistent-host': {
      const entry = ids[0] === undefined ? undefined : dataset.entries.get(ids[0]);
      const host = entry?.kind === 'agreement' ? entry.host : undefined;
      return host ? rename(host, 'host', true) : [];
    }
    case 'unknown-citation': {
      if (!written.startsWith('@')) return [];
      const suggestions = keySuggestions(written.slice(1), dataset);
      return suggestions.map((id) => ({ kind: 'citation-key', replacement: `@${id}`, entry: id, preferred: suggestions.length === 1 }));
    }
    default:
      return [];
  }
}
