// UI check: a workspace dataset file with a mistake, in the real workbench. Writes
// .policylens/team.json (one good entry, one with a classification the schema does not allow),
// opens it, waits for the error squiggle and the status bar item that names the file, saves
// dataset-errors.png, then removes the file so later checks see the bundled data only.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/util.mjs';
import { openFileByName } from '../lib/browser.mjs';

const FILE = 'team.json';

const entry = (id, label, extra = {}) => ({
  id,
  kind: 'agreement',
  label,
  aliases: [],
  summary: `A test arrangement called ${label}.`,
  sources: [],
  type: 'memorandum',
  year: 2025,
  parties: ['jpn', 'est'],
  ...extra,
});

/** @param {import('./context.mjs').UiContext} t */
export default async function datasetChecks(t) {
  const { page } = t;
  const dir = path.join(t.workspace, '.policylens');
  const file = path.join(dir, FILE);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        entries: [
          entry('team-lantern-pact-2025', 'Team Lantern Pact'),
          entry('team-beacon-accord-2025', 'Team Beacon Accord', { classification: 'trilateral' }),
        ],
      },
      null,
      2,
    ) + '\n',
  );
  try {
    await t.check(`a dataset file with a mistake: an error squiggle, and a status bar item naming ${FILE}`, async () => {
      await openFileByName(page, FILE);
      await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 20000 });
      await page
        .locator('.statusbar-item')
        .filter({ hasText: `Policy Lens: errors in ${FILE}` })
        .first()
        .waitFor({ state: 'visible', timeout: 20000 });
    });

    await t.check('screenshot dataset-errors.png shows the file with its diagnostic', async () => {
      fs.mkdirSync(t.images, { recursive: true });
      const shot = path.join(t.images, 'dataset-errors.png');
      const at = await waitFor('"trilateral" to be visible in the editor', () => t.lib.locateInEditor(page, 'trilateral'), {
        timeoutMs: 10000,
        intervalMs: 200,
      });
      await page.mouse.move(at.x, at.y);
      await page
        .locator('.monaco-hover')
        .filter({ hasText: 'classification must be one of bilateral, multilateral' })
        .first()
        .waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: shot, animations: 'disabled' });
      console.log(`      saved ${t.rel(shot)}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
