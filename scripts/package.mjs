#!/usr/bin/env node
// Packages the built extension (dist/ as it is: `npm run package` builds it for production first)
// into a .vsix with vsce. The README's relative links and images are rewritten to absolute URLs
// under the `repository` of package.json, so that they resolve on the marketplace page: vsce
// guesses the URLs for a GitHub or GitLab repository; for any other host this passes them, as
// REPOSITORY/blob/HEAD/ for links and REPOSITORY/raw/HEAD/ for images. Usage: node scripts/package.mjs [vsce options]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const { repository } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const url = (typeof repository === 'string' ? repository : (repository?.url ?? '')).replace(/^git\+/, '').replace(/\.git$/, '');
if (!/^https:\/\//.test(url)) {
  process.stderr.write(`package: the repository of package.json must be an https URL, for the README's images (found "${url}")\n`);
  process.exit(2);
}
const guessed = /^https:\/\/(github|gitlab)\.com\//.test(url);
const base = guessed ? [] : ['--baseContentUrl', `${url}/blob/HEAD/`, '--baseImagesUrl', `${url}/raw/HEAD/`];
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', ...base, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 2);
