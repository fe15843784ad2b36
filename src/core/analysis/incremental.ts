import type { Dataset } from '../dataset/load';
import type { Analysis, AnalyzeOptions } from '../types';
import { analyzeAllBlocks, limitOwners, matcherFor } from './analyze';
import { assemble, AssemblyMemo } from './assemble';
import { RegionOverBudget, skippedBlock, tryRegion } from './budget';
import { analyzeBlock, lineStartsBetween, type BlockInfo } from './block';
import {
  BLANK_LINE,
  definitionsFrom,
  failedFrontMatter,
  frontMatterEnd,
  indexDefinitions,
  lineStartOf,
  parseRegion,
  type DefinitionIndex,
} from './region';
import { WindowTrees, withWindowTrees } from './windows';

/** What the last update did, for benchmarks and the status bar. */
export interface UpdateStats {
  /** Whether the whole document was parsed. */
  full: boolean;
  /** How many characters were parsed. */
  parsedChars: number;
  /** How many top-level blocks were analysed again. */
  blocks: number;
  /** How many of the parsed characters were not parsed again: windows of a long paragraph that the edit left as they were. */
  reusedChars?: number;
  /** How many blocks the assembly went through (the rest, before the edit, it took as they were). */
  assembledBlocks?: number;
}

/**
 * What an analyzer knows of its document beside the text: the analysed top-level blocks. Plain
 * data, so that it can be structured-cloned to another thread and continued there.
 */
export interface AnalyzerState {
  blocks: BlockInfo[];
}

