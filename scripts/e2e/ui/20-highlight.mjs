// UI checks: the analysis colours references in the default dark theme (highlight.png),
// and "Show Reference Details" opens the card beside the draft (details.png), or says
// that there is no reference at the cursor. Leaves the workbench as it found it: light theme, the
// draft alone, no notification.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';
import { decorationAt, runCommand, setColorTheme } from '../lib/browser.mjs';

/** References of each kind in the fixture draft, and a name in its code block that must stay plain. */
const COLOURED = [
  { kind: 'agreement', phrase: 'Japan–EU Digital Partnership', context: 'the Japan–EU Digital Partnership (2022)' },
  { kind: 'agreement', phrase: 'Estonia MOC', context: 'The Estonia MOC, signed' },
  { kind: 'country', phrase: 'Japan', context: 'shows how Japan works' },
  { kind: 'country', phrase: 'India', context: 'India is the partner' },
];
const PLAIN = { phrase: 'India', context: 'partner: India' };
const DETAILS = {
  phrase: 'Estonia MOC',
  context: 'The Estonia MOC, signed',
  file: 'moc-estonia-2022.md',
  label: 'Japan–Estonia Memorandum of Cooperation',
};
const NO_REFERENCE = { phrase: 'occasional', message: 'no reference to an agreement, pillar or country at the cursor' };

/** Clicks into the editor on a phrase, which puts the cursor there. */
async function clickOn(t, phrase, context = phrase) {
  const point = await t.lib.locateInEditor(t.page, phrase, { context });
  if (!point) throw new Error(`"${phrase}" is not on screen`);
  await t.page.mouse.click(point.x, point.y);
  // away from the text, so that no hover covers what comes next
  await t.page.mouse.move(5, 5);
  await t.page.keyboard.press('Escape');
}

/** @param {import('./context.mjs').UiContext} t */
export default async function highlightChecks(t) {
  const { page } = t;
  const tab = (name) => page.locator(`.tabs-container .tab[aria-label*="${name}"], .tabs-container .tab:has-text("${name}")`).first();
  await t.check('the Dark Modern theme can be chosen', () => setColorTheme(page, 'Dark Modern', 'vs-dark'));

  await t.check('references are coloured by kind in the dark theme, code is not', async () => {
    const seen = {};
    for (const ref of COLOURED) {
      const deco = await waitFor(
        `a decoration under "${ref.phrase}"`,
        async () => {
          const point = await t.lib.locateInEditor(page, ref.phrase, { context: ref.context });
          return point && (await decorationAt(page, point));
        },
        { timeoutMs: 30000, intervalMs: 200 },
      ).catch((err) => {
        throw new Error(`${err.message}: the highlighting did not reach the editor`);
      });
      if (/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(deco.background))
        throw new Error(`"${ref.phrase}" has no visible background: ${deco.background}`);
      if (!deco.border.startsWith('solid')) throw new Error(`"${ref.phrase}" has no solid underline: ${deco.border}`);
      seen[ref.kind] ??= deco.background;
      if (seen[ref.kind] !== deco.background)
        throw new Error(`two ${ref.kind}s differ in colour: ${seen[ref.kind]} and ${deco.background}`);
    }
    if (seen.agreement === seen.country) throw new Error(`agreements and countries share one colour: ${seen.agreement}`);
    const plain = await t.lib.locateInEditor(page, PLAIN.phrase, { context: PLAIN.context });
    if (!plain) throw new Error(`"${PLAIN.context}" is not on screen`);
    const inCode = await decorationAt(page, plain);
    if (inCode) throw new Error(`"${PLAIN.context}" in the code block is decorated: ${JSON.stringify(inCode)}`);
  });

  await t.check('screenshot highlight.png shows the coloured draft', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'highlight.png');
    await page.mouse.move(5, 5);
    await waitFor('no hover over the text', async () => (await page.locator('.monaco-hover').filter({ visible: true }).count()) === 0, {
      timeoutMs: 5000,
    });
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });

  await t.check(`"Show Reference Details" on "${DETAILS.phrase}" opens its card beside the draft`, async () => {
    await clickOn(t, DETAILS.phrase, DETAILS.context);
    await runCommand(page, 'Policy Lens: Show Reference Details');
    await tab(DETAILS.file).waitFor({ state: 'visible', timeout: 15000 });
    const groups = page.locator('.editor-group-container');
    await waitFor('two editor groups', async () => (await groups.count()) === 2, { timeoutMs: 10000 });
    await groups
      .nth(1)
      .locator('.view-lines')
      .filter({ hasText: DETAILS.label.replace(/ /g, '\u00a0') })
      .waitFor({ state: 'visible', timeout: 10000 });
    await tab('draft.md').waitFor({ state: 'visible', timeout: 5000 });
  });

  await t.check('screenshot details.png shows the card beside the draft', async () => {
    const file = path.join(t.images, 'details.png');
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
    await runCommand(page, 'View: Close Editor');
    await tab(DETAILS.file).waitFor({ state: 'detached', timeout: 10000 });
  });

  await t.check('"Show Reference Details" away from any reference says so', async () => {
    await clickOn(t, NO_REFERENCE.phrase);
    await runCommand(page, 'Policy Lens: Show Reference Details');
    // Announced to screen readers at once; a toast may not show in a headless window, the centre keeps it either way.
    await page
      .locator('.monaco-aria-container .monaco-alert')
      .filter({ hasText: NO_REFERENCE.message })
      .waitFor({ state: 'attached', timeout: 10000 });
    await runCommand(page, 'Notifications: Show Notifications');
    const entry = page.locator('.notifications-center .notification-list-item').filter({ hasText: NO_REFERENCE.message });
    await entry.first().waitFor({ state: 'visible', timeout: 10000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await entry.first().waitFor({ state: 'detached', timeout: 10000 });
  });

  await t.check('the Light Modern theme is back for the next checks', () => setColorTheme(page, 'Light Modern', 'vs:not(.vs-dark)'));
}
