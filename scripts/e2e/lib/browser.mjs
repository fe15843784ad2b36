// Steps 4 and 5: Debian's Chromium driven by playwright-core against the code-server workbench.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './versions.mjs';
import { ROOT, RUNS } from './paths.mjs';
import { StepError, isAlive, killGroup, logPath, onCleanup, recordOwner, rel, waitFor } from './util.mjs';

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
/**
 * How long the workbench page may take to load: its script is 19 MB, which code-server compresses
 * afresh for every new server, and on a busy 2-core machine that alone took over 30 s.
 */
const PAGE_LOAD_MS = 120000;

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
  recordOwner(profile, pid);
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
 * `developmentPath` is the extension under development that VS Code loads over an installed one of
 * the same id: the repository by default; a stand-in with another id leaves the installed one in place.
 */
export async function runExtensionTests({ server, browser, folder, testsEntry, developmentPath = ROOT, timeoutMs = 600000 }) {
  const { page } = browser;
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    resolveExit({ code, logs });
  });
  const url = server.workbenchUrl({
    folder,
    payload: [
      ['extensionDevelopmentPath', server.remoteUri(developmentPath)],
      ['extensionTestsPath', server.remoteUri(testsEntry)],
    ],
  });
  browser.write(`open ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_MS });
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

/**
 * Opens the workbench on `folder` with `file` open in an editor, and waits until its text is rendered
 * and the editor knows the file's language (for .md: "Markdown" in the status bar).
 */
export async function openWorkbench({ server, browser, folder, file, language = file.endsWith('.md') ? 'Markdown' : undefined }) {
  const { page } = browser;
  const url = server.workbenchUrl({ folder, payload: [['openFile', server.remoteUri(file)]] });
  browser.write(`open ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_MS });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  const name = path.basename(file);
  await page
    .locator(`.tabs-container .tab[aria-label*="${name}"], .tabs-container .tab:has-text("${name}")`)
    .first()
    .waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.editor-instance .monaco-editor .view-lines .view-line').first().waitFor({ state: 'visible', timeout: 60000 });
  if (language) {
    await page.locator('[id="status.editor.mode"]').filter({ hasText: language }).waitFor({ state: 'visible', timeout: 60000 });
  }
  return page;
}

/**
 * Screen point at the middle of the first rendered occurrence of `phrase` in the editor (within the
 * first occurrence of `context`, when given, to pick one occurrence among several), or null if it
 * is not on screen. Reads Monaco's `.view-line` spans in their visual order (top to bottom) and
 * joins them, so a phrase that word wrap splits over two visual lines is still found; Monaco renders
 * spaces as U+00A0.
 */
export async function locateInEditor(page, phrase, { at = 0.5, context = phrase } = {}) {
  return page.evaluate(
    ({ phrase, at, context }) => {
      const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')]
        .map((el) => ({ el, top: el.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top);
      const pieces = []; // [textNode, startInJoined]
      let joined = '';
      for (const { el } of lines) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          pieces.push([node, joined.length]);
          joined += node.textContent.replace(/\u00a0/g, ' ');
        }
      }
      const ctx = joined.indexOf(context);
      if (ctx < 0) return null;
      const idx = ctx + context.indexOf(phrase);
      const target = idx + Math.max(0, Math.min(phrase.length - 1, Math.floor(phrase.length * at)));
      for (let i = pieces.length - 1; i >= 0; i--) {
        const [node, start] = pieces[i];
        if (start <= target) {
          const range = document.createRange();
          range.setStart(node, target - start);
          range.setEnd(node, target - start + 1);
          const r = range.getClientRects()[0] ?? range.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          // only a point the user could actually put the mouse on: inside the editor's visible area
          const box = node.parentElement.closest('.monaco-editor').getBoundingClientRect();
          if (r.width === 0 || x < box.left || x > box.right || y < box.top || y > box.bottom) return null;
          return { x, y };
        }
      }
      return null;
    },
    { phrase, at, context },
  );
}

/**
 * The background and underline of the decoration drawn under a point of the editor, if any. Monaco
 * draws our decorations as `.cdr` boxes with generated `ced-*` classes in the line's overlay layer.
 */
export function decorationAt(page, point) {
  return page.evaluate(({ x, y }) => {
    for (const el of document.querySelectorAll('.editor-instance .monaco-editor .view-overlays .cdr[class*="ced-"]')) {
      const r = el.getBoundingClientRect();
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, border: `${s.borderBottomStyle} ${s.borderBottomColor}` };
      }
    }
    return null;
  }, point);
}

/**
 * Moves the mouse onto `phrase` in the editor and waits for the hover widget to contain `expect`.
 * Re-hovers (away and back) while the widget shows something else, e.g. before the extension is active.
 */
