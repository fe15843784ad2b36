import type * as vscode from 'vscode';

/** Resolves in a later task (a `setTimeout`): what comes after it runs in a task of its own. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `fn` for each item, one item per task (a `setTimeout` each), so that work over several open
 * drafts never holds the extension host in one long block. Returns a function that stops what has
 * not run yet.
 */
export function eachInItsOwnTask<T>(items: readonly T[], fn: (item: T) => void): () => void {
  const queue = [...items];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (): void => {
    timer = undefined;
    const item = queue.shift();
    if (item === undefined) return;
    fn(item);
    timer = setTimeout(next, 0);
  };
  timer = setTimeout(next, 0);
  return () => {
    queue.length = 0;
    clearTimeout(timer);
  };
}

/**
 * A feature's pass over what is open (the drafts open at activation, once the analysis has warmed
 * up; all of them again after a dataset change), one item per task (`eachInItsOwnTask`): a new pass
 * replaces the one under way, and nothing runs after the extension is deactivated. `items` is read
 * when a pass starts.
 */
export function passes<T>(context: vscode.ExtensionContext, items: () => readonly T[], fn: (item: T) => void): () => void {
  let stop: (() => void) | undefined;
  let disposed = false;
  context.subscriptions.push({
    dispose: () => {
      disposed = true;
      stop?.();
    },
  });
  return () => {
    stop?.();
    if (!disposed) stop = eachInItsOwnTask(items(), fn);
  };
}
