#!/usr/bin/env node
// npm run test:e2e — the extension's tests inside a real VS Code (code-server), driven by Chromium.
//   1. install what is missing (Node 24, code-server, chromium, libkrb5-dev)   lib/install.mjs
//   2. build, and package the .vsix as `npm run package` does (production build), once  lib/build.mjs
//   3. start code-server on a free loopback port with throw-away user data;    lib/server.mjs
//      for the suites that test what ships, `code-server --install-extension policy-lens-<version>.vsix`
//   4. run the extension-host Mocha suite (test/e2e) on the fixture workspace  lib/browser.mjs
//      4a. against the installed .vsix: every test file that needs no test hooks
//      4b. against the repository's development build: the files that read its test hooks
//      4c. Restricted Mode (*.untrusted.ts), development build
//      4d. the Japanese display language (*.ja.ts), against the installed .vsix where no file needs the hooks
//   5. UI checks on the real workbench, the .vsix installed: every scripts/e2e/ui/NN-*.mjs (screenshots
//      in .cache/e2e/images/; `--update-docs`, as `npm run docs:images` passes, writes them to docs/images/)
//   5b. the web suite, the .vsix installed: the browser entry in the Web Worker extension host
//       (scripts/e2e/web/), then UI modules again
//   6. stop the server and the browser by their process ids (also on failure and Ctrl-C)
// Prints "N passed, N failed" last and exits non-zero on any failure. Logs: .cache/e2e/logs/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureTools } from './lib/install.mjs';
import { build, buildAndPackage } from './lib/build.mjs';
import { extensionManifest, startServer } from './lib/server.mjs';
import * as browserLib from './lib/browser.mjs';
import { launchBrowser, openWorkbench, runExtensionTests } from './lib/browser.mjs';
import { FIXTURE_WORKSPACE, IMAGES, LOGS, QUARTO_STUB_EXTENSION, ROOT, RUNS, TESTS_ENTRY, UNTRUSTED_WORKSPACE } from './lib/paths.mjs';
import { StepError, cleanupAll, reapStaleRuns, logPath, phase, printTimings, rel } from './lib/util.mjs';

/**
 * Each suite works on a fresh copy of the fixture workspace: code-server saves edits on its own,
 * and a check that edits a draft must never change the fixture in the repository.
 */
function copyOfFixtures(name, fixture = FIXTURE_WORKSPACE) {
  const dir = path.join(RUNS, `workspace-${name}-${process.pid}`, 'workspace');
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}
/** UI check modules, run in name order in one workbench session (see ui/context.mjs). */
const UI_CHECKS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');
/**
 * `--only a,b`: a developer's partial run, only the extension-host test files and UI check modules
 * whose names contain a or b. The closing line says so; CI and `npm test` never pass it.
 */
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg >= 0 ? (process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean) : null;
const selected = (name) => !ONLY || ONLY.some((o) => name.includes(o));
let passed = 0;
let failed = 0;
const problems = [];

function fail(step, message, log) {
  failed += 1;
  problems.push({ step, message, log });
  console.log(`[e2e] FAILED ${step}: ${message.split('\n')[0]}`);
  if (log) {
    console.log(`[e2e]   log: ${rel(log)}`);
    // CI keeps only what we print: show the end of the log too (the suite's own report is already printed)
    if (!path.basename(log).startsWith('extension-host-') && fs.existsSync(log)) {
      const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-25);
      console.log(`[e2e]   last lines of ${rel(log)}:`);
      for (const line of tail) console.log(`[e2e]   | ${line}`);
    }
  }
}

/** Prints what the extension host appends to the report file while the suite runs. */
function follow(file) {
  let pos = 0;
  const flush = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size > pos) {
        const buf = Buffer.alloc(size - pos);
        fs.readSync(fd, buf, 0, buf.length, pos);
        pos = size;
        process.stdout.write(buf.toString('utf8').replace(/^(?=.)/gm, '    '));
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(flush, 200);
  return () => {
    clearInterval(timer);
    flush();
  };
}

