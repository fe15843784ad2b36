// A time budget for work on this thread that cannot be cut into pieces: an analysis is one call into
// micromark and the matcher, and a document that makes them slow (a case the Markdown limits do not
// know yet) would hold the command line for ever. Each region of a document has a budget of its own
// (`regionBudget`), so that one pathological block is skipped rather than the whole file.
import * as vm from 'node:vm';
import { RegionOverBudget, type RunRegion } from '../core';

/** Thrown when the work ran past its budget; the work was stopped where it was. */
export class OverBudget extends Error {
  constructor(readonly ms: number) {
    super(`ran past its time budget of ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} and was stopped`);
  }
}

/**
 * The default budget for one file: generous, so that only a pathological document reaches it on a
 * loaded machine (the same as the editor's analysis worker).
 *
 * @param chars The length of the text.
 * @returns Milliseconds.
 */
export function defaultBudgetMs(chars: number): number {
  return 60_000 + chars / 50;
}

/** Runs work under a `vm` timeout in one context made once: making a context costs milliseconds, a run in it far less. */
function budgetRunner(): <T>(work: () => T, ms: number) => T {
  const box: { work?: () => unknown; result?: unknown } = {};
  const context = vm.createContext({ box });
  return <T>(work: () => T, ms: number): T => {
    box.work = work;
    try {
      vm.runInContext('box.result = box.work()', context, { timeout: Math.max(1, Math.round(ms)), breakOnSigint: false });
      return box.result as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new OverBudget(ms);
      throw error;
    } finally {
      box.work = undefined;
      box.result = undefined;
    }
  };
}

/**
 * Runs `work` and stops it when it runs past `ms`. Node's `vm` timeout has a watchdog thread end
 * whatever JavaScript runs on this thread, in any context, so a synchronous call is stopped too; what
 * it was building is dropped. Its caches may hold entries it added, which are complete (a
 * `Map.set` is never half done). Calls may nest: the inner one's budget stops only the inner work,
 * and the outer one's stops both.
 *
 * @param work The synchronous work.
 * @param ms The budget in milliseconds.
 * @returns What `work` returned.
 * @throws OverBudget when it was stopped; whatever `work` threw otherwise.
 */
export function withinBudget<T>(work: () => T, ms: number): T {
  return budgetRunner()(work, ms);
}

/** The share of a document's budget that one region of it may take. */
export const REGION_SHARE = 0.25;

/**
 * A region runner for `analyze` (`AnalyzeOptions.runRegion`): each region of the document gets
 * `regionMs`, and one that runs past it is stopped and skipped with a warning. A pathological block
 * costs its document two region budgets at most (the region it was in, then the block alone), so
 * with a quarter of the document's budget each, the rest still has half of it.
 *
 * With `whole`, the document's own budget bounds the regions too: a region gets no more than is
 * left of it, and once that is spent the runner throws `OverBudget` for the whole document (the
 * caller leaves it out). A caller that also runs the whole analysis under `withinBudget` must give
 * that one more time than `whole.ms`: a `vm` timeout that fires while another runs inside it is
 * reported by the inner one, as if it were the inner one's own.
 *
 * @param regionMs The budget of one region, in milliseconds.
 * @param whole The document's budget (`ms`) and when it runs out (`deadline`, `performance.now()` time).
 * @returns The runner.
 */
export function regionBudget(regionMs: number, whole?: { ms: number; deadline: number }): RunRegion {
  const run = budgetRunner();
  return <T>(work: () => T): T => {
    const left = whole ? whole.deadline - performance.now() : Infinity;
    if (left <= 0) throw new OverBudget(whole!.ms);
    const ms = Math.min(regionMs, left);
    try {
      return run(work, ms);
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      throw ms < regionMs ? new OverBudget(whole!.ms) : new RegionOverBudget(regionMs);
    }
  };
}
