import * as vscode from 'vscode';
import { entryYear, type Dataset, type Entry, type Reference } from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Escapes data text so it renders literally in a Markdown hover. */
function esc(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

function names(ids: readonly string[] | undefined, dataset: Dataset): string {
  return (ids ?? []).map((id) => {
    const e = dataset.entries.get(id);
    if (!e) return esc(id);
    const flag = e.kind === 'country' && e.flag ? `${e.flag} ` : '';
    return flag + esc(e.label);
  }).join(', ');
}

/** Builds the hover card of one entry. Every value from the data is escaped; the card is not trusted. */
export function entryCard(entry: Entry, dataset: Dataset, citations: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  const lines: string[] = [];
  if (entry.kind === 'agreement') {
    const year = entry.date ?? (entryYear(entry) !== undefined ? String(entryYear(entry)) : '');
    lines.push(`**${esc(entry.label)}**${year ? ` · ${esc(year)}` : ''}`);
    lines.push(`*${esc(entry.type)}*${entry.classification ? ` · ${esc(entry.classification)}` : ''}`);
    if (entry.parties.length > 0) lines.push(`Parties: ${names(entry.parties, dataset)}`);
    if (entry.host) lines.push(`Host: ${names([entry.host], dataset)}`);
  } else if (entry.kind === 'pillar') {
    lines.push(`**${esc(entry.label)}**`);
    lines.push(`*Pillar ${entry.number} of ${names([entry.policy], dataset)}*`);
  } else {
    lines.push(`**${entry.flag ? `${entry.flag} ` : ''}${esc(entry.label)}**`);
    lines.push(`*${esc(entry.officialName)}*${entry.region ? ` · ${esc(entry.subregion || entry.region)}` : ''}`);
  }
  lines.push('', esc(entry.summary));
  if (entry.sources.length > 0) {
    lines.push('', 'Sources: ' + entry.sources.map((s) => (s.url && /^https?:\/\//.test(s.url) ? `[${esc(s.title)}](${encodeURI(s.url)})` : esc(s.title))).join('; '));
  }
  lines.push('', `Cited ${citations} time${citations === 1 ? '' : 's'} in this document.`);
  md.appendMarkdown(lines.join('  \n'));
  return md;
}

function ambiguousCard(ref: Reference, dataset: Dataset): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  const items = (ref.candidates ?? []).map((id) => {
    const e = dataset.entries.get(id);
    const year = e ? entryYear(e) : undefined;
    return `- ${esc(e?.label ?? id)}${year ? ` (${year})` : ''}`;
  });
  md.appendMarkdown([`**Ambiguous reference:** ${esc(ref.text)}`, '', 'It may name:', ...items].join('\n'));
  return md;
}

/** Registers the hover card for references in Markdown documents. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: 'markdown' }, {
      provideHover(document, position) {
        const ref = services.analyses.referenceAt(document, document.offsetAt(position));
        if (!ref) return undefined;
        const dataset = services.dataset();
        if (ref.candidates) return new vscode.Hover(ambiguousCard(ref, dataset), toRange(ref));
        const entry = dataset.entries.get(ref.id);
        if (!entry) return undefined;
        const citations = services.analyses.get(document).byEntry.get(ref.id)?.length ?? 0;
        return new vscode.Hover(entryCard(entry, dataset, citations), toRange(ref));
      },
    }),
  );
}
