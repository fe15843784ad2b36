import * as vscode from 'vscode';
import { citedEntries, EXPORT_FORMATS, exportCited, type ExportFormat } from '../../core';
import type { Services } from '../services';
import { hasDraftLanguage } from '../drafts';

/** The command id, as declared in package.json. */
export const EXPORT_COMMAND = 'policyLens.export';

/** Where the export goes: a new untitled editor, or a file. */
export type ExportTarget = 'untitled' | 'file';

/**
 * Arguments that skip the questions (for keybindings, other extensions and tests). Anything left
 * out is asked for.
 */
export interface ExportArgs {
  format?: ExportFormat;
  target?: ExportTarget;
  /** With `target: 'file'`: where to write, instead of the save dialog. */
  uri?: vscode.Uri | string;
  /** The draft to export; by default the active Markdown editor's. */
  document?: vscode.Uri | string;
  /** `workspace`: what every indexed draft of the workspace cites, as `policy-lens export` does for a folder. */
  scope?: 'file' | 'workspace';
}

/** The command that exports what the whole workspace cites, as declared in package.json. */
export const EXPORT_WORKSPACE_COMMAND = 'policyLens.exportWorkspace';

interface FormatInfo {
  label: string;
  detail: string;
  extension: string;
  language: string;
}

function formatInfo(format: ExportFormat): FormatInfo {
  switch (format) {
    case 'table':
      return {
        label: vscode.l10n.t('Markdown table'),
        detail: vscode.l10n.t('Year, engagement, partner, classification and citations, like Table 1 of the paper'),
        extension: 'md',
        language: 'markdown',
      };
    case 'csv':
      return {
        label: 'CSV',
        detail: vscode.l10n.t('For spreadsheets: id, year, engagement, partner, classification, type, citations, source URL'),
        extension: 'csv',
        language: 'csv',
      };
    case 'csl-json':
      return {
        label: 'CSL-JSON',
        detail: vscode.l10n.t('For Pandoc (--citeproc --bibliography) and Zotero: the cited agreements and pillars'),
        extension: 'json',
        language: 'json',
      };
    case 'bibtex':
      return {
        label: 'BibTeX',
        detail: vscode.l10n.t('For LaTeX, biber and reference managers: the cited agreements and pillars'),
        extension: 'bib',
        language: 'bibtex',
      };
  }
}

const asUri = (u: vscode.Uri | string): vscode.Uri => (typeof u === 'string' ? vscode.Uri.parse(u) : u);

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items = EXPORT_FORMATS.map((format) => ({ format, label: formatInfo(format).label, detail: formatInfo(format).detail }));
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Export Cited Engagements (1/2)'),
    placeHolder: vscode.l10n.t('Which format?'),
  });
  return pick?.format;
}

async function pickTarget(format: ExportFormat): Promise<ExportTarget | undefined> {
  const items: Array<vscode.QuickPickItem & { target: ExportTarget }> = [
    {
      target: 'untitled',
      label: vscode.l10n.t('Open in a New Editor'),
      detail: vscode.l10n.t('An untitled document to copy from or save later'),
    },
    {
      target: 'file',
      label: vscode.l10n.t('Save to File…'),
      detail: vscode.l10n.t('A .{0} file beside the draft, or wherever you choose', formatInfo(format).extension),
    },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Export Cited Engagements (2/2)'),
    placeHolder: vscode.l10n.t('Where to?'),
  });
  return pick?.target;
}

/** `draft.md` → `draft.cited.csv` beside it; an untitled draft or the workspace → `cited.csv` in the first workspace folder. */
function defaultUri(document: vscode.TextDocument | undefined, extension: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!document || document.isUntitled) return folder && vscode.Uri.joinPath(folder, `cited.${extension}`);
  const base = document.uri.path.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  return vscode.Uri.joinPath(document.uri, '..', `${base}.cited.${extension}`);
}

