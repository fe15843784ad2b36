import { minimatch } from 'minimatch';
import * as vscode from 'vscode';
import { DRAFT_GLOB, isDraftName, type WorkspaceIndex } from '../../core';
import type { AnalysisWorkerClient } from '../../worker/client';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import type { Services } from '../services';
import { WorkspaceIndexer } from './indexer';
import { sizeText } from '../size';
import { nextTask } from '../first-pass';
import { hasDraftLanguage } from '../drafts';
import { showsInTab, tabUri } from '../tabs';

/** The services the index needs: all but itself. */
type SharedServices = Omit<Services, 'workspace'>;

/** How long a watcher event for a file waits, in case the file changes again or is opened. */
const WATCHER_DELAY_MS = 300;

/** A first index of more files than this shows a progress notification. */
const PROGRESS_THRESHOLD = 300;

/** What the features that look beyond the open documents (references, the tree, symbols, exports) receive. */
export interface WorkspaceDrafts {
  readonly index: WorkspaceIndex;
  /** Fires, a few times a second at most, when the index changed. */
  readonly onDidChange: vscode.Event<void>;
  /** Resolves when the first scan is over and no file is waiting to be indexed. */
  whenIndexed(): Promise<void>;
  /** A draft's name for people: its title, else its file name. */
  titleOf(uri: string): string;
  /** How many files are waiting or being indexed. */
  pending(): number;
  /** Whether the file was deleted (VS Code may still hold its document for a while after). */
  isDeleted(uri: string): boolean;
  /** Drafts of the workspace that are not indexed, with why (over the size limit, unreadable). */
  notIndexed(): ReadonlyMap<string, string>;
}

function fileName(uri: string): string {
  return decodeURIComponent(
    uri
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? uri,
  );
}

/**
 * The exclude globs of a folder: `files.exclude` (entries set to `true`; a `when` clause is left to
 * VS Code's own search) and `policyLens.exclude`.
 */
function excludeGlobs(folder: vscode.WorkspaceFolder | undefined): { files: string[]; ours: string[] } {
  const files = vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude', {});
  const ours = vscode.workspace.getConfiguration('policyLens', folder).get<unknown>('exclude', []);
  return {
    files: Object.entries(files)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob),
    ours: Array.isArray(ours) ? ours.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
  };
}

/** Whether a workspace-relative path, or a folder it is in, matches one of the globs. */
function excluded(relative: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const parts = relative.split('/');
  for (let k = 1; k <= parts.length; k++) {
    const prefix = parts.slice(0, k).join('/');
    if (globs.some((g) => minimatch(prefix, g, { dot: true }))) return true;
  }
  return false;
}

/** Whether the index covers a file: a draft (core/drafts.ts: Markdown, Quarto, R Markdown), in a workspace folder, not excluded. */
function isIndexed(uri: vscode.Uri): boolean {
  if (!isDraftName(uri.path) || uri.scheme === ENTRY_SCHEME) return false;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  // Not the `git:` side of a diff, nor another scheme's view of the same path.
  if (!folder || folder.uri.scheme !== uri.scheme) return false;
  const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
  const { files, ours } = excludeGlobs(folder);
  return !excluded(relative, [...files, ...ours]);
}

/**
 * Every included draft of the workspace folders. `findFiles` with no exclude argument
 * applies `files.exclude` itself (an explicit one would replace it); `policyLens.exclude` is then
 * applied here, per folder, so that each folder's own settings hold.
 */
async function findDrafts(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, DRAFT_GLOB), undefined, undefined, token);
    const { ours } = excludeGlobs(folder);
    const base = folder.uri.path.replace(/\/$/, '').length + 1;
    out.push(...found.filter((uri) => !excluded(uri.path.slice(base), ours)));
  }
  return out;
}
/**
 * The workspace index: every Markdown file of the workspace, indexed in the background (read
 * through `workspace.fs`, summarised in an analysis worker; open documents from the shared
 * analysis, i.e. their unsaved text), kept up to date through a file system watcher, document
 * changes, dataset and settings changes.
 */