const E2E_TESTS = path.join(ROOT, 'test', 'e2e');
/**
 * Whether a test file reads the test hooks (`activeApiWithHooks`, `__test`) that only the development
 * build has: such a file cannot run against the production build the .vsix holds.
 */
const needsTestHooks = (file) => /\bactiveApiWithHooks\b|\b__test\b/.test(fs.readFileSync(path.join(E2E_TESTS, file), 'utf8'));

/**
 * The extension-host runs. Most test files run against the packaged extension, installed from the
 * .vsix; the files that need the test hooks, and Restricted Mode's (which do), against the
 * repository's development build; the Japanese display language files against the .vsix unless one
 * of them needs the hooks. `files` are the test/e2e/*.ts files each runs, `--only` applied.
 */
function hostSuites() {
  const all = fs.readdirSync(E2E_TESTS).sort();
  const tests = all.filter((f) => f.endsWith('.test.ts') && selected(f));
  const ja = all.filter((f) => f.endsWith('.ja.ts') && selected(f));
  return [
    { name: 'vsix', title: 'extension-host suite, the installed .vsix', vsix: true, files: tests.filter((f) => !needsTestHooks(f)) },
    { name: 'tests', title: 'extension-host suite, development build (test hooks)', files: tests.filter(needsTestHooks) },
    {
      name: 'untrusted',
      title: 'extension-host suite, untrusted workspace',
      untrusted: true,
      files: all.filter((f) => f.endsWith('.untrusted.ts') && selected(f)),
    },
    {
      name: 'ja',
      title: 'extension-host suite, Japanese display language',
      locale: 'ja',
      vsix: ja.every((f) => !needsTestHooks(f)),
      files: ja,
    },
  ];
}

/**
 * What VS Code loads as the extension under development when the tests must run against the
 * installed .vsix: a manifest with another id and no code. The test runner needs some development
 * extension; the repository itself would replace the installed copy (same id).
 */
