import * as vscode from 'vscode';
import { DatasetFiles, matcherFor, type Dataset, type DatasetSource, type EntryKind, type LocatedProblem } from '../../core';
import { nextTask } from '../first-pass';

/** Where a workspace folder keeps its own dataset files. */
export const DATASET_FOLDER = '.policylens';
/** How long typing in an open dataset file must pause before its entries are used. */
const TYPING_DEBOUNCE_MS = 300;
/** File watcher events come in bursts (a save is often delete + create): one reload for the burst. */
const WATCH_DEBOUNCE_MS = 100;

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
}

const KINDS: Array<[EntryKind, string]> = [
  ['agreement', 'agreements'],
  ['pillar', 'pillars'],
  ['country', 'countries'],
];

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning } as const;

const nameOf = (uri: vscode.Uri): string => uri.path.split('/').pop() || uri.toString();

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
export function register(context: vscode.ExtensionContext, options: WorkspaceDatasetsOptions): WorkspaceDatasets {
  const read = options.read ?? ((uri: vscode.Uri) => vscode.workspace.fs.readFile(uri));
  const files = new DatasetFiles(options.bundled);
  const changed = new vscode.EventEmitter<void>();
  const collection = vscode.languages.createDiagnosticCollection('policyLens.datasets');
  const item = vscode.window.createStatusBarItem('policyLens.datasets', vscode.StatusBarAlignment.Right, 99);
  item.name = vscode.l10n.t('Policy Lens Datasets');
  let tracked: vscode.Uri[] = [];
  let watchers: vscode.Disposable[] = [];
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();

  const isTracked = (uri: vscode.Uri): boolean => tracked.some((u) => u.toString() === uri.toString());

  const textOf = async (uri: vscode.Uri): Promise<string | undefined> => {
    // An open dataset file counts as typed, saved or not.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await read(uri));
    } catch {
      return undefined;
    }
  };

  const watch = (): void => {
    watchers.forEach((w) => w.dispose());
    // The folder itself too: deleting or renaming it reports the folder, not each file in it.
    const patterns = [
      ...(vscode.workspace.workspaceFolders ?? []).map(
        (f) => new vscode.RelativePattern(f, `{${DATASET_FOLDER},${DATASET_FOLDER}/*.json}`),
      ),
      ...tracked
        .filter((u) => !u.path.includes(`/${DATASET_FOLDER}/`))
        .map((u) => new vscode.RelativePattern(vscode.Uri.joinPath(u, '..'), nameOf(u))),
    ];
    watchers = patterns.map((pattern) => {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      w.onDidCreate(() => schedule(WATCH_DEBOUNCE_MS));
      w.onDidChange(() => schedule(WATCH_DEBOUNCE_MS));
      w.onDidDelete(() => schedule(WATCH_DEBOUNCE_MS));
      return w;
    });
  };

  const show = (missing: vscode.Uri[]): void => {
    collection.clear();
    for (const uri of tracked) {
      const problems = files.problems(uri.toString());
      if (problems.length > 0) collection.set(uri, problems.map(toDiagnostic));
    }
    const broken = tracked.filter((u) => files.problems(u.toString()).some((p) => p.severity === 'error'));
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
  };

  const load = async (): Promise<void> => {
    const mine = ++generation;
    const uris = await datasetFiles();
    const texts = await Promise.all(uris.map(textOf));
    // A newer load started meanwhile: it has the newer files.
    if (mine !== generation) return;
    const config = vscode.workspace.getConfiguration('policyLens');
    const disabledKinds = KINDS.filter(([, key]) => !config.get<boolean>(`bundledData.${key}`, true)).map(([kind]) => kind);
    const sources: DatasetSource[] = [];
    const missing: vscode.Uri[] = [];
    uris.forEach((uri, i) => {
      const text = texts[i];
      if (text === undefined) missing.push(uri);
      else sources.push({ name: uri.toString(), text });
    });
    const before = tracked.map(String).join('\n');
    tracked = uris.filter((_, i) => texts[i] !== undefined);
    if (tracked.map(String).join('\n') !== before || watchers.length === 0) watch();
    const didChange = files.update(sources, { disabledKinds });
    show(missing);
    if (!didChange) return;
    // The new dataset's matcher is compiled in a task of its own, and the features hear of the change
    // (and re-analyse the open drafts, one per task) in the next: all in one task, typing in a dataset
    // file with five 4 KB drafts open held the thread 37 ms at every pause, more with each draft
    // (`npm run bench`, dataset change line).
    await nextTask();
    matcherFor(files.dataset());
    await nextTask();
    changed.fire();
  };

  const reload = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    current = current.then(load, load);
    return current;
  };
  const schedule = (ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), ms);
  };

  context.subscriptions.push(
    changed,
    collection,
    item,
    { dispose: () => (watchers.forEach((w) => w.dispose()), clearTimeout(timer)) },
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && isTracked(e.document.uri)) schedule(TYPING_DEBOUNCE_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (isTracked(d.uri) || d.uri.path.includes(`/${DATASET_FOLDER}/`)) schedule(0);
    }),
    // A dataset file closed without saving falls back to what is on disk.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (isTracked(d.uri)) schedule(0);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => schedule(0)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('policyLens.datasets') || e.affectsConfiguration('policyLens.bundledData')) schedule(0);
    }),
  );
  // Read after activation, not during it (activation loads nothing): until then the bundled data alone is used.
  schedule(0);
  return { dataset: () => files.dataset(), onDidChangeDataset: changed.event, reload };
}
