import assert from 'node:assert/strict';
import type { Nodes } from 'mdast';
import { analyze, loadBundledDataset } from '../../src/core';
import { parseMarkdown } from '../../src/core/markdown/parse';
import { pointAt } from './helpers/positions';

// The commonmark-spec package ships the spec's examples as JSON.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; example: number; section: string }> };

const SENTENCE = '\n\nJapan, India and the European Union met the U.S. delegation.\n';
const NAMES = ['Japan', 'India', 'European Union', 'U.S.'];

function excludedRanges(text: string): Array<[number, number]> {
  const { tree, offsetShift } = parseMarkdown(text);
  const out: Array<[number, number]> = [];
  const visit = (node: Nodes): void => {
    if (['code', 'inlineCode', 'html', 'yaml', 'toml', 'definition'].includes(node.type) && node.position) {
      out.push([node.position.start.offset! + offsetShift, node.position.end.offset! + offsetShift]);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return out;
}

describe('CommonMark spec examples with a sentence naming countries appended', () => {
  const dataset = loadBundledDataset();
  it('has all 652 examples', () => assert.equal(spec.tests.length, 652));

  let sentenceFound = 0;
  for (const example of spec.tests) {
    it(`example ${example.example} (${example.section})`, () => {
      const text = example.markdown + SENTENCE;
      const analysis = analyze(text, dataset);
      const excluded = excludedRanges(text);
      for (const ref of analysis.references) {
        assert.equal(text.slice(ref.start.offset, ref.end.offset), ref.text, 'range slices to its text');
        assert.deepEqual(ref.start, pointAt(text, ref.start.offset), `start point of ${ref.text}`);
        assert.deepEqual(ref.end, pointAt(text, ref.end.offset), `end point of ${ref.text}`);
        for (const [s, e] of excluded) {
          assert.ok(
            ref.end.offset <= s || ref.start.offset >= e,
            `"${ref.text}" at ${ref.start.offset} lies inside code or HTML [${s}, ${e})`,
          );
        }
      }
      const tail = text.length - SENTENCE.length;
      const inSentence = analysis.references.filter((r) => r.start.offset >= tail).map((r) => r.text);
      const sentenceIsProse = !excluded.some(([s, e]) => e > tail + 2 && s < text.length);
      if (sentenceIsProse && inSentence.length > 0) {
        assert.deepEqual(inSentence, NAMES);
        sentenceFound++;
      }
    });
  }
  it('finds the appended sentence as prose in nearly every example', () => {
    // Some examples leave a container open (a fence, an HTML block, a link reference definition), so the sentence is not prose there.
    assert.ok(sentenceFound > 600, `found in ${sentenceFound} examples`);
  });
});
