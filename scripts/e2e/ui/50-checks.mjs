// UI check: the checks in the real workbench. Opens checks.md (a fixture that contradicts the record
// on purpose), waits for its problems in the Problems panel, opens the quick-fix menu on an ambiguous
// reference, saves checks.png, then applies one fix and undoes it.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';
import { openFileByName, runCommand } from '../lib/browser.mjs';

const FILE = 'checks.md';
/**
 * What the status bar must count for the fixture: an unknown key, three facts, one ambiguity (the
 * hint on a non-canonical name is drawn in the editor only, as VS Code does with hints).
 */
const COUNTS = { errors: 1, warnings: 3, infos: 1 };
/** The first rows of the Problems panel (errors, then warnings; later rows may be scrolled away). */
const FIRST_ROWS = ['Unknown citation key', 'not 2021'];
const AMBIGUOUS = { phrase: "G20 digital ministers' meeting", context: "the G20 digital ministers' meeting keeps" };
const FIX = "Use 'G20 Digital Economy Ministers' Meeting 2022'";
const FIXED = "the G20 Digital Economy Ministers' Meeting 2022 keeps";

/** Errors, warnings and infos as the status bar counts them (its label reads "Errors: 1, Warnings: 3, Infos: 1"). */
async function problemCounts(page) {
  const label =
    (await page.locator('[id="status.problems"] [aria-label], [id="status.problems"][aria-label]').first().getAttribute('aria-label')) ??
    '';
  const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos'), label };
}

async function waitForCounts(page, want) {
  let have;
  try {
    await waitFor(
      `the status bar to count ${JSON.stringify(want)}`,
      async () => {
        have = await problemCounts(page);
        return have.errors === want.errors && have.warnings === want.warnings && have.infos === want.infos;
      },
      { timeoutMs: 20000, intervalMs: 100 },
    );
  } catch (err) {
    throw new Error(`${err.message}; it says ${JSON.stringify(have?.label)}`, { cause: err });
  }
}

/** The text of the visible editor lines, as Monaco renders it (spaces as U+00A0). */
async function editorText(page) {
  // Rendered lines are not in DOM order, and a narrow editor wraps one line over several: sort them
  // by position and join them with spaces, so a phrase reads whole however it is wrapped.
  const lines = await page
    .locator('.editor-instance .monaco-editor .view-lines .view-line')
    .evaluateAll((els) => els.map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent ?? '' })));
  return lines
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text)
    .join(' ')
    .replace(/[\u00a0\s]+/g, ' ');
}

/** @param {import('./context.mjs').UiContext} t */
export default async function checksChecks(t) {
  const { page } = t;
  const problems = page.locator('.markers-panel');
  await t.check(`opening ${FILE} shows its problems in the status bar and the Problems panel`, async () => {
    await openFileByName(page, FILE);
    await runCommand(page, 'View: Focus Problems');
    await problems.waitFor({ state: 'visible', timeout: 10000 });
    await waitForCounts(page, COUNTS);
    for (const text of FIRST_ROWS) {
      await problems.locator('.monaco-list-row').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 20000 });
    }
    const rows = await problems.locator('.monaco-list-row').allInnerTexts();
    if (!rows.some((r) => r.includes('Policy Lens')))
      throw new Error(`no problem names Policy Lens as its source: ${JSON.stringify(rows)}`);
  });

  const menu = page.locator('.action-widget').filter({ hasText: FIX }).first();
  await t.check('the quick-fix menu on an ambiguous reference offers each candidate', async () => {
    const at = await waitFor(
      `"${AMBIGUOUS.phrase}" to be visible in the editor`,
      () => t.lib.locateInEditor(page, AMBIGUOUS.phrase, AMBIGUOUS),
      {
        timeoutMs: 10000,
        intervalMs: 200,
      },
    );
    await page.mouse.click(at.x, at.y);
    // Under load the code actions may not be computed yet when Ctrl+. arrives: ask again once.
    await page.keyboard.press('Control+.');
    if (
      !(await menu.waitFor({ state: 'visible', timeout: 8000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await page.keyboard.press('Escape');
      await page.mouse.click(at.x, at.y);
      await page.keyboard.press('Control+.');
      await menu.waitFor({ state: 'visible', timeout: 15000 });
    }
    const items = await menu.locator('.monaco-list-row').allInnerTexts();
    const ours = items.filter((i) => i.startsWith('Use '));
    if (ours.length !== 9) throw new Error(`expected 9 "Use …" fixes, the menu shows: ${JSON.stringify(items)}`);
  });

  await t.check('screenshot checks.png shows the problems and the quick fixes', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'checks.png');
    if (!(await menu.isVisible())) throw new Error('the quick-fix menu closed before the screenshot');
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });

  await t.check('choosing a fix rewrites the reference, and undo restores it', async () => {
    await menu.locator('.monaco-list-row').filter({ hasText: FIX }).first().click();
    await menu.waitFor({ state: 'hidden', timeout: 10000 });
    await waitFor('the editor to show the rewritten name', async () => (await editorText(page)).includes(FIXED), {
      timeoutMs: 10000,
      intervalMs: 100,
    });
    await waitForCounts(page, { ...COUNTS, infos: 0 });
    await page.keyboard.press('Control+z');
    await waitFor('the editor to show the original name again', async () => (await editorText(page)).includes(AMBIGUOUS.context), {
      timeoutMs: 10000,
      intervalMs: 100,
    });
    await waitForCounts(page, COUNTS);
    const tab = page.locator(`.tabs-container .tab.active[aria-label*="${FILE}"]`);
    if (await tab.evaluate((el) => el.classList.contains('dirty'))) throw new Error(`${FILE} is still modified after undo`);
  });
}
