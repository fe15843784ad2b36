import assert from 'node:assert/strict';
import { CheckThrottle } from '../../src/vscode/check-throttle';

/**
 * The throttle of the bibliography files' stamp checks (src/vscode/check-throttle.ts, no vscode at
 * run time): a completion request checks a draft's files at most once a second, and never misses a
 * change more than a second old.
 */
describe('the check throttle of the bibliography files', () => {
  /** A clock the test moves by hand. */
  const clock = (): { now: () => number; set: (t: number) => void } => {
    let t = 0;
    return { now: () => t, set: (v) => (t = v) };
  };

  it('runs a check once within the interval, and again after it, per key', async () => {
    const c = clock();
    const throttle = new CheckThrottle<string>(1000, c.now);
    const runs: string[] = [];
    const check = (key: string) => () => {
      runs.push(`${key}@${c.now()}`);
      return Promise.resolve();
    };
    for (const t of [0, 1, 500, 999]) {
      c.set(t);
      await throttle.run('a', check('a'));
    }
    c.set(999);
    await throttle.run('b', check('b'));
    c.set(1000);
    await throttle.run('a', check('a'));
    c.set(1998);
    await throttle.run('a', check('a'));
    await throttle.run('b', check('b'));
    c.set(1999);
    await throttle.run('b', check('b'));
    await throttle.run('a', check('a'));
    assert.deepEqual(runs, ['a@0', 'b@999', 'a@1000', 'b@1999']);
  });

  it('makes a request within the interval wait for the check under way', async () => {
    const c = clock();
    const throttle = new CheckThrottle<string>(1000, c.now);
    let finish!: () => void;
    let checked = false;
    const first = throttle.run('a', () => new Promise<void>((resolve) => (finish = resolve)).then(() => void (checked = true)));
    c.set(10);
    let second = false;
    const waiting = throttle.run('a', () => assert.fail('a second check within the interval')).then(() => (second = checked));
    await new Promise((r) => setImmediate(r));
    assert.equal(checked, false);
    finish();
    await Promise.all([first, waiting]);
    assert.equal(second, true, 'the second request resolved after the check it waited for');
  });

  it('counts a failed check as done, and checks again when the clock goes back', async () => {
    const c = clock();
    c.set(5000);
    const throttle = new CheckThrottle<string>(1000, c.now);
    let runs = 0;
    await throttle.run('a', () => (runs++, Promise.reject(new Error('stat failed'))));
    await throttle.run('a', () => (runs++, Promise.resolve()));
    assert.equal(runs, 1);
    c.set(4000);
    await throttle.run('a', () => (runs++, Promise.resolve()));
    assert.equal(runs, 2);
  });

  it('never answers with a state that misses a change more than an interval old', async () => {
    // A file changes at random times; each check reads its version as of the check's start. Every
    // request must see every change made at least an interval before it.
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const c = clock();
    const throttle = new CheckThrottle<string>(1000, c.now);
    const changes: number[] = [];
    let seen = 0;
    let checks = 0;
    let requests = 0;
    for (let t = 0; t < 60_000; t += Math.floor(random() * 300)) {
      c.set(t);
      if (random() < 0.2) changes.push(t);
      if (random() < 0.7) {
        requests++;
        await throttle.run('draft', () => {
          checks++;
          seen = changes.length;
          return Promise.resolve();
        });
        const due = changes.filter((at) => at <= t - 1000).length;
        assert.ok(seen >= due, `at ${t} ms: ${seen} changes seen, ${due} older than a second`);
      }
    }
    assert.ok(checks < requests / 2, `${checks} checks for ${requests} requests`);
  });
});
