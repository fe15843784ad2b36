import assert from 'node:assert/strict';
import { citationEdits, citationText, loadBundledDataset, tableRow, type TextEdit } from '../../src/core';

function apply(text: string, edits: TextEdit[]): string {
  // As VS Code does: inserts at one position land in the order given.
  let out = text;
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.offset - a.e.offset || b.i - a.i);
  for (const { e } of order) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

describe('citations', () => {
  const dataset = loadBundledDataset();
  const estonia = dataset.entries.get('moc-estonia-2022')!;

  it('writes each style', () => {
    assert.equal(citationText(estonia, 'pandoc'), '[@moc-estonia-2022]');
    assert.equal(citationText(estonia, 'footnote'), '[^moc-estonia-2022]');
    assert.match(citationText(estonia, 'inline'), /^Japan–Estonia .* \(2022\)$/);
  });

  it('a footnote citation appends its definition once, keeping line endings and touching nothing else', () => {
    const text = 'Line one.\r\nAs agreed.\r\n';
    const once = apply(text, citationEdits(text, 9, estonia, 'footnote', dataset));
    assert.ok(once.startsWith('Line one.[^moc-estonia-2022]\r\nAs agreed.\r\n'));
    assert.match(once, /\r\n\[\^moc-estonia-2022\]: Japan–Estonia .*\(2022-05-06, memorandum, bilateral\)\. Parties: Japan, Estonia\. Source: .*\r\n$/);
    const twice = apply(once, citationEdits(once, 0, estonia, 'footnote', dataset));
    assert.equal(twice.match(/\[\^moc-estonia-2022\]:/g)?.length, 1, 'definition reused');
    assert.equal(twice, '[^moc-estonia-2022]' + once);
  });

  it('separates the definition from a last line without a newline', () => {
    const out = apply('Text', citationEdits('Text', 4, estonia, 'footnote', dataset));
    assert.match(out, /^Text\[\^moc-estonia-2022\]\n\n\[\^moc-estonia-2022\]: /);
  });

  it('writes a Table 1 style row', () => {
    assert.equal(tableRow(estonia, dataset), '| 2022 | ' + estonia.label + ' | Japan, Estonia | Bilateral |');
  });
});
