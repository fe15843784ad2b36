/**
 * Runs a check for a key at most once per interval: a request within the interval after a check
 * started waits for that check (or takes it as done) instead of starting another. Nothing here
 * imports `vscode`, so a unit test drives it with a fake clock.
 *
 * Whatever changed before a check started, that check sees; a request reuses a check that started
 * less than an interval before it, so a change it misses is less than an interval old.
 */
export class CheckThrottle<K> {
  private readonly last = new Map<K, { at: number; done: Promise<void> }>();

  /**
   * @param interval How long a check holds, in the clock's unit.
   * @param now The clock (milliseconds since some point; tests pass a fake one).
   */
  constructor(
    private readonly interval: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `check` for `key`, unless a check of it started less than an interval ago.
   *
   * @param key What is checked (a draft).
   * @param check The check; a failure counts as done.
   * @returns When the check that holds is done.
   */
  run(key: K, check: () => Promise<void>): Promise<void> {
    const at = this.now();
    const known = this.last.get(key);
    // A clock set back (a fake one, or the system's) starts a check rather than trusting an old one.
    if (known && at >= known.at && at - known.at < this.interval) return known.done;
    if (this.last.size >= 256) this.prune(at);
    const done = check().catch(() => undefined);
    this.last.set(key, { at, done });
    return done;
  }

  /** Forgets the checks that no longer hold: one per draft ever asked for would otherwise stay. */
  private prune(at: number): void {
    for (const [key, known] of this.last) if (at < known.at || at - known.at >= this.interval) this.last.delete(key);
  }
}
