// Step 1: install what the harness needs, idempotently.
//  - Debian packages (chromium, libkrb5-dev) through apt when absent and we are root;
//  - Node 24 (npm package `node`) and code-server into .cache/e2e/, remembered in a stamp file.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APT_PACKAGES, CACHE_LAYOUT, CHROMIUM_PATH, CODE_SERVER_VERSION, NODE_VERSION, PLAYWRIGHT_CORE_VERSION } from './versions.mjs';
import { CACHE, CODE_SERVER_ENTRY, CODE_SERVER_PREFIX, NODE_PREFIX, ROOT, STAMP, node24Candidates } from './paths.mjs';
import { StepError, logPath, phase, rel, runLogged } from './util.mjs';

const wantedStamp = () => ({
  layout: CACHE_LAYOUT,
  node: NODE_VERSION,
  codeServer: CODE_SERVER_VERSION,
  platform: `${process.platform}-${process.arch}`,
});

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(part) {
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(STAMP, JSON.stringify({ ...readStamp(), ...part }, null, 2) + '\n');
}

/** The environment for a child npm: ours without the npm_* variables `npm run` injected. */
function cleanNpmEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** npm's own CLI script, so it can be run by whichever Node we choose. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  for (const c of candidates) if (c && /npm-cli\.js$/.test(c) && fs.existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (which) {
    const real = fs.realpathSync(which);
    if (/npm-cli\.js$/.test(real)) return real;
  }
  throw new StepError('install', 'cannot find npm-cli.js (is npm installed?)');
}

export function checkPlaywrightCore() {
  let v;
  try {
    v = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'playwright-core', 'package.json'), 'utf8')).version;
  } catch {
    throw new StepError('install', 'playwright-core is not installed: run `npm ci` first');
  }
  if (v !== PLAYWRIGHT_CORE_VERSION) {
    throw new StepError(
      'install',
      `playwright-core ${v} is installed but the harness pins ${PLAYWRIGHT_CORE_VERSION} (scripts/e2e/lib/versions.mjs, package.json): run \`npm ci\``,
    );
  }
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return null; // no dpkg: not Debian
  return r.status === 0 && r.stdout.includes('install ok installed');
}

