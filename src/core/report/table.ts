import { entryYear, type Dataset } from '../dataset/load';
import type { AgreementEntry, Analysis } from '../types';

/** One row of a cited-engagements table. */
export interface EngagementRow {
  id: string;
  year: number | undefined;
  engagement: string;
  partner: string;
  classification: string;
  citations: number;
}

/**
 * What the drafts cite: their analyses, or (for the workspace index, which keeps no analysis)
 * the number of references per entry id, ambiguous references left out.
 */
export type CitationSource = readonly Analysis[] | ReadonlyMap<string, number>;

/**
 * References per entry id: ambiguous references count for no entry.
 *
 * @param source Analyses of one or more drafts, or counts already made.
 * @returns Entry id → citations (the counts themselves when given counts).
 */
export function citationCounts(source: CitationSource): ReadonlyMap<string, number> {
  if (!Array.isArray(source)) return source as ReadonlyMap<string, number>;
  const counts = new Map<string, number>();
  for (const analysis of source as readonly Analysis[]) {
    for (const ref of analysis.references) if (!ref.candidates) counts.set(ref.id, (counts.get(ref.id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The agreements an analysis cites, as rows in the spirit of the seed paper's Table 1, in year order.
 * The partner column leaves out the one party that takes part in most of the rows (the "home"
 * country of the draft, e.g. Japan), so it names who the engagement was with.
 *
 * @param analyses Analyses of one or more drafts (citations are summed), or citation counts.
 * @param dataset The dataset the analyses were made with.
 * @returns One row per cited agreement; ambiguous references are not counted.
 */
export function engagementRows(analyses: CitationSource, dataset: Dataset): EngagementRow[] {
  const counts = citationCounts(analyses);
  const agreements = [...counts.keys()].map((id) => dataset.entries.get(id)).filter((e): e is AgreementEntry => e?.kind === 'agreement');
  const partyFrequency = new Map<string, number>();
  for (const a of agreements) for (const p of a.parties) partyFrequency.set(p, (partyFrequency.get(p) ?? 0) + 1);
  const [home, homeCount] = [...partyFrequency].sort((x, y) => y[1] - x[1])[0] ?? ['', 0];
  const skipHome = agreements.length > 1 && homeCount * 2 >= agreements.length;
  const name = (id: string): string => dataset.entries.get(id)?.label ?? id;
  return agreements
    .map((a) => {
      const partners = a.parties.filter((p) => !(skipHome && p === home) && p !== a.host);
      const partner = [...(a.host ? [name(a.host)] : []), ...partners.map(name)].join(', ');
      return {
        id: a.id,
        year: entryYear(a),
        engagement: a.label,
        partner,
        classification: a.classification ? a.classification[0]!.toUpperCase() + a.classification.slice(1) : '',
        citations: counts.get(a.id)!,
      };
    })
    .sort((x, y) => (x.year ?? 9999) - (y.year ?? 9999) || x.engagement.localeCompare(y.engagement));
}

// What Markdown would read as syntax in a cell: raw HTML, autolinks and entities (`<`, `&`), links
// and images (`[`, `]`, `!`), code spans, emphasis and strikethrough, math in some renderers, the
// cell separator, and the backslash itself. Each is backslash-escaped, so a label renders as
// written. (`>` starts nothing inside a cell, and escaped it would end up inside a bare URL that
// GFM makes a link of.)
const CELL_SPECIAL = /[\\`*_[\]<&!~$|]/g;
// Any line break ends a table row (CRLF, CR, LF, and the Unicode line and paragraph separators
// some editors treat as one); other control characters have no place in a cell either.
// GFM makes links of bare URLs and e-mail addresses, and a link runs on over the escapes that
// follow it (`https://x.y\\<` would show the backslash): escaping the `:` of `http://`, the `.` of
// `www.` and the `@` of an address keeps them text, shown as written.
const AUTOLINK_LITERAL = /(?:https?|ftp):|www\.|@/gi;
const CELL_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CELL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A value as the text of one GFM table cell: on one line, rendered literally.
 *
 * @param value Any text (from the dataset).
 * @returns The cell's Markdown.
 */
export function tableCell(value: string): string {
  return value
    .replace(CELL_BREAK, ' ')
    .replace(/\t/g, ' ')
    .replace(CELL_CONTROL, '')
    .replace(CELL_SPECIAL, (c) => `\\${c}`)
    .replace(AUTOLINK_LITERAL, (m: string) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}

/**
 * Renders engagement rows as a GFM table: No., Year, Engagement, Partner, Classification, Citations.
 *
 * @param rows Rows from `engagementRows`.
 * @returns Markdown text ending in a newline.
 */
export function engagementTableMarkdown(rows: readonly EngagementRow[]): string {
  const lines = ['| No. | Year | Engagement | Partner | Classification | Citations |', '| ---: | ---: | --- | --- | --- | ---: |'];
  rows.forEach((r, k) => {
    lines.push(
      `| ${k + 1} | ${r.year ?? ''} | ${tableCell(r.engagement)} | ${tableCell(r.partner)} | ${tableCell(r.classification)} | ${r.citations} |`,
    );
  });
  return lines.join('\n') + '\n';
}
