// UI check: the built-in Markdown preview marks references by kind (preview.png). The
// preview is a webview: its document is two iframes deep (the webview host, then the active
// frame), and the spans are looked for there. The next module starts from a reset workbench
// (run.mjs), so nothing here restores the layout.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';
import { runCommand } from '../lib/browser.mjs';

const AGREEMENT = 'Japan–EU Digital Partnership';
const COUNTRY = 'India';
const IN_CODE = 'partner: India';

/** @param {import('./context.mjs').UiContext} t */
export default async function previewChecks(t) {
  const { page } = t;
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const tab = (name) => page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();

  await t.check('"Markdown: Open Preview to the Side" shows the draft with references marked by kind', async () => {
    await page.keyboard.press('Escape');
    // Earlier checks may leave the panel open (it hides the preview's lower half) or every editor closed.
    if (await page.locator('.part.panel').first().isVisible()) await runCommand(page, 'View: Hide Panel');
    if ((await tab('draft.md').count()) === 0) {
      // Open the draft from the Explorer.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'draft.md' }).first().click();
      await tab('draft.md').waitFor({ state: 'visible', timeout: 10000 });
    }
    await tab('draft.md').click();
    await page.locator('.tabs-container .tab.active[aria-label*="draft.md"]').first().waitFor({ state: 'visible', timeout: 10000 });
    await runCommand(page, 'Markdown: Open Preview to the Side');
    await tab('Preview draft.md').waitFor({ state: 'visible', timeout: 15000 });
    const agreement = preview.locator('span.policy-lens-ref.policy-lens-agreement', { hasText: AGREEMENT }).first();
    await agreement.waitFor({ state: 'visible', timeout: 30000 });
    const title = await agreement.getAttribute('title');
    if (title !== `${AGREEMENT} · 2022 · partnership`) throw new Error(`unexpected tooltip: ${title}`);
    const country = preview.locator('span.policy-lens-ref.policy-lens-country', { hasText: COUNTRY }).first();
    await country.waitFor({ state: 'visible', timeout: 10000 });
    const style = (l) =>
      l.evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderBottomStyle }));
    const [a, c] = [await style(agreement), await style(country)];
    for (const [kind, s] of [
      ['agreement', a],
      ['country', c],
    ]) {
      if (/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(s.background))
        throw new Error(`the ${kind} has no visible background: ${s.background}`);
      if (s.border !== 'solid') throw new Error(`the ${kind} has no solid underline: ${s.border}`);
    }
    if (a.background === c.background) throw new Error(`agreements and countries share one colour: ${a.background}`);
    const code = preview.locator('pre', { hasText: IN_CODE }).first();
    await code.waitFor({ state: 'visible', timeout: 10000 });
    const inCode = await code.locator('.policy-lens-ref').count();
    if (inCode !== 0) throw new Error(`${inCode} marks inside the code block`);
  });

  await t.check('screenshot preview.png shows the draft beside its preview, code block included', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'preview.png');
    // More room without the side bar; then from the Estonia MOC down to the code block, the editor
    // following the preview's scrolling.
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden', timeout: 10000 });
    const estonia = preview.locator('span.policy-lens-ref', { hasText: 'Estonia MOC' }).first();
    await estonia.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const code = preview.locator('pre', { hasText: IN_CODE }).first();
    const inView = (l) =>
      l.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= window.innerHeight);
    await waitFor('the Estonia MOC and the code block both in the preview', async () => (await inView(estonia)) && (await inView(code)), {
      timeoutMs: 10000,
    });
    await waitFor('the editor to show the code block too', () => t.lib.locateInEditor(page, IN_CODE), { timeoutMs: 10000 });
    await page.mouse.move(5, 5);
    await waitFor('no hover over the text', async () => (await page.locator('.monaco-hover').filter({ visible: true }).count()) === 0, {
      timeoutMs: 5000,
    });
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });
}
