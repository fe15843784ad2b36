import type { Dataset } from '../dataset/load';
import type { RootContent } from 'mdast';
import type { MarkdownLimit } from '../markdown/limits';
import { compileMatcher, type Matcher } from '../match/compile';
import type { Analysis, AnalyzeOptions } from '../types';
import { assemble } from './assemble';
import { analyzeBlock, type BlockInfo } from './block';
import {
  BLANK_LINE,
  definitionsFor,
  failedFrontMatter,
  frontMatterEnd,
  lineStartOf,
  parseRegion,
  scanDefinitions,
  type ParsedRegion,
} from './region';
import { WINDOW_CHARS } from './windows';
import { skippedBlock, tryRegion, type RunRegion } from './budget';

const matchers = new WeakMap<Dataset, Matcher>();

/**
 * The compiled matcher of a dataset, built on first use and kept as long as the dataset lives.
 *
 * @param dataset A loaded dataset.
 * @returns Its matcher.
 */
export function matcherFor(dataset: Dataset): Matcher {
  let m = matchers.get(dataset);
  if (!m) {
    m = compileMatcher(dataset);
    matchers.set(dataset, m);
  }
  return m;
}

/**
 * Hands over a matcher built elsewhere (a pre-indexed dataset carries its own), so that
 * `matcherFor` does not compile it again.
 *
 * @param dataset A loaded dataset.
 * @param matcher Its matcher, identical to `compileMatcher(dataset)`.
 */
export function rememberMatcher(dataset: Dataset, matcher: Matcher): void {
  matchers.set(dataset, matcher);
}

/** Documents longer than twice this are parsed in regions of about this many characters. */
export const CHUNK_CHARS = 64_000;

/**
 * Parses a whole document once and analyses each top-level block. A long document is parsed in
 * regions of about `chunkChars` characters that end after a blank line, as the incremental
 * analyzer parses around an edit: parsing is line by line, so every top-level node of a region
 * except the last is final, and the next region starts at the line of the last node that follows a
 * blank line. Link and footnote definitions count wherever they are (a draft's footnotes usually
 * sit at its end), so the document is first scanned for the definitions it may make
 * (`scanDefinitions`), and each region is parsed once, with those it may use appended. The
 * definitions the parse found are then checked against the scan: a region whose appended
 * definitions were wrong (a line in a code block that looked like one) is parsed again. remark's
 * cost per character grows with the size of the tree it builds, so regions keep a 10 MB draft as
 * fast per MB as a 100 KB one, and the result is the same as parsing the text whole (a property
 * test holds it to that).
 *
 * With `runRegion`, every document is cut so (a short one is then one region), and each region's
 * parse and match runs through it. A region it stops (`RegionOverBudget`) is cut again, blank line by
 * blank line, to find the block that ran over: that block is left out (a `skippedBlock` with a
 * warning), the rest is analysed. So a pathological block costs its document two budgets at most,
 * not its analysis; with no region stopped the result is the same as without `runRegion`.
 *
 * @param text The document.
 * @param dataset The dataset.
 * @param chunkChars The size of a region (tests use small ones).
 * @param detect Run the detector of names the catalogue lacks (see `analyzeBlock`).
 * @param windowChars The size of a window within a long region (see `parseRegion`; tests use small ones).
 * @param runRegion Runs each region's work under the caller's time budget (see `RunRegion`).
 * @returns The blocks, in order, at their offsets in `text`.
 */
