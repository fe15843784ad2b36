import * as l10n from '@vscode/l10n';
import { entryYear, type Dataset } from '../dataset/load';
import type { AgreementEntry, Entry, PillarEntry, Reference, Source } from '../types';
import { classificationName } from './words';

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&$:@=]/g;
/** An id as the schema allows it: safe inside a code span. */
const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Escapes text from the dataset so that Markdown renders it literally: no links, images, HTML or
 * emphasis can come from data, and no autolink (`:` and `@` are escaped too). Line breaks become
 * spaces, so that text cannot start a block of its own.
 *
 * @param text Any text.
 * @returns The text with every Markdown-significant character backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  // A line break could start a new block (a definition, a setext heading): text from data is one line.
  return text.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A country's flag as card text: escaped like any text from the data (the schema also allows only a flag emoji or a short plain string). */
function flagOf(entry: Entry | undefined): string {
  return entry?.kind === 'country' && entry.flag ? `${escapeMarkdown(entry.flag)} ` : '';
}

/** A link target is shown only when it is plain http(s); anything else is shown as text. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s<>()]+$/i.test(url)) return undefined;
  return url;
}

const byDataset = new WeakMap<Dataset, Map<string, AgreementEntry[]>>();

/**
 * The agreements each country or bloc is party to (or hosts), computed once per dataset.
 *
 * @param dataset A loaded dataset.
 * @returns Country id → agreements, in dataset order.
 */
export function engagementsByParty(dataset: Dataset): Map<string, AgreementEntry[]> {
  let index = byDataset.get(dataset);
  if (!index) {
    index = new Map();
    for (const e of dataset.entries.values()) {
      if (e.kind !== 'agreement') continue;
      for (const p of new Set([...e.parties, ...(e.host ? [e.host] : [])])) {
        const list = index.get(p) ?? [];
        list.push(e);
        index.set(p, list);
      }
    }
    byDataset.set(dataset, index);
  }
  return index;
}

// Functions, not strings: the names are looked up in the bundle the extension configured, at the time of use.
const MONTHS = [
  () => l10n.t('January'),
  () => l10n.t('February'),
  () => l10n.t('March'),
  () => l10n.t('April'),
  () => l10n.t('May'),
  () => l10n.t('June'),
  () => l10n.t('July'),
  () => l10n.t('August'),
  () => l10n.t('September'),
  () => l10n.t('October'),
  () => l10n.t('November'),
  () => l10n.t('December'),
];

/** "12 May 2022", "October 2023" or "2022" (or their translations): the date as precisely as the entry knows it. */
function when(entry: AgreementEntry): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(entry.date ?? '');
  const month = m?.[2] ? MONTHS[Number(m[2]) - 1]?.() : undefined;
  const y = m?.[1];
  if (y && month && m[3]) return l10n.t('{day} {month} {year}', { day: Number(m[3]), month, year: y });
  if (y && month) return l10n.t('{month} {year}', { month, year: y });
  if (y && !m[2]) return y;
  if (entry.date) return escapeMarkdown(entry.date);
  const year = entryYear(entry);
  return year !== undefined ? escapeMarkdown(String(year)) : '';
}

/** Options for `entryCard`. */
export interface CardOptions {
  /** How many times the current document cites the entry; omitted when unknown. */
  citations?: number;
  /** Turns an entry id into a link target (a command URI in the editor); without it, related entries are plain text. */
  linkTo?: (id: string) => string;
  /**
   * For a hover, which must not need scrolling: at most six bloc members or engagements (the rest
   * counted), and each source as a link named by its site, its title shown when the link is pointed at.
   */
  compact?: boolean;
}

/** How many bloc members or engagements a compact card lists. */
const COMPACT_LIST = 6;

