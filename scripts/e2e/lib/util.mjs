// Small helpers shared by run.mjs and try.mjs: steps with timings, commands with log files, cleanup by process id.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LOGS, ROOT } from './paths.mjs';

/** A failure of one named step, with the log to read. */
export class StepError extends Error {
  constructor(step, message, log) {
    super(message);
    this.step = step;
    this.log = log;
  }
}

export function rel(p) {
  const r = path.relative(ROOT, p);
  return r.startsWith('..') ? p : r;
}

export function logPath(name) {
  fs.mkdirSync(LOGS, { recursive: true });
  return path.join(LOGS, name);
}

const timings = [];

/** Runs `fn` as a named phase: prints its start, its time, and turns any error into a StepError naming the phase. */
export async function phase(name, fn, { log } = {}) {
  const t0 = performance.now();
  console.log(`[e2e] ${name} ...`);
  try {
    const result = await fn();
    const s = (performance.now() - t0) / 1000;
    timings.push([name, s]);
    console.log(`[e2e] ${name}: done in ${s.toFixed(1)} s`);
    return result;
  } catch (err) {
    const s = (performance.now() - t0) / 1000;
    timings.push([name + ' (failed)', s]);
    if (err instanceof StepError) throw err;
    throw new StepError(name, err?.stack || String(err), log);
  }
}

export function printTimings() {
  if (!timings.length) return;
  console.log('[e2e] time per phase:');
  for (const [name, s] of timings) console.log(`[e2e]   ${name.padEnd(34)} ${s.toFixed(1).padStart(7)} s`);
}

/** Runs a command to completion, its output going to a log file (and to our stdout too when `echo`). */
export function runLogged(cmd, args, { cwd = ROOT, env = process.env, log, echo = false, step } = {}) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, 'a');
    fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (stream) => (buf) => {
      fs.writeSync(out, buf);
      if (echo) stream.write(buf);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (err) => {
      fs.closeSync(out);
      reject(new StepError(step ?? cmd, `could not start ${cmd}: ${err.message}`, log));
    });
    child.on('close', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new StepError(step ?? cmd, `${cmd} ${args.join(' ')} exited with ${code ?? signal}`, log));
    });
  });
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Stops a process group that we started detached (its id is the leader's pid): TERM, then KILL after `graceMs`. */
export async function killGroup(pid, graceMs = 5000) {
  if (!pid) return;
  const send = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (!isAlive(pid)) {
    send('SIGKILL'); // leftovers of the group, if any
    return;
  }
  send('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleepPoll(100);
  send('SIGKILL');
}

/** Polling interval helper (used only between checks of a condition, never as a wait for the UI). */
export function sleepPoll(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleepPoll(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

// ---- cleanup: everything we start registers how to stop it; run on exit, failure, SIGINT and SIGTERM ----
const cleanups = [];
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}
export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (err) {
      console.error(`[e2e] cleanup: ${err.message}`);
    }
  }
}
let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (signalled) return;
    signalled = true;
    console.error(`\n[e2e] ${sig}: stopping what we started ...`);
    await cleanupAll();
    process.exit(130);
  });
}

// ---- run folders: each server/browser run folder records who owns it, so a later run can clean up after a killed one ----
const OWNER_FILE = 'e2e-owner.json';

/** Records in `dir` that this harness process owns it and that `pid` (a process group we started) runs in it. */
export function recordOwner(dir, pid) {
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ owner: process.pid, pid }) + '\n');
}

function cmdlineOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Removes run folders left by harness runs that were killed (SIGKILL, a lost terminal), stopping
 * their processes first: only a process whose id was recorded there and whose command line still
 * names that folder, and only when the harness process that owned the folder is gone.
 */
export async function reapStaleRuns(runsDir) {
  if (!fs.existsSync(runsDir)) return;
  for (const name of fs.readdirSync(runsDir)) {
    const dir = path.join(runsDir, name);
    let rec = null;
    try {
      rec = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      /* no record: an old or half-made folder */
    }
    if (rec && isAlive(rec.owner) && cmdlineOf(rec.owner).includes('node')) continue; // another harness run is using it
    if (!rec) {
      const age = Date.now() - fs.statSync(dir).mtimeMs;
      if (age < 10 * 60 * 1000) continue; // maybe being created right now by a concurrent run
    }
    if (rec?.pid && isAlive(rec.pid) && cmdlineOf(rec.pid).includes(dir)) {
      console.log(`[e2e] stopping process ${rec.pid} left by an earlier run in ${rel(dir)}`);
      await killGroup(rec.pid, 2000);
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
