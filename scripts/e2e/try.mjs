#!/usr/bin/env node
// npm run try — see the extension in a real VS Code (code-server) without installing anything by hand.
// Opens examples/ with the extension installed, opens a sample draft, hovers a reference, opens the
// extension's tree view when it has one, and saves screenshots under .cache/e2e/images/.
//   npm run try                 screenshots, then stop everything
//   npm run try -- --update-docs  the screenshots go to docs/images/ instead
//   npm run try -- --serve      also leave code-server running on loopback and print its URL (Ctrl-C stops it)
//   npm run try -- --serve --port 8080
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTools } from './lib/install.mjs';
import { build } from './lib/build.mjs';
import { extensionManifest, startServer } from './lib/server.mjs';
import { hoverPhrase, launchBrowser, locateInEditor, openWorkbench, setPaneExpanded, widenSideBar } from './lib/browser.mjs';
import { EXAMPLES, IMAGES, ROOT, RUNS } from './lib/paths.mjs';
import { StepError, cleanupAll, logPath, reapStaleRuns, phase, printTimings, rel, waitFor } from './lib/util.mjs';

const args = process.argv.slice(2);
const serve = args.includes('--serve');
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run try [-- [--update-docs] [--serve [--port N]]]');
  process.exit(0);
}

/** References the core finds in a draft (through the CLI the build produces), best hover targets first. */
function hoverTargets(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--json', file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const refs = JSON.parse(out).files[0]?.references ?? [];
  const rank = { agreement: 0, pillar: 1, country: 2 };
  return (
    refs
      .filter((r) => !r.candidates && r.start.line === r.end.line && r.text.length >= 5 && !lines[r.start.line - 1].includes('\t'))
      .sort((a, b) => rank[a.kind] - rank[b.kind] || a.start.offset - b.start.offset)
      // the line up to the reference's end picks this occurrence among others on screen
      .map((r) => ({ ...r, context: lines[r.start.line - 1].slice(Math.max(0, r.start.column - 81), r.end.column - 1) }))
  );
}

const shots = [];
async function shoot(page, name) {
  fs.mkdirSync(IMAGES, { recursive: true });
  const file = path.join(IMAGES, name);
  await page.screenshot({ path: file, animations: 'disabled' });
  shots.push(file);
  return file;
}

async function showTreeView(page) {
  const { pkg } = extensionManifest();
  const views = Object.values(pkg.contributes?.views ?? {}).flat();
  if (views.length === 0) {
    console.log('[e2e]   the extension contributes no tree view yet: no tree screenshot');
    return;
  }
  const nlsFile = path.join(ROOT, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
  const view = { ...views[0], name: views[0].name.replace(/^%(.+)%$/, (m, key) => nls[key] ?? m) };
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>Focus on ${view.name} View`);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ hasText: `Focus on ${view.name} View` })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
  const pane = page
    .locator('.pane')
    .filter({ has: page.locator('.pane-header', { hasText: view.name }) })
    .first();
  await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: 20000 });
  // Room for the tree: the folder's file list out of the way, a side bar wide enough for the descriptions.
  await setPaneExpanded(page, path.basename(EXAMPLES), false);
  await widenSideBar(page, 620);
  try {
    await pane.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 20000 });
  } catch {
    const shot = logPath('try-tree-empty.png');
    await page.screenshot({ path: shot, animations: 'disabled' });
    console.log(
      `[e2e]   WARNING: the tree view "${view.name}" opened but shows no items after 20 s; not saving try-tree.png (see ${rel(shot)})`,
    );
    return;
  }
  console.log(`[e2e]   opened the tree view "${view.name}": ${await pane.locator('.monaco-list-row').count()} rows shown`);
  return shoot(page, 'try-tree.png');
}

async function takeScreenshots(page, server, browser, draft, targets) {
  await openWorkbench({ server, browser, folder: EXAMPLES, file: draft });
  console.log(`[e2e]   opened ${rel(draft)}`);
  // hover the first reference that is on screen
  const target = await waitFor(
    'a reference to be visible in the editor',
    async () => {
      for (const t of targets) if (await locateInEditor(page, t.text, { context: t.context })) return t;
      return null;
    },
    { timeoutMs: 20000, intervalMs: 250 },
  );
  const { hover } = await hoverPhrase(page, target.text, target.label, { context: target.context });
  console.log(`[e2e]   hovered "${target.text}" (${target.kind} ${target.id}); the card says: ${(await hover.innerText()).split('\n')[0]}`);
  await shoot(page, 'try-hover.png');
  // the editor alone, now that the extension is active (its colours, once it has them)
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-hover').filter({ hasText: target.label }).first().waitFor({ state: 'hidden', timeout: 10000 });
  await shoot(page, 'try-editor.png');
  await showTreeView(page);
}

async function main() {
  const drafts = fs.existsSync(EXAMPLES)
    ? fs
        .readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  if (drafts.length === 0) throw new StepError('try', `no Markdown drafts in ${rel(EXAMPLES)}/`);
  await reapStaleRuns(RUNS);
  const tools = await ensureTools();
  await phase('build', () => build({ needTests: false }));

  // the first draft with a reference worth hovering
  let draft;
  let targets = [];
  for (const f of drafts) {
    targets = hoverTargets(path.join(EXAMPLES, f));
    if (targets.length) {
      draft = path.join(EXAMPLES, f);
      break;
    }
  }
  if (!draft) throw new StepError('try', `the core finds no references in ${drafts.map((f) => rel(path.join(EXAMPLES, f))).join(', ')}`);

  const server = await phase('server start', () =>
    startServer({ name: 'try', node24: tools.node24, installExtension: true, port: portArg }),
  );
  console.log(`[e2e]   ${server.describe()}`);
  const browser = await launchBrowser('try', { width: 1440, height: 900 });
  await phase('screenshots', async () => {
    const { page } = browser;
    try {
      await takeScreenshots(page, server, browser, draft, targets);
    } catch (err) {
      const shot = logPath('try-failure.png');
      await page.screenshot({ path: shot }).catch(() => {});
      throw new StepError('screenshots', `${err.message}\n(what the page showed: ${rel(shot)})`, browser.log);
    }
  });
  await browser.close();
  console.log('[e2e] screenshots:');
  for (const f of shots) console.log(`[e2e]   ${rel(f)}`);
  if (serve) {
    const url = server.workbenchUrl({ folder: EXAMPLES });
    console.log(`[e2e] code-server is running (pid ${server.pid}, log ${rel(server.log)}). Open in a browser on this machine:`);
    console.log(`      ${url}`);
    console.log('[e2e] Ctrl-C stops it.');
    await new Promise(() => {}); // until SIGINT/SIGTERM: util.mjs stops the server by its pid
  }
}

let code = 0;
try {
  await main();
} catch (err) {
  code = 1;
  console.error(`[e2e] FAILED ${err.step ?? 'try'}: ${err.message}`);
  if (err.log) console.error(`[e2e]   log: ${rel(err.log)}`);
} finally {
  await cleanupAll();
}
printTimings();
process.exit(code);
