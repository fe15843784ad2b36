import * as vscode from 'vscode';
import { DatasetFiles, matcherFor, type Dataset, type DatasetSource, type EntryKind, type LocatedProblem } from '../../core';
import { nextTask } from '../first-pass';

/** Where a workspace folder keeps its own dataset files. */
export const DATASET_FOLDER = '.policylens';
/** How long typing in an open dataset file must pause before its entries are used. */
const TYPING_DEBOUNCE_MS = 300;
/** File watcher events come in bursts (a save is often delete + create): one reload for the burst. */
const WATCH_DEBOUNCE_MS = 100;
/**
 * A new dataset folder is read once more after this long: files written into it right after it was
 * made may come before the watcher follows the folder, and code-server has been seen to drop them.
 */
const NEW_FOLDER_RECHECK_MS = 500;

/** What the editor's other parts see of the user datasets. */
export interface WorkspaceDatasets {
  /** The bundled data merged with every user dataset file. */
  dataset: () => Dataset;
  /** Fires after `dataset()` changed. */
  onDidChangeDataset: vscode.Event<void>;
  /** Reads the files again now; resolves when the dataset is up to date (tests and the first load). */
  reload(): Promise<void>;
}

export interface WorkspaceDatasetsOptions {
  /** The bundled dataset (the Node entry loads it pre-built; another entry may load it otherwise). */
  bundled: () => Dataset;
  /** Reads a file's bytes; by default through `vscode.workspace.fs`, which works on every platform and file system. */
  read?: (uri: vscode.Uri) => Thenable<Uint8Array>;
  /** The extension's log: dataset loads and unreadable files. */
  log?: vscode.LogOutputChannel;
}

const KINDS: Array<[EntryKind, string]> = [
  ['agreement', 'agreements'],
  ['pillar', 'pillars'],
  ['country', 'countries'],
];

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning } as const;

const nameOf = (uri: vscode.Uri): string => uri.path.split('/').pop() || uri.toString();

/** Whether `uri` is a `.json` file right in a workspace folder's dataset folder. */
function inDatasetFolder(uri: vscode.Uri): boolean {
  if (!uri.path.endsWith('.json')) return false;
  const parent = vscode.Uri.joinPath(uri, '..').toString();
  return (vscode.workspace.workspaceFolders ?? []).some((f) => vscode.Uri.joinPath(f.uri, DATASET_FOLDER).toString() === parent);
}

function toDiagnostic(p: LocatedProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.start.line - 1, p.start.column - 1, p.end.line - 1, p.end.column - 1);
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = 'Policy Lens';
  return d;
}

/** The dataset files, lowest priority first: each folder's `.policylens/*.json` by name, then the files the `policyLens.datasets` setting lists. */
async function datasetFiles(): Promise<vscode.Uri[]> {
  const out = new Map<string, vscode.Uri>();
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const dir = vscode.Uri.joinPath(folder.uri, DATASET_FOLDER);
    let names: string[] = [];
    try {
      names = (await vscode.workspace.fs.readDirectory(dir))
        .filter(([n, type]) => type !== vscode.FileType.Directory && n.endsWith('.json'))
        .map(([n]) => n);
    } catch {
      // No dataset folder: nothing to add.
    }
    for (const n of names.sort()) {
      const uri = vscode.Uri.joinPath(dir, n);
      out.set(uri.toString(), uri);
    }
  }
  const listed = (scope: vscode.WorkspaceFolder | undefined): void => {
    const paths = vscode.workspace.getConfiguration('policyLens', scope?.uri).get<unknown>('datasets', []);
    for (const p of Array.isArray(paths) ? paths : []) {
      if (typeof p !== 'string' || !p.trim()) continue;
      const absolute = /^([a-zA-Z]:)?[\\/]/.test(p);
      if (!absolute && !scope) continue;
      const uri = absolute ? vscode.Uri.file(p) : vscode.Uri.joinPath(scope!.uri, p);
      out.set(uri.toString(), uri);
    }
  };
  if (folders.length === 0) listed(undefined);
  for (const folder of folders) listed(folder);
  return [...out.values()];
}

