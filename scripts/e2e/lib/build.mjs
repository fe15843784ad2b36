// Step 2: the project's own build (esbuild.js bundles the extension and test/e2e/*.ts into dist/).
import fs from 'node:fs';
import { EXTENSION_ENTRY, ROOT, TESTS_ENTRY, WEB_EXTENSION_ENTRY } from './paths.mjs';
import { StepError, logPath, rel, runLogged } from './util.mjs';

export async function build({ needTests = true } = {}) {
  const log = logPath('build.log');
  fs.writeFileSync(log, '');
  await runLogged(process.execPath, ['esbuild.js'], { cwd: ROOT, log, step: 'build' });
  for (const f of needTests ? [EXTENSION_ENTRY, WEB_EXTENSION_ENTRY, TESTS_ENTRY] : [EXTENSION_ENTRY, WEB_EXTENSION_ENTRY]) {
    if (!fs.existsSync(f)) throw new StepError('build', `the build did not produce ${rel(f)}`, log);
  }
  return log;
}
