// Step 3: code-server on a free loopback port, with throw-away user data, extensions and config.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CODE_SERVER_ENTRY, ROOT, RUNS } from './paths.mjs';
import { StepError, isAlive, killGroup, logPath, onCleanup, recordOwner, rel, runLogged, waitFor } from './util.mjs';

/** Settings that keep a fresh profile quiet: no welcome page, no trust prompt, no network lookups. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.fontSize': 14,
  'workbench.colorTheme': 'Default Light Modern',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * With `--locale` alone, code-server resolves a display language only if a language pack for it is
 * installed (VS Code's own UI strings come from it); otherwise the workbench, and so
 * `vscode.env.language` in every extension host, stays English. Language packs come from the
 * marketplace, out of reach here, so this declares an empty one the way an installed pack is
 * recorded (`languagepacks.json` in the user data): VS Code's UI keeps its English strings, and
 * extensions load their `l10n/bundle.l10n.<locale>.json` and `package.nls.<locale>.json`.
 */
function declareLanguagePack(userData, runDir, locale) {
  const translations = path.join(runDir, `language-pack-${locale}`, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `e2e-${locale}`,
    label: locale,
    extensions: [{ extensionIdentifier: { id: `policy-lens-e2e.language-pack-${locale}` }, version: '1.0.0' }],
    translations: { vscode: translations },
  };
  fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({ [locale]: pack }, null, 2) + '\n');
}

export function extensionManifest() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return { id: `${pkg.publisher}.${pkg.name}`, folder: `${pkg.publisher}.${pkg.name}-${pkg.version}`, pkg };
}

/**
 * Installs a .vsix into `extensions` the way a user does (`code-server --install-extension`), and
 * checks that it landed as a folder of its own, unpacked from the package (its `.vsixmanifest`), not a
 * link to the repository. Returns that folder.
 */
