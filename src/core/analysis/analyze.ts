import type { Dataset } from '../dataset/load';
import { parseMarkdown } from '../markdown/parse';
import { compileMatcher, type Matcher } from '../match/compile';
import type { Analysis } from '../types';
import { assemble } from './assemble';
import { analyzeBlock, type BlockInfo } from './block';

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

/**
 * Parses a whole document once and analyses each top-level block.
 *
 * @param text The document.
 * @param dataset The dataset.
 * @returns The blocks, in order, at their offsets in `text`.
 */
export function analyzeAllBlocks(text: string, dataset: Dataset): BlockInfo[] {
  const matcher = matcherFor(dataset);
  const { tree, offsetShift } = parseMarkdown(text);
  const source = offsetShift ? text.slice(offsetShift) : text;
  return tree.children.map((node) => analyzeBlock(node, source, offsetShift, matcher, dataset));
}

/**
 * Analyses a Markdown draft: every reference to an agreement, pillar or country in the prose a
 * reader sees, with exact source ranges; an index by entry; and diagnostics. The text is parsed
 * once; every consumer shares the result. For a document that changes, `IncrementalAnalyzer`
 * gives the same result without parsing it all again.
 *
 * @param text The document, exactly as stored.
 * @param dataset A dataset from `loadDataset` or `loadBundledDataset`.
 * @returns The analysis.
 */
export function analyze(text: string, dataset: Dataset): Analysis {
  return assemble(analyzeAllBlocks(text, dataset), text, dataset);
}