export function analyzeAllBlocks(
  text: string,
  dataset: Dataset,
  chunkChars = CHUNK_CHARS,
  detect = true,
  windowChars = WINDOW_CHARS,
  runRegion?: RunRegion,
): BlockInfo[] {
  const matcher = matcherFor(dataset);
  const cut = (text.length > 2 * chunkChars || runRegion !== undefined) && !failedFrontMatter(text) && text.indexOf('\uFEFF', 1) < 0;
  const candidates = cut ? scanDefinitions(text) : [];
  const spans = cut ? splitIntoRegions(text, chunkChars, candidates, windowChars, runRegion) : undefined;
  if (!spans) {
    const whole = tryRegion(runRegion, () => {
      const { nodes, source, base, limits } = parseRegion(text, 0, text.length, '', windowChars);
      const owners = limitOwners(nodes, limits);
      return nodes.map((node, k) => analyzeBlock(node, source, base, matcher, dataset, owners[k], detect));
    });
    return 'value' in whole ? whole.value : [skippedBlock(text, 0, text.length, whole.over)];
  }
  const analyse = (r: ParsedRegion, nodes: readonly RootContent[]): BlockInfo[] => {
    const owners = limitOwners(nodes, r.limits);
    return nodes.map((node, k) => analyzeBlock(node, r.source, r.base, matcher, dataset, owners[k], detect));
  };
  /** A region's blocks from `work`, or its stand-in when the work was stopped. */
  const within = (r: Region, work: () => BlockInfo[]): BlockInfo[] => {
    const done = tryRegion(runRegion, work);
    return 'value' in done ? done.value : [skippedBlock(text, r.start, r.end, done.over)];
  };
  const analysed = spans.map((r) => ('skipped' in r ? [r.skipped] : within(r, () => analyse(r, r.nodes))));
  const found = analysed.flatMap((blocks) => blocks.flatMap((b) => b.definitions));
  return analysed.flatMap((first, k) => {
    const r = spans[k]!;
    if ('skipped' in r || first[0]?.type === 'skipped') return first;
    const regionText = text.slice(r.start, r.end);
    const suffix = definitionsFor(regionText, found);
    return within(r, () => {
      let parsed: ParsedRegion = r;
      let blocks = first;
      if (suffix !== definitionsFor(regionText, r.appended)) {
        // The scan was wrong about a definition this region uses: parse it again with the right ones.
        // Definitions only change inline content: the same blocks come out.
        parsed = parseRegion(text, r.start, r.end, suffix, windowChars);
        blocks = analyse(parsed, parsed.nodes.slice(0, r.nodes.length));
      }
      const last = blocks.length - 1;
      if (last >= 0 && parsed.nodes[last]!.position!.end.offset! > parsed.limit) {
        // A node still open at the region's end (an unclosed fence or HTML block) runs on into the
        // appended definitions; in the whole text it ends with the text, as it does parsed alone.
        const alone = parseRegion(text, r.start, r.end, '', windowChars);
        const owners = limitOwners(alone.nodes, alone.limits);
        blocks[last] = analyzeBlock(alone.nodes[last]!, alone.source, alone.base, matcher, dataset, owners[last], detect);
      }
      return blocks;
    });
  });
}

/**
 * Which top-level node reports each limit reached while parsing: the node it lies in, or else the
 * next one (the last node for one after every node).
 *
 * @param nodes Top-level nodes, in order.
 * @param limits Limits, offsets as in the nodes.
 * @returns Per node, its limits (undefined when none).
 */
export function limitOwners(nodes: readonly RootContent[], limits: readonly MarkdownLimit[]): Array<MarkdownLimit[] | undefined> {
  const out: Array<MarkdownLimit[] | undefined> = [];
  if (nodes.length === 0) return out;
  for (const l of limits) {
    let k = nodes.findIndex((node) => node.position!.end.offset! > l.offset);
    if (k < 0) k = nodes.length - 1;
    (out[k] ??= []).push(l);
  }
  return out;
}

const FENCE_LINE = /^[ \t]*(?:---|\+\+\+)/;

interface Region extends ParsedRegion {
  start: number;
  end: number;
  /** The scanned definitions appended to the region's text (those its text, up to the end of its parse, may use). */
  appended: readonly string[];
}

/**
 * Cuts a long document into regions whose top-level nodes are those of the whole, or undefined if
 * it cannot. Each region is parsed with the `candidates` definitions its text may use appended.
 * A parse that `run` stops is tried again on less: from the same start, one blank-line piece at a
 * time, up to where the stopped region ended; the piece whose parse is stopped again is left out
 * (`{ skipped }`), and what parsed before it is kept whole (its last node cannot be checked
 * against what follows, which is not parsed).
 */
