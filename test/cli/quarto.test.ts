import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Quarto and R Markdown from the command line: a folder scan reads .qmd and .Rmd drafts, the
// export of what they cite is a bibliography Quarto uses (`bibliography:` in the front matter or
// in _quarto.yml), and pandoc --citeproc, which Quarto runs, resolves every citation with it.
// Pandoc must be installed (see pandoc.test.ts).
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pandoc(args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync('pandoc', args, { cwd, encoding: 'utf8' });
  if (r.error) assert.fail('pandoc is not on PATH: install it (Debian: `apt-get install -y pandoc`; .ci/run does this in CI)');
  assert.equal(r.status, 0, `pandoc ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The keys pandoc could not resolve, from its warnings. */
function unresolved(stderr: string): string[] {
  return [...stderr.matchAll(/citation (\S+) not found/g)].map((m) => m[1]!).sort();
}

const PAPER = [
  '---',
  'title: "Japan and Estonia"',
  'bibliography: policy-lens.json',
  '---',
  '',
  '# Partners {#sec-partners}',
  '',
  'Japan and Estonia signed a memorandum [@moc-estonia-2022]; see @sec-partners and @fig-map.',
  '',
  '::: {.callout-note}',
  'The Japan–EU Digital Partnership followed [see @japan-eu-digital-partnership-2022, p. 3].',
  ':::',
  '',
  '```{r}',
  '#| label: fig-map',
  '# The G7 Hiroshima AI Process is named in a comment only',
  'plot(1)',
  '```',
  '',
  '# References',
  '',
].join('\n');

const NOTES = [
  '---',
  'title: "Notes"',
  'output: html_document',
  '---',
  '',
  '```{r setup, include=FALSE}',
  'knitr::opts_chunk$set(echo = TRUE) # DFFT',
  '```',
  '',
  'Data Free Flow with Trust [@dfft] frames the notes, with `r nrow(partners)` partners.',
  '',
].join('\n');

describe('Quarto and R Markdown drafts on the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-quarto-'));
  fs.writeFileSync(path.join(dir, 'paper.qmd'), PAPER);
  fs.writeFileSync(path.join(dir, 'notes.Rmd'), NOTES);
  fs.writeFileSync(path.join(dir, '_quarto.yml'), 'project:\n  type: default\nbibliography: policy-lens.json\n');
  fs.writeFileSync(path.join(dir, 'draft.txt'), 'Japan, in a file that is not a draft.\n');

  it('a folder scan reads the .qmd and .Rmd drafts, and nothing in their chunks, attributes or cross-references', () => {
    const r = cli(['scan', '--json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const files = (
      JSON.parse(r.stdout) as { files: Array<{ path: string; references: Array<{ text: string; id: string }>; diagnostics: unknown[] }> }
    ).files;
    assert.deepEqual(files.map((f) => f.path).sort(), ['notes.Rmd', 'paper.qmd']);
    const paper = files.find((f) => f.path === 'paper.qmd')!;
    assert.deepEqual(
      paper.references.map((x) => x.id),
      ['jpn', 'est', 'moc-estonia-2022', 'japan-eu-digital-partnership-2022', 'japan-eu-digital-partnership-2022'],
    );
    assert.deepEqual(paper.diagnostics, [], 'a cross-reference is no unknown citation');
    const notes = files.find((f) => f.path === 'notes.Rmd')!;
    assert.deepEqual(
      notes.references.map((x) => x.id),
      ['dfft', 'dfft'],
    );
  });

  it('the CSL-JSON export of the folder is the bibliography Quarto reads from the front matter: every citation resolves', () => {
    const r = cli(['export', '--format', 'csl-json', '--out', 'policy-lens.json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const ids = (JSON.parse(fs.readFileSync(path.join(dir, 'policy-lens.json'), 'utf8')) as Array<{ id: string }>).map((e) => e.id).sort();
    assert.deepEqual(ids, ['dfft', 'japan-eu-digital-partnership-2022', 'moc-estonia-2022']);
    const { stdout: html, stderr } = pandoc(['--citeproc', '-f', 'markdown', '-t', 'html', '--wrap=none', 'paper.qmd'], dir);
    // Quarto resolves @sec- and @fig- itself before citeproc runs; plain pandoc leaves them, and only them.
    assert.deepEqual(unresolved(stderr), ['fig-map', 'sec-partners']);
    assert.match(html, /data-cites="moc-estonia-2022">\(<span>“Japan–Estonia Memorandum of Cooperation”<\/span> 2022\)/);
    assert.match(html, /data-cites="japan-eu-digital-partnership-2022">\(see <span>“Japan–EU Digital Partnership”<\/span> 2022, 3\)/);
    for (const id of ['moc-estonia-2022', 'japan-eu-digital-partnership-2022'])
      assert.match(html, new RegExp(`<div id="ref-${id}" class="csl-entry"`));
    assert.doesNotMatch(html, /id="ref-dfft"/, 'only what this draft cites');
  });

  it('an R Markdown draft without a bibliography of its own resolves through the project’s _quarto.yml', () => {
    const r = cli(['export', '--format', 'csl-json', '--out', 'policy-lens.json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const { stdout: text, stderr } = pandoc(
      ['--citeproc', '--metadata-file', '_quarto.yml', '-f', 'markdown', '-t', 'plain', '--wrap=none', 'notes.Rmd'],
      dir,
    );
    assert.deepEqual(unresolved(stderr), []);
    assert.match(text, /Data Free Flow with Trust \(“Data Free Flow with Trust[^”]*” \d{4}\) frames the notes/);
  });

  describe('the writer’s own bibliography', () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-bib-'));
    fs.mkdirSync(path.join(own, 'refs'));
    fs.writeFileSync(
      path.join(own, 'refs', 'team.bib'),
      [
        '% exported by the team',
        '@string{oecd = "OECD"}',
        '@Report{ oecd-2021 ,',
        '  title = {Data {Flows}}, institution = oecd',
        '}',
        '@book{tanaka:2019,title={Japan}}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(own, 'refs', 'more.json'), JSON.stringify([{ id: 'un-2020', type: 'report' }]));
    const draft = (bibliography: string, cited: string): string =>
      [
        '---',
        'title: "Own references"',
        bibliography,
        '---',
        '',
        `Japan and Estonia signed a memorandum [@moc-estonia-2022]; see ${cited}.`,
        '',
      ].join('\n');
    /** The unknown-citation keys and the exit code of a scan of one draft, with its warnings. */
    const scan = (name: string, cwd = own): { keys: string[]; code: number | null; stderr: string } => {
      const r = cli(['scan', '--json', name], cwd);
      const files = (
        JSON.parse(r.stdout) as {
          files: Array<{ diagnostics: Array<{ code: string; start: { offset: number }; end: { offset: number } }> }>;
        }
      ).files;
      const text = fs.readFileSync(path.join(cwd, name), 'utf8');
      const keys = files[0]!.diagnostics.filter((d) => d.code === 'unknown-citation').map((d) => text.slice(d.start.offset, d.end.offset));
      return { keys, code: r.code, stderr: r.stderr };
    };

    it('reports no citation its .bib or CSL-JSON holds, resolved from the draft’s folder, and still one in neither', () => {
      fs.mkdirSync(path.join(own, 'chapters'), { recursive: true });
      fs.writeFileSync(
        path.join(own, 'chapters', 'one.qmd'),
        draft('bibliography: [../refs/team.bib, ../refs/more.json]', '[@oecd-2021; @tanaka:2019, p. 2], [@un-2020] and [@smith-2099]'),
      );
      const r = scan(path.join('chapters', 'one.qmd'));
      assert.deepEqual(r.keys, ['@smith-2099']);
      assert.equal(r.code, 1, 'an unknown citation is still an error');
      assert.equal(r.stderr, '');
      // The same draft without its bibliography: every own key is unknown again.
      fs.writeFileSync(
        path.join(own, 'chapters', 'two.qmd'),
        draft('bibliography: []', '[@oecd-2021; @tanaka:2019, p. 2], [@un-2020] and [@smith-2099]'),
      );
      assert.deepEqual(scan(path.join('chapters', 'two.qmd')).keys, ['@oecd-2021', '@tanaka:2019', '@un-2020', '@smith-2099']);
    });

    it('reads the bibliography of the Quarto project (_quarto.yml, relative to the project) for a draft in a folder below it', () => {
      const project = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-project-'));
      fs.mkdirSync(path.join(project, 'refs'));
      fs.mkdirSync(path.join(project, 'part', 'deep'), { recursive: true });
      fs.copyFileSync(path.join(own, 'refs', 'team.bib'), path.join(project, 'refs', 'team.bib'));
      fs.writeFileSync(path.join(project, '_quarto.yml'), 'project:\n  type: book\nbibliography: refs/team.bib\n');
      fs.writeFileSync(path.join(project, 'part', 'deep', 'notes.Rmd'), 'As argued [@oecd-2021] and [@nobody-2000].\n');
      const r = scan(path.join('part', 'deep', 'notes.Rmd'), project);
      assert.deepEqual(r.keys, ['@nobody-2000']);
      assert.equal(r.stderr, '');
    });

    it('reads the bibliography of each _metadata.yml from the project down, relative to that file, merged as Quarto merges it', () => {
      const project = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-metadata-'));
      const put = (relative: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
        fs.writeFileSync(path.join(project, relative), text);
      };
      put('refs/team.bib', '@report{oecd-2021, title = {Data Flows}}\n');
      put('refs/more.json', JSON.stringify([{ id: 'un-2020' }]));
      put('part/deep/local.yaml', 'references:\n- id: sato-2018\n');
      put('other/elsewhere.bib', '@misc{elsewhere-2001}\n');
      put('_quarto.yml', 'project:\n  type: book\nbibliography: [refs/team.bib]\n');
      put('part/_metadata.yml', 'bibliography: ../refs/more.json\n');
      put('part/deep/_metadata.yaml', 'bibliography: local.yaml\n');
      put('other/_metadata.yml', 'bibliography: elsewhere.bib\n');
      const cites = 'As argued [@oecd-2021; @un-2020; @sato-2018] and [@elsewhere-2001].\n';
      put('part/deep/notes.qmd', cites);
      put('part/paper.qmd', cites);
      put('other/aside.md', cites);
      assert.deepEqual(scan(path.join('part', 'deep', 'notes.qmd'), project).keys, ['@elsewhere-2001']);
      assert.deepEqual(
        scan(path.join('part', 'paper.qmd'), project).keys,
        ['@sato-2018', '@elsewhere-2001'],
        'a folder below adds nothing above it',
      );
      assert.deepEqual(scan(path.join('other', 'aside.md'), project).keys, ['@un-2020', '@sato-2018']);
      // One path everywhere: the innermost replaces the project's.
      put('_quarto.yml', 'project:\n  type: book\nbibliography: refs/team.bib\n');
      put('part/deep/_metadata.yaml', 'title: Deep\n');
      assert.deepEqual(scan(path.join('part', 'deep', 'notes.qmd'), project).keys, ['@oecd-2021', '@sato-2018', '@elsewhere-2001']);
      assert.equal(scan(path.join('part', 'deep', 'notes.qmd'), project).stderr, '');
    });

    it('reads no _metadata.yml outside a Quarto project, as Quarto does not', () => {
      const loose = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-loose-'));
      fs.writeFileSync(path.join(loose, 'refs.bib'), '@misc{loose-2020}\n');
      fs.writeFileSync(path.join(loose, '_metadata.yml'), 'bibliography: refs.bib\n');
      fs.writeFileSync(path.join(loose, 'draft.md'), 'See [@loose-2020].\n');
      assert.deepEqual(scan('draft.md', loose).keys, ['@loose-2020']);
    });

    it('a missing, unreadable or broken bibliography is one warning line each, and the draft is still checked', () => {
      fs.writeFileSync(path.join(own, 'broken.bib'), '@book{kept, title={fine}}\n@article{half, title = {never closed\n');
      fs.writeFileSync(path.join(own, 'broken.json'), '[{"id": "lost"');
      fs.mkdirSync(path.join(own, 'folder.bib'));
      fs.writeFileSync(
        path.join(own, 'bad.qmd'),
        draft('bibliography: [missing.bib, broken.bib, broken.json, folder.bib, refs.ris]', '[@kept], [@half], [@lost] and [@oecd-2021]'),
      );
      const r = scan('bad.qmd');
      assert.deepEqual(r.keys, ['@lost', '@oecd-2021']);
      assert.equal(r.code, 1);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 5, r.stderr);
      assert.match(lines[0]!, /^policy-lens: bad\.qmd: bibliography missing\.bib: cannot read: no such file or directory$/);
      assert.match(lines[1]!, /^policy-lens: bad\.qmd: bibliography broken\.bib: line 2: the entry is never closed$/);
      assert.equal(lines[2]!, 'policy-lens: bad.qmd: bibliography broken.json: line 1: not valid JSON: a closing brace is expected');
      assert.match(lines[3]!, /^policy-lens: bad\.qmd: bibliography folder\.bib: cannot read: not a regular file \(a directory\)$/);
      assert.match(lines[4]!, /^policy-lens: bad\.qmd: bibliography refs\.ris: not read/);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
    });
  });
});
