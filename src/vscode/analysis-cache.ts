import type * as vscode from 'vscode';
import { IncrementalAnalyzer, type Analysis, type Dataset, type Reference } from '../core';

/**
 * One analysis per document version, shared by every feature. A hover, the tree and the
 * diagnostics all read the same result; nothing re-parses unless the document changed, and then
 * only the blocks around the change (IncrementalAnalyzer).
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; dataset: Dataset; analyzer: IncrementalAnalyzer; analysis: Analysis }>();

  constructor(private readonly dataset: () => Dataset) {}

  /** The analysis of the document's current version, computed on first request. */
  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const dataset = this.dataset();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.dataset === dataset) return cached.analysis;
    const analyzer = cached && cached.dataset === dataset ? cached.analyzer : new IncrementalAnalyzer(dataset);
    const analysis = cached && cached.dataset === dataset ? analyzer.update(document.getText()) : analyzer.reset(document.getText());
    this.entries.set(key, { version: document.version, dataset, analyzer, analysis });
    return analysis;
  }

  /** The reference under an offset, if any. */
  referenceAt(document: vscode.TextDocument, offset: number): Reference | undefined {
    const refs = this.get(document).references;
    let lo = 0;
    let hi = refs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = refs[mid]!;
      if (offset < r.start.offset) hi = mid - 1;
      else if (offset > r.end.offset) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }
}
