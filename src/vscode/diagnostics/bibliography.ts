import * as vscode from 'vscode';
import { bibliographyFormat, bibliographyKeys, frontMatterBibliography, projectBibliography } from '../../core';
import { sizeText } from '../size';

/** The names Quarto gives a project's file, in the order it looks for them. */
const PROJECT_FILES = ['_quarto.yml', '_quarto.yaml'];

/** What the checks need of a draft's own bibliographies. */
export interface DraftBibliography {
  /** Every key they hold. */
  keys: ReadonlySet<string>;
  /** One line for each file that could not be read, or only in part. */
  problems: string[];
}

interface FileKeys {
  keys: string[];
  problem?: string;
}

/**
 * The keys of the writer's own bibliographies, for the checks: the files a draft's front matter
 * names (relative to the draft's folder) and those of its Quarto project (`_quarto.yml` in its
 * folder or the nearest one above, within its workspace folder). Files are read through
 * `workspace.fs` (regular files up to `policyLens.maxDocumentSize`), once, and again when a
 * watcher sees them change; `onDidChange` fires when what a draft may get has changed.
 */
export class DraftBibliographies implements vscode.Disposable {
  private readonly files = new Map<string, FileKeys | Promise<void>>();
  private readonly projects = new Map<string, string[] | Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.{bib,bibtex,json,yaml,yml}');
  readonly onDidChange = this.changed.event;

  constructor(private readonly maxBytes: () => number) {
    const forget = (uri: vscode.Uri): void => {
      const name = uri.path.split('/').pop() ?? '';
      if (PROJECT_FILES.includes(name)) {
        this.projects.clear();
        this.changed.fire();
      } else if (this.files.delete(uri.toString())) this.changed.fire();
    };
    this.watcher.onDidChange(forget);
    this.watcher.onDidCreate(forget);
    this.watcher.onDidDelete(forget);
  }

  /**
   * The keys of a draft's bibliographies as far as they are read; the files not read yet are read
   * now, and `onDidChange` fires when they are.
   *
   * @param document A draft.
   * @returns Its keys and the problems of its files.
   */
  keysFor(document: vscode.TextDocument): DraftBibliography {
    // An unsaved new draft has no folder to resolve a relative path from.
    if (document.isUntitled) return { keys: new Set(), problems: [] };
    const folder = vscode.Uri.joinPath(document.uri, '..');
    const named = (frontMatterBibliography(document.getText()) ?? []).map((p) => resolve(folder, p));
    const keys = new Set<string>();
    const problems: string[] = [];
    const uris = new Map<string, vscode.Uri>();
    for (const uri of [...named, ...this.project(document, folder)]) uris.set(uri.toString(), uri);
    for (const [key, uri] of uris) {
      const known = this.files.get(key);
      if (known === undefined) this.load(key, uri);
      if (known === undefined || known instanceof Promise) continue;
      for (const k of known.keys) keys.add(k);
      if (known.problem) problems.push(vscode.l10n.t('Bibliography {0}: {1}', vscode.workspace.asRelativePath(uri), known.problem));
    }
    return { keys, problems };
  }

  /** The bibliography files of the Quarto project the draft is in, once they are known. */
  private project(document: vscode.TextDocument, folder: vscode.Uri): vscode.Uri[] {
    const key = folder.toString();
    const known = this.projects.get(key);
    if (known === undefined) this.projects.set(key, this.findProject(folder, vscode.workspace.getWorkspaceFolder(document.uri)?.uri));
    return Array.isArray(known) ? known.map((u) => vscode.Uri.parse(u)) : [];
  }

  private async findProject(folder: vscode.Uri, root: vscode.Uri | undefined): Promise<void> {
    let found: vscode.Uri[] = [];
    for (let dir = folder; ;) {
      const text = await firstReadable(
        PROJECT_FILES.map((name) => vscode.Uri.joinPath(dir, name)),
        this.maxBytes(),
      );
      if (text !== undefined) {
        found = (projectBibliography(text) ?? []).map((p) => resolve(dir, p));
        break;
      }
      const parent = vscode.Uri.joinPath(dir, '..');
      if (!root || dir.toString() === root.toString() || parent.toString() === dir.toString()) break;
      dir = parent;
    }
    this.projects.set(
      folder.toString(),
      found.map((u) => u.toString()),
    );
    if (found.length > 0) this.changed.fire();
  }

  /** Reads a file's keys; a watcher event meanwhile drops the read, and the next request reads it again. */
  private load(key: string, uri: vscode.Uri): void {
    const pending: Promise<void> = this.read(uri).then((result) => {
      if (this.files.get(key) !== pending) return;
      this.files.set(key, result);
      this.changed.fire();
    });
    this.files.set(key, pending);
  }

  private async read(uri: vscode.Uri): Promise<FileKeys> {
    const format = bibliographyFormat(uri.path);
    if (!format) return { keys: [], problem: vscode.l10n.t('not read (the keys of .bib, .bibtex, .json, .yaml and .yml files are read)') };
    try {
      return bibliographyKeys(await readBounded(uri, this.maxBytes()), format);
    } catch (error) {
      return { keys: [], problem: vscode.l10n.t('cannot read: {0}', reason(error)) };
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** A path of a `bibliography:` field: absolute, or relative to `folder`. */
function resolve(folder: vscode.Uri, path: string): vscode.Uri {
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) return vscode.Uri.file(path);
  return vscode.Uri.joinPath(folder, path.replace(/\\/g, '/'));
}

/** Why a file could not be read, in words. */
function reason(error: unknown): string {
  if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return vscode.l10n.t('no such file');
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** A regular file's text, refused when it is anything else or larger than the limit. */
async function readBounded(uri: vscode.Uri, maxBytes: number): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw new Error(vscode.l10n.t('not a regular file'));
  if (stat.size > maxBytes)
    throw new Error(vscode.l10n.t('{0}, over the {1} limit (policyLens.maxDocumentSize)', sizeText(stat.size), sizeText(maxBytes)));
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The text of the first of the files that exists and can be read, or undefined. */
async function firstReadable(uris: readonly vscode.Uri[], maxBytes: number): Promise<string | undefined> {
  for (const uri of uris) {
    try {
      return await readBounded(uri, maxBytes);
    } catch {
      // Not there (the usual case) or not readable: the next name, then the folder above.
    }
  }
  return undefined;
}