/**
 * User datasets: reads every dataset file, merges it onto the bundled data (see `DatasetFiles`),
 * and keeps the result live: file watcher events, saves, and typing in an open dataset file
 * (debounced) update it without a reload, and `onDidChangeDataset` tells the features. Problems
 * are diagnostics on the dataset file; a status bar item names files with errors. Files are read
 * through `vscode.workspace.fs` (or the injected reader), never Node's `fs`.
 */
class UserDatasets implements WorkspaceDatasets, vscode.Disposable {
  private readonly read: (uri: vscode.Uri) => Thenable<Uint8Array>;
  private readonly files: DatasetFiles;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly collection = vscode.languages.createDiagnosticCollection('policyLens.datasets');
  private readonly item = vscode.window.createStatusBarItem('policyLens.datasets', vscode.StatusBarAlignment.Right, 99);
  private tracked: vscode.Uri[] = [];
  private watchers: vscode.Disposable[] = [];
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private recheck: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<void> = Promise.resolve();

  readonly onDidChangeDataset = this.changed.event;

  constructor(private readonly options: WorkspaceDatasetsOptions) {
    this.read = options.read ?? ((uri: vscode.Uri) => vscode.workspace.fs.readFile(uri));
    this.files = new DatasetFiles(options.bundled);
    this.item.name = vscode.l10n.t('Policy Lens Datasets');
  }

  readonly dataset = (): Dataset => this.files.dataset();