async function languageFor(info: FormatInfo): Promise<string> {
  const known = await vscode.languages.getLanguages();
  return known.includes(info.language) ? info.language : 'plaintext';
}

/** The draft to export: the one the arguments name, else the active draft's. */
async function draftToExport(args: ExportArgs | undefined): Promise<vscode.TextDocument | undefined> {
  if (args?.document) return vscode.workspace.openTextDocument(asUri(args.document));
  const active = vscode.window.activeTextEditor?.document;
  return active && hasDraftLanguage(active) ? active : undefined;
}

/** Opens the export in a new untitled editor, or writes it to the file the arguments or the save dialog name. */
async function deliver(
  text: string,
  info: FormatInfo,
  target: ExportTarget,
  document: vscode.TextDocument | undefined,
  args: ExportArgs | undefined,
): Promise<vscode.Uri | undefined> {
  if (target === 'untitled') {
    const doc = await vscode.workspace.openTextDocument({ content: text, language: await languageFor(info) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc.uri;
  }
  const uri = args?.uri
    ? asUri(args.uri)
    : await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export Cited Engagements as {0}', info.label),
        defaultUri: defaultUri(document, info.extension),
        filters: { [info.label]: [info.extension] },
      });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  if (!args?.uri) {
    const open = vscode.l10n.t('Open');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Policy Lens: exported to {0}.', vscode.workspace.asRelativePath(uri)), open)
      .then((choice) => (choice === open ? vscode.window.showTextDocument(uri) : undefined));
  }
  return uri;
}

/**
 * "Export Cited Engagements…" (`policyLens.export`) and "…of the Workspace…"
 * (`policyLens.exportWorkspace`, or `scope: 'workspace'`): the agreements and pillars the active
 * draft, or every draft of the workspace index, cites, as a Markdown table, CSV, CSL-JSON or BibTeX (the core's `exportCited`, the
 * same as `policy-lens export`), in a new untitled editor or a file written through
 * `workspace.fs` (so it works in virtual workspaces). Returns the URI of what it opened or wrote,
 * or undefined when the user cancels.
 */
export async function exportCommand(services: Services, args?: ExportArgs): Promise<vscode.Uri | undefined> {
  const wholeWorkspace = args?.scope === 'workspace';
  const document = wholeWorkspace ? undefined : await draftToExport(args);
  if (!document && !wholeWorkspace) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Policy Lens: open a Markdown draft to export what it cites, or run “Export Cited Engagements of the Workspace…”.'),
    );
    return undefined;
  }
  if (args?.format !== undefined && !EXPORT_FORMATS.includes(args.format))
    throw new Error(`unknown export format "${String(args.format)}"`);
  const format = args?.format ?? (await pickFormat());
  if (!format) return undefined;
  const target = args?.target ?? (await pickTarget(format));
  if (!target) return undefined;
  const { workspace } = services;
  if (!document)
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Policy Lens: indexing the drafts') },
      () => workspace.whenIndexed(),
    );
  const cited = document ? [services.analyses.get(document)] : workspace.index.citationCounts();
  const dataset = services.dataset();
  const text = exportCited(format, cited, dataset);
  if (citedEntries(cited, dataset).length === 0) {
    void vscode.window.showInformationMessage(
      document
        ? vscode.l10n.t('Policy Lens: this draft cites no agreement or pillar yet; the export is empty.')
        : vscode.l10n.t('Policy Lens: no draft of the workspace cites an agreement or pillar yet; the export is empty.'),
    );
  }
  return deliver(text, formatInfo(format), target, document, args);
}

/** Registers the two export commands. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EXPORT_COMMAND, (args?: ExportArgs) => exportCommand(services, args)),
    vscode.commands.registerCommand(EXPORT_WORKSPACE_COMMAND, (args?: ExportArgs) =>
      exportCommand(services, { ...args, scope: 'workspace' }),
    ),
  );
}
