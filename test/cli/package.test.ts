import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip } from './zip';

// Packages the extension as users install it (scripts/package.mjs, the vsce step of `npm run
// package`, on the dist/ that `npm test` has just built) and reads the .vsix back.
const ROOT = path.join(__dirname, '..', '..');

interface Manifest {
  main: string;
  browser: string;
  icon: string;
  repository: { url: string };
  categories: string[];
  keywords: string[];
  contributes: {
    snippets: Array<{ path: string }>;
    grammars: Array<{ path: string }>;
    jsonValidation: Array<{ url: string }>;
    'markdown.previewStyles': string[];
  };
}

/** Files the extension loads by name at run time, beside those package.json names. */
const LOADED_BY_CODE = ['dist/analysis-worker.js', 'dist/web/analysis-worker.js', 'dist/dataset.json'];
/** What every package holds: the manifest and the marketplace page (vsce renames the README, changelog and licence). */
const ALWAYS = ['package.json', 'package.nls.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'NOTICE.md'];
/** Translations may be added without a change here. */
const TRANSLATIONS = [/^package\.nls\.[a-z]{2}(-[a-z]{2,4})?\.json$/, /^l10n\/bundle\.l10n(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/];

/** The files package.json makes VS Code load. */
function referenced(manifest: Manifest): string[] {
  const c = manifest.contributes;
  return [
    manifest.main,
    manifest.browser,
    manifest.icon,
    ...c.snippets.map((s) => s.path),
    ...c.grammars.map((g) => g.path),
    ...c.jsonValidation.map((j) => j.url),
    ...c['markdown.previewStyles'],
  ].map((p) => path.posix.normalize(p.replace(/^\.\//, '')));
}

/**
 * What is wrong with a package's file list: each needed file that is missing and each file that
 * nothing needs.
 *
 * @param files The files under `extension/` in the .vsix.
 * @param manifest The package.json.
 * @returns One line for each problem.
 */
function contentProblems(files: readonly string[], manifest: Manifest): string[] {
  const needed = [...new Set([...ALWAYS, ...referenced(manifest), ...LOADED_BY_CODE])];
  const missing = needed.filter((f) => !files.includes(f)).map((f) => `missing: ${f}`);
  const extra = files
    .filter((f) => !needed.includes(f) && !TRANSLATIONS.some((re) => re.test(f)))
    .map((f) => `not needed by the extension: ${f}`);
  return [...missing, ...extra];
}

describe('the packaged extension (.vsix)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  let vsix: Map<string, Buffer>;

  before(async function () {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-vsix-')), 'policy-lens.vsix');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `packaging failed: ${r.stderr}${r.stdout}`);
    vsix = await readZip(out);
  });

  it('holds what the extension runs and its marketplace page, and nothing else', () => {
    const files = [...vsix.keys()].filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    assert.deepEqual(contentProblems(files, manifest), []);
    assert.deepEqual([...vsix.keys()].filter((f) => !f.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  it('the allow-list check catches a stray file and a missing one', () => {
    const good = [...ALWAYS, ...referenced(manifest), ...LOADED_BY_CODE, 'package.nls.ja.json', 'l10n/bundle.l10n.ja.json'];
    assert.deepEqual(contentProblems(good, manifest), []);
    for (const stray of [
      'dist/bench-workspace.js',
      'dist/cli.js',
      'dist/extension.js.map',
      'src/cli.ts',
      'docs/images/hover.png',
      'media/unused.png',
    ])
      assert.deepEqual(contentProblems([...good, stray], manifest), [`not needed by the extension: ${stray}`]);
    for (const needed of [
      'dist/extension.js',
      'dist/web/analysis-worker.js',
      'dist/dataset.json',
      'media/icon.png',
      'package.json',
      'LICENSE.txt',
    ])
      assert.deepEqual(
        contentProblems(
          good.filter((f) => f !== needed),
          manifest,
        ),
        [`missing: ${needed}`],
      );
  });

  it('has a 128×128 PNG icon, marketplace categories and the keywords a policy writer searches for', () => {
    const png = vsix.get(`extension/${manifest.icon}`)!;
    assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    const packaged = vsix.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(packaged, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    // The categories the marketplace knows; any other is dropped from the page.
    const known = [
      'Programming Languages',
      'Snippets',
      'Linters',
      'Themes',
      'Debuggers',
      'Formatters',
      'Keymaps',
      'SCM Providers',
      'Other',
      'Extension Packs',
      'Language Packs',
      'Data Science',
      'Machine Learning',
      'Visualization',
      'Notebooks',
      'Education',
      'Testing',
      'AI',
      'Chat',
    ];
    assert.deepEqual(
      manifest.categories.filter((c) => !known.includes(c)),
      [],
    );
    assert.ok(manifest.keywords.length <= 30, 'vsce accepts at most 30 keywords');
    for (const word of ['policy', 'diplomacy', 'citations', 'pandoc', 'markdown'])
      assert.ok(manifest.keywords.includes(word), `keyword ${word}`);
  });

  it('rewrites the README’s relative images and links to the repository, each to a file that exists', () => {
    const readme = vsix.get('extension/readme.md')!.toString('utf8');
    const repo = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const targets = [...readme.matchAll(/(!?)\[(?:[^\][]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({
      image: m[1] === '!',
      url: m[2]!,
    }));
    const images = targets.filter((t) => t.image);
    assert.ok(images.length > 0, 'the README shows images');
    const pictures: string[] = [];
    for (const { image, url } of targets) {
      if (url.startsWith('#')) continue;
      assert.match(url, /^(https?|mailto):/, `a relative link is left: ${url}`);
      const prefix = image ? `${repo}/raw/HEAD/` : `${repo}/blob/HEAD/`;
      if (!url.startsWith(prefix)) {
        assert.ok(!url.startsWith(repo), `${url} is under the repository but not as ${prefix}`);
        continue;
      }
      const file = decodeURI(url.slice(prefix.length).replace(/#.*$/, ''));
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${url}: ${file} is not in the repository`);
      if (image) pictures.push(file);
    }
    // The marketplace fetches them from the pushed repository: a picture only on this disk resolves nowhere.
    const tracked = spawnSync('git', ['ls-files', '--', ...pictures], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(tracked.status, 0, tracked.stderr);
    assert.deepEqual(
      pictures.filter((f) => !tracked.stdout.split('\n').includes(f)),
      [],
      'README pictures that git does not track',
    );
    assert.doesNotMatch(readme, /<img[^>]+src=["'](?!https:)/, 'no relative <img>');
  });
});
