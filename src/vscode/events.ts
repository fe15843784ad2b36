import type * as vscode from 'vscode';

let reportListenerError: (error: unknown) => void = () => {};

/** Where a listener's failure is reported (the extension's log); until set, nowhere. */
export function reportListenerErrorsTo(report: (error: unknown) => void): void {
  reportListenerError = report;
}

/**
 * A minimal event emitter with VS Code's `Event` signature, for classes that must not load the
 * `vscode` module at run time (so that benchmarks and unit tests can use them in plain Node).
 */
export class Emitter<T> {
  private listeners: Array<(e: T) => unknown> = [];

  /** Subscribe with `emitter.event(listener)`; the result disposes the subscription. */
  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (e: T): unknown => listener.call(thisArgs, e);
    this.listeners.push(bound);
    const subscription = { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== bound)) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(e: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (error) {
        // One listener's failure must not keep the others from hearing the event.
        reportListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
