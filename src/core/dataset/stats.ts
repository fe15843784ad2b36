import type { Entry } from '../types';
import { catalogueAreas } from './data/areas';
import { entryYear, type Dataset } from './load';

/** Counts of a dataset's entries, each list sorted by count, largest first (decades by time). */
export interface DatasetStats {
  total: number;
  byKind: Array<[kind: string, count: number]>;
  /** Agreements only, by their `type`. */
  byType: Array<[type: string, count: number]>;
  /** Every entry by the catalogue area it comes from; `countries` for countries and blocs of no area, `user` for entries of user datasets. */
  byArea: Array<[area: string, count: number]>;
  /** Agreements by the decade of their year (`1990s`); `no year` last. */
  byDecade: Array<[decade: string, count: number]>;
  /** Agreements by classification. */
  byClassification: Array<[classification: string, count: number]>;
}

let bundledArea: Map<string, string> | undefined;

/**
 * The catalogue area a bundled entry comes from (the file under `data/areas/`).
 *
 * @param id An entry id.
 * @returns The area's name, or undefined for an entry that no area file defines.
 */
export function catalogueAreaOf(id: string): string | undefined {
  bundledArea ??= new Map(
    catalogueAreas.flatMap(({ area, data }) => (data.entries as Array<{ id: string }>).map((e) => [e.id, area] as const)),
  );
  return bundledArea.get(id);
}

function counted(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

const bySize = (counts: Map<string, number>): Array<[string, number]> =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/**
 * Counts a dataset's entries per kind, type, area, decade and classification: what
 * `policy-lens dataset --stats` prints.
 *
 * @param dataset A loaded dataset (bundled, possibly with user layers).
 * @param isBundled Tells a bundled entry from one that a user dataset added; by default every
 *   entry that no catalogue area defines and that is not a country counts as a user entry.
 * @returns The counts.
 */
export function datasetStats(dataset: Dataset, isBundled?: (entry: Entry) => boolean): DatasetStats {
  const entries = [...dataset.entries.values()];
  const agreements = entries.filter((e) => e.kind === 'agreement');
  const areaOf = (entry: Entry): string => {
    const area = catalogueAreaOf(entry.id);
    if (area && (isBundled?.(entry) ?? true)) return area;
    if (entry.kind === 'country' && (isBundled?.(entry) ?? true)) return 'countries';
    return 'user';
  };
  const decades = counted(
    agreements.map((e) => {
      const year = entryYear(e);
      return year === undefined ? 'no year' : `${Math.floor(year / 10) * 10}s`;
    }),
  );
  return {
    total: entries.length,
    byKind: bySize(counted(entries.map((e) => e.kind))),
    byType: bySize(counted(agreements.map((e) => e.type.toLowerCase()))),
    byArea: bySize(counted(entries.map(areaOf))),
    byDecade: [...decades].sort((a, b) => (a[0] === 'no year' ? 1 : b[0] === 'no year' ? -1 : a[0].localeCompare(b[0]))),
    byClassification: bySize(counted(agreements.map((e) => e.classification ?? 'none'))),
  };
}

/**
 * The stats as plain-text tables, one per grouping, for a terminal or the README.
 *
 * @param stats From `datasetStats`.
 * @returns Markdown tables separated by blank lines.
 */
export function formatDatasetStats(stats: DatasetStats): string {
  const table = (title: string, rows: Array<[string, number]>): string => {
    const width = Math.max(title.length, ...rows.map(([name]) => name.length));
    const lines = [`| ${title.padEnd(width)} | count |`, `| ${'-'.repeat(width)} | ----: |`];
    for (const [name, count] of rows) lines.push(`| ${name.padEnd(width)} | ${String(count).padStart(5)} |`);
    return lines.join('\n');
  };
  return [
    `${stats.total} entries`,
    table('kind', stats.byKind),
    table('area', stats.byArea),
    table('agreement type', stats.byType),
    table('agreement decade', stats.byDecade),
    table('classification', stats.byClassification),
  ].join('\n\n');
}
