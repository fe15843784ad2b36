// A time budget for work on this thread that cannot be cut into pieces: an analysis is one call into
// micromark and the matcher, and a document that makes them slow (a case the Markdown limits do not
// know yet) would hold the command line for ever.
import * as vm from 'node:vm';

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

/**
 * Runs `work` and stops it when it runs past `ms`. Node's `vm` timeout has a watchdog thread end
 * whatever JavaScript runs on this thread, in any context, so a synchronous call is stopped too; what
 * it was building is dropped. Its caches may hold entries it added, which are complete (a
 * `Map.set` is never half done).
 *
 * @param work The synchronous work.
 * @param ms The budget in milliseconds.
 * @returns What `work` returned.
 * @throws OverBudget when it was stopped; whatever `work` threw otherwise.
 */
export function withinBudget<T>(work: () => T, ms: number): T {
  const box: { work: () => T; result?: T } = { work };
  const context = vm.createContext({ box });
  try {
    vm.runInContext('box.result = box.work()', context, { timeout: Math.max(1, Math.round(ms)), breakOnSigint: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new OverBudget(ms);
    throw error;
  }
  return box.result as T;
}
