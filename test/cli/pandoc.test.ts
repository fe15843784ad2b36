import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeUserEntry } from './user-entry';

// The proof that the exports work where they are meant to: a draft with Pandoc citations renders
// with `pandoc --citeproc` against the CSL-JSON (and the BibTeX) that `policy-lens export` writes.
// Pandoc must be installed: CI installs Debian's package (.ci/run); elsewhere `apt-get install pandoc`.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function pandocVersion(): string {
  const r = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    assert.fail(
      'pandoc is not on PATH, so the CSL-JSON and BibTeX exports cannot be proven: install it (Debian: `apt-get install -y pandoc`; .ci/run does this in CI) and run the tests again',
    );
  }
  return r.stdout.split('\n')[0]!;
}

function pandoc(args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync('pandoc', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `pandoc ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

function exportTo(format: string, out: string, args: string[], cwd: string): void {
  const r = spawnSync(process.execPath, [CLI, 'export', '--format', format, '--out', out, ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('pandoc --citeproc with the exports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-pandoc-'));
  const odd = 'Data "Free" Flow, 100% {open} & fair_play #1 $2 ~ ^ \\ <b> Curaçao 日本';
  writeUserEntry(dir, {
    id: 'odd-one',
    label: odd,
    summary: 'An entry with every character the formats must escape.',
    url: 'https://example.org/notice',
    date: '2023-11-07',
  });
  fs.writeFileSync(
    path.join(dir, 'draft.md'),
    [
      '# Notes',
      '',
      'Japan and Estonia signed a memorandum [@moc-estonia-2022], and the Japan–EU Digital Partnership',
      'followed [see @japan-eu-digital-partnership-2022, p. 3]. Our own entry is cited too [@odd-one].',
      '',
      '# References',
      '',
    ].join('\n'),
  );

  it(`renders the draft's citations and a bibliography from the CSL-JSON export`, () => {
    pandocVersion();
    exportTo('csl-json', 'refs.json', ['--dataset', 'ours.json', 'draft.md'], dir);
    const { stdout: html, stderr } = pandoc(['--citeproc', '--bibliography', 'refs.json', '-t', 'html', '--wrap=none', 'draft.md'], dir);
    assert.doesNotMatch(stderr, /not found/, 'every [@key] resolves');
    assert.match(
      html,
      /data-cites="moc-estonia-2022">\(<span>“Japan–Estonia Memorandum of Cooperation”<\/span> 2022\)/,
      'cited by name and year',
    );
    assert.match(html, /data-cites="japan-eu-digital-partnership-2022">\(see <span>“Japan–EU Digital Partnership”<\/span> 2022, 3\)/);
    assert.match(html, /<div id="refs" class="references[^"]*"/, 'a bibliography');
    for (const id of ['moc-estonia-2022', 'japan-eu-digital-partnership-2022', 'odd-one'])
      assert.match(html, new RegExp(`<div id="ref-${id}" class="csl-entry"`));
    const entry = /<div id="ref-moc-estonia-2022"[^>]*>([\s\S]*?)<\/div>/.exec(html)![1]!;
    assert.match(
      entry,
      /“Japan–Estonia Memorandum of Cooperation\.”<\/span> 2022\. Memorandum\. <a href="https:\/\/www\.digital\.go\.jp\//,
    );
    const ours = /<div id="ref-odd-one"[^>]*>([\s\S]*?)<\/div>/.exec(html)![1]!;
    assert.match(
      ours,
      /100% \{Open\} &amp; Fair_play #1 \$2 ~ \^ \\ &lt;b&gt; Curaçao 日本/,
      'every character arrives (the style title-cases English titles)',
    );
  });

  it('renders the same bibliography from the BibTeX export, every character intact', () => {
    pandocVersion();
    exportTo('bibtex', 'refs.bib', ['--dataset', 'ours.json', 'draft.md'], dir);
    const { stdout: text, stderr } = pandoc(['--citeproc', '--bibliography', 'refs.bib', '-t', 'plain', '--wrap=none', 'draft.md'], dir);
    assert.doesNotMatch(stderr, /not found/, 'every [@key] resolves');
    assert.match(text, /a memorandum \(“Japan–Estonia Memorandum of Cooperation” 2022\)/);
    assert.match(
      text,
      /^“Japan–Estonia Memorandum of Cooperation\.” 2022\. Japan, Estonia; Bilateral memorandum\. https:\/\/www\.digital\.go\.jp\//m,
    );
    assert.ok(
      text.includes(`“${odd}.” 2023. Japan, Curaçao; Bilateral memorandum.`),
      `the odd title round-trips exactly through BibTeX:\n${text}`,
    );
  });
});
