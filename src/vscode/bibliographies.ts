import * as vscode from 'vscode';
import {
  bibliographyEntries,
  bibliographyFormat,
  frontMatterBibliographyField,
  mergeBibliographyFields,
  metadataBibliographyField,
  type BibliographyEntry,
  type BibliographyField,
  QUARTO_METADATA_FILES,
  QUARTO_PROJECT_FILES,
} from '../core';
import { CheckThrottle } from './check-throttle';
import { sizeText } from './size';

/** How long a check of a draft's files against their stamps holds, in milliseconds. */
const RECHECK_MS = 1000;

/** An entry of a draft's own bibliography, with the file it is in. */
export interface DraftBibliographyEntry extends BibliographyEntry {
  file: vscode.Uri;
}

/** What the features need of a draft's own bibliographies. */
export interface DraftBibliography {
  /** Every key they hold. */
  keys: ReadonlySet<string>;
  /** Their entries, in the order of the files and of each file, a key once (the first file's entry). */
  entries: readonly DraftBibliographyEntry[];
  /** One line for each file that could not be read, or only in part. */
  problems: string[];
}

interface FileEntries {
  entries: DraftBibliographyEntry[];
  problem?: string;
  /** The file's modification time and size when it was read ('' when it could not be). */
  stamp: string;
}

/** What a folder inherits, with every file looked for to find it and its stamp ('' when absent). */
interface Inherited {
  levels: Level[];
  probes: Array<[vscode.Uri, string]>;
}

/** A level of metadata a folder inherits: a `bibliography:` field and the folder its paths resolve against. */
interface Level {
  field: BibliographyField | undefined;
  base: vscode.Uri;
}

/**
 * The writer's own bibliographies, shared by the checks and the citation completion: the files a
 * draft's front matter names (relative to the draft's folder) merged, as Quarto merges metadata,
 * with those of its Quarto project (`_quarto.yml` in its folder or the nearest one above, within
 * its workspace folder) and of each `_metadata.yml` from the project's folder down to the draft's
 * (relative to the file that names them). Files are read through `workspace.fs` (regular files up
 * to `policyLens.maxDocumentSize`), once, and again when a watcher sees them change;
 * `onDidChange` fires when what a draft may get has changed.
 */
export class DraftBibliographies implements vscode.Disposable {
  private readonly files = new Map<string, FileEntries | Promise<void>>();
  /** The inherited levels of each folder a draft is in, outermost first. */
  private readonly folders = new Map<string, Inherited | Promise<void>>();
  /** The front matter's field of each open draft, read once per version. */
  private readonly frontMatter = new WeakMap<vscode.TextDocument, { version: number; field: BibliographyField | undefined }>();
  /** The last check of each draft's files against their stamps: a completion request comes at every keystroke. */
  private readonly checks = new CheckThrottle<string>(RECHECK_MS);
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.{bib,bibtex,json,yaml,yml}');
  readonly onDidChange = this.changed.event;

  constructor(private readonly maxBytes: () => number) {
    const forget = (uri: vscode.Uri): void => {
      const name = uri.path.split('/').pop() ?? '';
      if (QUARTO_PROJECT_FILES.includes(name) || QUARTO_METADATA_FILES.includes(name)) {
        this.folders.clear();
        this.changed.fire();
      }
      // A metadata file may be a CSL-YAML bibliography too: both caches may hold it.
      if (this.files.delete(uri.toString())) this.changed.fire();
    };
    this.watcher.onDidChange(forget);
    this.watcher.onDidCreate(forget);
    this.watcher.onDidDelete(forget);
  }

  /**
   * A draft's bibliographies as far as they are read; the files not read yet are read now, and
   * `onDidChange` fires when they are.
   *
   * @param document A draft.
   * @returns Its keys, entries and the problems of its files.
   */
  of(document: vscode.TextDocument): DraftBibliography {
    return this.collect(document, []);
  }