function splitIntoRegions(
  text: string,
  chunkChars: number,
  candidates: readonly string[],
  windowChars: number,
  run: RunRegion | undefined,
): Array<Region | { skipped: BlockInfo }> | undefined {
  const regions: Array<Region | { skipped: BlockInfo }> = [];
  const matterEnd = frontMatterEnd(text);
  /** The end of the first blank line at or after `from`; the first region holds the front matter whole. */
  const endFrom = (start: number, from: number): number => regionEnd(text, Math.max(from, start === 0 ? matterEnd : 0));
  let start = 0;
  /** Regions starting before this grow piece by piece: a region up to here ran past its budget. */
  let fineUntil = -1;
  while (start < text.length) {
    let size = chunkChars;
    let end = endFrom(start, start < fineUntil ? start : start + size);
    /** In a region that grows piece by piece, the last one parsed that gave no node known to be final. */
    let good: Region | undefined;
    for (;;) {
      const suffix = candidates.length ? definitionsFor(text.slice(start, end), candidates) : '';
      const attempt = tryRegion(run, () => parseRegion(text, start, end, suffix, windowChars));
      if ('over' in attempt) {
        const piece = endFrom(start, start);
        if (start >= fineUntil && piece < end) {
          fineUntil = end;
          end = piece;
          continue;
        }
        let from = start;
        if (good) {
          regions.push(good);
          from = good.end;
        }
        regions.push({ skipped: skippedBlock(text, from, end, attempt.over) });
        start = contentStart(text, end);
        break;
      }
      const parsed = attempt.value;
      const appended = suffix ? candidates : [];
      const at = (k: number, which: 'start' | 'end'): number => parsed.nodes[k]!.position![which].offset! + parsed.base;
      if (start > 0 && parsed.nodes.length > 0 && lineStartOf(text, at(0, 'start')) !== start) return undefined;
      if (end === text.length) {
        regions.push({ ...parsed, start, end, appended });
        return regions;
      }
      // The last node may go on past the region; keep the nodes before the last blank-line boundary.
      let keep = parsed.nodes.length - 1;
      // A region must not start with a `---` or `+++` line: alone, it would open front matter.
      while (
        keep > 0 &&
        (!BLANK_LINE.test(text.slice(at(keep - 1, 'end'), at(keep, 'start'))) ||
          FENCE_LINE.test(text.slice(lineStartOf(text, at(keep, 'start')), at(keep, 'start') + 4)))
      )
        keep--;
      if (keep === 0) {
        if (start < fineUntil) {
          good = { ...parsed, start, end, appended };
          end = endFrom(start, end);
        } else {
          size *= 2;
          end = endFrom(start, start + size);
        }
        continue;
      }
      const next = lineStartOf(text, at(keep, 'start'));
      const limits = parsed.limits.filter((l) => l.offset + parsed.base < next);
      regions.push({ ...parsed, nodes: parsed.nodes.slice(0, keep), limits, start, end: next, appended });
      start = next;
      break;
    }
  }
  return regions;
}

/** The start of the first line after `from` that is not blank, or the end of the text. */
function contentStart(text: string, from: number): number {
  const m = /[^\s]/g;
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? lineStartOf(text, found.index) : text.length;
}

/** The end of the first blank line at or after `from`, or the end of the text. */
function regionEnd(text: string, from: number): number {
  if (from >= text.length) return text.length;
  const m = new RegExp(BLANK_LINE.source, 'g');
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? found.index + found[0].length : text.length;
}

/**
 * Analyses a Markdown draft: every reference to an agreement, pillar or country in the prose a
 * reader sees, with exact source ranges; an index by entry; and diagnostics. The text is parsed
 * once; every consumer shares the result. For a document that changes, `IncrementalAnalyzer`
 * gives the same result without parsing it all again.
 *
 * Names of engagements the dataset lacks are found in the same pass and reported apart, in
 * `uncatalogued` (see `UncataloguedReference`), unless `options.uncatalogued` is false.
 *
 * @param text The document, exactly as stored.
 * @param dataset A dataset from `loadDataset` or `loadBundledDataset`.
 * @param options Analysis options (`uncatalogued: false` switches the detector of uncatalogued names off).
 * @returns The analysis.
 */
export function analyze(text: string, dataset: Dataset, options?: AnalyzeOptions): Analysis {
  return assemble(
    analyzeAllBlocks(text, dataset, undefined, options?.uncatalogued !== false, undefined, options?.runRegion),
    text,
    dataset,
    options,
  );
}
