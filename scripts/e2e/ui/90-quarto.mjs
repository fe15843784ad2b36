// UI check: a .qmd and an .Rmd draft in a workbench with no Quarto or R extension, recognised through
// the recipe of docs/guide/quarto.md (`files.associations` to markdown, here in the workspace's
// settings): each opens as Markdown, hovers show cards, references are coloured, and nothing in a
// code chunk or a div's attributes is. Saves quarto.png. Removes what it wrote.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths.mjs';
import { waitFor } from '../lib/util.mjs';

const FOLDER = 'quarto-ui';
/** The draft test/e2e/quarto.test.ts opens too. */
const DRAFT = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'quarto', 'draft.qmd'), 'utf8');
const FILES = ['paper.qmd', 'notes.Rmd'];

/** @param {import('./context.mjs').UiContext} t */
export default async function quartoChecks(t) {
  const { page } = t;
  const settings = path.join(t.workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, JSON.stringify({ 'files.associations': { '*.qmd': 'markdown', '*.Rmd': 'markdown' } }, null, 2));
  fs.mkdirSync(path.join(t.workspace, FOLDER), { recursive: true });
  for (const name of FILES) fs.writeFileSync(path.join(t.workspace, FOLDER, name), DRAFT);
  try {
    for (const name of FILES) {
      await t.check(`${name} opens as Markdown through files.associations, with no Quarto or R extension`, async () => {
        await t.lib.openFileByName(page, name);
        await page.locator('[id="status.editor.mode"]').filter({ hasText: 'Markdown' }).waitFor({ state: 'visible', timeout: 20000 });
      });
      await t.check(`${name}: hovering the agreement shows its card`, async () => {
        const { hover } = await t.lib.hoverPhrase(page, 'Japan–EU Digital Partnership', 'Japan–EU Digital Partnership', {
          context: 'The Japan–EU Digital Partnership (2022)',
        });
        if (!(await hover.innerText()).includes('2022')) throw new Error('the card does not show 2022');
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      });
      await t.check(`${name}: the name inside the div is coloured; the chunk and the div's attributes are not`, async () => {
        await waitFor(
          'a decoration under "Germany"',
          async () => {
            const point = await t.lib.locateInEditor(page, 'Germany', { context: 'Germany joined' });
            return point && (await t.lib.decorationAt(page, point));
          },
          { timeoutMs: 30000, intervalMs: 200 },
        );
        for (const [phrase, context] of [
          ['Japan', '# Japan in a comment'],
          ['Korea', 'title="Korea"'],
          ['Japan', 'title: "Japan and India"'],
        ]) {
          const point = await t.lib.locateInEditor(page, phrase, { context });
          if (!point) throw new Error(`"${context}" is not on screen`);
          const deco = await t.lib.decorationAt(page, point);
          if (deco) throw new Error(`"${phrase}" in "${context}" is decorated: ${JSON.stringify(deco)}`);
        }
      });
    }
    await t.check('screenshot quarto.png shows the coloured R Markdown draft', async () => {
      fs.mkdirSync(t.images, { recursive: true });
      const file = path.join(t.images, 'quarto.png');
      await page.mouse.move(5, 5);
      await page.screenshot({ path: file, animations: 'disabled' });
      console.log(`      saved ${t.rel(file)}`);
    });
  } finally {
    fs.rmSync(path.join(t.workspace, FOLDER), { recursive: true, force: true });
    fs.rmSync(path.dirname(settings), { recursive: true, force: true });
  }
}
