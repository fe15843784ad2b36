import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, analyzeVisible, isDraftName, loadBundledDataset } from '../../src/core';
import { analyzeAllBlocks } from '../../src/core/analysis/analyze';
import { parseMarkdown } from '../../src/core/markdown/parse';
import { blankDivFences } from '../../src/core/markdown/pandoc';
import { parseAnnotated } from './helpers/annotations';
import { assertAnnotated } from './helpers/expect-refs';

/**
 * Quarto and R Markdown drafts (test/fixtures/quarto/): code chunks and their `#|` options, inline
 * chunks, front matter, Pandoc attributes, fenced divs, shortcodes and cross-references are never
 * prose, and the prose inside a div is. Each fixture is annotated like the matcher cases
 * (`{{text|id}}`, `{{text|-}}` for a name that must not be reported).
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'quarto');
const files = readdirSync(FIXTURES).filter((f) => isDraftName(f) && f !== 'README.md');

describe('Quarto and R Markdown drafts', () => {
  const dataset = loadBundledDataset();

  it('has a .qmd and an .Rmd fixture', () => {
    assert.ok(files.some((f) => f.endsWith('.qmd')));
    assert.ok(files.some((f) => f.endsWith('.Rmd')));
  });

  for (const file of files) {
    describe(file, () => {
      const source = readFileSync(path.join(FIXTURES, file), 'utf8');
      const { text } = parseAnnotated(source);

      it('reports exactly the annotated references', () => {
        assertAnnotated(source, dataset);
      });

      it('reports no unknown citation for a cross-reference or an attribute', () => {
        assert.deepEqual(
          analyze(text, dataset).diagnostics.filter((d) => d.code === 'unknown-citation'),
          [],
        );
      });

      it('gives the same blocks parsed in regions, and the same references analysed from the visible lines', () => {
        for (const size of [120, 400])
          assert.deepEqual(analyzeAllBlocks(text, dataset, size), analyzeAllBlocks(text, dataset, Infinity), `region size ${size}`);
        const whole = analyze(text, dataset).references.map((r) => `${r.start.offset} ${r.text}`);
        const all = analyzeVisible(text, dataset, 0, text.length).references.map((r) => `${r.start.offset} ${r.text}`);
        assert.deepEqual(all, whole);
        const third = Math.floor(text.length / 3);
        const middle = analyzeVisible(text, dataset, third, 2 * third).references.map((r) => `${r.start.offset} ${r.text}`);
        assert.ok(middle.length > 0 && middle.every((r) => whole.includes(r)), middle.join('\n'));
      });
    });
  }

  it('a fenced div line is blanked whatever its prefix, and only a fence line', () => {
    const cases: Array<[string, boolean]> = [
      [':::', true],
      ['::: {.callout-note}', true],
      ['::::: {#fig-a .column-page} :::::', true],
      ['::: Warning', true],
      ['> ::: {.aside}', true],
      ['  :::', true],
      ['::', false],
      ['::: Japan and India', false],
      ['Note::: Japan', false],
      ['::: {.a} Japan', false],
    ];
    for (const [line, fence] of cases) {
      const blanked = blankDivFences(`${line}\n`);
      assert.equal(blanked.length, line.length + 1, line);
      assert.equal(blanked.trim() === '' || blanked.trim() === '>', fence, line);
    }
  });

  it('a div opened or closed right against a paragraph or a table leaves each its own block', () => {
    const types = (text: string) => parseMarkdown(text).tree.children.map((n) => n.type);
    assert.deepEqual(types('Before Japan.\n::: {.note}\nGermany inside.\n:::\nAfter India.\n'), ['paragraph', 'paragraph', 'paragraph']);
    assert.deepEqual(types('::: {.column-margin}\n| Year | Partner |\n| --- | --- |\n| 2022 | Japan |\n:::\n'), ['table']);
    const refs = analyze('Before Japan.\n::: {.note}\nGermany inside.\n:::\nAfter India.\n', dataset).references;
    assert.deepEqual(
      refs.map((r) => [r.text, r.start.line]),
      [
        ['Japan', 1],
        ['Germany', 3],
        ['India', 5],
      ],
    );
  });
});
