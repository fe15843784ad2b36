// UI check: the Cited Engagements view in Explorer shows what the fixture draft cites, reveals an
// occurrence in the editor, follows edits, filters, and shows its welcome content when no Markdown
// file is open, and the whole workspace's view; saves tree.png and tree-workspace.png.
import fs from 'node:fs';
import path from 'node:path';
import { runCommand as runPaletteCommand } from '../lib/browser.mjs';

const VIEW = 'Cited Engagements';
const ENTRY = { label: 'Japan–EU Digital Partnership', description: '2022 · 1 citation', line: 3 };
/** The fixture's drafts that cite ENTRY, by title, as the workspace mode lists them under it. */
const WORKSPACE_DRAFTS = ['Digital cooperation with Europe and South Asia', 'Briefing notes: where the draft and the record part ways'];

/** Runs a command from the palette, after closing whatever the last step left open (a hover, a filter box). */
async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await runPaletteCommand(page, title);
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
    await t.lib.setPaneExpanded(page, 'workspace', false);
    await t.lib.widenSideBar(page, 560);
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
    const occurrence = rowWith('The clearest case is the Japan–EU Digital Partnership (2022)');
    await occurrence.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await occurrence.innerText()).trim();
    if (!text.startsWith(`${ENTRY.line}: `))
      throw new Error(`the occurrence row does not start with its line number: ${JSON.stringify(text)}`);
    await occurrence.click();
    const selection = page.locator('[id="status.editor.selection"]');
    await selection.filter({ hasText: `(${ENTRY.label.length} selected)` }).waitFor({ state: 'visible', timeout: 10000 });
    const status = await selection.innerText();
    if (!status.includes(`Ln ${ENTRY.line},`)) throw new Error(`the selection is not on line ${ENTRY.line}: ${JSON.stringify(status)}`);
  });

  await t.check('screenshot tree.png shows the view next to the draft', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'tree.png');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });

  await t.check('the view follows the active editor and its edits: a new Markdown file, then the draft again', async () => {
    // An untitled file, so that nothing is written to the fixture on disk (code-server saves files by itself).
    await runCommand(page, 'File: New Untitled Text File');
    await runCommand(page, 'Change Language Mode');
    const input = page.locator('.quick-input-widget input');
    await input.fill('markdown');
    const markdown = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^\s*Markdown\s*$/ }) })
      .first();
    await markdown.waitFor({ state: 'visible', timeout: 10000 });
    await markdown.click();
    await page.locator('[id="status.editor.mode"]').filter({ hasText: 'Markdown' }).waitFor({ state: 'visible', timeout: 10000 });
    // The new file cites nothing yet: the view says so instead of showing the draft.
    await row(ENTRY.label).waitFor({ state: 'detached', timeout: 10000 });
    await pane.getByText('cites no agreement, pillar or country yet').waitFor({ state: 'visible', timeout: 10000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.type('The Okinawa Charter set the tone.');
    await row('Okinawa Charter on Global Information Society').waitFor({ state: 'visible', timeout: 10000 });
    await runCommand(page, 'View: Revert and Close Editor');
    await row(ENTRY.label).waitFor({ state: 'visible', timeout: 10000 });
    await row('Okinawa Charter on Global Information Society').waitFor({ state: 'detached', timeout: 10000 });
  });

  await t.check('the filter keeps matching entries and says so; clearing it brings everything back', async () => {
    await runCommand(page, 'Policy Lens: Filter Cited Engagements…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('estonia');
    await input.press('Enter');
    await pane.getByText('Filter “estonia”: 1 of 4 shown.').waitFor({ state: 'visible', timeout: 10000 });
    // The message can show before the tree is redrawn, and the Estonia row is there either way.
    for (const other of [ENTRY.label, 'India', 'Countries']) {
      try {
        await row(other).waitFor({ state: 'detached', timeout: 10000 });
      } catch {
        throw new Error(`the filter left ${JSON.stringify(other)}: ${JSON.stringify(await rowTexts())}`);
      }
    }
    await row('Japan–Estonia Memorandum of Cooperation').waitFor({ state: 'visible', timeout: 10000 });
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
  });

  await t.check('the title bar switches to the whole workspace: an entry lists the drafts citing it, and back to the draft', async () => {
    const action = (label) => pane.locator(`.pane-header .actions [aria-label*="${label}"]`);
    await pane.locator('.pane-header').hover();
    await action('Show Cited Engagements of the Whole Workspace').click({ timeout: 10000 });
    const header = pane.locator('.pane-header');
    await header.filter({ hasText: 'Workspace' }).waitFor({ state: 'visible', timeout: 10000 });
    // checks.md, never opened in this module, cites it too (by name and by Pandoc key): from the index.
    const entry = row(ENTRY.label);
    await entry.filter({ hasText: '3 citations' }).waitFor({ state: 'visible', timeout: 30000 });
    await entry.click();
    for (const title of WORKSPACE_DRAFTS) {
      try {
        await rowWith(title).waitFor({ state: 'visible', timeout: 10000 });
      } catch {
        throw new Error(`no row for the draft "${title}": ${JSON.stringify(await rowTexts())}`);
      }
    }
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'tree-workspace.png');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
    await pane.locator('.pane-header').hover();
    await action('Show Cited Engagements of the Active Draft').click({ timeout: 10000 });
    await header.filter({ hasText: 'draft.md' }).waitFor({ state: 'visible', timeout: 10000 });
    await row(ENTRY.label).filter({ hasText: ENTRY.description }).waitFor({ state: 'visible', timeout: 10000 });
    await t.lib.setPaneExpanded(page, 'workspace', true);
  });
}