class WorkspaceDraftIndex implements WorkspaceDrafts, vscode.Disposable {
  private client: AnalysisWorkerClient | undefined;
  private readonly indexer: WorkspaceIndexer;
  /**
   * Files deleted while VS Code still holds their document (it disposes a closed editor's document
   * only later): their late analyses must not bring them back. Created or written again, they count.
   */
  private readonly gone = new Set<string>();
  /** Saved drafts whose last tab closed while VS Code still holds their document. */
  private readonly untabbed = new Set<string>();
  /**
   * A file written and opened at once (a new draft, a generated one) is analysed once, from its
   * document, not also from disk: the watcher's events wait a moment, and opening it cancels them.
   */
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private scans = 0;
  private scanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: SharedServices,
    worker: () => AnalysisWorkerClient,
  ) {
    this.indexer = new WorkspaceIndexer({
      read: (uri) => this.read(uri),
      worker: () => (this.client ??= worker()),
      dataset: services.dataset,
      uncatalogued: () => services.config().uncatalogued,
    });
  }

  get index(): WorkspaceIndex {
    return this.indexer.index;
  }

  get onDidChange(): vscode.Event<void> {
    return this.indexer.onDidChange;
  }

  async whenIndexed(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.scanning;
      await seen;
      await this.indexer.whenIdle();
    } while (seen !== this.scanning);
  }

  titleOf(uri: string): string {
    return this.indexer.index.get(uri)?.title ?? fileName(uri);
  }

  pending(): number {
    return this.indexer.pending;
  }

  isDeleted(uri: string): boolean {
    return this.gone.has(uri);
  }

  notIndexed(): ReadonlyMap<string, string> {
    return this.indexer.notIndexed;
  }

  private async read(uri: string): Promise<Uint8Array> {
    const target = vscode.Uri.parse(uri);
    const stat = await vscode.workspace.fs.stat(target);
    const limit = this.services.config().maxDocumentSize;
    if (stat.size > limit)
      throw new Error(vscode.l10n.t('{0}, over the {1} limit (policyLens.maxDocumentSize)', sizeText(stat.size), sizeText(limit)));
    return vscode.workspace.fs.readFile(target);
  }

  /** Indexes an open draft from the shared analysis of its text, saved or not. */
  fromDocument(document: vscode.TextDocument): void {
    const { analyses } = this.services;
    // Its tab closed: the file counts, unless the document is changed again (by an extension, say).
    if (this.untabbed.has(document.uri.toString())) {
      if (!document.isDirty) return;
      this.untabbed.delete(document.uri.toString());
    }
    if (!isDraftDocument(document) || (this.gone.has(document.uri.toString()) && !document.isDirty)) return;
    // A large draft's analysis may be of an older version: onDidUpdateAnalysis brings the current one.
    if (!analyses.isCurrent(document)) return this.indexer.openDocument(document.uri.toString());
    this.indexer.updateDocument(document.uri.toString(), analyses.get(document), document.getText());
  }

  /** A document was opened: its watcher events, if any, are dropped, and it is indexed from its text. */
  opened(document: vscode.TextDocument): void {
    this.untabbed.delete(document.uri.toString());
    clearTimeout(this.timers.get(document.uri.toString()));
    this.timers.delete(document.uri.toString());
    this.fromDocument(document);
  }

  /** Whatever was not saved is gone with the document: the file on disk counts again. */
  closed(document: vscode.TextDocument): void {
    this.untabbed.delete(document.uri.toString());
    if (hasDraftLanguage(document)) this.indexer.closeDocument(document.uri.toString(), isIndexed(document.uri) && !document.isUntitled);
  }

  /**
   * Tabs closed and opened. The last tab of a saved draft closed: VS Code reports the document closed only when it lets go
   * of its model, which can be much later (another extension still holds it, or the extension host
   * is busy with what a large draft queued); the file on disk is what the draft is from now on.
   */
  tabsChanged(event: vscode.TabChangeEvent): void {
    for (const tab of event.closed) {
      const uri = tabUri(tab);
      if (!uri || showsInTab(uri)) continue;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document && (document.isDirty || !hasDraftLanguage(document))) continue;
      if (!document && !isDraftName(uri.path)) continue;
      this.untabbed.add(uri.toString());
      this.indexer.closeDocument(uri.toString(), isIndexed(uri) && uri.scheme !== 'untitled');
    }
    // A draft shown again may not be opened again: VS Code may still have held its document.
    for (const tab of event.opened) {
      const uri = tabUri(tab);
      if (!uri || !this.untabbed.delete(uri.toString())) continue;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) this.fromDocument(document);
    }
  }

  /** Lists the workspace's drafts again (`reindex`: and summarises every one again, after a dataset change). */
  scan(reindex: boolean): Promise<void> {
    const first = this.scans++ === 0;
    const t0 = performance.now();
    this.scanning = this.listAndIndexOpen(reindex, first)
      .then(() => this.services.log.info(`workspace index: listed the drafts in ${Math.round(performance.now() - t0)} ms`))
      .catch((error: unknown) => this.services.log.error(`could not list the workspace drafts: ${messageOf(error)}`));
    return this.scanning;
  }

  private async listAndIndexOpen(reindex: boolean, first: boolean): Promise<void> {
    const uris = await findDrafts();
    this.indexer.setFiles(
      uris.map((u) => u.toString()),
      reindex,
    );
    // Each open draft is analysed (again, after a dataset change) in a task of its own, and not
    // before the analysis has warmed up (the first scan starts at activation).
    await this.services.analyses.whenWarm();
    for (const document of vscode.workspace.textDocuments) {
      this.fromDocument(document);
      await nextTask();
    }
    if (first) this.logWhenIdle(uris.length);
    if (first && this.indexer.pending > PROGRESS_THRESHOLD) this.showProgress();
  }

  private logWhenIdle(files: number): void {
    const t0 = performance.now();
    void this.indexer.whenIdle().then(() => {
      const left = this.indexer.notIndexed.size;
      this.services.log.info(`workspace index: ${files} drafts indexed in ${Math.round(performance.now() - t0)} ms; ${left} left out`);
    });
  }

  private showProgress(): void {
    const indexer = this.indexer;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Policy Lens: indexing the drafts') },
      (progress) => {
        let reported = 0;
        const listener = indexer.onDidProgress(({ done, total }) => {
          const percent = (done / Math.max(total, 1)) * 100;
          progress.report({ message: vscode.l10n.t('{0} of {1} files', done, total), increment: percent - reported });
          reported = percent;
        });
        return indexer.whenIdle().finally(() => listener.dispose());
      },
    );
  }

  /** A watcher saw the file created or changed: indexed in a moment, unless it is opened meanwhile. */
  changed(uri: vscode.Uri): void {
    const key = uri.toString();
    this.gone.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (isIndexed(uri)) this.indexer.update(key);
        else this.indexer.remove(key);
      }, WATCHER_DELAY_MS),
    );
  }

  /**
   * Something was created. A new folder's drafts may have been written before the watcher followed
   * the folder (code-server has been seen to drop such events): its drafts are looked for in a
   * moment, as if each had been reported.
   */
  created(uri: vscode.Uri): void {
    if (isDraftName(uri.path)) return;
    setTimeout(() => {
      void (async () => {
        const stat = await vscode.workspace.fs.stat(uri);
        if ((stat.type & vscode.FileType.Directory) === 0) return;
        for (const draft of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, DRAFT_GLOB)))
          if (!this.indexer.index.get(draft.toString())) this.changed(draft);
      })().catch(() => {});
    }, WATCHER_DELAY_MS);
  }

  /** Deleting a folder reports the folder only: every indexed draft under it goes. */
  deleted(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const folder = key.endsWith('/') ? key : `${key}/`;
    this.gone.add(key);
    for (const indexed of this.indexer.index.uris()) {
      if (indexed !== key && !indexed.startsWith(folder)) continue;
      this.gone.add(indexed);
      this.indexer.remove(indexed);
    }
  }

  dispose(): void {
    this.indexer.dispose();
    this.client?.dispose();
    this.timers.forEach((t) => clearTimeout(t));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDraftDocument(document: vscode.TextDocument): boolean {
  return hasDraftLanguage(document) && isIndexed(document.uri);
}

/** What keeps the index up to date: file watchers, documents, the dataset, workspace folders and settings. */
function updateOn(drafts: WorkspaceDraftIndex, services: SharedServices): vscode.Disposable[] {
  const markdownWatcher = vscode.workspace.createFileSystemWatcher(DRAFT_GLOB);
  // Deletions of anything: deleting a folder reports the folder only; creations, for new folders.
  const deleteWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  return [
    markdownWatcher,
    deleteWatcher,
    markdownWatcher.onDidCreate((uri) => drafts.changed(uri)),
    markdownWatcher.onDidChange((uri) => drafts.changed(uri)),
    deleteWatcher.onDidDelete((uri) => drafts.deleted(uri)),
    deleteWatcher.onDidCreate((uri) => drafts.created(uri)),
    vscode.workspace.onDidOpenTextDocument((document) => drafts.opened(document)),
    services.onDidChangeMarkdown((document) => drafts.fromDocument(document)),
    services.onDidUpdateAnalysis((document) => drafts.fromDocument(document)),
    vscode.workspace.onDidCloseTextDocument((document) => drafts.closed(document)),
    vscode.window.tabGroups.onDidChangeTabs((event) => drafts.tabsChanged(event)),
    services.onDidChangeDataset(() => void drafts.scan(true)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void drafts.scan(false)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('policyLens.exclude')) void drafts.scan(false);
      // Files skipped as too large are not indexed, so a re-listing reads them again; the others stay.
      else if (e.affectsConfiguration('policyLens.maxDocumentSize')) void drafts.scan(false);
      // Summaries carry the names the dataset lacks only while the detector is on.
      if (e.affectsConfiguration('policyLens.uncatalogued.enabled')) void drafts.scan(true);
    }),
  ];
}

/**
 * Creates the workspace index, a service the features share (`Services.workspace`), and starts
 * its first scan.
 *
 * @param context The extension context.
 * @param services The shared analysis, dataset, events and log.
 * @param worker Starts an analysis worker of the index's own, so that a first index of a thousand
 *   files never queues ahead of the open documents' analyses.
 */
export function createWorkspaceDrafts(
  context: vscode.ExtensionContext,
  services: SharedServices,
  worker: () => AnalysisWorkerClient,
): WorkspaceDrafts {
  const drafts = new WorkspaceDraftIndex(services, worker);
  context.subscriptions.push(drafts, ...updateOn(drafts, services));
  // Not awaited: activation must not wait for the workspace to be listed.
  void drafts.scan(false);
  return drafts;
}
