// Web suite checks (run.mjs, "web" suite): the extension really runs in the browser's Web Worker
// extension host, from its `browser` entry (dist/web/extension.js), and its analysis Web Worker
// (dist/web/analysis-worker.js) analyses a draft too large for the extension host's own thread.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';

const LARGE = 'large-web-check.md';
/** A reference in the last copy of the fixture draft, far past the size analysed on the extension host's own thread (SYNC_LIMIT in src/vscode/analysis-cache.ts). */
const HOVER = { phrase: 'Estonia MOC', context: 'The Estonia MOC, signed', label: 'Japan–Estonia Memorandum of Cooperation' };

/** @param {import('../ui/context.mjs').UiContext} t */
export default async function webExtensionHostChecks(t) {
  const { page } = t;
  await t.check('Running Extensions lists Policy Lens in the "web worker" extension host', async () => {
    await t.lib.runCommand(page, 'Developer: Show Running Extensions');
    const list = page.locator('.runtime-extensions-editor .monaco-list');
    await list.waitFor({ state: 'visible', timeout: 20000 });
    /**
     * The text of an extension's row. The list is virtual: its keyboard focus goes to the first row
     * (Home) and then down a row at a time until the row is rendered. (Mouse wheel scrolling from
     * the top was tried first; on a loaded machine a wheel event could be lost and the row skipped.)
     */
    const rowText = async (name) => {
      const row = list.locator('.monaco-list-row').filter({ hasText: name }).first();
      let moves = 0;
      // A loaded workbench can move the focus out of the list (the modal editor settling), and then
      // the arrow keys go nowhere: take the focus back with a click on the first row and go on.
      // Past the last row, start again from the top: an extension activated late joins the list.
      const step = async () => {
        if (await row.isVisible()) return true;
        const focused = await list.evaluate((el) => el.contains(document.activeElement)).catch(() => false);
        if (!focused || moves % 80 === 0) {
          // A click that does not land in time (something over the list, the page busy) must not use
          // up the whole wait: focus the list element itself instead, as the keyboard would.
          await list
            .locator('.monaco-list-row')
            .first()
            .click({ timeout: 3000 })
            .catch(() => list.evaluate((el) => el.focus()));
          await page.keyboard.press('Home');
        } else await page.keyboard.press('ArrowDown');
        moves += 1;
        return false;
      };
      await waitFor(`the ${name} row in Running Extensions`, step, { timeoutMs: 40000, intervalMs: 100 });
      return (await row.innerText()).replace(/\s+/g, ' ');
    };
    const ours = await rowText('Policy Lens');
    if (!/web worker/.test(ours)) throw new Error(`Policy Lens does not run in the web worker extension host: ${JSON.stringify(ours)}`);
    // The contrast that shows the label means something: the built-in Markdown extension runs on the server.
    const markdown = await rowText('Markdown Language Features');
    if (/web worker/.test(markdown))
      throw new Error(`the built-in Markdown extension runs in the web worker too: ${JSON.stringify(markdown)}`);
    console.log(`      Running Extensions: "${ours}"; "${markdown}"`);
    // It opens as a modal editor, which takes the palette's key: Escape closes it.
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden', timeout: 10000 });
  });

  const file = path.join(t.workspace, LARGE);
  const draft = fs.readFileSync(t.draft, 'utf8');
  fs.writeFileSync(file, Array.from({ length: Math.ceil(100_000 / draft.length) }, (_, k) => `## Part ${k + 1}\n\n${draft}`).join('\n\n'));
  try {
    await t.check('a 100 KB draft is analysed by the analysis Web Worker: a reference at its end has its hover card', async () => {
      await t.lib.openWorkbench({ server: t.server, browser: t.browser, folder: t.workspace, file });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+End');
      const status = async () => (await page.locator('.statusbar-item').filter({ hasText: 'Policy Lens:' }).allInnerTexts()).join(' | ');
      await t.lib.hoverPhrase(page, HOVER.phrase, HOVER.label, { context: HOVER.context, timeoutMs: 60000 }).catch(async (err) => {
        throw new Error(`${err.message}; status bar: ${JSON.stringify(await status())}`);
      });
      if ((await status()).includes('failed')) throw new Error(`the status bar reports a failure: ${await status()}`);
    });
  } finally {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await t.lib.runCommand(page, 'View: Close Editor').catch(() => {});
    fs.rmSync(file, { force: true });
  }
}
