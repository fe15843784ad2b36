import * as l10n from '@vscode/l10n';
import { findNodeAtLocation, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { jsonSyntaxMessage } from '../text/json-syntax';
import { LineIndex } from '../text/lines';
import type { EntryKind, Point } from '../types';
import { isDatasetShaped, loadDataset, notADataset, type Dataset, type DatasetLayer, type DatasetProblem } from './load';

/** A dataset problem placed in its file's text, for a diagnostic or a `file:line:column` message. */
export interface LocatedProblem extends DatasetProblem {
  start: Point;
  end: Point;
}

/** One user dataset file: its name (a path or URI, as problems should name it) and its text. */
export interface DatasetSource {
  name: string;
  text: string;
}

/** What changes how user files are merged onto the bundled data. */
export interface DatasetFileOptions {
  /** Bundled kinds to leave out (the `policyLens.bundledData` setting). */
  disabledKinds?: readonly EntryKind[];
}

/** How deeply a dataset file may nest arrays and objects; a real one needs five levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Where a JSON text first nests deeper than `max` arrays and objects, or -1. Reading such a text
 * into values (and comparing or validating them) recurses once per level, and a few thousand
 * levels overflow the stack; this scan does not recurse.
 *
 * @param text JSON text.
 * @param max The deepest nesting allowed.
 * @returns The offset of the bracket that goes too deep, or -1.
 */
export function tooDeep(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** The path segments of a JSON pointer (`/entries/3/parties/0` → `['entries', 3, 'parties', 0]`). */
function pointerPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The span a problem about `node` is shown on: a value itself, or for an object or array the name that holds it (or an entry's id), not all its lines. */
function spanOf(node: Node): { offset: number; length: number } {
  if (node.type !== 'object' && node.type !== 'array') return node;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (key) return key;
  const id = node.type === 'object' ? findNodeAtLocation(node, ['id']) : undefined;
  return id ?? { offset: node.offset, length: 1 };
}

/**
 * Places a problem found in a dataset file at the value its JSON pointer names, or, when that
 * value is missing (a required property), at the nearest enclosing value that exists.
 *
 * @param text The file's text.
 * @param root The file's syntax tree (`parseTree` of jsonc-parser); undefined for an empty file.
 * @param lines The line index of `text`.
 * @param problem A problem whose `pointer` is relative to the file.
 * @returns The problem with its start and end in the text.
 */
export function locateProblem(text: string, root: Node | undefined, lines: LineIndex, problem: DatasetProblem): LocatedProblem {
  let span = { offset: 0, length: Math.min(1, text.length) };
  if (root) {
    const path = pointerPath(problem.pointer);
    let node: Node | undefined;
    while (!(node = findNodeAtLocation(root, path)) && path.length > 0) path.pop();
    span = spanOf(node ?? root);
  }
  return { ...problem, start: lines.point(span.offset), end: lines.point(span.offset + span.length) };
}

interface FileState {
  text: string;
  lines: LineIndex;
  root: Node | undefined;
  /** Syntax errors of `text`, or that it is not a dataset at all. */
  fileProblems: LocatedProblem[];
  /** The last data of this file that was a dataset: what it contributes while its text is broken. */
  good: unknown;
  /** The entries it contributed at the last load, for `DatasetLayer.lastGood`. */
  accepted?: ReadonlyMap<string, unknown>;
}

/**
 * The user's dataset files merged onto the bundled data, kept up to date as the files change.
 * Each file is one layer (see `loadDataset`): later files override earlier ones field by field.
 * A file that is momentarily broken keeps contributing what it last contributed: a syntax error, or
 * text that is not a dataset, keeps its last good entries in use, and an entry that is invalid
 * keeps its last valid version; the problems still say what is wrong, placed in the file's text.
 * Runs anywhere (editor, browser, CLI): it is given texts, never reads files itself.
 */
export class DatasetFiles {
  private readonly states = new Map<string, FileState>();
  private names: string[] = [];
  private merged: { key: string; base: Dataset; dataset: Dataset } | undefined;

  /**
   * @param base The bundled dataset, loaded when first needed.
   */
  constructor(private readonly base: () => Dataset) {}

  /**
   * Sets the files (in priority order, lowest first) and options. Files whose text did not change
   * are not parsed again.
   *
   * @param files Every user dataset file, with its current text.
   * @param options Bundled kinds to leave out.
   * @returns Whether `dataset()` is now a different dataset.
   */
  update(files: readonly DatasetSource[], options: DatasetFileOptions = {}): boolean {
    const before = this.merged?.dataset;
    this.names = files.map((f) => f.name);
    for (const name of [...this.states.keys()]) if (!this.names.includes(name)) this.states.delete(name);
    for (const file of files) {
      try {
        this.parse(file);
      } catch (error) {
        // A last resort: whatever a file holds, it is a problem of that file, never of the others.
        this.fail(file, error);
      }
    }
    try {
      this.load(options);
    } catch {
      // Find the file that cannot be loaded (each alone), mark it, and load the others without it.
      for (const name of this.names) {
        const state = this.states.get(name)!;
        if (state.good === undefined) continue;
        try {
          loadDataset([{ name, data: state.good }], { base: this.base() });
        } catch (error) {
          this.fail({ name, text: state.text }, error);
        }
      }
      try {
        this.load(options);
      } catch {
        this.merged = undefined;
      }
    }
    return this.merged?.dataset !== before;
  }

  /** Marks a file as unreadable: an error at its start, and nothing of it in use. */
  private fail(file: DatasetSource, error: unknown): void {
    const lines = new LineIndex(file.text);
    const reason = error instanceof RangeError ? l10n.t('it is nested too deeply') : error instanceof Error ? error.message : String(error);
    this.states.set(file.name, {
      text: file.text,
      lines,
      root: undefined,
      good: undefined,
      fileProblems: [
        {
          layer: file.name,
          severity: 'error',
          pointer: '',
          message: l10n.t('could not be loaded: {0}', reason),
          start: lines.point(0),
          end: lines.point(Math.min(1, file.text.length)),
        },
      ],
    });
  }

  /** The merged dataset: the bundled data itself while there are no user files and no kinds left out. */
  dataset(): Dataset {
    return this.merged?.dataset ?? this.base();
  }

  /**
   * The problems of one file, placed in its text: its syntax errors when it does not parse,
   * otherwise what loading its entries found.
   *
   * @param name A file name given to `update`.
   * @returns Its problems, in text order.
   */
  problems(name: string): LocatedProblem[] {
    const state = this.states.get(name);
    if (!state) return [];
    if (state.fileProblems.length > 0) return state.fileProblems;
    const own = this.dataset().problems.filter((p) => p.layer === name);
    return own.map((p) => locateProblem(state.text, state.root, state.lines, p)).sort((a, b) => a.start.offset - b.start.offset);
  }

  /** Files that do not parse or are not datasets: they contribute only what they last did. */
  broken(): string[] {
    return this.names.filter((name) => (this.states.get(name)?.fileProblems.length ?? 0) > 0);
  }

  private parse(file: DatasetSource): void {
    const old = this.states.get(file.name);
    if (old && old.text === file.text) return;
    const errors: ParseError[] = [];
    // A BOM (editors on Windows save one) is not JSON: read it as the space it stands for, keeping offsets.
    const json = file.text.charCodeAt(0) === 0xfeff ? ` ${file.text.slice(1)}` : file.text;
    const deep = tooDeep(json, MAX_JSON_DEPTH);
    const root =
      deep < 0 ? parseTree(json, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) : undefined;
    const lines = new LineIndex(file.text);
    const state: FileState = {
      text: file.text,
      lines,
      root,
      fileProblems: [],
      good: old?.good,
      ...(old?.accepted ? { accepted: old.accepted } : {}),
    };
    const problem = (message: string, offset: number, length: number): LocatedProblem => ({
      layer: file.name,
      severity: 'error',
      pointer: '',
      message,
      start: lines.point(offset),
      end: lines.point(Math.min(file.text.length, offset + Math.max(1, length))),
    });
    if (deep >= 0) {
      state.fileProblems = [problem(l10n.t('not a dataset: arrays and objects nested more than {0} levels deep', MAX_JSON_DEPTH), deep, 1)];
    } else if (errors.length > 0) {
      state.fileProblems = errors.map((e) => problem(l10n.t('not valid JSON: {0}', jsonSyntaxMessage(e.error)), e.offset, e.length));
    } else {
      const data: unknown = root ? getNodeValue(root) : undefined;
      if (isDatasetShaped(data)) state.good = data;
      else state.fileProblems = [problem(notADataset(), root?.offset ?? 0, 1)];
    }
    if (state.fileProblems.length > 0 && state.good !== undefined) {
      for (const p of state.fileProblems) p.message += l10n.t('; its last valid entries stay in use');
    }
    this.states.set(file.name, state);
  }

  private load(options: DatasetFileOptions): void {
    const base = this.base();
    const disabledKinds = [...new Set(options.disabledKinds ?? [])].sort();
    const layers: DatasetLayer[] = [];
    for (const name of this.names) {
      const state = this.states.get(name)!;
      if (state.good !== undefined) layers.push({ name, data: state.good, ...(state.accepted ? { lastGood: state.accepted } : {}) });
    }
    if (layers.length === 0 && disabledKinds.length === 0) {
      this.merged = undefined;
      return;
    }
    // Unchanged data (a file saved as it was, a syntax error typed into it) keeps the same dataset, so nothing is analysed again.
    const key = JSON.stringify([disabledKinds, layers.map((l) => [l.name, l.data])]);
    if (this.merged && this.merged.key === key && this.merged.base === base) return;
    const accepted = new Map<string, Map<string, unknown>>();
    const dataset = loadDataset(layers, { base, disabledKinds, accepted });
    for (const [name, entries] of accepted) this.states.get(name)!.accepted = entries;
    this.merged = { key, base, dataset };
  }
}

/**
 * Loads user dataset files onto the bundled data in one go, as the CLI does.
 *
 * @param base The bundled dataset.
 * @param files The files, lowest priority first.
 * @param options Bundled kinds to leave out.
 * @returns The merged dataset and every file's problems, placed in its text.
 */
export function loadDatasetFiles(
  base: Dataset,
  files: readonly DatasetSource[],
  options: DatasetFileOptions = {},
): { dataset: Dataset; problems: LocatedProblem[] } {
  const set = new DatasetFiles(() => base);
  set.update(files, options);
  return { dataset: set.dataset(), problems: files.flatMap((f) => set.problems(f.name)) };
}