async function ensureAptPackages() {
  const missing = [];
  for (const pkg of APT_PACKAGES) {
    const ok = dpkgInstalled(pkg);
    if (ok === null) {
      // Not a Debian system: we can only check for the browser and hope the headers are there.
      if (!fs.existsSync(CHROMIUM_PATH))
        throw new StepError(
          'install',
          `no dpkg here and no ${CHROMIUM_PATH}: install Chromium and Kerberos headers (${APT_PACKAGES.join(', ')} on Debian) yourself`,
        );
      return 'not Debian; found ' + CHROMIUM_PATH;
    }
    if (!ok) missing.push(pkg);
  }
  if (!missing.length && fs.existsSync(CHROMIUM_PATH)) return 'present';
  if (!missing.length) missing.push('chromium');
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new StepError(
      'install',
      `missing Debian packages: ${missing.join(', ')}. We are not root, so install them yourself:\n    sudo sh -c '${cmd}'`,
    );
  }
  const log = logPath('install-apt.log');
  console.log(`[e2e]   apt-get install ${missing.join(' ')} (log: ${rel(log)})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { env, log, step: 'install (apt-get update)' });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, log, step: 'install (apt-get install)' });
  return 'installed ' + missing.join(' ');
}

/** Directory of the Node 24 distribution (bin/node, include/node), or null. */
export function node24Dir() {
  for (const dir of node24Candidates()) if (fs.existsSync(path.join(dir, 'bin', 'node'))) return dir;
  return null;
}

export function node24Bin() {
  const dir = node24Dir();
  return dir && path.join(dir, 'bin', 'node');
}

function nodeVersionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function ensureNode24() {
  const stamp = readStamp();
  const bin = node24Bin();
  if (stamp.node === NODE_VERSION && stamp.layout === CACHE_LAYOUT && bin && nodeVersionOf(bin) === `v${NODE_VERSION}`) return 'present';
  const log = logPath('install-node.log');
  console.log(`[e2e]   npm install node@${NODE_VERSION} into ${rel(NODE_PREFIX)} (log: ${rel(log)})`);
  fs.rmSync(NODE_PREFIX, { recursive: true, force: true });
  fs.mkdirSync(NODE_PREFIX, { recursive: true });
  fs.writeFileSync(path.join(NODE_PREFIX, 'package.json'), JSON.stringify({ name: 'e2e-node', private: true }) + '\n');
  await runLogged(
    process.execPath,
    [npmCli(), 'install', '--prefix', NODE_PREFIX, '--no-save', '--no-audit', '--no-fund', `node@${NODE_VERSION}`],
    { cwd: NODE_PREFIX, env: cleanNpmEnv(), log, step: 'install (Node 24)' },
  );
  const got = node24Bin();
  const v = got && nodeVersionOf(got);
  if (v !== `v${NODE_VERSION}`)
    throw new StepError('install (Node 24)', `expected Node v${NODE_VERSION} under ${rel(NODE_PREFIX)}, found ${v ?? 'nothing'}`, log);
  if (!fs.existsSync(path.join(node24Dir(), 'include', 'node', 'node.h')))
    throw new StepError('install (Node 24)', `Node ${NODE_VERSION} has no headers under include/node`, log);
  writeStamp({ layout: CACHE_LAYOUT, node: NODE_VERSION, platform: wantedStamp().platform });
  return 'installed';
}

function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CODE_SERVER_PREFIX, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

async function ensureCodeServer() {
  const stamp = readStamp();
  if (
    stamp.codeServer === CODE_SERVER_VERSION &&
    stamp.node === NODE_VERSION &&
    fs.existsSync(CODE_SERVER_ENTRY) &&
    codeServerVersion() === CODE_SERVER_VERSION
  )
    return 'present';
  const log = logPath('install-code-server.log');
  console.log(
    `[e2e]   npm install code-server@${CODE_SERVER_VERSION} into ${rel(CODE_SERVER_PREFIX)} with Node ${NODE_VERSION} (3-4 minutes; log: ${rel(log)})`,
  );
  writeStamp({ codeServer: null });
  fs.rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  fs.writeFileSync(path.join(CODE_SERVER_PREFIX, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }) + '\n');
  const dir = node24Dir();
  const env = cleanNpmEnv({
    PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: dir, // compile native modules against Node 24's headers, not the system Node's
  });
  await runLogged(
    path.join(dir, 'bin', 'node'),
    [npmCli(), 'install', '--prefix', CODE_SERVER_PREFIX, '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CODE_SERVER_PREFIX, env, log, step: 'install (code-server)' },
  );
  if (!fs.existsSync(CODE_SERVER_ENTRY) || codeServerVersion() !== CODE_SERVER_VERSION)
    throw new StepError(
      'install (code-server)',
      `code-server ${CODE_SERVER_VERSION} is not at ${rel(CODE_SERVER_ENTRY)} after npm install`,
      log,
    );
  writeStamp(wantedStamp());
  return 'installed';
}

/** Installs whatever is missing; prints one line per tool and returns the paths the other steps need. */
export async function ensureTools() {
  checkPlaywrightCore();
  const apt = await phase('install: Debian packages', ensureAptPackages, { log: logPath('install-apt.log') });
  console.log(`[e2e]   ${APT_PACKAGES.join(', ')}: ${apt}`);
  const node = await phase(`install: Node ${NODE_VERSION}`, ensureNode24, { log: logPath('install-node.log') });
  console.log(`[e2e]   Node ${NODE_VERSION}: ${node}`);
  const cs = await phase(`install: code-server ${CODE_SERVER_VERSION}`, ensureCodeServer, { log: logPath('install-code-server.log') });
  console.log(`[e2e]   code-server ${CODE_SERVER_VERSION}: ${cs}`);
  return { node24: node24Bin(), codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM_PATH };
}