  /**
   * A draft's bibliographies once what they depend on is read (its project's files, then the
   * bibliography files): for a request that must answer now, such as a completion list.
   *
   * @param document A draft.
   * @returns Its keys, entries and the problems of its files.
   */
  async ready(document: vscode.TextDocument): Promise<DraftBibliography> {
    // Once a second per draft: a change a watcher missed shows at most a second late.
    await this.checks.run(document.uri.toString(), () => this.revalidate(document));
    // The project's files name the bibliographies, which are read next: a round for each, and one to collect.
    for (let round = 0; ; round++) {
      const pending: Promise<void>[] = [];
      const now = this.collect(document, pending);
      if (pending.length === 0 || round === 3) return now;
      await Promise.all(pending);
    }
  }

  /**
   * Drops what is cached for a draft when a file it came from changed on disk, found by its stamp:
   * a file system watcher can miss an event (a file in a folder created a moment before) or bring
   * it late on a busy machine, and a request that answers now should not show an old list. `ready`
   * runs it at most once a second per draft, since a completion request comes at every keystroke.
   */
  private async revalidate(document: vscode.TextDocument): Promise<void> {
    if (document.isUntitled) return;
    const folder = vscode.Uri.joinPath(document.uri, '..').toString();
    const inherited = this.folders.get(folder);
    if (inherited && !(inherited instanceof Promise)) {
      const stamps = await Promise.all(inherited.probes.map(([uri]) => stampOf(uri)));
      if (stamps.some((stamp, k) => stamp !== inherited.probes[k]![1]) && this.folders.get(folder) === inherited)
        this.folders.delete(folder);
    }
    const files = [...this.collectUris(document)].flatMap(([key, uri]) => {
      const known = this.files.get(key);
      return known && !(known instanceof Promise) ? [{ key, uri, known }] : [];
    });
    await Promise.all(
      files.map(async ({ key, uri, known }) => {
        if ((await stampOf(uri)) !== known.stamp && this.files.get(key) === known) this.files.delete(key);
      }),
    );
  }

  /** The bibliography files a draft names, as far as its project is known. */
  private collectUris(document: vscode.TextDocument, pending: Promise<void>[] = []): Map<string, vscode.Uri> {
    const folder = vscode.Uri.joinPath(document.uri, '..');
    const levels = [...this.inherited(document, folder, pending), { field: this.frontMatterField(document), base: folder }];
    const uris = new Map<string, vscode.Uri>();
    for (const { path, base } of mergeBibliographyFields(levels)) {
      const uri = resolve(base, path);
      uris.set(uri.toString(), uri);
    }
    return uris;
  }

  /** What `of` returns; the reads it waits for are added to `pending`. */
  private collect(document: vscode.TextDocument, pending: Promise<void>[]): DraftBibliography {
    // An unsaved new draft has no folder to resolve a relative path from.
    if (document.isUntitled) return { keys: new Set(), entries: [], problems: [] };
    const uris = this.collectUris(document, pending);
    const keys = new Set<string>();
    const entries: DraftBibliographyEntry[] = [];
    const problems: string[] = [];
    for (const [key, uri] of uris) {
      const known = this.files.get(key) ?? this.load(key, uri);
      if (known instanceof Promise) {
        pending.push(known);
        continue;
      }
      for (const entry of known.entries) {
        if (keys.has(entry.key)) continue;
        keys.add(entry.key);
        entries.push(entry);
      }
      if (known.problem) problems.push(vscode.l10n.t('Bibliography {0}: {1}', vscode.workspace.asRelativePath(uri), known.problem));
    }
    return { keys, entries, problems };
  }

  private frontMatterField(document: vscode.TextDocument): BibliographyField | undefined {
    const known = this.frontMatter.get(document);
    if (known?.version === document.version) return known.field;
    const field = frontMatterBibliographyField(document.getText());
    this.frontMatter.set(document, { version: document.version, field });
    return field;
  }

  /** What the draft's folder inherits from its Quarto project, once it is known. */
  private inherited(document: vscode.TextDocument, folder: vscode.Uri, pending: Promise<void>[]): Level[] {
    const key = folder.toString();
    const known = this.folders.get(key);
    if (known instanceof Promise) pending.push(known);
    if (known === undefined) {
      // A watcher event meanwhile drops the search, and the next request starts another.
      const search: Promise<void> = this.findProject(folder, vscode.workspace.getWorkspaceFolder(document.uri)?.uri).then((found) => {
        if (this.folders.get(key) !== search) return;
        this.folders.set(key, found);
        if (found.levels.some((l) => l.field)) this.changed.fire();
      });
      this.folders.set(key, search);
      pending.push(search);
    }
    return known && !(known instanceof Promise) ? known.levels : [];
  }

