import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadBundledDataset } from '../../src/core';
import { analyzeAllBlocks } from '../../src/core/analysis/analyze';

// A long draft is parsed in regions (analyzeAllBlocks with a region size); the blocks must be those
// of the text parsed whole. Small region sizes here make every document a many-region one.
const dataset = loadBundledDataset();
const whole = (text: string) => analyzeAllBlocks(text, dataset, Infinity, true, Infinity);

const BLOCKS = [
  'The Estonia MOC and the Japan–EU Digital Partnership (2022) matter.',
  '# Japan and India',
  'Setext heading about Korea\n===',
  '- Technology\n- Governance\n\n  still the item about India',
  '  - Indented list about Japan\n\n   not a continuation: China',
  '1) Japan and India\n2) Technology',
  '> The G7 meeting in Germany\n> in 2021.',
  '| Year | Engagement |\n| --- | --- |\n| 2020 | G20 Digital Economy Ministers Meeting |',
  '```\nJapan inside code\n\n\nstill code about India\n```',
  '    indented code with India',
  '<!--\nChina in a comment\n\nstill comment\n-->',
  '<div>\nChina in HTML\n</div>',
  'A footnote.[^1] And [^two].',
  '[^1]: See the Okinawa Charter.',
  '[^two]: Second note on Japan\n\n    continued about India.',
  'A [link][ref] to the Estonia MOC and [Multi Word].',
  '[ref]: https://example.org',
  '[multi  word]: https://example.org/m',
  '---',
  '***',
  'Lebanon, New Hampshire and Atlanta, Georgia; [@dfft] and [@nope].',
  // Lines that look like definitions but are not (code, HTML), definitions inside containers or
  // with a label over two lines, and the references that would use them: a region that uses a
  // definition made elsewhere must see exactly the definitions the whole text has.
  '```\n[^1]: not a definition, in code\n[ref]: nor this\n```',
  '<!--\n[gone]: https://example.org/gone\n\n[^ghost]: in a comment\n-->',
  '    [^ghost]: indented code',
  '> [quoted]: https://example.org/q',
  '- [^listed]: in a list item about Japan',
  '[two\nlines]: https://example.org/two',
  'Uses [gone], [quoted], [two lines], [^listed] and [^ghost] near the Estonia MOC.',
];

describe('analysis in regions', () => {
  it('gives the blocks of the whole text, whatever the region size', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.constantFrom(...BLOCKS), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('\n\n', '\n', '\r\n\r\n', '\n\n\n'),
        fc.integer({ min: 1, max: 300 }),
        (matter, blocks, sep, size) => {
          const text = (matter ? '---\ntitle: x\n---\n' : '') + blocks.join(sep) + '\n';
          assert.deepEqual(analyzeAllBlocks(text, dataset, size), whole(text), JSON.stringify({ text, size }));
        },
      ),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 300) },
    );
  });

  it('keeps a fence left open at the end of a region out of the definitions appended to it', () => {
    // Found by the property above: the unclosed fence ran on into the appended footnote definitions.
    const text =
      '[^1]: See the Okinawa Charter.\n  - Indented list about Japan\n\n   not a continuation: China\n[^1]: See the Okinawa Charter.\n' +
      '<div>\nChina in HTML\n</div>\n```\nJapan inside code\n\n\nstill code about India\n```\n';
    const dataset = loadBundledDataset();
    const plain = (blocks: unknown): unknown => JSON.parse(JSON.stringify(blocks));
    for (const size of [1, 20, 60])
      assert.deepEqual(plain(analyzeAllBlocks(text, dataset, size)), plain(analyzeAllBlocks(text, dataset, Infinity)));
  });

  it('gives the blocks of the whole text for every CommonMark example, in regions of any size', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spec = require('commonmark-spec') as { tests: Array<{ markdown: string }> };
    const text = spec.tests.map((e) => e.markdown).join('\n\n');
    for (const size of [200, 1000, 5000]) assert.deepEqual(analyzeAllBlocks(text, dataset, size), whole(text), `region size ${size}`);
  });
});
