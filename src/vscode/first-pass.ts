import type * as vscode from 'vscode';
import type { AnalysisCache } from './analysis-cache';

/**
 * Runs `fn` for each of `items()` (read when the warm-up is over) after the analysis has warmed up
 * (`AnalysisCache.warmUp`), one item per task: what a feature does for the drafts already open at
 * activation, without a long block of the extension host on a cold JIT. Nothing runs after the
 * extension is deactivated.
 */
export function afterWarmUp<T>(
  context: vscode.ExtensionContext,
  analyses: Pick<AnalysisCache, 'whenWarm'>,
  items: () => readonly T[],
  fn: (item: T) => void,
): void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push({
    dispose: () => {
      stopped = true;
      clearTimeout(timer);
    },
  });
  void analyses.whenWarm().then(() => {
    if (stopped) return;
    const queue = [...items()];
    const next = (): void => {
      timer = undefined;
      const item = queue.shift();
      if (stopped || item === undefined) return;
      fn(item);
      timer = setTimeout(next, 0);
    };
    timer = setTimeout(next, 0);
  });
}
