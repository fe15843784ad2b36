import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { loadBundledDataset } from '../../src/core';
import { analyzeAllBlocks } from '../../src/core/analysis/analyze';
import { failedFrontMatter, parseRegion } from '../../src/core/analysis/region';
import { parseInWindows, windowCuts } from '../../src/core/analysis/windows';
import { parseGuarded } from '../../src/core/markdown/parse';

// A long paragraph or list is parsed in line windows stitched back together (windows.ts); the
// tree must be that of the text parsed whole. Lines are drawn from a pool where inline constructs
// open on one line and close on another, lines that end in hard breaks, and lines that start or
// interrupt blocks; small windows put a cut at nearly every line.
const LINES = [
  'The Estonia MOC and Japan met',
  'and the EU agreed on data',
  'Japan *opened emphasis',
  'closed it* here',
  'a **strong start',
  'strong end** now',
  'open `code span',
  'code end` after',
  'a [link text',
  'goes on](https://example.org) done',
  'a [^1] footnote and [ref] use',
  'an <span',
  'class="x"> inline HTML',
  'ends in two spaces  ',
  'ends in a backslash\\',
  'snake_case_word and ~strike',
  'strike~ closed',
  'https://example.org/a_b and www.example.org',
  '- Japan and the EU agree',
  '- - - - Japan',
  '* starred item',
  '+ plus item',
  '1. first',
  '2. second',
  '3) paren',
  '- * -',
  '* * *',
  '---',
  '===',
  '-',
  '    indented code',
  '  two spaces in',
  '```',
  '| a | b |',
  '|---|---|',
  '> quoted Japan',
  '# Heading on India',
  '[^1]: the note',
  '[ref]: https://example.org',
  '<div>',
  '</div>',
  'Émile and Ōsaka',
  // Characters left as text that cannot open anything, or can only as the rules of flanking say.
  '5 * 3 and a_b_c and 2*x',
  'Japan* and * and _',
  'x _y and z_ and __init__',
  'the [12] cited and [a] [b',
  'see [3](',
  'https://example.org/x) end',
  'a < b and <3 and a <= b',
  '&#42;ref and \\*esc and &lt;b',
  'ends with ]',
  '(https://example.org)',
  '** bold and *(x)',
  'Tokyo** and a*b*',
  'mail a@example.org',
  // A destination, title or label that goes on over a line ending, or breaks off on it.
  'see [the text](https://example.org',
  '"a title" ) then',
  "'single' and (paren) title)",
  'see [it](https',
  '://example.org/y) end',
  'see [that](<https://example.org/a b',
  'the [full][ref',
  'ref] and [x][',
  '(a (nested) one) end',
  // Runs that pair across lines only as the rule of three says, and literal runs inside emphasis.
  'a ***triple run',
  'closes* here** now',
  '*one **two',
  'three* four**',
  '_under *mixed_ run*',
  '',
];

/** A tree with positions cut down to offsets (the windows number lines from their own start). */
function offsets(node: Nodes): unknown {
  const { position, ...rest } = node as Nodes & { children?: Nodes[] };
  const out: Record<string, unknown> = { ...rest, at: position ? [position.start.offset, position.end.offset] : undefined };
  if (rest.children) out.children = rest.children.map(offsets);
  return out;
}

const dataset = loadBundledDataset();
/** `POLICY_LENS_FC_SEED` replays a run. */
const seed = (): number | undefined => (process.env.POLICY_LENS_FC_SEED ? Number(process.env.POLICY_LENS_FC_SEED) : undefined);

