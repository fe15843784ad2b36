import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DRAFT_GLOB, DRAFT_LANGUAGE_IDS, DRAFT_PATTERNS_TEXT, isDraftLanguage, isDraftName } from '../../src/core/drafts';
import { INJECT_TO, SCOPE_NAME } from '../../scripts/grammar';
import { minimatch } from 'minimatch';

interface Manifest {
  activationEvents: string[];
  contributes: { snippets: Array<{ language: string; path: string }>; grammars: Array<{ scopeName: string; injectTo: string[] }> };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('what counts as a draft', () => {
  it('package.json activates on, gives snippets to and injects the grammar into every draft language, and no other', () => {
    assert.deepEqual(
      manifest.activationEvents.filter((e) => e.startsWith('onLanguage:')),
      DRAFT_LANGUAGE_IDS.map((id) => `onLanguage:${id}`),
    );
    assert.deepEqual(
      manifest.contributes.snippets.map((s) => s.language),
      DRAFT_LANGUAGE_IDS,
    );
    const grammar = manifest.contributes.grammars.find((g) => g.scopeName === SCOPE_NAME);
    assert.deepEqual(grammar?.injectTo, INJECT_TO);
    assert.deepEqual(INJECT_TO, ['text.html.markdown', 'text.html.quarto', 'text.html.rmarkdown']);
  });

  it('names Markdown, Quarto and R Markdown files in any case, and nothing else', () => {
    for (const name of ['a.md', 'b.markdown', 'paper.qmd', 'analysis.Rmd', 'x/y/analysis.rmd', 'NOTES.MD', 'PAPER.QMD', 'c.RMD'])
      assert.ok(isDraftName(name), name);
    for (const name of ['a.txt', 'qmd', 'a.md.bak', 'a.mdx', 'a.R', 'a.ipynb', '_quarto.yml', 'a.rmd~', 'md'])
      assert.ok(!isDraftName(name), name);
    assert.equal(DRAFT_PATTERNS_TEXT, '*.md, *.markdown, *.qmd, *.Rmd');
  });

  it('the workspace glob finds the same files as the name test, in the spellings writers use', () => {
    for (const name of [
      'a.md',
      'b.markdown',
      'paper.qmd',
      'analysis.Rmd',
      'deep/er/analysis.rmd',
      'c.txt',
      'paper.qmd.orig',
      '_quarto.yml',
    ]) {
      assert.equal(minimatch(name, DRAFT_GLOB), isDraftName(name), name);
    }
  });

  it('language ids: markdown, quarto and rmd', () => {
    assert.deepEqual(DRAFT_LANGUAGE_IDS, ['markdown', 'quarto', 'rmd']);
    assert.ok(isDraftLanguage('quarto') && isDraftLanguage('rmd') && isDraftLanguage('markdown'));
    assert.ok(!isDraftLanguage('r') && !isDraftLanguage('python') && !isDraftLanguage('yaml') && !isDraftLanguage('Markdown'));
  });
});
