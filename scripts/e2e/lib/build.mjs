// Step 2: the project's own build (esbuild.js bundles the extension and test/e2e/*.ts into dist/),
// and the .vsix the suites that test what ships install.
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, EXTENSION_ENTRY, ROOT, TESTS_ENTRY, WEB_EXTENSION_ENTRY } from './paths.mjs';
import { StepError, logPath, rel, runLogged } from './util.mjs';

export async function build({ needTests = true, appendLog = false } = {}) {
  const log = logPath('build.log');
  if (!appendLog) fs.writeFileSync(log, '');
  await runLogged(process.execPath, ['esbuild.js'], { cwd: ROOT, log, step: 'build' });
  for (const f of needTests ? [EXTENSION_ENTRY, WEB_EXTENSION_ENTRY, TESTS_ENTRY] : [EXTENSION_ENTRY, WEB_EXTENSION_ENTRY]) {
    if (!fs.existsSync(f)) throw new StepError('build', `the build did not produce ${rel(f)}`, log);
  }
  return log;
}

/**
 * The package users install, made as `npm run package` makes it: the production build (no test
 * hooks, minified), then scripts/package.mjs (vsce, with .vscodeignore's allow-list). Then the
 * development build again, since dist/ is shared: the test files and the suites that need the test
 * hooks run from it. Returns the path of .cache/e2e/policy-lens-<version>.vsix.
 */
export async function buildAndPackage() {
  const log = logPath('build.log');
  fs.writeFileSync(log, '');
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(CACHE, `policy-lens-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  await runLogged(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, log, step: 'production build' });
  await runLogged(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, log, step: 'package' });
  if (!fs.existsSync(vsix)) throw new StepError('package', `scripts/package.mjs did not write ${rel(vsix)}`, log);
  await build({ appendLog: true });
  return vsix;
}
