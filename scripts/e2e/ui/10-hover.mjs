// UI check: hovering a reference in the real workbench shows its card; saves hover.png.
import fs from 'node:fs';
import path from 'node:path';

/** The reference the check hovers, and what its card must say. */
const HOVER = {
  phrase: 'Japan–EU Digital Partnership',
  context: 'the Japan–EU Digital Partnership (2022)',
  label: 'Japan–EU Digital Partnership',
  year: '2022',
  source: 'digital.go.jp',
};

/** @param {import('./context.mjs').UiContext} t */
export default async function hoverChecks(t) {
  let hover;
  await t.check(`hovering "${HOVER.phrase}" shows its card with label and year`, async () => {
    let attempts;
    ({ hover, attempts } = await t.lib.hoverPhrase(t.page, HOVER.phrase, HOVER.label, { context: HOVER.context }));
    if (attempts > 1) console.log(`      (the card appeared on hover attempt ${attempts}: the extension host was still starting)`);
    const text = await hover.innerText();
    if (!text.includes(HOVER.year)) throw new Error(`the hover card does not show ${HOVER.year}: ${JSON.stringify(text)}`);
  });
  await t.check('the card fits in the hover without scrolling, sources included', async () => {
    const fit = await hover.evaluate((el) => {
      const content = el.querySelector('.monaco-hover-content') ?? el;
      const box = content.closest('.monaco-scrollable-element') ?? el;
      return { content: content.scrollHeight, visible: box.clientHeight };
    });
    if (fit.content > fit.visible + 1) throw new Error(`the card is ${fit.content} px high but the hover shows ${fit.visible} px`);
    const sources = hover.locator('a').filter({ hasText: HOVER.source });
    if (!(await sources.first().isVisible())) throw new Error(`no visible source link "${HOVER.source}"`);
  });
  await t.check('screenshot hover.png shows the hover card', async () => {
    fs.mkdirSync(t.images, { recursive: true });
    const file = path.join(t.images, 'hover.png');
    if (!(await hover.isVisible())) throw new Error('the hover card closed before the screenshot');
    await t.page.screenshot({ path: file, animations: 'disabled' });
    console.log(`      saved ${t.rel(file)}`);
  });
  // Leave the workbench as the next check expects it: no hover open.
  await t.page.mouse.move(5, 5);
  await t.page.keyboard.press('Escape');
}