async function installVsix({ node24, vsix, extensions, userData, config, log, env }) {
  await runLogged(
    node24,
    [CODE_SERVER_ENTRY, '--config', config, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
    { env: { ...process.env, ...env }, log, step: 'install the .vsix' },
  );
  const { folder, id } = extensionManifest();
  const installed = path.join(extensions, folder);
  const problem = !fs.existsSync(installed)
    ? `code-server did not install ${id} into ${rel(installed)}`
    : fs.lstatSync(installed).isSymbolicLink()
      ? `${rel(installed)} is a link, not an installed copy`
      : !fs.existsSync(path.join(installed, '.vsixmanifest'))
        ? `${rel(installed)} has no .vsixmanifest: not unpacked from ${rel(vsix)}`
        : null;
  if (problem) throw new StepError('install the .vsix', problem, log);
  return installed;
}

/**
 * Starts code-server. Options:
 *  - name: used for the run folder and the log file;
 *  - node24: the Node binary to run it with;
 *  - vsix: a packaged extension (.vsix) to install with `code-server --install-extension`, as a user
 *    installs it: the workbench then runs what ships, not the repository;
 *  - installExtension: instead, symlink the repository into the extensions folder (`npm run try`:
 *    the development build, with no packaging step);
 *  - extraExtensions: folders of other extensions (a package.json each) to symlink there too;
 *  - env: extra environment (the extension host inherits it);
 *  - settings: user settings added to USER_SETTINGS;
 *  - port: a fixed port instead of a free one; keep: leave the run folder (user data) behind;
 *  - workspaceTrust: keep VS Code's workspace trust on, with no prompt: a folder opens untrusted, in Restricted Mode;
 *  - locale: the display language (code-server `--locale`), e.g. `ja`; extensions get it as `vscode.env.language`.
 * With `vsix` or `installExtension`, the extension host gets POLICY_LENS_E2E_EXTENSION_PATH, the
 * folder the extension was installed to (test/e2e/extension-under-test.ts asserts that it runs from there).
 * Returns { port, origin, pid, log, runDir, extensionPath, remoteUri(p), workbenchUrl({folder, payload}), stop() }.
 */
export async function startServer({
  name,
  node24,
  vsix,
  installExtension = false,
  extraExtensions = [],
  env = {},
  settings = {},
  keep = false,
  port: wantedPort,
  workspaceTrust = false,
  locale,
}) {
  fs.mkdirSync(RUNS, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(RUNS, `${name}-`));
  const userData = path.join(runDir, 'user-data');
  const extensions = path.join(runDir, 'extensions');
  const home = path.join(runDir, 'home');
  for (const d of [path.join(userData, 'User'), extensions, home]) fs.mkdirSync(d, { recursive: true });
  const trust = workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
      }
    : {};
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...trust, ...settings }, null, 2) + '\n',
  );
  if (locale) declareLanguagePack(userData, runDir, locale);
  for (const dir of extraExtensions) {
    const { publisher, name: id, version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    fs.symlinkSync(dir, path.join(extensions, `${publisher}.${id}-${version}`), 'dir');
  }
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const log = logPath(`server-${name}.log`);
  fs.writeFileSync(log, '');
  // keep code-server's own files (default config, coder-logs) out of the real home
  const ownDirs = {
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  let extensionPath;
  if (vsix) {
    try {
      extensionPath = await installVsix({ node24, vsix, extensions, userData, config, log, env: ownDirs });
    } catch (err) {
      if (!keep) fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
      throw err;
    }
  } else if (installExtension) {
    extensionPath = path.join(extensions, extensionManifest().folder);
    fs.symlinkSync(ROOT, extensionPath, 'dir');
  }
  if (extensionPath) env = { POLICY_LENS_E2E_EXTENSION_PATH: extensionPath, ...env };

  const port = wantedPort || (await freePort());
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(locale ? ['--locale', locale] : []),
    '--disable-getting-started-override',
    '--config',
    config,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const out = fs.openSync(log, 'a');
  fs.writeSync(out, `$ ${node24} ${args.join(' ')}\n`);
  const child = spawn(node24, args, {
    cwd: runDir,
    detached: true, // its own process group, so stopping it stops its extension host and helpers too
    stdio: ['ignore', out, out],
    env: { ...process.env, ...ownDirs, ...env },
  });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid) recordOwner(runDir, pid);
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(pid);
    if (!keep) fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const unregister = onCleanup(stop);

  const origin = `http://127.0.0.1:${port}`;
  try {
    if (!pid) throw new Error(`could not start ${node24}`);
    await waitFor(
      `code-server to answer on ${origin}/healthz`,
      async () => {
        if (exited !== null) throw new StepError('server start', `code-server exited early with ${exited}`, log);
        const res = await fetch(`${origin}/healthz`).catch(() => null);
        return res?.ok;
      },
      { timeoutMs: 60000, intervalMs: 100 },
    ).catch((err) => {
      throw err instanceof StepError ? err : new StepError('server start', err.message, log);
    });
    // The payload (extension tests, files to open) is honoured only with the smoke-test driver; make sure the option reached VS Code.
    const html = await (await fetch(`${origin}/`)).text();
    if (!/enableSmokeTestDriver(&quot;|")\s*:\s*true/.test(html)) {
      throw new StepError(
        'server start',
        'code-server did not pass --vscode-option enable-smoke-test-driver to VS Code (developmentOptions.enableSmokeTestDriver is not true in the page)',
        log,
      );
    }
  } catch (err) {
    await stop();
    unregister();
    throw err instanceof StepError ? err : new StepError('server start', err.message, log);
  }

  const remoteUri = (p) => `vscode-remote://127.0.0.1:${port}${encodeURI(path.resolve(p))}`;
  const workbenchUrl = ({ folder, payload } = {}) => {
    const q = new URLSearchParams();
    if (folder) q.set('folder', path.resolve(folder));
    if (payload) q.set('payload', JSON.stringify(payload));
    const s = q.toString();
    return `${origin}/${s ? `?${s}` : ''}`;
  };
  return {
    port,
    origin,
    pid,
    log,
    runDir,
    extensionPath,
    remoteUri,
    workbenchUrl,
    alive: () => isAlive(pid) && exited === null,
    stop: async () => {
      await stop();
      unregister();
    },
    describe: () => `code-server pid ${pid} on ${origin} (log: ${rel(log)})`,
  };
}
