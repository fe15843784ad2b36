import { rememberMatcher } from '../analysis/analyze';
import { compileMatcher, type Matcher, type Pattern, type TrieNode } from '../match/compile';
import type { Entry } from '../types';
import type { Dataset, DatasetProblem } from './load';

/**
 * A dataset already validated, merged and indexed, as JSON: what the build writes to
 * `dist/dataset.json` so that the editor loads the bundled data with one `JSON.parse`, without
 * converting world-countries, without compiling the JSON Schema and without compiling the matcher.
 */
export interface PrebuiltDataset {
  format: 1;
  entries: Entry[];
  stopPhrases: string[];
  problems: DatasetProblem[];
  matcher: {
    /** Each pattern as `[ids, modes, raws, flags]`; flags: 1 stop, 2 demonym, 4 contextual, 8 short. */
    patterns: Array<[ids: string[], modes: number[], raws: string[], flags: number]>;
    /** The trie, root first: each node's child keys, the indexes of those children, the indexes of its patterns. */
    nodes: Array<[keys: string[], children: number[], patterns: number[]]>;
    /** Contextual pillar id → its cue keys. */
    cueKeys: Array<[string, string[]]>;
  };
}

/**
 * Turns a loaded dataset into its pre-indexed JSON form.
 *
 * @param dataset A dataset from `loadDataset` or `loadBundledDataset`.
 * @returns Plain JSON data; `datasetFromPrebuilt` turns it back into an equal dataset.
 */
export function prebuildDataset(dataset: Dataset): PrebuiltDataset {
  const matcher = compileMatcher(dataset);
  const patterns: Pattern[] = [];
  const patternIndex = new Map<Pattern, number>();
  const nodes: PrebuiltDataset['matcher']['nodes'] = [];
  // Breadth first, so every node is numbered before its children are written.
  const order: TrieNode[] = [matcher.root];
  const nodeIndex = new Map<TrieNode, number>([[matcher.root, 0]]);
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!;
    const keys: string[] = [];
    const children: number[] = [];
    for (const [key, child] of node.next) {
      nodeIndex.set(child, order.length);
      order.push(child);
      keys.push(key);
      children.push(nodeIndex.get(child)!);
    }
    const own = node.patterns.map((p) => {
      let i = patternIndex.get(p);
      if (i === undefined) {
        i = patterns.length;
        patternIndex.set(p, i);
        patterns.push(p);
      }
      return i;
    });
    nodes.push([keys, children, own]);
  }
  return {
    format: 1,
    entries: [...dataset.entries.values()],
    stopPhrases: dataset.stopPhrases,
    problems: dataset.problems,
    matcher: {
      patterns: patterns.map((p) => [
        p.ids,
        p.modes,
        p.raws,
        (p.stop ? 1 : 0) | (p.demonym ? 2 : 0) | (p.contextual ? 4 : 0) | (p.short ? 8 : 0),
      ]),
      nodes,
      cueKeys: [...matcher.cueKeys].map(([id, keys]) => [id, [...keys]]),
    },
  };
}

/**
 * The dataset of a pre-indexed JSON, with its matcher ready. Nothing is validated: the data was
 * validated when it was built (user datasets always go through `loadDataset`).
 *
 * @param prebuilt What `prebuildDataset` returned, possibly through JSON.
 * @returns A dataset equal to the one it was built from.
 */
export function datasetFromPrebuilt(prebuilt: PrebuiltDataset): Dataset {
  if (prebuilt.format !== 1) throw new Error(`unsupported pre-built dataset format ${String(prebuilt.format)}`);
  const entries = new Map<string, Entry>();
  for (const e of prebuilt.entries) entries.set(e.id, e);
  const dataset: Dataset = { entries, stopPhrases: prebuilt.stopPhrases, problems: prebuilt.problems };
  // Plain loops: this runs once, cold, on the editor's first use of the dataset.
  const raw = prebuilt.matcher;
  const patterns: Pattern[] = new Array(raw.patterns.length);
  for (let i = 0; i < raw.patterns.length; i++) {
    const [ids, modes, raws, flags] = raw.patterns[i]!;
    patterns[i] = {
      ids,
      length: modes.length,
      modes,
      raws,
      stop: (flags & 1) !== 0,
      demonym: (flags & 2) !== 0,
      contextual: (flags & 4) !== 0,
      short: (flags & 8) !== 0,
    };
  }
  const nodes: TrieNode[] = new Array(raw.nodes.length);
  for (let k = 0; k < raw.nodes.length; k++) {
    const own = raw.nodes[k]![2];
    const list: Pattern[] = new Array(own.length);
    for (let i = 0; i < own.length; i++) list[i] = patterns[own[i]!]!;
    nodes[k] = { next: new Map(), patterns: list };
  }
  for (let k = 0; k < raw.nodes.length; k++) {
    const [keys, children] = raw.nodes[k]!;
    const next = nodes[k]!.next;
    for (let i = 0; i < keys.length; i++) next.set(keys[i]!, nodes[children[i]!]!);
  }
  const cueKeys = new Map<string, Set<string>>();
  for (const [id, keys] of raw.cueKeys) cueKeys.set(id, new Set(keys));
  const matcher: Matcher = { root: nodes[0]!, entries, cueKeys };
  rememberMatcher(dataset, matcher);
  return dataset;
}