  isTracked(uri: vscode.Uri): boolean {
    return this.tracked.some((u) => u.toString() === uri.toString());
  }

  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    // An open dataset file counts as typed, saved or not.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await this.read(uri));
    } catch (error) {
      this.options.log?.warn(`cannot read the dataset file ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    // The folder itself too: deleting or renaming it reports the folder, not each file in it.
    const patterns = [
      ...(vscode.workspace.workspaceFolders ?? []).map(
        (f) => new vscode.RelativePattern(f, `{${DATASET_FOLDER},${DATASET_FOLDER}/*.json}`),
      ),
      ...this.tracked
        .filter((u) => !u.path.includes(`/${DATASET_FOLDER}/`))
        .map((u) => new vscode.RelativePattern(vscode.Uri.joinPath(u, '..'), nameOf(u))),
    ];
    this.watchers = patterns.map((pattern) => {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      w.onDidCreate((uri) => {
        this.schedule(WATCH_DEBOUNCE_MS);
        if (!uri.path.endsWith(`/${DATASET_FOLDER}`)) return;
        clearTimeout(this.recheck);
        this.recheck = setTimeout(() => this.schedule(0), NEW_FOLDER_RECHECK_MS);
      });
      w.onDidChange(() => this.schedule(WATCH_DEBOUNCE_MS));
      w.onDidDelete(() => this.schedule(WATCH_DEBOUNCE_MS));
      return w;
    });
  }

  /** Puts each file's problems in the Problems view, and names unreadable or broken files in the status bar. */
  private show(missing: vscode.Uri[]): void {
    const { collection, files, item } = this;
    collection.clear();
    for (const uri of this.tracked) {
      const problems = files.problems(uri.toString());
      if (problems.length > 0) collection.set(uri, problems.map(toDiagnostic));
    }
    const broken = this.tracked.filter((u) => files.problems(u.toString()).some((p) => p.severity === 'error'));
    const all = [...missing, ...broken];
    if (all.length === 0) {
      item.hide();
      return;
    }
    item.text = `$(warning) ${
      all.length === 1
        ? vscode.l10n.t('Policy Lens: errors in {0}', nameOf(all[0]!))
        : vscode.l10n.t('Policy Lens: errors in {0} dataset files', all.length)
    }`;
    item.tooltip = [
      ...missing.map((u) => vscode.l10n.t('{0}: cannot be read (listed in policyLens.datasets)', u.fsPath || u.toString())),
      ...broken.map((u) =>
        files.broken().includes(u.toString())
          ? vscode.l10n.t('{0}: not a valid dataset; its last valid entries stay in use', nameOf(u))
          : vscode.l10n.t('{0}: some entries are invalid and are not used', nameOf(u)),
      ),
      vscode.l10n.t('Click to open the first one; the Problems view lists every error.'),
    ].join('\n');
    item.command = broken[0] ? { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [broken[0]] } : undefined;
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    item.show();
  }

  private async load(): Promise<void> {
    const mine = ++this.generation;
    const t0 = performance.now();
    const uris = await datasetFiles();
    const texts = await Promise.all(uris.map((uri) => this.textOf(uri)));
    // A newer load started meanwhile: it has the newer files.
    if (mine !== this.generation) return;
    const config = vscode.workspace.getConfiguration('policyLens');
    const disabledKinds = KINDS.filter(([, key]) => !config.get<boolean>(`bundledData.${key}`, true)).map(([kind]) => kind);
    const sources: DatasetSource[] = [];
    const missing: vscode.Uri[] = [];
    uris.forEach((uri, i) => {
      const text = texts[i];
      if (text === undefined) missing.push(uri);
      else sources.push({ name: uri.toString(), text });
    });
    const before = this.tracked.map(String).join('\n');
    this.tracked = uris.filter((_, i) => texts[i] !== undefined);
    if (this.tracked.map(String).join('\n') !== before || this.watchers.length === 0) this.watch();
    const didChange = this.files.update(sources, { disabledKinds });
    this.show(missing);
    if (!didChange) return;
    this.options.log?.info(
      `dataset loaded: ${sources.length} workspace dataset file(s), ${missing.length} unreadable, in ${Math.round(performance.now() - t0)} ms`,
    );
    // The new dataset's matcher is compiled in a task of its own, and the features hear of the change
    // (and re-analyse the open drafts, one per task) in the next, so that typing in a dataset file
    // never holds the thread for long (`npm run bench`, dataset change line; docs/performance.md).
    await nextTask();
    matcherFor(this.files.dataset());
    await nextTask();
    this.changed.fire();
  }

  reload(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const load = (): Promise<void> => this.load();
    this.current = this.current.then(load, load);
    return this.current;
  }

  schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), ms);
  }

  dispose(): void {
    this.changed.dispose();
    this.collection.dispose();
    this.item.dispose();
    this.watchers.forEach((w) => w.dispose());
    clearTimeout(this.timer);
    clearTimeout(this.recheck);
  }
}

/** Reloads the user datasets on the events that can change them. */
function reloadOn(datasets: UserDatasets): vscode.Disposable[] {
  return [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && datasets.isTracked(e.document.uri)) datasets.schedule(TYPING_DEBOUNCE_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (datasets.isTracked(d.uri) || d.uri.path.includes(`/${DATASET_FOLDER}/`)) datasets.schedule(0);
    }),
    // A dataset file the watcher did not report (written by another program while events were lost) is read when opened.
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (!datasets.isTracked(d.uri) && inDatasetFolder(d.uri)) datasets.schedule(0);
    }),
    // A dataset file closed without saving falls back to what is on disk.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (datasets.isTracked(d.uri)) datasets.schedule(0);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => datasets.schedule(0)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.datasets') || e.affectsConfiguration('policyLens.bundledData')) datasets.schedule(0);
    }),
  ];
}

/**
 * Creates the user datasets (the bundled data merged with the workspace's dataset files) and keeps
 * them live; a service the features share (`Services.dataset`), not a feature of its own.
 */
export function createWorkspaceDatasets(context: vscode.ExtensionContext, options: WorkspaceDatasetsOptions): WorkspaceDatasets {
  const datasets = new UserDatasets(options);
  context.subscriptions.push(datasets, ...reloadOn(datasets));
  // Read after activation, not during it (activation loads nothing): until then the bundled data alone is used.
  datasets.schedule(0);
  return datasets;
}