export async function hoverPhrase(page, phrase, expect, { timeoutMs = 30000, context = phrase } = {}) {
  if (!context.includes(phrase)) throw new Error(`${JSON.stringify(phrase)} is not inside its context ${JSON.stringify(context)}`);
  const hover = page.locator('.monaco-hover').filter({ hasText: expect }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    // Located afresh each time: the editor may still be laying out (word wrap, side bars).
    const point = await waitFor(`"${phrase}" to be visible in the editor`, () => locateInEditor(page, phrase, { context }), {
      timeoutMs: Math.max(1000, deadline - Date.now()),
      intervalMs: 200,
    });
    await page.mouse.move(point.x - 40, point.y + 120);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: Math.min(2500, Math.max(1000, deadline - Date.now())) });
      return { hover, point, attempts: attempt };
    } catch {
      if (Date.now() > deadline) {
        const shown = await page
          .locator('.monaco-hover')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(
          `no hover containing ${JSON.stringify(expect)} over "${phrase}" after ${attempt} tries; hover widgets showed: ${JSON.stringify(shown)}`,
        );
      }
    }
  }
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
export async function widenSideBar(page, width) {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  const sash = await page.evaluate((edge) => {
    for (const el of document.querySelectorAll('.monaco-sash.vertical')) {
      const r = el.getBoundingClientRect();
      if (r.height > 200 && Math.abs(r.left + r.width / 2 - edge) < 6) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, edge);
  if (!sash) throw new Error(`no sash at the side bar's edge (x = ${edge})`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x + (width - box.width) / 2, sash.y, { steps: 4 });
  await page.mouse.move(sash.x + (width - box.width), sash.y, { steps: 4 });
  await page.mouse.up();
  // Off the sash, so it is not drawn highlighted in a screenshot.
  await page.mouse.move(5, 5);
}

/** Expands or collapses a side-bar pane (Explorer's folder, Outline, a view) by the start of its header's title. */
export async function setPaneExpanded(page, title, expanded) {
  const header = page
    .locator('.part.sidebar .pane-header')
    .filter({ hasText: new RegExp(`^\\s*${title}`, 'i') })
    .first();
  await header.waitFor({ state: 'visible', timeout: 10000 });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await page.waitForFunction(
    ({ el, expanded }) => el.getAttribute('aria-expanded') === String(expanded),
    { el: await header.elementHandle(), expanded },
    { timeout: 10000 },
  );
}

/**
 * Opens the quick input with F1 and types `text` into it. The workbench closes the quick input when
 * focus moves elsewhere (an editor finishing its restore after a reload, a view taking focus), and on
 * a loaded machine that can happen between the key press and the typing: then the input is hidden
 * and typing waits for nothing. So each attempt checks that the widget is still open with `text` in
 * it, and a closed widget is opened again (up to three times). Returns the input's locator.
 */
export async function openQuickInput(page, text) {
  const widget = page.locator('.quick-input-widget');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  let reason = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(text, { timeout: 5000 });
      if ((await widget.isVisible()) && (await input.inputValue()) === text) return input;
      reason = 'the quick input closed right after it was filled';
    } catch (err) {
      reason = err.message.split('\n')[0];
    }
    console.log(`      (quick input for "${text}", attempt ${attempt}: ${reason}; focus was on ${await focusedElement(page)})`);
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not type "${text}" into the quick input in three attempts: ${reason}`);
}

/** A short description of the focused element, for messages. */
async function focusedElement(page) {
  return page
    .evaluate(() => {
      const el = document.activeElement;
      if (!el) return 'nothing';
      const cls = typeof el.className === 'string' ? el.className.split(' ').filter(Boolean).slice(0, 3).join('.') : '';
      return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label').slice(0, 60)}"` : ''}`;
    })
    .catch((err) => `unknown (${err.message.split('\n')[0]})`);
}

/**
 * What the workbench shows at a failure, in a few lines for the CI log (which keeps only what is
 * printed): the focused element, the active tab, an open quick input, dialog or notifications.
 */
export async function describeWorkbench(page) {
  try {
    const facts = await page.evaluate(() => {
      const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);
      const quick = document.querySelector('.quick-input-widget');
      const dialog = document.querySelector('.monaco-dialog-box');
      return {
        activeTab: document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? 'none',
        tabs: document.querySelectorAll('.tabs-container .tab').length,
        quickInput: visible(quick)
          ? `open, value "${quick.querySelector('input')?.value ?? ''}", rows: ${[...quick.querySelectorAll('.monaco-list-row')].slice(0, 3).map(text).join(' | ')}`
          : 'closed',
        dialog: visible(dialog) ? text(dialog) : 'none',
        notifications: [...document.querySelectorAll('.notification-toast')].filter(visible).map(text).join(' | ') || 'none',
        hover: [...document.querySelectorAll('.monaco-hover')].filter(visible).map(text).join(' | ') || 'none',
      };
    });
    return [
      `focus: ${await focusedElement(page)}`,
      `active tab: ${facts.activeTab} (${facts.tabs} tabs)`,
      `quick input: ${facts.quickInput}`,
      `dialog: ${facts.dialog}`,
      `notifications: ${facts.notifications}`,
      `hover: ${facts.hover}`,
    ];
  } catch (err) {
    return [`(could not read the workbench: ${err.message.split('\n')[0]})`];
  }
}

/**
 * Runs a command from the palette (F1) by its title, waiting until the palette closes again or the
 * command's own quick pick replaces it.
 */
export async function runCommand(page, title) {
  const input = await openQuickInput(page, `>${title}`);
  // The row whose label is exactly the title when there is one: "View: Close Editor" must not run a
  // recently used "View: Close Editors in Other Groups" listed first. Otherwise the first row that
  // contains it ("View: Focus Problems" is listed with "(Errors, Warnings, Infos)" after it).
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const loose = rows.filter({ hasText: title }).first();
  await loose.waitFor({ state: 'visible', timeout: 10000 });
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: exactly(title) }) }).first();
  await ((await exact.count()) > 0 ? exact : loose).click();
  // Done when the palette closes, or when the command has put its own quick pick in its place.
  await waitFor(
    `the palette to close after "${title}"`,
    async () => !(await page.locator('.quick-input-widget').isVisible()) || (await input.inputValue()) !== `>${title}`,
    { timeoutMs: 10000, intervalMs: 50 },
  );
}

/** Opens a workspace file by name through Quick Open (F1 without the `>`), waiting until its tab is active. */
export async function openFileByName(page, name) {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first();
  // A loaded workbench can take the focus back (a late editor restore, a notification) and close
  // Quick Open between typing and the file list showing: try again, as a user would.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await openQuickInput(page, name);
    try {
      await row.waitFor({ state: 'visible', timeout: 10000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      console.log(`      (Quick Open for "${name}", attempt ${attempt}: no file row; focus was on ${await focusedElement(page)})`);
    }
  }
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible', timeout: 20000 });
}

/**
 * Puts the workbench in the state every UI check module starts from, whatever the previous module
 * left behind: a fresh load of the workspace with `file` open (no stray hover, quick input or
 * focus inside a webview), no other editor or editor group, the Explorer showing and the panel
 * hidden. Editor tabs and layout survive a reload in code-server, so they are reset by command.
 */
export async function resetWorkbench({ server, browser, folder, file }) {
  // This is the checks' setup, not a check: a reload that a loaded machine fumbles (focus moving
  // while the palette opens) gets one more try, said in the output.
  try {
    await resetOnce({ server, browser, folder, file });
  } catch (err) {
    console.log(`      (workbench reset failed, trying once more: ${err.message.split('\n')[0]})`);
    for (const line of await describeWorkbench(browser.page)) console.log(`      | ${line}`);
    await browser.page.keyboard.press('Escape');
    await resetOnce({ server, browser, folder, file });
  }
}

/**
 * Answers "Don't Save" for each editor a failed check left with unsaved changes (an untitled
 * draft): closing it asks, and the question would keep every later module from starting.
 */
async function dropUnsavedEditors(page) {
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ }).first();
  for (let i = 0; i < 5 && (await page.locator('.tabs-container .tab').count()) > 1; i++) {
    if (
      !(await dontSave.waitFor({ state: 'visible', timeout: 2000 }).then(
        () => true,
        () => false,
      ))
    )
      break;
    await dontSave.click();
  }
}

async function resetOnce({ server, browser, folder, file }) {
  const { page } = browser;
  await openWorkbench({ server, browser, folder, file });
  const name = path.basename(file);
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first().click();
  await runCommand(page, 'View: Close Editors in Other Groups');
  await runCommand(page, 'View: Close Other Editors in Group');
  await dropUnsavedEditors(page);
  if (!(await page.locator('.part.sidebar').first().isVisible())) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await runCommand(page, 'View: Show Explorer');
  if (await page.locator('.part.panel').first().isVisible()) await runCommand(page, 'View: Hide Panel');
  // A theme chosen in a check does not always survive the reload: the screenshots are taken in Light Modern.
  if ((await page.locator('.monaco-workbench.vs-dark').count()) > 0) await setColorTheme(page, 'Light Modern', 'vs:not(.vs-dark)');
  const tabs = await page.locator('.tabs-container .tab').count();
  if (tabs !== 1) throw new Error(`the workbench reset left ${tabs} editor tabs open, expected only ${name}`);
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).first().click();
}

/** A pattern that matches `text` whole and nothing longer. */
function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** Clicks the quick-pick row whose label is exactly `label`. */
export async function choose(page, label) {
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
  await row.first().click({ timeout: 10000 });
  // where the row was, the breadcrumbs would show a tooltip
  await page.mouse.move(5, 5);
}

/** Picks a colour theme through "Preferences: Color Theme" and waits for the workbench to wear it (`themeClass`, e.g. 'vs-dark'). */
export async function setColorTheme(page, name, themeClass) {
  // Not runCommand: the command opens a second quick pick at once, so the widget never hides.
  const input = await openQuickInput(page, '>Preferences: Color Theme');
  await choose(page, 'Preferences: Color Theme');
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: 'Light Modern' })
    .first()
    .waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(name);
  await choose(page, name);
  await page.locator(`.monaco-workbench.${themeClass}`).waitFor({ state: 'attached', timeout: 10000 });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
}

export { rel };