  /**
   * The levels a folder inherits: none outside a Quarto project; inside one, the project's file,
   * then each folder's `_metadata.yml` from the project's folder down to this one.
   */
  private async findProject(folder: vscode.Uri, root: vscode.Uri | undefined): Promise<Inherited> {
    const levels: Level[] = [];
    const probes: Array<[vscode.Uri, string]> = [];
    const below: vscode.Uri[] = [];
    for (let dir = folder; ;) {
      below.unshift(dir);
      const text = await firstReadable(
        QUARTO_PROJECT_FILES.map((name) => vscode.Uri.joinPath(dir, name)),
        this.maxBytes(),
        probes,
      );
      if (text !== undefined) {
        levels.push({ field: metadataBibliographyField(text), base: dir });
        for (const d of below) {
          const metadata = await firstReadable(
            QUARTO_METADATA_FILES.map((name) => vscode.Uri.joinPath(d, name)),
            this.maxBytes(),
            probes,
          );
          if (metadata !== undefined) levels.push({ field: metadataBibliographyField(metadata), base: d });
        }
        break;
      }
      const parent = vscode.Uri.joinPath(dir, '..');
      if (!root || dir.toString() === root.toString() || parent.toString() === dir.toString()) break;
      dir = parent;
    }
    return { levels, probes };
  }

  /** Reads a file's entries; a watcher event meanwhile drops the read, and the next request reads it again. */
  private load(key: string, uri: vscode.Uri): Promise<void> {
    const pending: Promise<void> = this.read(uri).then((result) => {
      if (this.files.get(key) !== pending) return;
      this.files.set(key, result);
      this.changed.fire();
    });
    this.files.set(key, pending);
    return pending;
  }

  private async read(uri: vscode.Uri): Promise<FileEntries> {
    const format = bibliographyFormat(uri.path);
    if (!format)
      return {
        entries: [],
        problem: vscode.l10n.t('not read (the keys of .bib, .bibtex, .json, .yaml and .yml files are read)'),
        stamp: await stampOf(uri),
      };
    try {
      const read = await readBounded(uri, this.maxBytes());
      const { entries, problem } = bibliographyEntries(read.text, format);
      const own = entries.map((entry) => ({ ...entry, file: uri }));
      return problem === undefined ? { entries: own, stamp: read.stamp } : { entries: own, problem, stamp: read.stamp };
    } catch (error) {
      return { entries: [], problem: vscode.l10n.t('cannot read: {0}', reason(error)), stamp: await stampOf(uri) };
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

/** A file's modification time and size, or '' when it cannot be read: what tells that it changed. */
async function stampOf(uri: vscode.Uri): Promise<string> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return `${stat.mtime}:${stat.size}`;
  } catch {
    return '';
  }
}

/** A regular file's text and stamp, refused when it is anything else or larger than the limit. */
async function readBounded(uri: vscode.Uri, maxBytes: number): Promise<{ text: string; stamp: string }> {
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw new Error(vscode.l10n.t('not a regular file'));
  if (stat.size > maxBytes)
    throw new Error(vscode.l10n.t('{0}, over the {1} limit (policyLens.maxDocumentSize)', sizeText(stat.size), sizeText(maxBytes)));
  return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), stamp: `${stat.mtime}:${stat.size}` };
}

/** The text of the first of the files that exists and can be read, or undefined; each file looked for goes into `probes`. */
async function firstReadable(
  uris: readonly vscode.Uri[],
  maxBytes: number,
  probes: Array<[vscode.Uri, string]>,
): Promise<string | undefined> {
  for (const uri of uris) {
    try {
      const read = await readBounded(uri, maxBytes);
      probes.push([uri, read.stamp]);
      return read.text;
    } catch {
      // Not there (the usual case) or not readable: the next name, then the folder above.
      probes.push([uri, await stampOf(uri)]);
    }
  }
  return undefined;
}
