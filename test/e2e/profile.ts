import * as inspector from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number; columnNumber?: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What held the extension host thread while a profile ran: figures for the log, never for assertions. */
export interface Blocks {
  /** The longest stretch of consecutive samples with code of `ours` on the stack (garbage collection in between counts). */
  oursMs: number;
  /** The longest stretch of any code, and the script that had most of it. */
  anyMs: number;
  anyMostly: string;
  /** Where the longest run of our code spent its time: our innermost functions with their callers, the heaviest first. */
  oursWhere: string[];
}

/**
 * Samples the extension host thread with the V8 profiler (in-process, no port) until the returned
 * function is called, then tells how long the longest uninterrupted run of our code was, and of any
 * code. The event loop lag alone cannot tell our code from VS Code's own Markdown support, which runs
 * in the same extension host.
 *
 * @param ours Matches the script URLs that count as ours (the extension bundle).
 */
export async function profileBlocks(ours: (url: string) => boolean): Promise<() => Promise<Blocks>> {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: Profile }>('Profiler.stop');
    session.disconnect();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const scriptsOf = (id: number): string[] => {
      const urls: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) urls.push(byId.get(at)!.callFrame.url);
      return urls;
    };
    const kind = (id: number): 'idle' | 'gc' | 'ours' | 'other' => {
      const name = byId.get(id)!.callFrame.functionName;
      if (name === '(idle)' || name === '(program)' || name === '(root)') return 'idle';
      if (name === '(garbage collector)') return 'gc';
      return scriptsOf(id).some(ours) ? 'ours' : 'other';
    };
    let oursMs = 0;
    let oursRun = 0;
    let anyRun = 0;
    let anyMs = 0;
    let runScripts = new Map<string, number>();
    let anyMostly = '';
    // Our innermost function and two of our callers, per sample of the current run of our code.
    let runWhere = new Map<string, number>();
    let oursWhere: string[] = [];
    // Our innermost function, and the outermost two of ours: where the time went and what asked for it.
    const where = (id: number): string => {
      const names: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        // The line in the bundle names the place when the function has no name (an arrow function).
        if (ours(frame.url)) names.push(`${frame.functionName || '(anonymous)'}:${(frame.lineNumber ?? -1) + 1}`);
      }
      return names.length <= 3 ? names.join(' < ') : `${names[0]} < … < ${names.slice(-2).join(' < ')}`;
    };
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      const k = kind(id);
      if (k === 'idle') {
        oursRun = 0;
        runWhere = new Map();
        anyRun = 0;
        runScripts = new Map();
        return;
      }
      anyRun += dt;
      const top = k === 'gc' ? '(garbage collector)' : byId.get(id)!.callFrame.url.split('/').slice(-3).join('/') || '(native)';
      runScripts.set(top, (runScripts.get(top) ?? 0) + dt);
      if (anyRun > anyMs) {
        anyMs = anyRun;
        anyMostly = [...runScripts].sort((a, b) => b[1] - a[1])[0]![0];
      }
      if (k === 'ours' || (k === 'gc' && oursRun > 0)) {
        oursRun += dt;
        const at = k === 'gc' ? '(garbage collector)' : where(id);
        runWhere.set(at, (runWhere.get(at) ?? 0) + dt);
      } else {
        oursRun = 0;
        runWhere = new Map();
      }
      if (oursRun > oursMs) {
        oursMs = oursRun;
        oursWhere = [...runWhere]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([at, ms]) => `${ms.toFixed(0)} ms ${at}`);
      }
    });
    return { oursMs, anyMs, anyMostly, oursWhere };
  };
}
