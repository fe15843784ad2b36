// UI check: navigation in the real workbench, on checks.md opened beside the draft. Peeks the
// references of an agreement (saves navigation.png), then goes to its definition, the
// read-only entry card.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';
import { openFileByName, runCommand } from '../lib/browser.mjs';

const TARGET = { phrase: 'Japan–EU Digital Partnership', context: 'The Japan–EU Digital Partnership with Korea' };
const CARD = 'japan-eu-digital-partnership-2022.md';

async function clickOn(t, target) {
  const at = await waitFor(`"${target.phrase}" to be visible in the editor`, () => t.lib.locateInEditor(t.page, target.phrase, target), {
    timeoutMs: 10000,
    intervalMs: 200,
  });
  await t.page.mouse.click(at.x, at.y);
}

/** @param {import('./context.mjs').UiContext} t */
export default async function navigationChecks(t) {
  const { page } = t;
  const peek = page.locator('.peekview-widget').first();
  await t.check(`Peek References on "${TARGET.phrase}" lists the card and both open drafts`, async () => {
    await openFileByName(page, 'checks.md');
    await clickOn(t, TARGET);
    await page.keyboard.press('Shift+F12');
    await peek.waitFor({ state: 'visible', timeout: 10000 });
    for (const name of ['checks.md', 'draft.md', CARD]) {
      await peek.locator('.ref-tree .monaco-list-row').filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 10000 });
    }
  });
  await t.check('screenshot navigation.png shows the references', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'navigation.png');
    if (!(await peek.isVisible())) throw new Error('the peek view closed before the screenshot');
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });
  await t.check(`Go to Definition on "${TARGET.phrase}" opens its read-only entry card`, async () => {
    await page.keyboard.press('Escape');
    await peek.waitFor({ state: 'hidden', timeout: 10000 }).catch((e) => {
      throw new Error(`peek still open: ${e.message}`);
    });
    await clickOn(t, TARGET);
    await page.keyboard.press('F12');
    await page
      .locator(`.tabs-container .tab.active[aria-label*="${CARD}"]`)
      .waitFor({ state: 'visible', timeout: 10000 })
      .catch(async (e) => {
        throw new Error(
          `card tab not active: ${e.message}; tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').evaluateAll((els) => els.map((el) => [el.getAttribute('aria-label'), el.className])))}`,
        );
      });
    await waitFor(
      'the entry card to show its citation key',
      async () => (await page.locator('.editor-instance .monaco-editor .view-lines').allInnerTexts()).some((t) => /Citation\s+key/.test(t)),
      { timeoutMs: 10000, intervalMs: 200 },
    ).catch(async (err) => {
      const texts = await page.locator('.editor-instance .monaco-editor .view-lines').allInnerTexts();
      throw new Error(`${err.message}; editors show: ${JSON.stringify(texts.map((t) => t.slice(0, 300)))}`);
    });
    await runCommand(page, 'View: Close Editor');
    await page
      .locator(`.tabs-container .tab[aria-label*="${CARD}"]`)
      .waitFor({ state: 'detached', timeout: 10000 })
      .catch((e) => {
        throw new Error(`card tab not closed: ${e.message}`);
      });
  });
}