/** A source as a Markdown link (or plain text without a usable URL), escaped; `seen` numbers a site's second source. */
function sourceLink(source: Source, compact: boolean, seen: Map<string, number>): string {
  const url = safeUrl(source.url);
  if (!url) return escapeMarkdown(compact && source.title.length > 60 ? `${source.title.slice(0, 59).trimEnd()}…` : source.title);
  if (!compact) return `[${escapeMarkdown(source.title)}](${url})`;
  let site: string;
  try {
    site = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    site = url;
  }
  const n = (seen.get(site) ?? 0) + 1;
  seen.set(site, n);
  if (n > 1) site += ` (${n})`;
  return `[${escapeMarkdown(site)}](${url} "${source.title.replace(/\s+/g, ' ').replace(/["\\]/g, '\\$&')}")`;
}

/**
 * The card shown for an entry: in a hover, in the read-only entry document, and by "Show
 * Reference Details". It is compact so that a hover shows it whole: the kind, type,
 * classification, date and citation count share one line. Every value from the data is escaped;
 * the only links are source URLs that are plain http(s) and, when `linkTo` is given, links to
 * other entries.
 *
 * @param entry The entry.
 * @param dataset The dataset it belongs to (for parties, pillars and related entries).
 * @param options Citation count, entry links, compactness.
 * @returns Markdown text.
 */
export function entryCard(entry: Entry, dataset: Dataset, options: CardOptions = {}): string {
  const link = (id: string): string => {
    const e = dataset.entries.get(id);
    const label = e ? flagOf(e) + escapeMarkdown(e.label) : escapeMarkdown(id);
    return options.linkTo && e ? `[${label}](${options.linkTo(id)})` : label;
  };
  const list = (items: string[]): string => {
    const limit = options.compact ? COMPACT_LIST : Infinity;
    if (items.length <= limit) return items.join(', ');
    return l10n.t('{0} and {1} more', items.slice(0, limit).join(', '), items.length - limit);
  };
  const lines: string[] = [];
  const line = (...parts: (string | undefined)[]): void => {
    const text = parts.filter(Boolean).join(' · ');
    if (text) lines.push(text);
  };
  const field = (name: string, value: string): string => (value ? l10n.t('**{0}:** {1}', name, value) : '');
  const cited =
    options.citations === undefined
      ? ''
      : options.citations === 1
        ? l10n.t('cited 1 time in this document')
        : l10n.t('cited {0} times in this document', options.citations);
  if (entry.kind === 'agreement') {
    const a = entry;
    lines.push(`### ${escapeMarkdown(a.label)}`, '');
    const classification = a.classification ? classificationName(a.classification).toLowerCase() : '';
    line(l10n.t('Agreement'), escapeMarkdown([classification, a.type].filter(Boolean).join(' ')), when(a), cited);
    const parties = a.parties.map((id) => (id === a.host ? l10n.t('{0} (host)', link(id)) : link(id)));
    line(field(l10n.t('Parties'), parties.join(', ')), a.host && !a.parties.includes(a.host) ? field(l10n.t('Host'), link(a.host)) : '');
    line(field(l10n.t('Pillars'), (a.pillars ?? []).map(link).join(', ')));
    line(field(l10n.t('Policies'), (a.policies ?? []).map(link).join(', ')));
  } else if (entry.kind === 'pillar') {
    const p = entry;
    lines.push(`### ${escapeMarkdown(p.label)}`, '');
    line(l10n.t('Pillar {0} of {1}', escapeMarkdown(String(p.number)), link(p.policy)), cited);
    const siblings = [...dataset.entries.values()]
      .filter((e): e is PillarEntry => e.kind === 'pillar' && e.policy === p.policy && e.id !== p.id)
      .sort((x, y) => x.number - y.number);
    line(field(l10n.t('Sibling pillars'), siblings.map((s) => `${escapeMarkdown(String(s.number))}. ${link(s.id)}`).join(', ')));
  } else {
    const c = entry;
    lines.push(`### ${flagOf(c)}${escapeMarkdown(c.label)}`, '');
    const capital = c.capital.length ? l10n.t('capital {0}', escapeMarkdown(c.capital.join(', '))) : '';
    line(
      c.type === 'bloc' ? l10n.t('Bloc') : l10n.t('Country'),
      escapeMarkdown([c.subregion, c.region].filter(Boolean).join(', ')),
      capital,
      cited,
    );
    line(
      field(l10n.t('Official name'), escapeMarkdown(c.officialName)),
      field(l10n.t('ISO'), escapeMarkdown([c.iso2, c.iso3].filter(Boolean).join(' / '))),
    );
    line(field(l10n.t('Members'), list((c.members ?? []).map(link))));
    const engagements = engagementsByParty(dataset).get(c.id) ?? [];
    line(
      field(
        l10n.t('Engagements in the dataset'),
        list(engagements.map((a) => `${link(a.id)}${entryYear(a) ? ` (${escapeMarkdown(String(entryYear(a)))})` : ''}`)),
      ),
    );
  }
  lines.push('', escapeMarkdown(entry.summary));
  if (entry.sources.length > 0) {
    const seen = new Map<string, number>();
    const sources = entry.sources.map((source) => sourceLink(source, options.compact === true, seen));
    lines.push('', l10n.t('**Sources:** {0}', sources.join(options.compact ? ' · ' : '; ')));
  }
  return lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n');
}

