import * as vscode from 'vscode';
import { stubEntry, type Analysis, type UncataloguedReference } from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';

/** The command that writes a stub entry for a name the dataset lacks. */
export const ADD_TO_TEAM_DATASET = 'policyLens.addToTeamDataset';

/**
 * The name the dataset lacks at an offset, if any.
 *
 * @param analysis The document's analysis.
 * @param offset A character offset in the document.
 */
export function uncataloguedAt(analysis: Analysis, offset: number): UncataloguedReference | undefined {
  return analysis.uncatalogued?.find((u) => u.start.offset <= offset && offset <= u.end.offset);
}

/** A command URI that runs "Add to Team Dataset…" on the name starting at `offset` of `uri`. */
function addLink(uri: vscode.Uri, offset: number): string {
  const args = encodeURIComponent(JSON.stringify([uri.toString(), offset]));
  return `command:${ADD_TO_TEAM_DATASET}?${args.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Markdown-escapes a piece of the draft shown in the hover. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

/**
 * The hover on a name the dataset lacks: it says so, shows what a stub entry would guess from the
 * sentence (year, parties) and links to "Add to Team Dataset…".
 */
export function uncataloguedHover(document: vscode.TextDocument, offset: number, services: Services): vscode.Hover | undefined {
  if (!services.config().uncatalogued) return undefined;
  const analysis = services.analyses.get(document);
  const ref = uncataloguedAt(analysis, offset);
  if (!ref) return undefined;
  const dataset = services.dataset();
  const stub = stubEntry(ref, document.getText(), analysis, (id) => dataset.entries.has(id));
  const parties = stub.parties.map((id) => dataset.entries.get(id)?.label ?? id);
  const lines = [`**${escape(ref.label)}**`, '', vscode.l10n.t('Not in the dataset.')];
  const guessed: string[] = [];
  if (stub.date ?? stub.year) guessed.push(vscode.l10n.t('year {0}', String(stub.date ?? stub.year)));
  if (parties.length) guessed.push(vscode.l10n.t('parties {0}', parties.map(escape).join(', ')));
  if (guessed.length) lines.push('', vscode.l10n.t('From the sentence: {0}.', guessed.join('; ')));
  // Restricted Mode: the command would refuse, and a hover there carries no command link.
  if (vscode.workspace.isTrusted) lines.push('', `[${vscode.l10n.t('Add to Team Dataset…')}](${addLink(document.uri, ref.start.offset)})`);
  const md = new vscode.MarkdownString(lines.join('\n'), false);
  md.isTrusted = vscode.workspace.isTrusted ? { enabledCommands: [ADD_TO_TEAM_DATASET] } : false;
  md.supportHtml = false;
  return new vscode.Hover(md, toRange(ref));
}
