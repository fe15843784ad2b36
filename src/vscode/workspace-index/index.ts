import { minimatch } from 'minimatch';
import * as vscode from 'vscode';
import type { WorkspaceIndex } from '../../core';
import type { AnalysisWorkerClient } from '../../worker/client';
import { SCHEME as ENTRY_SCHEME } from '../entry-document';
import type { Services } from '../services';
import { WorkspaceIndexer } from './indexer';
import { sizeText } from '../size';
import { nextTask } from '../first-pass';

/** The Markdown files the index reads (the extensions VS Code's Markdown support claims by default, less the rare ones). */
const MARKDOWN_GLOB = '**/*.{md,markdown}';
const MARKDOWN_FILE = /\.(md|markdown)$/i;

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

/** Whether the index covers a file: Markdown, in a workspace folder, not excluded. */
function isIndexed(uri: vscode.Uri): boolean {
  if (!MARKDOWN_FILE.test(uri.path) || uri.scheme === ENTRY_SCHEME) return false;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  // Not the `git:` side of a diff, nor another scheme's view of the same path.
  if (!folder || folder.uri.scheme !== uri.scheme) return false;
  const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
  const { files, ours } = excludeGlobs(folder);
  return !excluded(relative, [...files, ...ours]);
}

/**
 * Every included Markdown file of the workspace folders. `findFiles` with no exclude argument
 * applies `files.exclude` itself (an explicit one would replace it); `policyLens.exclude` is then
 * applied here, per folder, so that each folder's own settings hold.
 */
async function findDrafts(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, MARKDOWN_GLOB), undefined, undefined, token);
    const { ours } = excludeGlobs(folder);
    const base = folder.uri.path.replace(/\/$/, '').length + 1;
    out.push(...found.filter((uri) => !excluded(uri.path.slice(base), ours)));
  }
  return out;
}

/**
 * Registers the workspace index: every Markdown file of the workspace, indexed in the background
 * (read through `workspace.fs`, summarised in an analysis worker; open documents from the shared
 * analysis, i.e. their unsaved text), kept up to date through a file system watcher, document
 * changes, dataset and settings changes.
 *
 * @param context The extension context.
 * @param services The shared analysis, dataset and events.
 * @param worker Starts an analysis worker of the index's own, so that a first index of a thousand
 *   files never queues ahead of the open documents' analyses.
 */
export function register(context: vscode.ExtensionContext, services: Services, worker: () => AnalysisWorkerClient): WorkspaceDrafts {
  let client: AnalysisWorkerClient | undefined;
  const indexer = new WorkspaceIndexer({
    read: async (uri) => {
      const target = vscode.Uri.parse(uri);
      const stat = await vscode.workspace.fs.stat(target);
      const limit = services.config().maxDocumentSize;
      if (stat.size > limit)
        throw new Error(vscode.l10n.t('{0}, over the {1} limit (policyLens.maxDocumentSize)', sizeText(stat.size), sizeText(limit)));
      return vscode.workspace.fs.readFile(target);
    },
    worker: () => (client ??= worker()),
    dataset: services.dataset,
  });
  const isDraftDocument = (document: vscode.TextDocument): boolean => document.languageId === 'markdown' && isIndexed(document.uri);
  // Files deleted while VS Code still holds their document (it disposes a closed editor's document
  // only later): their late analyses must not bring them back. Created or written again, they count.
  const gone = new Set<string>();
  const fromDocument = (document: vscode.TextDocument): void => {
    if (!isDraftDocument(document) || (gone.has(document.uri.toString()) && !document.isDirty)) return;
    // A large draft's analysis may be of an older version: onDidUpdateAnalysis brings the current one.
    if (!services.analyses.isCurrent(document)) return indexer.openDocument(document.uri.toString());
    indexer.updateDocument(document.uri.toString(), services.analyses.get(document), document.getText());
  };

  let scans = 0;
  let scanning: Promise<void> = Promise.resolve();
  const scan = (reindex: boolean): Promise<void> => {
    const first = scans++ === 0;
    scanning = (async () => {
      const uris = await findDrafts();
      indexer.setFiles(
        uris.map((u) => u.toString()),
        reindex,
      );
      // Each open draft is analysed (again, after a dataset change) in a task of its own, and not
      // before the analysis has warmed up (the first scan starts at activation).
      await services.analyses.whenWarm();
      for (const document of vscode.workspace.textDocuments) {
        fromDocument(document);
        await nextTask();
      }
      if (first && indexer.pending > PROGRESS_THRESHOLD) {
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
    })().catch((error: unknown) => console.error('Policy Lens: could not list the workspace drafts', error));
    return scanning;
  };

  const markdownWatcher = vscode.workspace.createFileSystemWatcher(MARKDOWN_GLOB);
  // Deleting a folder reports the folder only: every indexed draft under it goes.
  const deleteWatcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
  // A file written and opened at once (a new draft, a generated one) is analysed once, from its
  // document, not also from disk: the watcher's events wait a moment, and opening it cancels them.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const changed = (uri: vscode.Uri): void => {
    const key = uri.toString();
    gone.delete(key);
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (isIndexed(uri)) indexer.update(key);
        else indexer.remove(key);
      }, WATCHER_DELAY_MS),
    );
  };
  const deleted = (uri: vscode.Uri): void => {
    const key = uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    const folder = key.endsWith('/') ? key : `${key}/`;
    gone.add(key);
    for (const indexed of indexer.index.uris()) {
      if (indexed !== key && !indexed.startsWith(folder)) continue;
      gone.add(indexed);
      indexer.remove(indexed);
    }
  };

  context.subscriptions.push(
    indexer,
    markdownWatcher,
    deleteWatcher,
    { dispose: () => client?.dispose() },
    markdownWatcher.onDidCreate(changed),
    markdownWatcher.onDidChange(changed),
    deleteWatcher.onDidDelete(deleted),
    vscode.workspace.onDidOpenTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      timers.delete(document.uri.toString());
      fromDocument(document);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    services.onDidChangeMarkdown(fromDocument),
    services.onDidUpdateAnalysis(fromDocument),
    vscode.workspace.onDidCloseTextDocument((document) => {
      // Whatever was not saved is gone with the document: the file on disk counts again.
      if (document.languageId === 'markdown')
        indexer.closeDocument(document.uri.toString(), isIndexed(document.uri) && !document.isUntitled);
    }),
    services.onDidChangeDataset(() => void scan(true)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void scan(false)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('policyLens.exclude')) void scan(false);
      // Files skipped as too large are not indexed, so a re-listing reads them again; the others stay.
      else if (e.affectsConfiguration('policyLens.maxDocumentSize')) void scan(false);
    }),
  );
  // Not awaited: activation must not wait for the workspace to be listed.
  void scan(false);

  return {
    index: indexer.index,
    onDidChange: indexer.onDidChange,
    whenIndexed: async () => {
      let seen: Promise<void>;
      do {
        seen = scanning;
        await seen;
        await indexer.whenIdle();
      } while (seen !== scanning);
    },
    titleOf: (uri) => indexer.index.get(uri)?.title ?? fileName(uri),
    pending: () => indexer.pending,
    isDeleted: (uri) => gone.has(uri),
    notIndexed: () => indexer.notIndexed,
  };
}
