import fs from 'node:fs';
import path from 'node:path';
import { bibliographyFormat, bibliographyKeys, frontMatterBibliography, projectBibliography } from '../core';
import { readTextFile } from './files';

/** The names Quarto gives a project's file, in the order it looks for them. */
const PROJECT_FILES = ['_quarto.yml', '_quarto.yaml'];

/**
 * The keys of the writer's own bibliographies, for the CLI: the files a draft's front matter names
 * (relative to the draft's folder) and those of its Quarto project (`_quarto.yml` in its folder or
 * the nearest folder above, relative to that folder). Files are read as drafts are (regular files,
 * bounded), each once per run; a file that cannot be read, or only in part, is one warning line,
 * never an error: the draft is still checked, with what could be read.
 */
export class BibliographyReader {
  private readonly files = new Map<string, ReadonlySet<string>>();
  private readonly projects = new Map<string, string[]>();

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
    const own = (frontMatterBibliography(text) ?? []).map((p) => path.resolve(path.dirname(draft), p));
    const keys = new Set<string>();
    for (const file of new Set([...own, ...this.project(path.dirname(path.resolve(draft)))]))
      for (const key of this.keysOf(file, draft)) keys.add(key);
    return keys;
  }

  /** The bibliography files of the Quarto project a folder is in (none outside a project). */
  private project(dir: string): string[] {
    const known = this.projects.get(dir);
    if (known) return known;
    let found: string[] = [];
    const file = PROJECT_FILES.map((name) => path.join(dir, name)).find((f) => fs.existsSync(f));
    if (file) {
      const read = readTextFile(file, this.maxBytes);
      if ('problem' in read) this.warn(`${this.shown(file)}: ${read.problem.message.replace(/^skipped: /, 'cannot read: ')}`);
      else found = (projectBibliography(read.text) ?? []).map((p) => path.resolve(dir, p));
    } else {
      const parent = path.dirname(dir);
      if (parent !== dir) found = this.project(parent);
    }
    this.projects.set(dir, found);
    return found;
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
