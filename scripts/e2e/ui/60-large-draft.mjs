// UI check: a large draft in the real workbench. The status bar says "Policy Lens: analysing…" while
// the analysis worker works on it and hides when it is done, and says when a draft is over
// policyLens.maxDocumentSize (never skipped silently), for an open draft and for one the workspace
// index leaves out. The draft (about 1.5 MB: the fixture draft
// repeated) is written into the fixture workspace here and deleted afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { sleepPoll, waitFor } from '../lib/util.mjs';
import { runCommand } from '../lib/browser.mjs';

const FILE = 'large-ui-check.md';

/** The text of our status bar item, or '' when it is hidden. */
async function ourStatus(page) {
  const items = await page.locator('.statusbar-item').filter({ hasText: 'Policy Lens:' }).allInnerTexts();
  return items.join(' | ');
}

/** @param {import('./context.mjs').UiContext} t */
export default async function largeDraftChecks(t) {
  const { page } = t;
  const file = path.join(t.workspace, FILE);
  const settingsFile = path.join(t.server.runDir, 'user-data', 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  /** Edits the user settings as a user would: in settings.json, opened from the palette, saved. */
  const editSettings = async (extra) => {
    await runCommand(page, 'Preferences: Open User Settings (JSON)');
    await page.locator('.tabs-container .tab.active[aria-label*="settings.json"]').waitFor({ state: 'visible', timeout: 20000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').filter({ visible: true }).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ ...settings, ...extra }, null, 2) + '\n');
    await page.keyboard.press('Control+S');
    await waitFor(
      'settings.json to be saved',
      async () => fs.readFileSync(settingsFile, 'utf8').includes('maxDocumentSize') === 'policyLens.maxDocumentSize' in extra,
      {
        timeoutMs: 20000,
      },
    );
    await runCommand(page, 'View: Close Editor');
  };
  const draft = fs.readFileSync(t.draft, 'utf8');
  const copies = Math.ceil(1_500_000 / draft.length);
  fs.writeFileSync(file, Array.from({ length: copies }, (_, k) => `## Part ${k + 1}\n\n${draft}`).join('\n\n'));
  let opened = false;
  try {
    await t.check('opening a 1.5 MB draft shows "Policy Lens: analysing…" in the status bar until the worker is done', async () => {
      // A new window on the workspace with the draft open (Quick Open may not list a file this new yet).
      await t.lib.openWorkbench({ server: t.server, browser: t.browser, folder: t.workspace, file });
      opened = true;
      await waitFor('"Policy Lens: analysing…" in the status bar', async () => (await ourStatus(page)).includes('analysing'), {
        timeoutMs: 30000,
        intervalMs: 50,
      });
      await waitFor('the status bar item to hide once the analysis is done', async () => (await ourStatus(page)) === '', {
        timeoutMs: 240000,
        intervalMs: 200,
      });
    });
    await t.check('over policyLens.maxDocumentSize, the status bar says the draft is too large', async () => {
      await editSettings({ 'policyLens.maxDocumentSize': 1 });
      await page.locator(`.tabs-container .tab.active[aria-label*="${FILE}"]`).waitFor({ state: 'visible', timeout: 20000 });
      // The limit applies to the next version: type until one is checked against it.
      await waitFor(
        '"Policy Lens: draft too large" in the status bar',
        async () => {
          if ((await ourStatus(page)).includes('draft too large')) return true;
          await page.keyboard.press('Control+End');
          await page.keyboard.type(' x');
          await sleepPoll(1500);
          return (await ourStatus(page)).includes('draft too large');
        },
        { timeoutMs: 60000, intervalMs: 100 },
      );
    });
    await t.check('closed, the draft is one the workspace index leaves out: the status bar says so, and why', async () => {
      await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close Editor');
      // If the revert had not gone through yet, closing asks whether to save: the draft's text on disk
      // is the one this check is about.
      const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ }).first();
      if (
        await dontSave.waitFor({ state: 'visible', timeout: 1500 }).then(
          () => true,
          () => false,
        )
      )
        await dontSave.click();
      await page.locator(`.tabs-container .tab[aria-label*="${FILE}"]`).waitFor({ state: 'detached', timeout: 20000 });
      opened = false;
      // The index counts the file on disk again once the draft's last tab closes (VS Code may report the
      // document itself closed much later, once the extension host has worked through what the large
      // draft queued).
      await waitFor(
        '"Policy Lens: 1 draft not indexed" in the status bar',
        async () => (await ourStatus(page)).includes('1 draft not indexed'),
        {
          timeoutMs: 180000,
          intervalMs: 200,
        },
      );
      const item = page.locator('.statusbar-item').filter({ hasText: 'Policy Lens:' }).first();
      const label = (await item.getAttribute('aria-label')) ?? '';
      await item.hover();
      const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: FILE }).first();
      await tooltip.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {});
      const text = (await tooltip.isVisible()) ? await tooltip.innerText() : label;
      if (!/large-ui-check\.md: 1\.\d MB, over the 1\.0 MB limit/.test(text))
        throw new Error(`the status bar item does not say which draft and why: ${JSON.stringify(text)}`);
      await page.mouse.move(5, 5);
    });
  } finally {
    if (fs.readFileSync(settingsFile, 'utf8').includes('maxDocumentSize'))
      await editSettings({}).catch(() => fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n'));
    if (opened) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'File: Revert File').catch(() => {});
      await runCommand(page, 'View: Close Editor').catch(() => {});
    }
    fs.rmSync(file, { force: true });
  }
}
