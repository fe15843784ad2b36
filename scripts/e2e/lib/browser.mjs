// Steps 4 and 5: Debian's Chromium driven by playwright-core against the code-server workbench.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './versions.mjs';
import { ROOT, RUNS } from './paths.mjs';
import { StepError, isAlive, killGroup, logPath, onCleanup, rel, waitFor } from './util.mjs';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser's own process: the one started by us whose command line names our fresh profile. */
function findBrowserPid(profile) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes(`--user-data-dir=${profile}`)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return null;
}

/**
 * Launches Chromium with a fresh profile. Browser console output and page errors go to the log.
 * Returns { context, page, pid, log, close() }.
 */
export async function launchBrowser(name, { width = 1280, height = 800 } = {}) {
  fs.mkdirSync(RUNS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(RUNS, `chromium-${name}-`));
  const log = logPath(`browser-${name}.log`);
  fs.writeFileSync(log, '');
  const write = (line) => fs.appendFileSync(log, line.endsWith('\n') ? line : line + '\n');
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width, height },
      deviceScaleFactor: 1,
      // we stop the browser ourselves, by its process id, together with the server
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60000,
    });
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw new StepError(`browser (${name})`, `could not launch ${CHROMIUM_PATH}: ${err.message}`, log);
  }
  const pid = findBrowserPid(profile);
  write(`chromium pid ${pid} profile ${profile}`);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    if (pid && isAlive(pid)) await killGroup(pid, 2000);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  const unregister = onCleanup(close);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => write(`[console.${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => write(`[pageerror] ${err.stack || err.message}`));
  page.on('crash', () => write('[crash] the page crashed'));
  return {
    context,
    page,
    pid,
    log,
    write,
    close: async () => {
      await close();
      unregister();
    },
  };
}

/**
 * Runs the extension-host test suite: opens the workbench with the test payload and waits for
 * window.codeAutomationExit(code, logs), which VS Code calls when the tests' run() settles.
 */
export async function runExtensionTests({ server, browser, folder, testsEntry, timeoutMs = 180000 }) {
  const { page } = browser;
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    resolveExit({ code, logs });
  });
  const url = server.workbenchUrl({
    folder,
    payload: [
      ['extensionDevelopmentPath', server.remoteUri(ROOT)],
      ['extensionTestsPath', server.remoteUri(testsEntry)],
    ],
  });
  browser.write(`open ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StepError(
            'extension-host suite',
            `no exit code from the extension host after ${timeoutMs / 1000} s (is the smoke-test driver on, and did the tests start?)`,
            browser.log,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const { code, logs } = await Promise.race([exited, timeout]);
    // Keep the window's own log files (renderer, extension host, ...) for post-mortems.
    const dir = logPath('workbench-logs');
    fs.rmSync(dir, { recursive: true, force: true });
    for (const l of Array.isArray(logs) ? logs : []) {
      if (!l?.relativePath) continue;
      const file = path.join(dir, l.relativePath.replace(/^(\.\.\/)+/, ''));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, l.contents ?? '');
    }
    return { code, logsDir: dir };
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the workbench on `folder` with `file` open in an editor, and waits until its text is rendered. */
export async function openWorkbench({ server, browser, folder, file }) {
  const { page } = browser;
  const url = server.workbenchUrl({ folder, payload: [['openFile', server.remoteUri(file)]] });
  browser.write(`open ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  const name = path.basename(file);
  await page.locator(`.tabs-container .tab[aria-label*="${name}"], .tabs-container .tab:has-text("${name}")`).first().waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.editor-instance .monaco-editor .view-lines .view-line').first().waitFor({ state: 'visible', timeout: 60000 });
  return page;
}

/**
 * Screen point at the middle of the first rendered occurrence of `phrase` in the editor (`.view-line`
 * spans; Monaco renders spaces as U+00A0), or null if no rendered line contains it.
 */
export async function locateInEditor(page, phrase, { at = 0.5 } = {}) {
  return page.evaluate(
    ({ phrase, at }) => {
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      const lines = document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line');
      for (const line of lines) {
        const text = norm(line.textContent ?? '');
        const idx = text.indexOf(phrase);
        if (idx < 0) continue;
        // map the character range onto text nodes
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const target = idx + Math.max(0, Math.min(phrase.length - 1, Math.floor(phrase.length * at)));
        let pos = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent.length;
          if (target < pos + len) {
            const range = document.createRange();
            range.setStart(node, target - pos);
            range.setEnd(node, target - pos + 1);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2, line: text };
          }
          pos += len;
        }
      }
      return null;
    },
    { phrase, at },
  );
}

/**
 * Moves the mouse onto `phrase` in the editor and waits for the hover widget to contain `expect`.
 * Re-hovers (away and back) while the widget shows something else, e.g. before the extension is active.
 */
export async function hoverPhrase(page, phrase, expect, { timeoutMs = 30000 } = {}) {
  const point = await waitFor(`"${phrase}" to be rendered in the editor`, () => locateInEditor(page, phrase), { timeoutMs: 20000, intervalMs: 200 });
  const hover = page.locator('.monaco-hover').filter({ hasText: expect }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(point.x - 40, point.y + 120);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1000, deadline - Date.now())) });
      return { hover, point, attempts: attempt };
    } catch (err) {
      if (Date.now() > deadline) {
        const shown = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
        throw new Error(`no hover containing ${JSON.stringify(expect)} over "${phrase}" after ${attempt} tries; hover widgets showed: ${JSON.stringify(shown)}`);
      }
    }
  }
}

export { rel };