/**
 * The card for an ambiguous reference: every candidate with its year and type.
 *
 * @param ref The ambiguous reference.
 * @param dataset The dataset.
 * @param options `linkTo` turns each candidate into a link, as in `entryCard`.
 * @returns Markdown text.
 */
export function ambiguousCard(ref: Reference, dataset: Dataset, options: Pick<CardOptions, 'linkTo'> = {}): string {
  const items = (ref.candidates ?? []).map((id) => {
    const e = dataset.entries.get(id);
    if (!e) return `- ${escapeMarkdown(id)}`;
    const year = entryYear(e);
    const type = e.kind === 'agreement' ? `, ${escapeMarkdown(e.type)}` : '';
    const label = options.linkTo ? `[${escapeMarkdown(e.label)}](${options.linkTo(id)})` : escapeMarkdown(e.label);
    const y = year ? escapeMarkdown(String(year)) : '';
    return `- ${label}${y ? ` (${y}${type})` : type ? ` (${type.slice(2)})` : ''}`;
  });
  return [
    `### ${l10n.t('Ambiguous: {0}', escapeMarkdown(ref.text.replace(/\s+/g, ' ')))}`,
    '',
    l10n.t('This name may refer to any of:'),
    '',
    ...items,
    '',
    l10n.t('Add a year or host to the sentence, or use the full name.'),
  ].join('\n');
}

/**
 * A readable Markdown document about an entry, for the read-only `policy-lens:` editor that Go to
 * Definition and "Open Entry Card" show. It carries the card's facts plus every name the dataset
 * recognises, the entry id (the citation key) and, for an agreement, its row of Table 1.
 *
 * @param entry The entry.
 * @param dataset The dataset.
 * @returns Markdown text.
 */
export function entryDocument(entry: Entry, dataset: Dataset): string {
  const card = entryCard(entry, dataset);
  const names = [entry.label, ...entry.aliases, ...(entry.kind === 'country' ? entry.demonyms : [])];
  const extra = [
    '',
    '---',
    '',
    ID.test(entry.id)
      ? l10n.t('**Citation key:** {0} (write {1})', `\`${entry.id}\``, `\`[@${entry.id}]\``)
      : l10n.t('**Citation key:** {0}', escapeMarkdown(entry.id)),
    '',
    l10n.t('**Recognised names:**'),
    '',
    ...[...new Set(names)].map((n) => `- ${escapeMarkdown(n)}`),
  ];
  if (entry.kind === 'agreement' && entry.tableRow) extra.push('', l10n.t('**Table 1 row:** {0}', escapeMarkdown(entry.tableRow)));
  return card + '\n' + extra.join('\n') + '\n';
}