/** The first index whose block ends at or after `offset` (blocks are sorted and disjoint). */
function firstEndingAtOrAfter(blocks: readonly BlockInfo[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last index whose block starts at or before `offset`, or -1. */
function lastStartingAtOrBefore(blocks: readonly BlockInfo[], offset: number): number {
  let lo = -1;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The length of the longest common prefix. Equal chunks are compared as strings (a native
 * comparison, about ten times faster over a 1 MB draft than a character loop), shrinking the chunk
 * around the first difference.
 */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let p = 0;
  for (let step = 4096; p < max;) {
    const n = Math.min(step, max - p);
    if (a.slice(p, p + n) === b.slice(p, p + n)) p += n;
    else if (n <= 16) break;
    else step = n >> 2;
  }
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** The length of the longest common suffix, at most `limit` (so that it does not overlap the common prefix). */
function commonSuffix(a: string, b: string, limit: number): number {
  let s = 0;
  for (let step = 4096; s < limit;) {
    const n = Math.min(step, limit - s);
    if (a.slice(a.length - s - n, a.length - s) === b.slice(b.length - s - n, b.length - s)) s += n;
    else if (n <= 16) break;
    else step = n >> 2;
  }
  while (s < limit && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/** How many line endings (CRLF counted once) lie in `text` between two offsets. */
function lineBreaks(text: string, from: number, to: number): number {
  return lineStartsBetween(text, Math.max(0, from - 1), to).length;
}

/** `list.splice(start, count, ...items)`, for any number of items (spread arguments have a limit). */
function replaceRange<T>(list: T[], start: number, count: number, items: readonly T[]): void {
  if (items.length < 10_000) {
    list.splice(start, count, ...items);
    return;
  }
  const rest = list.slice(start + count);
  list.length = start;
  for (const item of items) list.push(item);
  for (const item of rest) list.push(item);
}

/** Block types that can continue past a blank line into the next top-level block. */
const ABSORBING = new Set(['list', 'footnoteDefinition']);

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, k) => v === y[k]);
}

/**
 * Keeps the analysis of one document up to date as it is edited. Markdown's top-level blocks are
 * independent once their boundaries are known, so an edit re-parses only the blocks around it,
 * plus one block on each side. The block after that span is parsed too, as a probe: if it comes
 * out exactly as before, every later block is unchanged and is only shifted; if not (a fence
 * opened, a list swallowed what followed), the span grows and is parsed again. Link and footnote
 * definitions elsewhere in the document are appended to the span so references parse as they do
 * in the whole; an edit that adds or removes a definition falls back to a full parse. The result
 * is always the same as `analyze` on the whole text: a property test holds it to that.
 */
export class IncrementalAnalyzer {
  private text = '';
  private blocks: BlockInfo[] = [];
  private result: Analysis | undefined;
  private last: UpdateStats = { full: true, parsedChars: 0, blocks: 0 };
  /** The trees of a long paragraph's windows, for the next edit (not part of the state: a cache). */
  private readonly windows = new WindowTrees();
  /** What the last assembly leaves for the next: an edit's blocks before it are not gone through again (a cache too). */
  private readonly assembly = new AssemblyMemo();
  /**
   * The document's definitions, indexed, while they stay the same. A region is given all of them,
   * its own included: one appended again after itself changes nothing, and an edit that adds or
   * removes one is found below and analysed from scratch.
   */
  private definitions: DefinitionIndex | undefined;

  /**
   * @param dataset The dataset.
   * @param options Analysis options, as for `analyze`.
   */
  constructor(
    private readonly dataset: Dataset,
    private readonly options: AnalyzeOptions = {},
  ) {}

  /**
   * An analyzer that continues from another's state, as if it had analysed `text` itself: the
   * analysis worker hands a document over to the editor's thread this way.
   *
   * @param dataset The dataset the state was built with.
   * @param text The text the state is of.
   * @param state What `state()` returned, possibly through a structured clone.
   * @param analysis The analysis of `text`, when known; otherwise it is assembled from the state.
   * @param options Analysis options, as for `analyze`.
   * @returns The analyzer.
   */
  static fromState(
    dataset: Dataset,
    text: string,
    state: AnalyzerState,
    analysis?: Analysis,
    options?: AnalyzeOptions,
  ): IncrementalAnalyzer {
    const analyzer = new IncrementalAnalyzer(dataset, options);
    analyzer.text = text;
    analyzer.blocks = state.blocks;
    analyzer.result = analysis ?? assemble(state.blocks, text, dataset, options, analyzer.assembly);
    analyzer.last = { full: false, parsedChars: 0, blocks: 0 };
    return analyzer;
  }

  /** The current state, for `fromState`. Later updates change it: clone it (as postMessage does) before any. */
  state(): AnalyzerState {
    return { blocks: this.blocks };
  }

  /** The analysis of the current text. */
  get analysis(): Analysis {
    return (this.result ??= this.reset(this.text));
  }

  /** What the last `reset` or `update` did. */
  get stats(): UpdateStats {
    return this.last;
  }

  /**
   * Analyses a text from scratch.
   *
   * @param text The whole document.
   * @returns Its analysis.
   */
  reset(text: string): Analysis {
    const analysis = withWindowTrees(this.windows, () => this.resetNow(text));
    this.last.reusedChars = this.windows.reusedChars;
    return analysis;
  }

  private resetNow(text: string): Analysis {
    this.text = text;
    this.definitions = undefined;
    this.blocks = analyzeAllBlocks(text, this.dataset, undefined, this.options.uncatalogued !== false, undefined, this.options.runRegion);
    this.last = { full: true, parsedChars: text.length, blocks: this.blocks.length };
    return (this.result = assemble(this.blocks, text, this.dataset, this.options, this.assembly));
  }

  /**
   * Analyses a new version of the document, re-parsing only what the change can affect. The change
   * is found by comparing with the previous version, so any number of edits may have happened.
   *
   * @param text The whole new document.
   * @returns Its analysis, identical to `analyze(text, dataset)`.
   */
  update(text: string): Analysis {
    return this.tryUpdate(text, Infinity)!;
  }

  /**
   * Like `update`, within a budget: when bringing the analysis up to date would parse more than
   * `maxParseChars` characters in all (a code fence opened near the top, a first analysis, a
   * document grown by a paste), it gives up and leaves the analyzer exactly as it was, so that the
   * caller can have the work done elsewhere. The editor uses it to keep cheap updates on its own
   * thread and send the rest to a worker.
   *
   * @param text The whole new document.
   * @param maxParseChars The most characters this update may parse.
   * @returns Its analysis, identical to `analyze(text, dataset)`, or undefined over budget.
   */
  tryUpdate(text: string, maxParseChars: number): Analysis | undefined {
    const analysis = withWindowTrees(this.windows, () => this.updateNow(text, maxParseChars));
    if (analysis) this.last.reusedChars = this.windows.reusedChars;
    return analysis;
  }

  private updateNow(text: string, maxParseChars: number): Analysis | undefined {
    const resetWithin = (): Analysis | undefined => (text.length <= maxParseChars ? this.resetNow(text) : undefined);
    if (this.result === undefined || this.blocks.length === 0) return resetWithin();
    const old = this.text;
    if (old === text) return this.result;
    if (failedFrontMatter(old) || failedFrontMatter(text)) return resetWithin();
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    const changeEndOld = old.length - suffix;
    const delta = text.length - old.length;

    const n = this.blocks.length;
    const first = firstEndingAtOrAfter(this.blocks, prefix);
    const last = lastStartingAtOrBefore(this.blocks, changeEndOld);
    let lo = Math.max(0, Math.min(first, last, n - 1));
    let hi = Math.min(n - 1, Math.max(first, last));
    // The block before joins the span when the edit reaches the gap before the span (a blank line
    // removed, an indent added) or when it can take in what follows a blank line: a list (a marker
    // edited to match its own) or a footnote definition (indented continuation). The block after
    // is the probe below.
    if (lo > 0 && (prefix <= this.blocks[lo]!.start || ABSORBING.has(this.blocks[lo - 1]!.type))) lo--;
    const matterEnd = frontMatterEnd(text);
    let parsed = 0;

    for (;;) {
      // Front matter is the one construct whose extent is decided far from its start.
      if (lo === 0) while (matterEnd > 0 && hi < n - 1 && this.blocks[hi]!.end + delta < matterEnd) hi++;
      // Only a blank line is a stable boundary: blocks that touch (a definition and the text after
      // it, a heading and its paragraph) can be one construct to the parser.
      while (lo > 0 && !BLANK_LINE.test(old.slice(this.blocks[lo - 1]!.end, this.blocks[lo]!.start))) lo--;
      while (hi + 2 < n && !BLANK_LINE.test(old.slice(this.blocks[hi + 1]!.end, this.blocks[hi + 2]!.start))) hi++;
      const probe = hi + 1 < n ? hi + 1 : undefined;
      // From the start of the block's line: its indentation decides what a list item takes in.
      const regionStart = lo === 0 ? 0 : lineStartOf(text, this.blocks[lo]!.start);
      // A block skipped over its time budget is not parsed again as the probe (that would cost the
      // budget on every edit before it): the span ends before it, and it stays as it is if the span's
      // last block still ends before it, a blank line between, and it does not start indented.
      const skippedProbe = probe !== undefined && this.blocks[probe]!.type === 'skipped' ? this.blocks[probe] : undefined;
      const kept = skippedProbe ? probe! : probe === undefined ? n : probe + 1;
      const regionEnd = (probe === undefined ? old.length : skippedProbe ? skippedProbe.start : this.blocks[probe]!.end) + delta;
      const replaced = this.blocks.slice(lo, kept);
      if (parsed + regionEnd - regionStart > maxParseChars) return undefined;
      parsed += regionEnd - regionStart;
      const regionText = text.slice(regionStart, regionEnd);
      const definitions = (this.definitions ??= indexDefinitions(this.blocks.flatMap((b) => b.definitions)));
      const attempt = tryRegion(this.options.runRegion, () =>
        parseRegion(text, regionStart, regionEnd, definitionsFrom(regionText, definitions)),
      );
      // A span that runs past its budget (an edit next to a block that was skipped, or one that made
      // a block pathological): the whole analysis, region by region, finds what to leave out.
      if ('over' in attempt) return parsed + text.length <= maxParseChars ? this.resetNow(text) : undefined;
      const { nodes, source, base, limit, limits } = attempt.value;
      const at = (node: (typeof nodes)[number], which: 'start' | 'end'): number => node.position![which].offset! + base;

      const swallowed = nodes.some((node) => node.position!.end.offset! > limit);
      const startMoved = lo > 0 && (nodes.length === 0 || at(nodes[0]!, 'start') !== this.blocks[lo]!.start);
      const probeBlock = probe === undefined ? undefined : this.blocks[probe]!;
      const lastNode = nodes[nodes.length - 1];
      const probeMoved = skippedProbe
        ? lastNode === undefined || !BLANK_LINE.test(text.slice(at(lastNode, 'end'), regionEnd)) || /[ \t]/.test(text.charAt(regionEnd))
        : probeBlock !== undefined &&
          (lastNode === undefined ||
            lastNode.type !== probeBlock.type ||
            at(lastNode, 'start') !== probeBlock.start + delta ||
            at(lastNode, 'end') !== probeBlock.end + delta);
      if (swallowed || startMoved || probeMoved) {
        const canGrowUp = probe !== undefined;
        if (lo === 0 && !canGrowUp) return parsed + text.length <= maxParseChars ? this.resetNow(text) : undefined;
        const width = hi - lo + 1;
        if (startMoved || !canGrowUp) lo = Math.max(0, lo - width);
        if ((swallowed || probeMoved) && canGrowUp) hi = Math.min(n - 1, hi + width);
        continue;
      }

      const matcher = matcherFor(this.dataset);
      const owners = limitOwners(nodes, limits);
      const analysed = tryRegion(this.options.runRegion, () =>
        nodes.map((node, k) => analyzeBlock(node, source, base, matcher, this.dataset, owners[k], this.options.uncatalogued !== false)),
      );
      if ('over' in analysed) return parsed + text.length <= maxParseChars ? this.resetNow(text) : undefined;
      const fresh = analysed.value;
      if (
        !sameMultiset(
          replaced.flatMap((b) => b.definitions),
          fresh.flatMap((b) => b.definitions),
        )
      ) {
        return parsed + text.length <= maxParseChars ? this.resetNow(text) : undefined;
      }
      const blocks = this.blocks;
      for (let b = kept; b < n; b++) {
        blocks[b]!.start += delta;
        blocks[b]!.end += delta;
      }
      // A skipped block's warning names its lines: made again when an edit before it changed how many lines there are.
      if (lineBreaks(old, prefix, changeEndOld) !== lineBreaks(text, prefix, changeEndOld + delta))
        for (let b = kept; b < n; b++) {
          const block = blocks[b]!;
          if (block.type === 'skipped') blocks[b] = skippedBlock(text, block.start, block.end, new RegionOverBudget(block.budgetMs ?? 0));
        }
      // In place: `state()` says later updates change what it returned.
      replaceRange(blocks, lo, kept - lo, fresh);
      this.text = text;
      this.last = { full: false, parsedChars: parsed, blocks: fresh.length };
      this.result = assemble(this.blocks, text, this.dataset, this.options, this.assembly, lo);
      this.last.assembledBlocks = this.assembly.visited;
      return this.result;
    }
  }
}