describe('parsing in line windows', () => {
  it('gives the tree of the whole text, whatever the window size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 200 }),
        (lines, eol, size) => {
          const text = lines.join(eol) + eol;
          // Front matter left open changes how micromark parses the rest: parseRegion does not cut such a text.
          fc.pre(!failedFrontMatter(text));
          const got = parseRegion(text, 0, text.length, '', size).nodes.map(offsets);
          const want = parseGuarded(text).children.map(offsets);
          assert.deepEqual(got, want, JSON.stringify({ text, size }));
        },
      ),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 1000), seed: seed() },
    );
  });

  it('keeps the pieces of a text node that GFM autolink literals split without a position, as in the whole', () => {
    // Found by the property below: a line ending in `www.example.org` before a cut.
    const text = 'The Estonia MOC and Japan met\nhttps://example.org/a_b and www.example.org\nThe Estonia MOC and Japan met\n';
    for (const size of [1, 20, 40]) {
      assert.deepEqual(parseRegion(text, 0, text.length, '', size).nodes.map(offsets), parseGuarded(text).children.map(offsets));
      assert.deepEqual(analyzeAllBlocks(text, dataset, Infinity, true, size), analyzeAllBlocks(text, dataset, Infinity, true, Infinity));
    }
  });

  it('keeps the definitions a window uses when a fence opened in it runs to the end (found by the property above)', () => {
    for (const lines of [
      [
        '[ref]: https://example.org',
        'The Estonia MOC and Japan met',
        'a [^1] footnote and [ref] use',
        '```',
        'The Estonia MOC and Japan met',
      ],
      [
        '[ref]: https://example.org',
        '3) paren',
        'The Estonia MOC and Japan met',
        '[ref]: https://example.org',
        'The Estonia MOC and Japan met',
        '```',
      ],
    ]) {
      const text = `${lines.join('\n')}\n`;
      for (const size of [1, 30, 60])
        assert.deepEqual(
          parseRegion(text, 0, text.length, '', size).nodes.map(offsets),
          parseGuarded(text).children.map(offsets),
          `${size}`,
        );
    }
  });

  it('takes a paragraph that a list holds going on lazily over many windows, and the items after it, as the whole text does', () => {
    const lazy = Array.from({ length: 40 }, (_, k) => `the Estonia MOC line ${k} goes on`).join('\n');
    for (const text of [
      `- first item\n${lazy}\n- second item\n${lazy}\n`,
      `1. first item\n${lazy}\n1. next item\n${lazy}\n+ other kind\n${lazy}\n`,
      `> quoted\n${lazy}\n\n- after a blank\n${lazy}\n`,
      `- a\n  - nested\n${lazy}\n- b *open\n${lazy}\nclosed* end\n`,
    ]) {
      for (const size of [1, 50, 200])
        assert.deepEqual(
          parseRegion(text, 0, text.length, '', size).nodes.map(offsets),
          parseGuarded(text).children.map(offsets),
          `${size}: ${text.slice(0, 40)}`,
        );
    }
  });

  it('never cuts inside front matter, which only the start of the text opens (found by the property above)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        '---',
        'title: Japan and the EU',
        'The Estonia MOC and Japan met',
        '* starred item',
        '---',
        'The Estonia MOC and Japan met',
        '',
      ].join(eol);
      for (const size of [1, 5, 20]) {
        const got = parseRegion(text, 0, text.length, '', size).nodes.map(offsets);
        assert.deepEqual(got, parseGuarded(text).children.map(offsets), JSON.stringify({ eol, size }));
        assert.equal(got.length, 2);
      }
    }
  });

  it('takes a paragraph whose cut lines hold characters that open nothing in windows, not whole', () => {
    // Stray stars, underscores inside words, bracketed numbers and a lone "<" pair with nothing
    // later: every cut holds, so no window is parsed twice.
    const line = (k: number): string => `Section ${k} says 5 * 3 and snake_case [${k}] and a < b; it ends here`;
    const text = Array.from({ length: 200 }, (_, k) => line(k)).join('\n') + '\n';
    const parsed: number[] = [];
    parseInWindows(text, '', (piece) => (parsed.push(piece.length), ''), 400);
    assert.equal(
      parsed.reduce((a, b) => a + b, 0),
      text.length,
      'each window parsed once',
    );
    // One real opener that never closes costs at most a few parses of the paragraph, not one per window.
    const open = `*${text}`;
    const again: number[] = [];
    const { nodes } = parseInWindows(open, '', (piece) => (again.push(piece.length), ''), 400);
    assert.deepEqual(nodes.map(offsets), parseGuarded(open).children.map(offsets));
    assert.ok(
      again.reduce((a, b) => a + b, 0) <= 4 * open.length,
      `parsed ${again.reduce((a, b) => a + b, 0)} characters of ${open.length}`,
    );
  });

  it('cuts long paragraphs and lists, and nothing else', () => {
    const paragraph = Array.from({ length: 200 }, (_, k) => `line ${k} of a paragraph about Japan`).join('\n');
    const list = Array.from({ length: 200 }, (_, k) => `- item ${k} on India`).join('\n');
    const separate = Array.from({ length: 200 }, (_, k) => `paragraph ${k}`).join('\n\n');
    assert.ok(windowCuts(paragraph, 500).length >= paragraph.length / 600);
    assert.ok(windowCuts(list, 500).length >= list.length / 600);
    assert.deepEqual(windowCuts(separate, 500), []);
  });

  it('gives the blocks of the whole text, definitions used across windows included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 120 }), (lines, size) => {
        const text = lines.join('\n') + '\n';
        assert.deepEqual(
          analyzeAllBlocks(text, dataset, Infinity, true, size),
          analyzeAllBlocks(text, dataset, Infinity, true, Infinity),
          JSON.stringify({ text, size }),
        );
      }),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 300), seed: seed() },
    );
  });
});
