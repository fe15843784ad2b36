#!/usr/bin/env node
// Runs before `npm test`: test/cli/pandoc.test.ts renders a draft with Debian's pandoc
// (`pandoc --citeproc`) against the CSL-JSON and BibTeX exports. Installs it through apt when it
// is missing and we are root; otherwise says how, and the test will fail with the same advice.
import { spawnSync } from 'node:child_process';

const has = spawnSync('pandoc', ['--version'], { stdio: 'ignore' }).status === 0;
if (!has) {
  if (process.getuid?.() === 0) {
    console.log('[pretest] installing Debian pandoc for the citeproc test (apt-get)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'pandoc'], { stdio: 'inherit', env });
    if (!install || install.status !== 0)
      console.log('[pretest] could not install pandoc; the pandoc test will fail: run `sudo apt-get install pandoc`');
  } else {
    console.log('[pretest] pandoc is missing and this is not root: run `sudo apt-get install pandoc`, or the pandoc test will fail');
  }
}
