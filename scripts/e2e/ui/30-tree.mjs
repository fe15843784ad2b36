// UI check: the Cited Engagements view in Explorer shows what the fixture draft cites, reveals an
// occurrence in the editor, follows edits, filters, and shows its welcome content when no Markdown
// file is open; saves docs/images/tree.png.
import fs from 'node:fs';
import path from 'node:path';

const VIEW = 'Cited Engagements';
const ENTRY = { label: 'Japan–EU Digital Partnership', description: '2022 · 1 citation', line: 3 };

/** Runs a command from the command palette by its full title. */
async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
async function widenSideBar(page, width) {
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
}

/** Expands or collapses an Explorer pane by its header. */
async function setPaneExpanded(page, title, expanded) {
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

/** @param {import('./context.mjs').UiContext} t */
export default async function treeChecks(t) {
  const { page } = t;
  const pane = page
    .locator('.pane')
    .filter({ has: page.locator('.pane-header', { hasText: VIEW }) })
    .first();
  /** The row whose label is exactly `label` (a row's text also has its description). */
  const row = (label) =>
    pane
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
      .first();
  const rowWith = (text) => pane.locator('.monaco-list-row').filter({ hasText: text }).first();
  const rowTexts = async () => (await pane.locator('.monaco-list-row').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());

  await t.check(`the "${VIEW}" view in Explorer shows the draft's agreements, grouped by type, and its countries`, async () => {
    await runCommand(page, `Focus on ${VIEW} View`);
    await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: 20000 });
    // Room for the whole tree and its descriptions, as a writer would give it.
    await setPaneExpanded(page, 'workspace', false);
    await widenSideBar(page, 560);
    for (const text of ['Agreements', 'Memorandum', 'Partnership', ENTRY.label, 'Countries', 'India']) {
      await row(text).waitFor({ state: 'visible', timeout: 30000 });
    }
    const entry = (await row(ENTRY.label).innerText()).replace(/\s+/g, ' ');
    if (!entry.includes(ENTRY.description))
      throw new Error(`the row of ${ENTRY.label} says ${JSON.stringify(entry)}, not "${ENTRY.description}"`);
    const header = pane.locator('.pane-header');
    if (!(await header.innerText()).includes('draft.md'))
      throw new Error(`the view's header does not name the draft: ${JSON.stringify(await header.innerText())}`);
  });

  await t.check('expanding an entry lists its occurrences; clicking one selects it in the editor', async () => {
    await row(ENTRY.label).click();
    const occurrence = rowWith(`line ${ENTRY.line}`);
    await occurrence.waitFor({ state: 'visible', timeout: 10000 });
    const text = await occurrence.innerText();
    if (!text.includes('The clearest case is the Japan–EU Digital Partnership (2022)'))
      throw new Error(`the occurrence row says ${JSON.stringify(text)}`);
    await occurrence.click();
    const selection = page.locator('[id="status.editor.selection"]');
    await selection.filter({ hasText: `(${ENTRY.label.length} selected)` }).waitFor({ state: 'visible', timeout: 10000 });
    const status = await selection.innerText();
    if (!status.includes(`Ln ${ENTRY.line},`)) throw new Error(`the selection is not on line ${ENTRY.line}: ${JSON.stringify(status)}`);
  });

  await t.check('screenshot docs/images/tree.png shows the view next to the draft', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'tree.png');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });

  await t.check('the view follows an edit: a new reference appears, and goes when the edit is undone', async () => {
    const added = 'Okinawa Charter on Global Information Society';
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nThe Okinawa Charter set the tone.\n');
    await row(added).waitFor({ state: 'visible', timeout: 10000 });
    await row('Charter').waitFor({ state: 'visible', timeout: 10000 });
    await runCommand(page, 'File: Revert File');
    await row(added).waitFor({ state: 'detached', timeout: 10000 });
  });

  await t.check('the filter keeps matching entries and says so; clearing it brings everything back', async () => {
    await runCommand(page, 'Policy Lens: Filter Cited Engagements…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('estonia');
    await input.press('Enter');
    await pane.getByText('Filter “estonia”: 1 of 4 shown.').waitFor({ state: 'visible', timeout: 10000 });
    await row('Japan–Estonia Memorandum of Cooperation').waitFor({ state: 'visible', timeout: 10000 });
    const rows = await rowTexts();
    if (rows.some((r) => r.includes(ENTRY.label) || r.startsWith('India')))
      throw new Error(`the filter left other rows: ${JSON.stringify(rows)}`);
    // The title bar swaps the filter action for "clear" while a filter is set.
    await pane.locator('.pane-header').hover();
    const clear = pane.locator('.pane-header .actions [aria-label*="Clear Cited Engagements Filter"]');
    await clear.waitFor({ state: 'visible', timeout: 10000 });
    await clear.click();
    await row(ENTRY.label).waitFor({ state: 'visible', timeout: 10000 });
    await pane.getByText('Filter “estonia”').waitFor({ state: 'detached', timeout: 10000 });
  });

  await t.check('"Group Cited Engagements By…" in the title bar regroups the agreements by year', async () => {
    await pane.locator('.pane-header').hover();
    const groupBy = pane.locator('.pane-header .actions [aria-label*="Group Cited Engagements By"]');
    await groupBy.waitFor({ state: 'visible', timeout: 10000 });
    await groupBy.click();
    const year = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Year' }).first();
    await year.waitFor({ state: 'visible', timeout: 10000 });
    await year.click();
    await row('2022').waitFor({ state: 'visible', timeout: 10000 });
    await row('Memorandum').waitFor({ state: 'detached', timeout: 10000 });
    // Back to the default, through the setting the command wrote.
    await runCommand(page, 'Policy Lens: Group Cited Engagements By…');
    const type = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Type' }).first();
    await type.waitFor({ state: 'visible', timeout: 10000 });
    await type.click();
    await row('Memorandum').waitFor({ state: 'visible', timeout: 10000 });
  });

  await t.check('with no Markdown file open, the view shows its welcome content; reopening the draft brings the tree back', async () => {
    await runCommand(page, 'View: Close All Editors');
    await pane.getByText('Open a Markdown draft to see the agreements').waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('draft.md');
    const file = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'draft.md' }).first();
    await file.waitFor({ state: 'visible', timeout: 10000 });
    await file.click();
    await row(ENTRY.label).waitFor({ state: 'visible', timeout: 10000 });
    await setPaneExpanded(page, 'workspace', true);
  });
}
