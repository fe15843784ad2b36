import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, loadBundledDataset } from '../../src/core';
import { pointAt } from './helpers/positions';

const NAMES = [
  'Japan',
  'EU–Japan Digital Partnership',
  'Estonia MOC',
  'Data Free Flow with Trust (DFFT)',
  'India',
  'U.S.',
  'G20',
  'Japan’s',
  'Society 5.0',
  'Viet Nam',
  'Côte d’Ivoire',
];
const MARKUP = [
  '*',
  '**',
  '_',
  '`',
  '```',
  '~~~',
  '> ',
  '- ',
  '1. ',
  '# ',
  '## ',
  '| ',
  ' | ',
  '|---|',
  '[',
  '](',
  ')',
  '![',
  '<b>',
  '</b>',
  '<!--',
  '-->',
  '[^1]',
  '[^1]: ',
  '[@dfft]',
  '\\',
  '\\*',
  '&amp;',
  '&#x1F1EF;',
  '&nbsp;',
  '&copy;',
  '---\n',
  '    ',
  '\t',
];
const TEXT = [
  'the',
  ' ',
  'and',
  'met',
  ',',
  '.',
  ';',
  '—',
  '-',
  '“',
  '”',
  "'",
  's',
  '😀',
  '𝔸',
  '\u200d',
  'é',
  'www.japan.example',
  'https://india.example/x',
];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '  \n'];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 4, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 5, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 2, arbitrary: fc.constantFrom(...BREAKS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const markdown = fc
  .tuple(fc.boolean(), fc.array(fragment, { maxLength: 60 }))
  .map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''));

describe('properties of analyze() on random Markdown', () => {
  const dataset = loadBundledDataset();

  it('never throws, and every range slices to its text with exact line and column', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const analysis = analyze(text, dataset);
        let previousEnd = -1;
        for (const ref of analysis.references) {
          assert.equal(text.slice(ref.start.offset, ref.end.offset), ref.text);
          assert.ok(ref.start.offset < ref.end.offset, 'non-empty');
          assert.ok(ref.start.offset >= previousEnd, 'sorted and not overlapping');
          previousEnd = ref.end.offset;
          assert.deepEqual(ref.start, pointAt(text, ref.start.offset));
          assert.deepEqual(ref.end, pointAt(text, ref.end.offset));
          assert.ok(!/^\s|\s$/.test(ref.text), `no surrounding white space in ${JSON.stringify(ref.text)}`);
        }
        for (const d of analysis.diagnostics) assert.equal(typeof d.message, 'string');
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a name the same way whatever line endings the file uses', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NAMES, ' and ', '\n', '. '), { maxLength: 30 }), (parts) => {
        const lf = parts.join('');
        const crlf = lf.replace(/\n/g, '\r\n');
        const a = analyze(lf, dataset).references.map((r) => [r.id, r.text.replace(/\r\n/g, '\n')]);
        const b = analyze(crlf, dataset).references.map((r) => [r.id, r.text.replace(/\r\n/g, '\n')]);
        assert.deepEqual(b, a);
      }),
      { numRuns: 500 },
    );
  });
});
