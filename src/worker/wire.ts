import {
  indexByEntry,
  stringTable,
  type Analysis,
  type Diagnostic,
  type EntryKind,
  type Point,
  type Reference,
  type Severity,
  type UncataloguedReference,
} from '../core';

/**
 * An analysis packed for the trip between threads: numbers in three typed arrays (transferred,
 * not copied) and every string once in a table. A structured clone of the plain `Analysis` costs
 * the receiving thread tens of milliseconds per megabyte of draft to rebuild (one object per
 * reference, per point, per diagnostic); this form costs a string table and three buffers, and the
 * receiver rebuilds the objects itself, a slice at a time if it must stay responsive.
 */
export interface WireAnalysis {
  strings: string[];
  /** REF_FIELDS numbers per reference. */
  refs: Int32Array;
  /** DIAG_FIELDS numbers per diagnostic. */
  diags: Int32Array;
  /** Lists of string indexes (candidates, diagnostic entries), each as its length then its items. */
  lists: Int32Array;
  /**
   * Names the catalogue lacks, as plain objects: a draft has few of them, so a structured clone
   * costs nothing worth packing. Absent when the analysis had none reported (detector off).
   */
  uncatalogued?: UncataloguedReference[];
}

// kind, id, label, text, via, start line/column/offset, end line/column/offset, candidates (list index or -1)
const REF_FIELDS = 12;
// code, severity, message, start line/column/offset, end line/column/offset, entries (list index or -1)
const DIAG_FIELDS = 10;

/**
 * Packs an analysis.
 *
 * @param analysis An analysis, as `analyze` returns it.
 * @returns Its packed form; `decodeAnalysis` gives back an equal analysis.
 */
export function encodeAnalysis(analysis: Analysis): WireAnalysis {
  const { strings, str } = stringTable();
  const lists: number[] = [];
  const list = (items: readonly string[] | undefined): number => {
    if (!items) return -1;
    const at = lists.length;
    lists.push(items.length, ...items.map(str));
    return at;
  };
  // Each item: its strings (indexes into `strings`), its start and end points, its list (or -1).
  const pack = (
    out: Int32Array,
    o: number,
    texts: string[],
    item: { start: Point; end: Point },
    items: readonly string[] | undefined,
  ): void => {
    texts.forEach((t, i) => (out[o + i] = str(t)));
    const p = o + texts.length;
    out[p] = item.start.line;
    out[p + 1] = item.start.column;
    out[p + 2] = item.start.offset;
    out[p + 3] = item.end.line;
    out[p + 4] = item.end.column;
    out[p + 5] = item.end.offset;
    out[p + 6] = list(items);
  };
  const refs = new Int32Array(analysis.references.length * REF_FIELDS);
  analysis.references.forEach((r, k) => pack(refs, k * REF_FIELDS, [r.kind, r.id, r.label, r.text, r.via], r, r.candidates));
  const diags = new Int32Array(analysis.diagnostics.length * DIAG_FIELDS);
  analysis.diagnostics.forEach((d, k) => pack(diags, k * DIAG_FIELDS, [d.code, d.severity, d.message], d, d.entries));
  const wire: WireAnalysis = { strings, refs, diags, lists: Int32Array.from(lists) };
  if (analysis.uncatalogued) wire.uncatalogued = analysis.uncatalogued;
  return wire;
}

/** The buffers to transfer with a packed analysis. */
export function transferables(wire: WireAnalysis): ArrayBuffer[] {
  return [wire.refs.buffer as ArrayBuffer, wire.diags.buffer as ArrayBuffer, wire.lists.buffer as ArrayBuffer];
}

/**
 * Unpacks an analysis step by step: the generator yields after every `chunk` references or
 * diagnostics, so that a caller can spread the work over several turns of its event loop, and
 * returns the analysis.
 *
 * @param wire What `encodeAnalysis` returned.
 * @param chunk How many items to rebuild between two yields.
 */
export function* decodeSteps(wire: WireAnalysis, chunk = 2000): Generator<void, Analysis, void> {
  const { strings: s, refs: R, diags: D, lists: L } = wire;
  const listAt = (at: number): string[] => {
    const out: string[] = new Array(L[at]);
    for (let i = 0; i < out.length; i++) out[i] = s[L[at + 1 + i]!]!;
    return out;
  };
  const references: Reference[] = new Array(R.length / REF_FIELDS);
  for (let k = 0; k < references.length; k++) {
    if (k > 0 && k % chunk === 0) yield;
    const o = k * REF_FIELDS;
    const ref: Reference = {
      kind: s[R[o]!] as EntryKind,
      id: s[R[o + 1]!]!,
      label: s[R[o + 2]!]!,
      text: s[R[o + 3]!]!,
      start: { line: R[o + 5]!, column: R[o + 6]!, offset: R[o + 7]! },
      end: { line: R[o + 8]!, column: R[o + 9]!, offset: R[o + 10]! },
      via: s[R[o + 4]!] as Reference['via'],
    };
    if (R[o + 11]! >= 0) ref.candidates = listAt(R[o + 11]!);
    references[k] = ref;
  }
  const diagnostics: Diagnostic[] = new Array(D.length / DIAG_FIELDS);
  for (let k = 0; k < diagnostics.length; k++) {
    if (k > 0 && k % chunk === 0) yield;
    const o = k * DIAG_FIELDS;
    const d: Diagnostic = {
      code: s[D[o]!]!,
      severity: s[D[o + 1]!] as Severity,
      message: s[D[o + 2]!]!,
      start: { line: D[o + 3]!, column: D[o + 4]!, offset: D[o + 5]! },
      end: { line: D[o + 6]!, column: D[o + 7]!, offset: D[o + 8]! },
    };
    if (D[o + 9]! >= 0) d.entries = listAt(D[o + 9]!);
    diagnostics[k] = d;
  }
  yield;
  const analysis: Analysis = { references, byEntry: indexByEntry(references), diagnostics };
  if (wire.uncatalogued) analysis.uncatalogued = wire.uncatalogued;
  return analysis;
}

/**
 * Unpacks an analysis in one go.
 *
 * @param wire What `encodeAnalysis` returned.
 * @returns An analysis equal to the one packed.
 */
export function decodeAnalysis(wire: WireAnalysis): Analysis {
  const steps = decodeSteps(wire, Infinity);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
