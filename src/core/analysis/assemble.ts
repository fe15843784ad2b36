import * as l10n from '@vscode/l10n';
import type { Dataset } from '../dataset/load';
import { entryYear } from '../dataset/load';
import type { AgreementEntry, Analysis, AnalyzeOptions, Diagnostic, Entry, Point, Reference, UncataloguedReference } from '../types';
import { siblingPillarCount } from '../match/pillars';
import { lineAt } from '../text/lines';
import { lineStartsBetween, type BlockInfo, type MatchInfo, type SegmentInfo } from './block';

interface Context {
  years: Set<number>;
  ids: Set<string>;
}

const emptyContext = (): Context => ({ years: new Set(), ids: new Set() });

function addTo(ctx: Context, other: Context): void {
  for (const y of other.years) ctx.years.add(y);
  for (const id of other.ids) ctx.ids.add(id);
}

/** What distinguishes one candidate from the others: its year, host and parties, or for a pillar its policy. */
function cluesOf(entry: Entry, shared: Set<string>): { years: number[]; ids: string[] } {
  if (entry.kind === 'pillar') return { years: [], ids: [entry.policy] };
  if (entry.kind === 'agreement') {
    const a = entry;
    const year = entryYear(a);
    const ids = [...(a.host ? [a.host] : []), ...a.parties, ...(a.policies ?? [])].filter((id) => !shared.has(id));
    return { years: year === undefined ? [] : [year], ids };
  }
  return { years: [], ids: [] };
}

/**
 * Narrows an ambiguous name by the years and names around it: sentence first, then table row or
 * block, then section. Also says which level decided (-1: none did, every level was looked at).
 */