function testRunnerStandIn(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: 'policy-lens-e2e-runner', publisher: 'policy-lens', version: '0.0.0', engines: { vscode: '*' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return dir;
}

/**
 * The chosen extension-host test files in a workbench on a copy of the fixture workspace: against
 * the installed .vsix with `vsix`, else against the repository; with `untrusted`, in a workbench with
 * workspace trust on and a copy of test/e2e/fixtures/untrusted that it never trusts (Restricted Mode);
 * with `locale`, in a workbench whose display language it is (`--locale ja`).
 */
async function extensionHostSuite(tools, { name, title, vsix = false, untrusted = false, locale, files }, packaged) {
  const report = logPath(`extension-host-${name}.log`);
  fs.rmSync(report, { force: true });
  fs.rmSync(`${report}.json`, { force: true });
  const server = await phase(`server start (${title})`, () =>
    startServer({
      name,
      node24: tools.node24,
      workspaceTrust: untrusted,
      // The quarto and rmd languages, as the Quarto and R extensions contribute them (test/e2e/quarto.test.ts).
      extraExtensions: untrusted || locale ? [] : [QUARTO_STUB_EXTENSION],
      locale,
      ...(vsix ? { vsix: packaged } : {}),
      env: {
        POLICY_LENS_E2E_REPORT: report,
        POLICY_LENS_E2E_FILES: files.map((f) => f.replace(/\.ts$/, '.js')).join(','),
        ...(vsix ? { POLICY_LENS_E2E_EXPECT: 'vsix' } : {}),
      },
    }),
  );
  console.log(`[e2e]   ${server.describe()}${vsix ? `, ${rel(packaged)} installed in ${rel(server.extensionPath)}` : ''}`);
  const browser = await launchBrowser(name);
  const stop = follow(report);
  try {
    const folder = copyOfFixtures(name, untrusted ? UNTRUSTED_WORKSPACE : FIXTURE_WORKSPACE);
    const developmentPath = vsix ? testRunnerStandIn(path.join(server.runDir, 'test-runner')) : ROOT;
    const { code, logsDir } = await runExtensionTests({ server, browser, folder, testsEntry: TESTS_ENTRY, developmentPath });
    stop();
    let summary = null;
    try {
      summary = JSON.parse(fs.readFileSync(`${report}.json`, 'utf8'));
    } catch {
      /* reported below */
    }
    if (!summary) {
      fail(title, `the suite reported no results (exit code ${code}); VS Code's window logs are in ${rel(logsDir)}`, browser.log);
      return;
    }
    passed += summary.passed;
    failed += summary.failed;
    for (const t of summary.tests.filter((t) => t.state === 'failed')) problems.push({ step: title, message: t.title, log: report });
    if (summary.passed + summary.failed === 0) fail(title, 'no test ran', report);
    else if (code !== 0 && summary.failed === 0)
      fail(title, `the extension host exited with ${code} although no test failed; window logs: ${rel(logsDir)}`, browser.log);
  } finally {
    stop();
    await browser.close();
    await server.stop();
  }
}

/**
 * A UI suite: its own code-server, browser and copy of the fixtures; `before` modules first, then
 * the selected scripts/e2e/ui/ modules, each from a reset workbench.
 */
async function uiChecks(tools, { name: suiteName, title, settings = {}, before = [], modules, images }, packaged) {
  const workspace = copyOfFixtures(suiteName);
  const draft = path.join(workspace, 'draft.md');
  const server = await phase(`server start (${title})`, () =>
    startServer({ name: suiteName, node24: tools.node24, vsix: packaged, settings }),
  );
  console.log(`[e2e]   ${server.describe()}, ${rel(packaged)} installed in ${rel(server.extensionPath)}`);
  const browser = await launchBrowser(suiteName);
  const checks = [];
  // A failed check skips the rest of its module (its later steps build on it), not the next module:
  // each module starts from a reset workbench.
  let moduleStart = 0;
  const check = async (name, fn) => {
    if (checks.slice(moduleStart).some((c) => !c.ok)) {
      fail(`UI: ${name}`, 'not run: an earlier check of its module failed');
      checks.push({ name, ok: false });
      return;
    }
    const t0 = performance.now();
    try {
      await fn();
      passed += 1;
      checks.push({ name, ok: true });
      console.log(`    ✔ ${name} (${Math.round(performance.now() - t0)} ms)`);
    } catch (err) {
      checks.push({ name, ok: false });
      const shot = logPath(`${suiteName}-failure-${checks.length}.png`);
      await browser.page.screenshot({ path: shot }).catch(() => {});
      console.log(`    ✘ ${name}`);
      // Playwright's call log says what it was waiting for; CI keeps only what is printed.
      const detail = String(err.message)
        .split('\n')
        .slice(1)
        .filter((line) => line.trim())
        .slice(0, 8);
      for (const line of [...detail, ...(await browserLib.describeWorkbench(browser.page))]) console.log(`      | ${line.trim()}`);
      fail(`UI: ${name}`, `${err.message} (screenshot: ${rel(shot)})`, browser.log);
    }
  };
  try {
    console.log(`    ${title}`);
    await check('the workbench opens the fixture draft in an editor', async () => {
      await openWorkbench({ server, browser, folder: workspace, file: draft });
    });
    const context = { check, page: browser.page, browser, server, workspace, draft, images, rel, lib: browserLib };
    for (const file of before) await (await import(pathToFileURL(file).href)).default(context);
    for (const file of modules) {
      const { default: run } = await import(pathToFileURL(path.join(UI_CHECKS, file)).href);
      moduleStart = checks.length;
      // Each module starts from the same workbench state, not from what the previous one left.
      await check(`${file}: the workbench starts from the draft alone, Explorer shown`, () =>
        browserLib.resetWorkbench({ server, browser, folder: workspace, file: draft }),
      );
      await run(context);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** UI check modules in scripts/e2e/ui/, in name order, that `--only` selects. */
const uiModules = () =>
  fs
    .readdirSync(UI_CHECKS)
    .filter((f) => /^\d+-.*\.mjs$/.test(f) && selected(f))
    .sort();

/**
 * The web suite: the `browser` entry in the browser's Web Worker extension host. The user setting
 * `remote.extensionKind` makes code-server's workbench run the installed extension there instead of
 * in the server's Node extension host. web/extension-host.mjs proves where it runs and that the
 * analysis Web Worker works, then the UI modules for what must work on vscode.dev (hover, highlighting,
 * the tree, completion; the checks and navigation too) run again there; their screenshots go to the
 * logs, never docs/images. Not the preview: the Markdown extension that loads its plugin runs on the server.
 */
const WEB_MODULES = ['10-hover', '20-highlight', '30-tree', '40-citations', '50-checks', '55-navigation'];
function webSuite() {
  const modules = fs
    .readdirSync(UI_CHECKS)
    .filter((f) => WEB_MODULES.some((m) => f.startsWith(m)) && (ONLY?.includes('web') || selected(f)))
    .sort();
  const { id } = extensionManifest();
  return {
    name: 'web',
    title: 'UI checks, extension in the web worker extension host',
    settings: { 'remote.extensionKind': { [id]: ['web'] } },
    before: [path.join(path.dirname(UI_CHECKS), 'web', 'extension-host.mjs')],
    modules,
    images: logPath('web-images'),
  };
}

async function main() {
  const t0 = performance.now();
  // A partial run skips a suite it selects nothing of (`--only web`: the web suite alone).
  const hosts = hostSuites().filter((suite) => suite.files.length > 0);
  const web = webSuite();
  const uis = [{ name: 'ui', title: 'UI checks', modules: uiModules(), images: IMAGES }, web].filter(
    (suite) => !ONLY || suite.modules.length > 0 || (suite === web && ONLY.includes('web')),
  );
  // Packaged once per run, for every suite that installs it.
  const needsPackage = uis.length > 0 || hosts.some((suite) => suite.vsix);
  let tools;
  let packaged;
  try {
    await reapStaleRuns(RUNS);
    tools = await ensureTools();
    if (needsPackage) packaged = await phase('build and package', () => buildAndPackage(), { log: logPath('build.log') });
    else await phase('build', () => build(), { log: logPath('build.log') });
  } catch (err) {
    fail(err.step ?? 'setup', err.message, err.log);
    return;
  }
  for (const suite of hosts) {
    try {
      await phase(suite.title, () => extensionHostSuite(tools, suite, packaged), { log: logPath(`extension-host-${suite.name}.log`) });
    } catch (err) {
      fail(err.step ?? suite.title, err.message, err.log);
    }
  }
  for (const suite of uis) {
    try {
      await phase(suite.title, () => uiChecks(tools, suite, packaged), { log: logPath(`browser-${suite.name}.log`) });
    } catch (err) {
      fail(err.step ?? suite.title, err.message, err.log);
    }
  }
  console.log(`[e2e] total ${((performance.now() - t0) / 1000).toFixed(1)} s; logs in ${rel(LOGS)}`);
}

try {
  await main();
} catch (err) {
  fail(err instanceof StepError ? err.step : 'harness', err.stack || String(err), err.log);
} finally {
  await cleanupAll();
}
printTimings();
if (problems.length) {
  console.log('[e2e] failures:');
  for (const p of problems) console.log(`[e2e]   ${p.step}: ${p.message.split('\n')[0]}${p.log ? ` (log: ${rel(p.log)})` : ''}`);
}
if (ONLY) console.log(`[e2e] partial run (--only ${ONLY.join(',')}): not the full suite`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
