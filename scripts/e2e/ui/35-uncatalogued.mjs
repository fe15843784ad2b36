// UI check: a name the dataset lacks, in the real workbench: its hover says so, guesses the year and
// parties from the sentence and offers "Add to Team Dataset…"; the Cited Engagements view lists it
// under "Not in the dataset" with its occurrences. Saves uncatalogued-hover.png and
// uncatalogued-tree.png for the README. Removes the draft it wrote.
import fs from 'node:fs';
import path from 'node:path';
import { openFileByName, runCommand } from '../lib/browser.mjs';

const FILE = 'quantum-notes.md';
const NAME = 'Kestrel Bay Quantum Memorandum';
const DRAFT = `# Quantum cooperation in the North Atlantic: notes

Japan and Norway signed the ${NAME} (KBQM) in 2025, a year after the Japan–EU Digital Partnership
met for its second council. The KBQM sets up shared testbeds for quantum sensing.

Norway's research council will report on the KBQM in its next review.
`;
const VIEW = 'Cited Engagements';
const SECTION = 'Not in the dataset';

/** @param {import('./context.mjs').UiContext} t */
export default async function uncataloguedChecks(t) {
  const { page } = t;
  const file = path.join(t.workspace, FILE);
  fs.writeFileSync(file, DRAFT);
  try {
    let hover;
    await t.check(`hovering "${NAME}", a name the dataset lacks, says so, with the year and parties the sentence gives`, async () => {
      await openFileByName(page, FILE);
      ({ hover } = await t.lib.hoverPhrase(page, 'Quantum Memorandum', SECTION, { context: `${NAME} (KBQM)` }));
      const text = await hover.innerText();
      for (const want of ['Not in the dataset', '2025', 'Japan', 'Norway', 'Add to Team Dataset'])
        if (!text.includes(want)) throw new Error(`the hover does not say "${want}": ${JSON.stringify(text)}`);
    });
    await t.check('screenshot uncatalogued-hover.png shows the hover of the uncatalogued name', async () => {
      fs.mkdirSync(t.images, { recursive: true });
      const shot = path.join(t.images, 'uncatalogued-hover.png');
      if (!(await hover.isVisible())) throw new Error('the hover closed before the screenshot');
      await page.screenshot({ path: shot, animations: 'disabled' });
      console.log(`      saved ${t.rel(shot)}`);
    });
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    const pane = page
      .locator('.pane')
      .filter({ has: page.locator('.pane-header', { hasText: VIEW }) })
      .first();
    const row = (text) => pane.locator('.monaco-list-row').filter({ hasText: text }).first();
    await t.check(`the "${VIEW}" view lists it under "${SECTION}", with its three occurrences`, async () => {
      await runCommand(page, `Focus on ${VIEW} View`);
      await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: 20000 });
      await t.lib.setPaneExpanded(page, 'workspace', false);
      await t.lib.widenSideBar(page, 560);
      await row(SECTION).waitFor({ state: 'visible', timeout: 30000 });
      if ((await row(SECTION).getAttribute('aria-expanded')) === 'false') await row(SECTION).click();
      await row(NAME).waitFor({ state: 'visible', timeout: 10000 });
      if ((await row(NAME).getAttribute('aria-expanded')) === 'false') await row(NAME).click();
      for (const line of ['3: ', '4: ', '6: ']) {
        const occurrence = pane.locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${line}`) });
        await occurrence.first().waitFor({ state: 'visible', timeout: 10000 });
      }
    });
    await t.check('screenshot uncatalogued-tree.png shows the section next to the draft', async () => {
      const shot = path.join(t.images, 'uncatalogued-tree.png');
      await page.mouse.move(5, 5);
      await page.screenshot({ path: shot, animations: 'disabled' });
      console.log(`      saved ${t.rel(shot)}`);
    });
  } finally {
    fs.rmSync(file, { force: true });
  }
}