function disambiguate(ids: readonly string[], levels: Context[], entries: Map<string, Entry>): { ids: readonly string[]; level: number } {
  const all = ids.map((id) => entries.get(id)!);
  const counts = new Map<string, number>();
  for (const e of all) {
    const clues = cluesOf(e, new Set());
    for (const id of new Set(clues.ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const shared = new Set([...counts].filter(([, n]) => n === all.length).map(([id]) => id));
  for (const [level, ctx] of levels.entries()) {
    const scores = all.map((e) => {
      const clues = cluesOf(e, shared);
      // A place or partner named in context outweighs a year: "the 2021 G7 meeting in Germany" is the
      // meeting in Germany with a wrong year (a check reports it), not the 2021 meeting elsewhere.
      return clues.years.filter((y) => ctx.years.has(y)).length + 2 * clues.ids.filter((id) => ctx.ids.has(id)).length;
    });
    const best = Math.max(...scores);
    if (best > 0) return { ids: ids.filter((_, k) => scores[k] === best), level };
  }
  return { ids, level: -1 };
}

/** A written name with only style removed: markup, escapes, spacing, quote and dash shapes, a possessive, a leading "the". */
function writtenForm(text: string): string {
  return text
    .replace(/[*_`\\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/'s?$/, '')
    .replace(/^the /i, '')
    .trim();
}

/** Compared without case: datasets list aliases in whatever case, and a case slip is not a naming problem. */
function formKey(text: string): string {
  return writtenForm(text).toLowerCase();
}

/** Beyond this many items a memo starts afresh: the same few names recur, and a long session must not grow it without bound. */
const MEMO_LIMIT = 50_000;

/** Remembers `value` under `key` in a memo bounded by `MEMO_LIMIT`, and returns it. */
function memo<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

const formsCache = new WeakMap<Dataset, Map<string, Set<string>>>();

const verdicts = new WeakMap<Dataset, Map<string, boolean>>();

/** Whether a reference's text is one of its entry's recognised written forms (label or alias, or one with the abbreviation the text defines for it: "Name (ABBR)"). */
function isRecognisedForm(text: string, entry: Entry, dataset: Dataset): boolean {
  // The same few names recur thousands of times in a long report: decide each once.
  let known = verdicts.get(dataset);
  if (!known) verdicts.set(dataset, (known = new Map()));
  const key = `${entry.id}\u0000${text}`;
  let verdict = known.get(key);
  if (verdict === undefined) {
    verdict = memo(known, key, recognised(text, entry, dataset));
  }
  return verdict;
}

function recognised(text: string, entry: Entry, dataset: Dataset): boolean {
  let cache = formsCache.get(dataset);
  if (!cache) formsCache.set(dataset, (cache = new Map()));
  let forms = cache.get(entry.id);
  if (!forms) {
    const short = entry.kind === 'pillar' ? (entry.shortAliases ?? []) : [];
    cache.set(entry.id, (forms = new Set([entry.label, ...entry.aliases, ...short].map(formKey))));
  }
  const form = formKey(text);
  if (forms.has(form)) return true;
  const abbr = /^(.*?) ?\((.*)\)$/.exec(form);
  // Only an abbreviation made of the name's initials is joined to it (match/abbreviation.ts): any such is a fair form.
  return !!abbr && forms.has(abbr[1]!);
}

function sourceNote(entry: Entry): string {
  const s = entry.sources[0];
  return s ? l10n.t(' (source: {0})', s.url ? `${s.title}, ${s.url}` : s.title) : '';
}

/** Facts written next to a reference that contradict the dataset: a wrong year, a host or partner that is not a party. */
function factChecks(
  m: MatchInfo,
  seg: SegmentInfo,
  entry: AgreementEntry,
  dataset: Dataset,
  point: (relative: number) => RelPoint,
): Placed<Diagnostic>[] {
  const out: Placed<Diagnostic>[] = [];
  const year = entryYear(entry);
  if (year !== undefined && m.year && Number(m.year.raw) !== year) {
    out.push({
      code: 'inconsistent-year',
      severity: 'warning',
      message: l10n.t('The dataset dates "{0}" to {1}, not {2}{3}.', entry.label, entry.date ?? year, m.year.raw, sourceNote(entry)),
      s: point(m.year.start),
      e: point(m.year.end),
      entries: [entry.id],
    });
  }
  const place = m.place ? seg.matches[m.place.index] : undefined;
  if (m.place && place) {
    const placeId = place.ids[0]!;
    const named = dataset.entries.get(placeId)!;
    const label = (id: string): string => dataset.entries.get(id)?.label ?? id;
    if (m.place.role === 'host' && entry.host && placeId !== entry.host) {
      out.push({
        code: 'inconsistent-host',
        severity: 'warning',
        message: l10n.t(
          'The dataset records {0} as host of "{1}", not {2}{3}.',
          label(entry.host),
          entry.label,
          named.label,
          sourceNote(entry),
        ),
        s: point(place.start),
        e: point(place.end),
        entries: [entry.id, placeId],
      });
    } else if (m.place.role === 'partner' && entry.classification === 'bilateral' && !entry.parties.includes(placeId)) {
      out.push({
        code: 'not-a-party',
        severity: 'warning',
        message: l10n.t(
          '{0} is not a party to "{1}"; the dataset lists {2}{3}.',
          named.label,
          entry.label,
          entry.parties.map(label).join(l10n.t(' and ')),
          sourceNote(entry),
        ),
        s: point(place.start),
        e: point(place.end),
        entries: [entry.id, placeId],
      });
    }
  }
  return out;
}

/**
 * The pillars a short form may stand for that `named` (what its paragraph, list or section heading
 * names in full) shows are meant: their policy, or a sibling pillar named in full, is among them.
 */
function meantPillars(m: MatchInfo, named: ReadonlySet<string>, dataset: Dataset): string[] {
  return m.ids.filter((id) => {
    const entry = dataset.entries.get(id);
    return entry?.kind === 'pillar' && (named.has(entry.policy) || siblingPillarCount(id, named, dataset.entries) > 0);
  });
}

/** What a section's heading names in full (nothing if the section has no heading). */
function headingNames(first: SegmentInfo | undefined): Set<string> {
  const out = new Set<string>();
  if (first?.heading) for (const m of first.matches) if (m.via === 'name' && m.ids.length === 1 && !m.short) out.add(m.ids[0]!);
  return out;
}

/**
 * The one entry a class noun ("the MOC") refers back to: the only one of its candidates named
 * before it in its paragraph, or undefined when none or several are.
 */
function antecedent(seg: SegmentInfo, m: MatchInfo): string | undefined {
  const named = new Set<string>();
  for (const other of seg.matches) {
    if (other === m || other.end > m.start || other.ids.length !== 1 || other.pending) continue;
    if (m.ids.includes(other.ids[0]!)) named.add(other.ids[0]!);
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/** A position inside a block, independent of where the block is: its line index in the block, and its column on a later line. */
interface RelPoint {
  /** Offset from the block's start. */
  rel: number;
  /** 0 on the block's first line, whose column depends on where the block starts. */
  line: number;
  /** The column on lines after the first. */
  column: number;
}

type Placed<T> = Omit<T, 'start' | 'end'> & { s: RelPoint; e: RelPoint };

/**
 * One block's references and diagnostics, placed where the block was when they were last placed.
 * Valid while the block is unchanged (the same object: the incremental analyzer replaces a block
 * it re-parses) and, for an ambiguous name its sentence and block did not settle, while its
 * section says the same. A block that moved has them shifted, not worked out again; only placed
 * forms are kept, so the cache holds no second copy of a document's references.
 */
interface BlockAssembly {
  /** The segments of the sections it was resolved by, per segment of the block, when a name was resolved by its section. */
  sections: readonly (readonly SegmentInfo[])[] | undefined;
  /** Where the block started when placed: offset, line, and the column of its first character. */
  start: number;
  line: number;
  column: number;
  refs: Reference[];
  diags: Diagnostic[];
}

type RefFields = Omit<Reference, 'start' | 'end'>;
type DiagFields = Omit<Diagnostic, 'start' | 'end'>;

// Built field by field: object spread is several times slower here, on every reference after an edit.
function refAt(r: RefFields, start: Point, end: Point): Reference {
  const ref: Reference = { kind: r.kind, id: r.id, label: r.label, text: r.text, start, end, via: r.via };
  if (r.candidates) ref.candidates = r.candidates;
  return ref;
}

function diagAt(d: DiagFields, start: Point, end: Point): Diagnostic {
  const diag: Diagnostic = { code: d.code, severity: d.severity, message: d.message, start, end };
  if (d.entries) diag.entries = d.entries;
  return diag;
}

/** A block's references and diagnostics placed with its first character at `start`, `line`, `column`. */
function place(rel: RelAssembly, start: number, line: number, column: number): BlockAssembly {
  const at = (p: RelPoint): Point =>
    p.line === 0
      ? { line, column: column + p.rel, offset: start + p.rel }
      : { line: line + p.line, column: p.column, offset: start + p.rel };
  const refs = rel.refs.map((r) => refAt(r, at(r.s), at(r.e)));
  const diags = rel.diags.map((d) => diagAt(d, at(d.s), at(d.e)));
  return { sections: rel.sections, start, line, column, refs, diags };
}

/** The same block placed elsewhere: new objects (an earlier analysis keeps the old ones), moved. */
function shift(a: BlockAssembly, start: number, line: number, column: number): BlockAssembly {
  const dOffset = start - a.start;
  const dLine = line - a.line;
  const dColumn = column - a.column;
  const move = (p: Point): Point =>
    p.line === a.line
      ? { line: p.line + dLine, column: p.column + dColumn, offset: p.offset + dOffset }
      : { line: p.line + dLine, column: p.column, offset: p.offset + dOffset };
  const refs = a.refs.map((r) => refAt(r, move(r.start), move(r.end)));
  const diags = a.diags.map((d) => diagAt(d, move(d.start), move(d.end)));
  return { sections: a.sections, start, line, column, refs, diags };
}

/** Per dataset, each block's assembly; a block object that is gone takes its entry with it. */
const assemblies = new WeakMap<Dataset, WeakMap<BlockInfo, BlockAssembly>>();

const copies = new Map<string, string>();

/**
 * A reference's text as a string of its own: a slice of the document would keep that whole
 * version of the document alive as long as the block's references are kept, across edits. The
 * same few names recur, so one copy of each serves them all.
 */
function ownCopy(slice: string): string {
  let copy = copies.get(slice);
  if (copy === undefined) {
    copy = memo(copies, slice, [...slice].join(''));
  }
  return copy;
}

/** A block's references and diagnostics in block-relative positions, as worked out. */
interface RelAssembly {
  refs: Placed<Reference>[];
  diags: Placed<Diagnostic>[];
  sections: readonly (readonly SegmentInfo[])[] | undefined;
}

/** Works out one block's references and diagnostics (disambiguation, listed pillars, checks), in block-relative positions. */
function assembleBlock(
  block: BlockInfo,
  text: string,
  dataset: Dataset,
  sectionContexts: readonly Context[],
  sections: readonly (readonly SegmentInfo[])[],
): RelAssembly {
  const starts = block.lineStarts;
  const point = (relative: number): RelPoint => {
    const lo = linesStartedBy(starts, relative);
    return { rel: relative, line: lo, column: lo === 0 ? 0 : relative - starts[lo - 1]! + 1 };
  };
  const refs: Placed<Reference>[] = [];
  const diags: Placed<Diagnostic>[] = [];
  let usedSection = false;
  const groups = new Map<number, Context>();
  // What each paragraph (table row) and each list, items and all, names in full: a short pillar
  // name counts where its policy or a sibling named in full is among them.
  const named = { groups: new Map<number, Set<string>>(), lists: new Map<number, Set<string>>() };
  const addNamed = (map: Map<number, Set<string>>, key: number, id: string): void => {
    const set = map.get(key) ?? new Set<string>();
    set.add(id);
    map.set(key, set);
  };
  const sentences = block.segments.map((seg) => {
    const perSentence: Context[] = [];
    seg.years.forEach((ys, s) => {
      if (ys) for (const y of ys) (perSentence[s] ??= emptyContext()).years.add(y);
    });
    for (const m of seg.matches) {
      if (m.via === 'name' && m.ids.length === 1 && !m.pending) (perSentence[m.sentence] ??= emptyContext()).ids.add(m.ids[0]!);
      if (m.via === 'name' && m.ids.length === 1 && !m.short) {
        addNamed(named.groups, seg.group, m.ids[0]!);
        if (seg.list !== undefined) addNamed(named.lists, seg.list, m.ids[0]!);
      }
    }
    const group = groups.get(seg.group) ?? emptyContext();
    groups.set(seg.group, group);
    for (const ctx of perSentence) if (ctx) addTo(group, ctx);
    return perSentence;
  });

  for (const l of block.limits ?? [])
    diags.push({ code: l.code, severity: 'warning', message: l.message, s: point(l.start), e: point(l.end) });
  block.segments.forEach((seg, k) => {
    for (const u of seg.unknownCitations) {
      diags.push({
        code: 'unknown-citation',
        severity: 'error',
        message: l10n.t('Unknown citation key "@{0}": no dataset entry has this id.', u.key),
        s: point(u.start),
        e: point(u.end),
      });
    }
    for (const m of seg.matches) {
      let ids = m.ids;
      if (m.pending) {
        ids = meantPillars(m, (seg.list === undefined ? named.groups.get(seg.group) : named.lists.get(seg.list)) ?? new Set(), dataset);
        if (ids.length === 0) {
          // The heading of its section names what the section is about ("## Sixth Basic Plan: three pillars").
          usedSection = true;
          ids = meantPillars(m, headingNames(sections[k]![0]), dataset);
          if (ids.length === 0) continue;
        }
      }
      if (m.generic) {
        const own = [sentences[k]![m.sentence] ?? emptyContext(), ...(block.type === 'table' ? [groups.get(seg.group)!] : [])];
        const decided = disambiguate(ids, own, dataset.entries);
        const one = decided.level >= 0 && decided.ids.length === 1 ? decided.ids[0] : antecedent(seg, m);
        if (one === undefined) continue;
        ids = [one];
      } else if (ids.length > 1) {
        const decided = disambiguate(
          ids,
          [sentences[k]![m.sentence] ?? emptyContext(), groups.get(seg.group)!, sectionContexts[k]!],
          dataset.entries,
        );
        ids = decided.ids;
        if (decided.level === 2 || decided.level === -1) usedSection = true;
      }
      const entry = dataset.entries.get(ids[0]!)!;
      const s = point(m.start);
      const e = point(m.end);
      const ref: Placed<Reference> = {
        kind: entry.kind,
        id: entry.id,
        label: entry.label,
        text: ownCopy(text.slice(block.start + m.start, block.start + m.end)),
        s,
        e,
        via: m.via,
      };
      if (ids.length > 1) {
        ref.candidates = [...ids];
        diags.push({
          code: 'ambiguous-reference',
          severity: 'information',
          message: l10n.t(
            '"{0}" may name any of: {1}. Add a year or host to the sentence, or use the full name.',
            ref.text,
            ids
              .map(
                (id) =>
                  dataset.entries.get(id)!.label + (entryYear(dataset.entries.get(id)!) ? ` (${entryYear(dataset.entries.get(id)!)})` : ''),
              )
              .join('; '),
          ),
          s,
          e,
          entries: [...ids],
        });
      }
      refs.push(ref);
      if (!ref.candidates && entry.kind === 'agreement' && m.via === 'name') diags.push(...factChecks(m, seg, entry, dataset, point));
      if (
        !ref.candidates &&
        entry.kind !== 'country' &&
        m.via === 'name' &&
        !m.distributed &&
        !isRecognisedForm(ref.text, entry, dataset)
      ) {
        diags.push({
          code: 'non-canonical-name',
          severity: 'hint',
          message: l10n.t('"{0}" is not a recognised form of the name; the canonical name is "{1}".', writtenForm(ref.text), entry.label),
          s,
          e,
          entries: [entry.id],
        });
      }
    }
  });
  // Stable sorts within a block equal the document-wide sort: blocks are disjoint and in order.
  refs.sort((a, b) => a.s.rel - b.s.rel);
  diags.sort((a, b) => a.s.rel - b.s.rel);
  return { refs, diags, sections: usedSection ? sections : undefined };
}

/** `DefinedAbbreviations`' additions, in order. */
interface AbbreviationsLog {
  defined: Array<[string, Reference]>;
  taken: object[];
}
/** How long each list of an `AbbreviationsLog` was at a checkpoint. */
interface AbbreviationsMark {
  defined: number;
  taken: number;
}
/** `UncataloguedNames`' additions, in order. */
interface FoundLog {
  out: UncataloguedReference[];
  own: string[];
  inside: Reference[];
  abbreviations: Array<[string, UncataloguedReference]>;
}
/** How long each list of a `FoundLog` was at a checkpoint, and whether a sources section was under way. */
interface FoundMark {
  out: number;
  own: number;
  inside: number;
  abbreviations: number;
  inSources: boolean;
}

/** The state of `assemble`'s pass over the blocks before one block: enough to go on from there. */
interface Checkpoint {
  /** The index of the block before which it was taken. */
  block: number;
  line: number;
  lineStart: number;
  scanned: number;
  /** How many references, diagnostics and titles there were. */
  refs: number;
  diags: number;
  titles: number;
  /** The section in effect, and how many of its segments came before. */
  section: number;
  sectionLength: number;
  /** The highest section any earlier block was resolved by, or -1. */
  usedSection: number;
  abbreviations: AbbreviationsMark;
  found: FoundMark | undefined;
}

/** What one `assemble` leaves behind for the next (see `AssemblyMemo`). */
interface LastAssembly {
  blocks: readonly BlockInfo[];
  detect: boolean;
  titles: readonly string[];
  /** Before names inside uncatalogued ones are taken out. */
  references: readonly Reference[];
  /** After. */
  kept?: readonly Reference[];
  diagnostics: readonly Diagnostic[];
  sectionSegments: readonly SegmentInfo[][];
  checkpoints: readonly Checkpoint[];
  abbreviations: AbbreviationsLog;
  found: FoundLog | undefined;
}

/**
 * What `assemble` keeps from one call to the next on the same document, so that after an edit the
 * blocks before it are not gone through again: their references, diagnostics and the
 * document-wide state after them (lines, sections, abbreviations, uncatalogued names) are taken
 * from a checkpoint. An incremental analyzer owns one.
 */
export class AssemblyMemo {
  /** @internal */
  last: LastAssembly | undefined;
  /** How many blocks the last `assemble` went through; the rest it took from a checkpoint. */
  visited = 0;
}

/**
 * The checkpoint to go on from: the last one at or before `unchanged` behind which no block was
 * resolved by a section that reaches the first changed block.
 */
function restorePoint(last: LastAssembly, blocks: readonly BlockInfo[], unchanged: number, detect: boolean): Checkpoint | undefined {
  if (last.detect !== detect || unchanged <= 0) return undefined;
  const cps = last.checkpoints;
  let i = cps.length - 1;
  while (i >= 0 && cps[i]!.block > unchanged) i--;
  if (i < 0) return undefined;
  // The section in effect at the first changed block may gain or lose segments: every block resolved by it must be done again.
  let section = cps[i]!.section;
  for (let b = cps[i]!.block; b < unchanged; b++) for (const seg of blocks[b]!.segments) if (seg.heading) section++;
  while (i >= 0 && cps[i]!.usedSection >= section) i--;
  const cp = cps[i];
  if (!cp || cp.block === 0 || blocks[cp.block - 1] !== last.blocks[cp.block - 1]) return undefined;
  return cp;
}

/**
 * Puts the analyses of the blocks together into the document's analysis: resolves ambiguous names
 * by their sentence, table row or block, then section; accepts a short pillar name where its paragraph or list names its policy;
 * checks written facts against the record; and places every range in the text. This pass is
 * linear in the number of references and never parses. It remembers each block's part, so after
 * an edit only the re-parsed blocks (and any whose section context changed) are worked out again,
 * and blocks that did not move keep their very reference objects. With a memo, the blocks before
 * an edit are not gone through at all: the pass goes on from a checkpoint.
 *
 * @param blocks The blocks, in document order, placed at their current offsets.
 * @param text The current text.
 * @param dataset The dataset the blocks were analysed with.
 * @param options `uncatalogued: false` leaves names the catalogue lacks out.
 * @param memo What the last call on this document left, updated for the next.
 * @param unchanged How many leading blocks are the very objects, at the same places, of the memo's last call.
 * @returns The analysis.
 */
export function assemble(
  blocks: readonly BlockInfo[],
  text: string,
  dataset: Dataset,
  options: AnalyzeOptions = {},
  memo?: AssemblyMemo,
  unchanged = 0,
): Analysis {
  const detect = options.uncatalogued !== false;
  const last = memo?.last;
  const from = last ? restorePoint(last, blocks, unchanged, detect) : undefined;
  const first = from?.block ?? 0;
  let cache = assemblies.get(dataset);
  if (!cache) assemblies.set(dataset, (cache = new WeakMap()));

  // Sections first: a name may be resolved by a year or host anywhere in its section. A section's
  // context is built only when a block needs it; a block resolved by its section stays right while
  // the very same segments make the section up. Sections before the checkpoint's are not needed.
  const sectionOf: number[][] = [];
  const sectionSegments: SegmentInfo[][] = from ? last!.sectionSegments.slice(0, from.section) : [];
  let section = from ? from.section : 0;
  const titles: string[] = from ? last!.titles.slice(0, from.titles) : [];
  if (from) sectionSegments[section] = last!.sectionSegments[section]?.slice(0, from.sectionLength) ?? [];
  // About as many checkpoints as blocks between two: going on from one costs at most that many blocks.
  const spacing = Math.max(1, Math.floor(Math.sqrt(blocks.length)));
  const marks = new Map<number, Pick<Checkpoint, 'section' | 'sectionLength' | 'titles'>>();
  for (let b = first; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (b % spacing === 0) marks.set(b, { section, sectionLength: sectionSegments[section]?.length ?? 0, titles: titles.length });
    const perSegment: number[] = [];
    if (detect && block.frontTitle) titles.push(block.frontTitle.toLowerCase());
    for (const seg of block.segments) {
      if (detect && seg.title && !titles.some((t) => t.startsWith('#'))) titles.push('#' + seg.title.toLowerCase());
      if (seg.heading) section++;
      perSegment.push(section);
      (sectionSegments[section] ??= []).push(seg);
    }
    sectionOf.push(perSegment);
  }
  // The document's titles decide what counts as its own name in every block: changed, nothing is kept.
  if (from && (titles.length !== last!.titles.length || titles.some((t, k) => t !== last!.titles[k])))
    return assemble(blocks, text, dataset, options, memo, 0);
  const sectionsOf = (b: number): number[] => sectionOf[b - first]!;
  const sections: Context[] = [];
  const sectionContext = (k: number): Context => {
    let ctx = sections[k];
    if (!ctx) {
      ctx = sections[k] = emptyContext();
      for (const seg of sectionSegments[k]!) {
        for (const ys of seg.years) if (ys) for (const y of ys) ctx.years.add(y);
        for (const m of seg.matches) if (m.via === 'name' && m.ids.length === 1 && !m.pending) ctx.ids.add(m.ids[0]!);
      }
    }
    return ctx;
  };
  // Blocks of one section share the lists they were resolved by: compare each pair of lists once.
  const same = new Map<readonly SegmentInfo[], Map<readonly SegmentInfo[], boolean>>();
  /** Whether a block resolved by its sections would still be: the very same segments make them up. */
  const sectionsSame = (used: readonly (readonly SegmentInfo[])[], b: number): boolean =>
    used.length === sectionsOf(b).length &&
    used.every((segs, k) => {
      const now = sectionSegments[sectionsOf(b)[k]!]!;
      let verdicts = same.get(segs);
      if (!verdicts) same.set(segs, (verdicts = new Map()));
      let verdict = verdicts.get(now);
      if (verdict === undefined) verdicts.set(now, (verdict = segs.length === now.length && segs.every((seg, j) => seg === now[j])));
      return verdict;
    });

  const abbreviations = new DefinedAbbreviations(from && last!.abbreviations, from?.abbreviations);
  const found = detect
    ? new UncataloguedNames(
        titles.map((t) => t.replace(/^#/, '')),
        abbreviations.taken,
        from && last!.found,
        from?.found,
      )
    : undefined;

  // Each block knows its own line starts, so only the gaps between blocks are read here.
  let line = from ? from.line : 1;
  let lineStart = from ? from.lineStart : 0;
  let scanned = from ? from.scanned : 0;
  let usedSection = from ? from.usedSection : -1;
  const references: Reference[] = from ? last!.references.slice(0, from.refs) : [];
  const diagnostics: Diagnostic[] = from ? last!.diagnostics.slice(0, from.diags) : [];
  const checkpoints: Checkpoint[] = from ? last!.checkpoints.filter((c) => c.block < first) : [];
  for (let b = first; b < blocks.length; b++) {
    const block = blocks[b]!;
    const mark = marks.get(b);
    if (mark) {
      checkpoints.push({
        block: b,
        line,
        lineStart,
        scanned,
        refs: references.length,
        diags: diagnostics.length,
        ...mark,
        usedSection,
        abbreviations: abbreviations.mark(),
        found: found?.mark(),
      });
    }
    const gap = lineStartsBetween(text, scanned, block.start);
    line += gap.length;
    if (gap.length > 0) lineStart = gap[gap.length - 1]!;
    const firstLine = line;
    const firstColumn = block.start - lineStart + 1;
    const starts = block.lineStarts;
    line += starts.length;
    if (starts.length > 0) lineStart = block.start + starts[starts.length - 1]!;
    scanned = block.end;

    let assembly = cache.get(block);
    if (!assembly || (assembly.sections !== undefined && !sectionsSame(assembly.sections, b))) {
      const used = sectionsOf(b).map((k) => sectionSegments[k]!);
      const rel = assembleBlock(block, text, dataset, sectionsOf(b).map(sectionContext), used);
      assembly = place(rel, block.start, firstLine, firstColumn);
      cache.set(block, assembly);
    } else if (assembly.start !== block.start || assembly.line !== firstLine || assembly.column !== firstColumn) {
      assembly = shift(assembly, block.start, firstLine, firstColumn);
      cache.set(block, assembly);
    }
    if (assembly.sections !== undefined && sectionsOf(b).length > 0) usedSection = Math.max(usedSection, sectionsOf(b).at(-1)!);
    const point = pointsOf(block, firstLine, firstColumn);
    const refs = abbreviations.addBlock(block, assembly.refs, text, point);
    for (const r of refs) references.push(r);
    for (const d of assembly.diags) diagnostics.push(d);
    found?.addBlock(block, refs, text, point);
  }
  if (memo) {
    memo.visited = blocks.length - first;
    memo.last = {
      blocks,
      detect,
      titles,
      references,
      diagnostics,
      sectionSegments,
      checkpoints,
      abbreviations: abbreviations.log,
      found: found?.log,
    };
  }

  if (!found) return withIndex(references, diagnostics);
  let kept = references;
  if (found.inside.size > 0) {
    // Countries inside a name the catalogue lacks belong to it. Before the checkpoint they are as they were.
    const resume = from !== undefined && last!.kept !== undefined;
    kept = resume ? last!.kept!.slice(0, from.refs - from.found!.inside) : [];
    for (let k = resume ? from.refs : 0; k < references.length; k++) if (!found.inside.has(references[k]!)) kept.push(references[k]!);
  }
  if (memo?.last) memo.last.kept = kept;
  return withIndex(kept, diagnostics, found.out);
}

/**
 * The analysis, with its `byEntry` index built when first read: only hovers and navigation read
 * it, and building it after every edit would cost as many steps as the document has references.
 */
function withIndex(references: Reference[], diagnostics: Diagnostic[], uncatalogued?: UncataloguedReference[]): Analysis {
  let index: Map<string, number[]> | undefined;
  const analysis: Analysis = {
    references,
    get byEntry() {
      return (index ??= indexByEntry(references));
    },
    diagnostics,
  };
  if (uncatalogued) analysis.uncatalogued = uncatalogued;
  return analysis;
}

/** A level-1 title or front matter title that starts with a name: the document is that engagement, or about it. */
function namesTitle(label: string, titles: readonly string[]): boolean {
  const key = label.toLowerCase();
  return titles.some((t) => t.startsWith(key) && !/[\p{L}\p{N}]/u.test(t.charAt(key.length)));
}

/** A name that starts one the document called its own, or that one starts. */
function namesOwn(label: string, own: readonly string[]): boolean {
  const key = label.toLowerCase();
  return own.some((o) => (o.startsWith(key) && !/[\p{L}\p{N}]/u.test(o.charAt(key.length))) || key.startsWith(o));
}

/** How many of a block's later line starts (`BlockInfo.lineStarts`) lie at or before `rel`: the block-relative line of `rel`. */
function linesStartedBy(starts: readonly number[], rel: number): number {
  return starts.length === 0 || starts[0]! > rel ? 0 : lineAt(starts, rel) + 1;
}

/** Places block-relative offsets in the document, from the block's first line and column. */
function pointsOf(block: BlockInfo, firstLine: number, firstColumn: number): (rel: number) => Point {
  const starts = block.lineStarts;
  return (rel) => {
    const lo = linesStartedBy(starts, rel);
    return lo === 0
      ? { line: firstLine, column: firstColumn + rel, offset: block.start + rel }
      : { line: firstLine + lo, column: rel - starts[lo - 1]! + 1, offset: block.start + rel };
  };
}

/**
 * Abbreviations the text defines for catalogued names ("the Counter Ransomware Initiative (CRI)",
 * where the catalogue does not hold "CRI"): each later use is a reference to the same entry. A
 * document-wide pass, after each block's cached part: a definition in one block serves the blocks
 * after it. Linear in the definitions and all-capital words the blocks recorded.
 */
class DefinedAbbreviations {
  private readonly defined: Map<string, Reference>;
  /** The all-capital words reported here (the detector of uncatalogued names passes them by). */
  readonly taken: Set<object>;
  /** What was added, in order: it only ever adds, so a count marks a state. */
  readonly log: AbbreviationsLog;

  /** Empty, or as it was at `mark` of an earlier pass's `log`. */
  constructor(log?: AbbreviationsLog, mark?: AbbreviationsMark) {
    this.log = { defined: log && mark ? log.defined.slice(0, mark.defined) : [], taken: log && mark ? log.taken.slice(0, mark.taken) : [] };
    this.defined = new Map(this.log.defined);
    this.taken = new Set(this.log.taken);
  }

  /** The current state, for a checkpoint. */
  mark(): AbbreviationsMark {
    return { defined: this.log.defined.length, taken: this.log.taken.length };
  }

  /**
   * The references of one block with the uses of abbreviations defined so far (by this block or
   * earlier ones) merged in, in order; `refs` itself when there are none.
   */
  addBlock(block: BlockInfo, refs: Reference[], text: string, point: (rel: number) => Point): Reference[] {
    let uses: Reference[] | undefined;
    for (const seg of block.segments) {
      const acronyms = seg.acronyms ?? [];
      let a = 0;
      const useUpTo = (until: number): void => {
        for (; a < acronyms.length && acronyms[a]!.start < until; a++) {
          const use = acronyms[a]!;
          const def = this.defined.get(use.raw);
          if (!def) continue;
          if (!this.taken.has(use)) {
            this.taken.add(use);
            this.log.taken.push(use);
          }
          const ref: Reference = {
            kind: def.kind,
            id: def.id,
            label: def.label,
            text: ownCopy(text.slice(block.start + use.start, block.start + use.end)),
            start: point(use.start),
            end: point(use.end),
            via: 'name',
          };
          (uses ??= []).push(ref);
        }
      };
      for (const m of seg.matches) {
        if (m.defines === undefined) continue;
        useUpTo(m.start);
        if (this.defined.has(m.defines)) continue;
        const ref = refsBetween(refs, block.start + m.start, block.start + m.end).find((r) => r.start.offset === block.start + m.start);
        if (ref && !ref.candidates) {
          this.defined.set(m.defines, ref);
          this.log.defined.push([m.defines, ref]);
        }
      }
      if (this.defined.size > 0) useUpTo(Infinity);
    }
    if (!uses) return refs;
    const merged: Reference[] = [];
    let u = 0;
    for (const r of refs) {
      while (u < uses.length && uses[u]!.start.offset < r.start.offset) merged.push(uses[u++]!);
      merged.push(r);
    }
    while (u < uses.length) merged.push(uses[u++]!);
    return merged;
  }
}

/**
 * The document-wide part of the detector of names the catalogue lacks (`match/uncatalogued.ts`):
 * what one block cannot know. A name is reported unless it is in a heading, under a heading of
 * sources, inside a publication's title, the document itself (or its title), in a title-case
 * line, or overlaps a catalogued reference (the catalogue wins); countries inside it belong to it.
 * An abbreviation it defines is reported at its later uses. Linear in the names and all-capital
 * words the blocks recorded; it never reads the text again.
 */
class UncataloguedNames {
  readonly out: UncataloguedReference[];
  /** Country references inside a reported name. */
  readonly inside: Set<Reference>;
  private readonly abbreviations: Map<string, UncataloguedReference>;
  private inSources: boolean;
  /** Labels of names the document calls its own ("our …", "this …"), lower case. */
  private readonly own: string[];
  /** What was added, in order: it only ever adds, so counts mark a state. */
  readonly log: FoundLog;

  /**
   * @param titles The document's titles, lower case.
   * @param taken All-capital words already reported as the abbreviation of a catalogued name: the catalogue wins.
   * @param log With `mark`, an earlier pass's log: starts as that pass was at the mark.
   * @param mark See `log`.
   */
  constructor(
    private readonly titles: readonly string[],
    private readonly taken: ReadonlySet<object>,
    log?: FoundLog,
    mark?: FoundMark,
  ) {
    const upTo = <T>(list: readonly T[] | undefined, n: number | undefined): T[] => (list && n !== undefined ? list.slice(0, n) : []);
    this.out = upTo(log?.out, mark?.out);
    this.own = upTo(log?.own, mark?.own);
    this.log = {
      out: this.out,
      own: this.own,
      inside: upTo(log?.inside, mark?.inside),
      abbreviations: upTo(log?.abbreviations, mark?.abbreviations),
    };
    this.inside = new Set(this.log.inside);
    this.abbreviations = new Map(this.log.abbreviations);
    this.inSources = mark?.inSources ?? false;
  }

  /** The current state, for a checkpoint. */
  mark(): FoundMark {
    const { out, own, inside, abbreviations } = this.log;
    return { out: out.length, own: own.length, inside: inside.length, abbreviations: abbreviations.length, inSources: this.inSources };
  }

  addBlock(block: BlockInfo, refs: readonly Reference[], text: string, point: (rel: number) => Point): void {
    for (const seg of block.segments) {
      if (seg.heading) {
        this.inSources = !!seg.sourcesHeading;
        continue;
      }
      if (this.inSources || (!seg.names && !seg.acronyms)) continue;
      const names = seg.names ?? [];
      const acronyms = seg.acronyms ?? [];
      let a = 0;
      for (let n = 0; n <= names.length; n++) {
        const name = names[n];
        // Uses of abbreviations defined before this name.
        for (; a < acronyms.length && (!name || acronyms[a]!.start < name.start); a++) {
          const use = acronyms[a]!;
          const def = this.abbreviations.get(use.raw);
          if (!def || this.taken.has(use)) continue;
          this.out.push({
            ...def,
            text: ownCopy(text.slice(block.start + use.start, block.start + use.end)),
            start: point(use.start),
            end: point(use.end),
            abbreviationUse: true,
            context: { start: block.start + use.context.start, end: block.start + use.context.end },
          });
        }
        if (!name) continue;
        if (name.self) {
          // The writer's own document: every later mention of it is too ("Research Strategy" after "our Research Strategy 2023–2028").
          this.own.push(name.label.toLowerCase());
          continue;
        }
        if (name.publication || name.titleCase || namesTitle(name.label, this.titles) || namesOwn(name.label, this.own)) continue;
        const from = block.start + name.start;
        const to = block.start + name.end;
        const overlapping = refsBetween(refs, from, to);
        if (overlapping.some((r) => r.kind !== 'country')) continue;
        for (const r of overlapping) {
          if (this.inside.has(r)) continue;
          this.inside.add(r);
          this.log.inside.push(r);
        }
        const ref: UncataloguedReference = {
          kind: 'agreement',
          id: null,
          uncatalogued: true,
          label: name.label,
          text: ownCopy(text.slice(from, to)),
          start: point(name.start),
          end: point(name.end),
          via: 'name',
          head: name.head,
          countries: name.countries,
          context: { start: block.start + name.context.start, end: block.start + name.context.end },
        };
        if (name.abbreviation) {
          ref.abbreviation = name.abbreviation.raw;
          if (!this.abbreviations.has(name.abbreviation.raw)) {
            this.abbreviations.set(name.abbreviation.raw, ref);
            this.log.abbreviations.push([name.abbreviation.raw, ref]);
          }
        }
        this.out.push(ref);
      }
    }
  }
}

/** The references (sorted by start) that overlap [from, to). */
function refsBetween(refs: readonly Reference[], from: number, to: number): Reference[] {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid]!.end.offset <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: Reference[] = [];
  for (let k = lo; k < refs.length && refs[k]!.start.offset < to; k++) if (refs[k]!.end.offset > from) out.push(refs[k]!);
  return out;
}

/**
 * The index of an analysis: entry id → indexes into `references`, in document order; an ambiguous
 * reference is indexed under every candidate.
 *
 * @param references The references, in document order.
 * @returns The index, in the order `analyze` builds it.
 */
export function indexByEntry(references: readonly Reference[]): Map<string, number[]> {
  const byEntry = new Map<string, number[]>();
  const add = (id: string, k: number): void => {
    const list = byEntry.get(id);
    if (list) list.push(k);
    else byEntry.set(id, [k]);
  };
  references.forEach((r, k) => {
    if (r.candidates) for (const id of r.candidates) add(id, k);
    else add(r.id, k);
  });
  return byEntry;
}
