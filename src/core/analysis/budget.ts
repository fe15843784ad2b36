import * as l10n from '@vscode/l10n';
import type { AnalyzeOptions } from '../types';
import { lineStartsBetween, type BlockInfo } from './block';

/**
 * A time budget per region of a document. The core cannot stop a synchronous parse itself (no
 * thread, no timer runs while it works), so the caller may hand `analyze` a `runRegion` that runs
 * each region's parse and match under a budget of its own making (the CLI and the Node analysis
 * worker use Node's `vm` timeout) and throws `RegionOverBudget` when it stopped one. That region is
 * then left out, with a warning on its first line, and the rest of the document is analysed.
 */

/** Runs one region's work, and may stop it by throwing `RegionOverBudget`; anything else it throws ends the analysis. */
export type RunRegion = NonNullable<AnalyzeOptions['runRegion']>;

/** Thrown by a `RunRegion` that stopped a region's work because it ran past its budget. */
export class RegionOverBudget extends Error {
  /**
   * @param ms The region's budget in milliseconds, for the message.
   */
  constructor(readonly ms: number) {
    super(`a region ran past its time budget of ${describeMs(ms)}`);
    this.name = 'RegionOverBudget';
  }
}

function describeMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/**
 * Runs `work` through `run`; undefined when `run` stopped it over its budget.
 *
 * @param run The caller's region runner, or undefined (then `work` simply runs).
 * @param work The region's work.
 * @returns What the work returned, or `{ over }` with the error when it was stopped.
 */
export function tryRegion<T>(run: RunRegion | undefined, work: () => T): { value: T } | { over: RegionOverBudget } {
  if (!run) return { value: work() };
  try {
    return { value: run(work) };
  } catch (error) {
    if (error instanceof RegionOverBudget) return { over: error };
    throw error;
  }
}

/** Where a skipped span's content ends: before the line endings and blanks that follow it. */
function contentEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s]/.test(text.charAt(e - 1))) e--;
  return e > start ? e : end;
}

/**
 * The stand-in for a span of the document whose analysis was stopped: a block with no references,
 * and a `time-budget` warning on its first line that gives its lines and the budget it ran past.
 *
 * @param text The document.
 * @param start Where the span starts (a line start).
 * @param end Where it ends.
 * @param over The error the region runner threw.
 * @returns The block, placed at `start`.
 */
export function skippedBlock(text: string, start: number, end: number, over: RegionOverBudget): BlockInfo {
  const stop = contentEnd(text, start, end);
  const lineStarts = lineStartsBetween(text, start, stop).map((s) => s - start);
  const firstLine = lineStartsBetween(text, 0, start).length + 1;
  const lastLine = firstLine + lineStarts.length;
  const firstLineEnd = lineStarts.length > 0 ? text.slice(start, start + lineStarts[0]!).replace(/[\r\n]+$/, '').length : stop - start;
  const message =
    firstLine === lastLine
      ? l10n.t('Line {0} was not analysed: it took longer than its time budget of {1}, so it was skipped.', firstLine, describeMs(over.ms))
      : l10n.t(
          'Lines {0}–{1} were not analysed: this block took longer than its time budget of {2}, so it was skipped.',
          firstLine,
          lastLine,
          describeMs(over.ms),
        );
  return {
    start,
    end: stop,
    type: 'skipped',
    segments: [],
    definitions: [],
    lineStarts,
    limits: [{ code: 'time-budget', message, start: 0, end: Math.max(1, firstLineEnd) }],
    budgetMs: over.ms,
  };
}
