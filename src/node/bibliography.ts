import fs from 'node:fs';
import path from 'node:path';
import {
  bibliographyFormat,
  bibliographyKeys,
  frontMatterBibliographyField,
  mergeBibliographyFields,
  metadataBibliographyField,
  type BibliographyField,
  QUARTO_METADATA_FILES,
  QUARTO_PROJECT_FILES,
} from '../core';
import { readTextFile } from './files';

/** A level of metadata a folder inherits: a `bibliography:` field and the folder its paths resolve against. */
interface Level {
  field: BibliographyField | undefined;
  base: string;
}

/**
 * The keys of the writer's own bibliographies, for the CLI: the files a draft's front matter names
 * (relative to the draft's folder) merged, as Quarto merges metadata, with those of its Quarto
 * project (`_quarto.yml` in its folder or the nearest folder above) and of each `_metadata.yml`
 * from the project's folder down to the draft's (relative to the file that names them). Files are read as drafts are (regular files,
 * bounded), each once per run; a file that cannot be read, or only in part, is one warning line,
 * never an error: the draft is still checked, with what could be read.
 */
export class BibliographyReader {
  private readonly files = new Map<string, ReadonlySet<string>>();
  private readonly folders = new Map<string, Level[]>();

  /**
   * @param maxBytes The largest file read (`--max-size`).
   * @param warn Prints a warning line.
   */
  constructor(
    private readonly maxBytes: number,
    private readonly warn: (line: string) => void,
  ) {}

  /**
   * Every key the bibliographies of a draft hold.
   *
   * @param draft The draft's path.
   * @param text The draft's text.
   * @returns The keys (empty when it names no bibliography).
   */
  keysFor(draft: string, text: string): Set<string> {
    const folder = path.dirname(path.resolve(draft));
    const levels = [...this.inherited(folder), { field: frontMatterBibliographyField(text), base: folder }];
    const keys = new Set<string>();
    for (const file of new Set(mergeBibliographyFields(levels).map(({ path: p, base }) => path.resolve(base, p))))
      for (const key of this.keysOf(file, draft)) keys.add(key);
    return keys;
  }

  /** The levels a folder inherits: none outside a Quarto project; inside one, the project's file, then each `_metadata.yml` from the project's folder down. */
  private inherited(dir: string): Level[] {
    const known = this.folders.get(dir);
    if (known) return known;
    let levels: Level[] = [];
    const project = this.readFirst(dir, QUARTO_PROJECT_FILES);
    if (project !== undefined) levels = [{ field: project === null ? undefined : metadataBibliographyField(project), base: dir }];
    else {
      const parent = path.dirname(dir);
      if (parent !== dir) levels = this.inherited(parent);
    }
    if (levels.length > 0) {
      const metadata = this.readFirst(dir, QUARTO_METADATA_FILES);
      if (metadata) levels = [...levels, { field: metadataBibliographyField(metadata), base: dir }];
    }
    this.folders.set(dir, levels);
    return levels;
  }

  /** The text of the first of the named files in a folder that exists: null when it cannot be read (one warning), undefined when none exists. */
  private readFirst(dir: string, names: readonly string[]): string | null | undefined {
    const file = names.map((name) => path.join(dir, name)).find((f) => fs.existsSync(f));
    if (!file) return undefined;
    const read = readTextFile(file, this.maxBytes);
    if ('problem' in read) {
      this.warn(`${this.shown(file)}: ${read.problem.message.replace(/^skipped: /, 'cannot read: ')}`);
      return null;
    }
    return read.text;
  }

  private keysOf(file: string, draft: string): ReadonlySet<string> {
    const known = this.files.get(file);
    if (known) return known;
    const keys = new Set<string>();
    this.files.set(file, keys);
    const format = bibliographyFormat(file);
    const name = `${this.shown(draft)}: bibliography ${this.shown(file)}`;
    if (!format) {
      this.warn(`${name}: not read (the keys of .bib, .bibtex, .json, .yaml and .yml files are read)`);
      return keys;
    }
    const read = readTextFile(file, this.maxBytes);
    if ('problem' in read) {
      this.warn(`${name}: ${read.problem.message.replace(/^skipped: /, 'cannot read: ')}`);
      return keys;
    }
    const found = bibliographyKeys(read.text, format);
    for (const key of found.keys) keys.add(key);
    if (found.problem) this.warn(`${name}: ${found.problem}`);
    return keys;
  }

  /** A path as the user gave it: relative to the working folder when inside it. */
  private shown(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  }
}
