import { minimatch } from 'minimatch';
import * as vscode from 'vscode';
import { insertStub, stubEntry, type UncataloguedReference } from '../../core';
import { DATASET_FOLDER } from '../datasets';
import { ADD_TO_TEAM_DATASET, uncataloguedAt } from '../hover/uncatalogued';
import type { Services } from '../services';

/** The file offered when a folder has no dataset file yet, or the writer wants a new one. */
const TEAM_FILE = 'team.json';

/** A name the dataset lacks, in its draft. */
interface Target {
  document: vscode.TextDocument;
  ref: UncataloguedReference;
}

/** The name the command runs on: the one given (from a hover link or quick fix), else the one at the cursor. */
async function targetOf(services: Services, uri?: string, offset?: number): Promise<Target | undefined> {
  let document: vscode.TextDocument | undefined;
  if (uri !== undefined) document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  else document = vscode.window.activeTextEditor?.document;
  if (!document) return undefined;
  const at = offset ?? (vscode.window.activeTextEditor ? document.offsetAt(vscode.window.activeTextEditor.selection.active) : -1);
  const ref = uncataloguedAt(services.analyses.get(document), at);
  return ref && { document, ref };
}

/** Asks which dataset file of the folder to write to; `team.json` is offered when it does not exist. */
async function pickFile(folder: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  const dir = vscode.Uri.joinPath(folder.uri, DATASET_FOLDER);
  let names: string[] = [];
  try {
    names = (await vscode.workspace.fs.readDirectory(dir))
      .filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.json'))
      .map(([n]) => n);
  } catch {
    // No dataset folder yet: only the new file is offered.
  }
  const items: Array<vscode.QuickPickItem & { uri: vscode.Uri }> = names.sort().map((n) => ({
    label: `${DATASET_FOLDER}/${n}`,
    uri: vscode.Uri.joinPath(dir, n),
  }));
  if (!names.includes(TEAM_FILE)) {
    items.push({ label: vscode.l10n.t('Create {0}', `${DATASET_FOLDER}/${TEAM_FILE}`), uri: vscode.Uri.joinPath(dir, TEAM_FILE) });
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Dataset file to add the entry to') });
  return picked?.uri;
}

/** Whether one of the globs of a `files.readonly*` setting (entries set to true) matches the file, by its workspace-relative or its full path. */
function matchesSetting(file: vscode.Uri, key: 'readonlyInclude' | 'readonlyExclude'): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  const globs = Object.entries(vscode.workspace.getConfiguration('files', file).get<Record<string, unknown>>(key, {}))
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  const paths = [file.path, ...(folder ? [vscode.workspace.asRelativePath(file, false)] : [])];
  return globs.some((glob) => paths.some((p) => minimatch(p, glob, { dot: true })));
}

/**
 * Why the file cannot be written, or undefined when it can (a file that does not exist yet can be
 * created). Read-only by the `files.readonlyInclude` setting counts: VS Code keeps such a file's
 * editor read-only, and an edit of it must not end as an unsaved change.
 */
async function unwritable(file: vscode.Uri): Promise<string | undefined> {
  if (vscode.workspace.fs.isWritableFileSystem(file.scheme) === false) return vscode.l10n.t('its file system is read-only');
  if (matchesSetting(file, 'readonlyInclude') && !matchesSetting(file, 'readonlyExclude'))
    return vscode.l10n.t('it is read-only (files.readonlyInclude)');
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(file);
  } catch {
    return undefined;
  }
  if ((stat.type & vscode.FileType.Directory) !== 0) return vscode.l10n.t('it is a folder, not a file');
  if (stat.permissions !== undefined && (stat.permissions & vscode.FilePermission.Readonly) !== 0) return vscode.l10n.t('it is read-only');
  return undefined;
}

/** Whether the file exists. */
async function exists(file: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes the stub as one workspace edit (one undo step), saves the file and shows the new entry; says why when it cannot. */
async function write(services: Services, target: Target, file: vscode.Uri): Promise<boolean> {
  const name = file.path.split('/').pop() ?? file.toString();
  const refuse = (reason: string): false => {
    void vscode.window.showWarningMessage(vscode.l10n.t('Nothing was written to {0}: {1}.', name, reason));
    return false;
  };
  try {
    return await writeStub(services, target, file, refuse);
  } catch (error) {
    // The file system refused a read or the edit (a file that vanished, a provider's error): one line, nothing written.
    services.log.error(`could not add to ${file.toString()}: ${error instanceof Error ? error.message : String(error)}`);
    return refuse(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  }
}

async function writeStub(services: Services, target: Target, file: vscode.Uri, refuse: (reason: string) => false): Promise<boolean> {
  const why = await unwritable(file);
  if (why) return refuse(why);
  const created = !(await exists(file));
  const edit = new vscode.WorkspaceEdit();
  if (created) edit.createFile(file, { ignoreIfExists: true });
  const text = created ? '' : (await vscode.workspace.openTextDocument(file)).getText();
  const dataset = services.dataset();
  const draft = target.document.getText();
  const analysis = services.analyses.get(target.document);
  const plan = insertStub(text, (fileIds) => stubEntry(target.ref, draft, analysis, (id) => fileIds.has(id) || dataset.entries.has(id)));
  if (!plan.ok) return refuse(plan.reason);
  if (created) edit.insert(file, new vscode.Position(0, 0), plan.text);
  else {
    const doc = await vscode.workspace.openTextDocument(file);
    for (const e of plan.edits)
      edit.replace(file, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return refuse(vscode.l10n.t('the edit was refused'));
  const doc = await vscode.workspace.openTextDocument(file);
  // A save can fail (the file changed on disk under an open editor): then the entry is only in the
  // editor, and saying so beats reporting success.
  if (!(await doc.save())) return refuse(vscode.l10n.t('the entry is in the open editor, but saving the file failed'));
  const at = doc.positionAt(plan.entryOffset);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
  services.log.info(`added ${plan.entry.id} to ${file.toString()}`);
  // The name resolves at once: a new file's watcher event can come late, or not at all on some file systems.
  await services.reloadDatasets();
  return true;
}

/**
 * Policy Lens: Add to Team Dataset… on a name the dataset lacks: asks for a `.policylens/*.json`
 * file (or creates `.policylens/team.json`) and appends a stub entry. Refuses, writing nothing, in
 * Restricted Mode, without a workspace folder, and on a read-only or broken file.
 *
 * @param uri The draft (from a hover link or quick fix); the active editor's when absent.
 * @param offset Where the name is in it; the cursor when absent.
 * @param file The dataset file to write (tests); asked when absent.
 * @returns Whether the entry was written.
 */
export async function addToTeamDataset(services: Services, uri?: string, offset?: number, file?: string): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Adding to a team dataset is not available in Restricted Mode.'));
    return false;
  }
  const target = await targetOf(services, uri, offset);
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Place the cursor on a name that is not in the dataset.'));
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(target.document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: a team dataset lives in its {0} folder.', DATASET_FOLDER));
    return false;
  }
  const chosen = file !== undefined ? vscode.Uri.parse(file) : await pickFile(folder);
  return chosen ? write(services, target, chosen) : false;
}

/** Registers "Add to Team Dataset…". */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ADD_TO_TEAM_DATASET, (uri?: string, offset?: number, file?: string) =>
      addToTeamDataset(services, uri, offset, file),
    ),
  );
}
