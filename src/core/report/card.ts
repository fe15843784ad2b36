import { entryYear, type Dataset } from '../dataset/load';
import type { AgreementEntry, CountryEntry, Entry, PillarEntry, Reference } from '../types';

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&$]/g;

/**
 * Escapes text from the dataset so that Markdown renders it literally: no links, images, HTML or
 * emphasis can come from data.
 *
 * @param text Any text.
 * @returns The text with every Markdown-significant character backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
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

function nameList(ids: readonly string[] | undefined, dataset: Dataset): string {
  return (ids ?? [])
    .map((id) => {
      const e = dataset.entries.get(id);
      if (!e) return escapeMarkdown(id);
      return (e.kind === 'country' && e.flag ? `${e.flag} ` : '') + escapeMarkdown(e.label);
    })
    .join(', ');
}

function when(entry: AgreementEntry): string {
  return entry.date ?? (entryYear(entry) !== undefined ? String(entryYear(entry)) : '');
}

/** Options for `entryCard`. */
export interface CardOptions {
  /** How many times the current document cites the entry; omitted when unknown. */
  citations?: number;
  /** Turns an entry id into a link target (a command URI in the editor); without it, related entries are plain text. */
  linkTo?: (id: string) => string;
}

/**
 * The card shown for an entry: in a hover, in the read-only entry document, and by "Show
 * Reference Details". Every value from the data is escaped; the only links are source URLs that
 * are plain http(s) and, when `linkTo` is given, links to other entries.
 *
 * @param entry The entry.
 * @param dataset The dataset it belongs to (for parties, pillars and related entries).
 * @param options Citation count and entry links.
 * @returns Markdown text.
 */
export function entryCard(entry: Entry, dataset: Dataset, options: CardOptions = {}): string {
  const link = (id: string): string => {
    const e = dataset.entries.get(id);
    const label = e ? (e.kind === 'country' && e.flag ? `${e.flag} ` : '') + escapeMarkdown(e.label) : escapeMarkdown(id);
    return options.linkTo && e ? `[${label}](${options.linkTo(id)})` : label;
  };
  const lines: string[] = [];
  const field = (name: string, value: string): void => {
    if (value) lines.push(`**${name}:** ${value}`);
  };
  if (entry.kind === 'agreement') {
    const a = entry;
    lines.push(`### ${escapeMarkdown(a.label)}`, '');
    field('Kind', `agreement · ${escapeMarkdown(a.type)}`);
    field('Date', escapeMarkdown(when(a)));
    field('Classification', a.classification ? (a.classification === 'bilateral' ? 'Bilateral' : 'Multilateral') : '');
    field('Parties', a.parties.map(link).join(', '));
    field('Host', a.host ? link(a.host) : '');
    field('Pillars', (a.pillars ?? []).map(link).join(', '));
    field('Related policies', (a.policies ?? []).map(link).join(', '));
  } else if (entry.kind === 'pillar') {
    const p = entry as PillarEntry;
    lines.push(`### ${escapeMarkdown(p.label)}`, '');
    field('Kind', `pillar ${p.number} of ${link(p.policy)}`);
    const siblings = [...dataset.entries.values()].filter((e): e is PillarEntry => e.kind === 'pillar' && e.policy === p.policy && e.id !== p.id).sort((x, y) => x.number - y.number);
    field('Sibling pillars', siblings.map((s) => `${s.number}. ${link(s.id)}`).join(', '));
  } else {
    const c = entry as CountryEntry;
    lines.push(`### ${c.flag ? `${c.flag} ` : ''}${escapeMarkdown(c.label)}`, '');
    field('Kind', c.type === 'bloc' ? 'bloc' : 'country');
    field('Official name', escapeMarkdown(c.officialName));
    field('Region', escapeMarkdown([c.subregion, c.region].filter(Boolean).join(', ')));
    field('Capital', escapeMarkdown(c.capital.join(', ')));
    field('ISO codes', [c.iso2, c.iso3].filter(Boolean).join(' / '));
    field('Members', nameList(c.members, dataset));
    const engagements = engagementsByParty(dataset).get(c.id) ?? [];
    field('Engagements in the dataset', engagements.map((a) => `${link(a.id)}${entryYear(a) ? ` (${entryYear(a)})` : ''}`).join(', '));
  }
  lines.push('', escapeMarkdown(entry.summary));
  if (entry.sources.length > 0) {
    const sources = entry.sources.map((s) => {
      const url = safeUrl(s.url);
      return url ? `[${escapeMarkdown(s.title)}](${url})` : escapeMarkdown(s.title);
    });
    lines.push('', `**Sources:** ${sources.join('; ')}`);
  }
  if (options.citations !== undefined) lines.push('', `Cited ${options.citations} time${options.citations === 1 ? '' : 's'} in this document.`);
  return lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n');
}

/**
 * The card for an ambiguous reference: every candidate with its year and type.
 *
 * @param ref The ambiguous reference.
 * @param dataset The dataset.
 * @returns Markdown text.
 */
export function ambiguousCard(ref: Reference, dataset: Dataset): string {
  const items = (ref.candidates ?? []).map((id) => {
    const e = dataset.entries.get(id);
    if (!e) return `- ${escapeMarkdown(id)}`;
    const year = entryYear(e);
    const type = e.kind === 'agreement' ? `, ${escapeMarkdown(e.type)}` : '';
    return `- ${escapeMarkdown(e.label)}${year ? ` (${year}${type})` : type ? ` (${type.slice(2)})` : ''}`;
  });
  return [`### Ambiguous: ${escapeMarkdown(ref.text.replace(/\s+/g, ' '))}`, '', 'This name may refer to any of:', '', ...items, '', 'Add a year or host to the sentence, or use the full name.'].join('\n');
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
    `**Citation key:** \`${entry.id}\` (write \`[@${entry.id}]\`)`,
    '',
    '**Recognised names:**',
    '',
    ...[...new Set(names)].map((n) => `- ${escapeMarkdown(n)}`),
  ];
  if (entry.kind === 'agreement' && entry.tableRow) extra.push('', `**Table 1 row:** ${escapeMarkdown(entry.tableRow)}`);
  return card + '\n' + extra.join('\n') + '\n';
}
