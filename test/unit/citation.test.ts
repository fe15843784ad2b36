import assert from 'node:assert/strict';
import { citationEdits, citationText, definedFootnotes, footnoteDefinitionEdit, loadBundledDataset } from '../../src/core';
import { hasFootnoteDefinition, tableRow, type TextEdit } from '../../src/core/report/citation';

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
    assert.match(
      once,
      /\r\n\[\^moc-estonia-2022\]: Japan–Estonia .*\(2022-05-06, memorandum, bilateral\)\. Parties: Japan, Estonia\. Source: .*\r\n$/,
    );
    const twice = apply(once, citationEdits(once, 0, estonia, 'footnote', dataset));
    assert.equal(twice.match(/\[\^moc-estonia-2022\]:/g)?.length, 1, 'definition reused');
    assert.equal(twice, '[^moc-estonia-2022]' + once);
  });

  it('separates the definition from a last line without a newline', () => {
    const out = apply('Text', citationEdits('Text', 4, estonia, 'footnote', dataset));
    assert.match(out, /^Text\[\^moc-estonia-2022\]\n\n\[\^moc-estonia-2022\]: /);
  });

  it('cites at several cursors with one definition, after a marker at the very end', () => {
    const text = 'One. Two.';
    const edits = citationEdits(text, [9, 4, 4], estonia, 'footnote', dataset);
    assert.deepEqual(
      edits.map((e) => e.offset),
      [4, 9, 9],
    );
    assert.equal(apply(text, edits).split('\n')[0], 'One.[^moc-estonia-2022] Two.[^moc-estonia-2022]');
    assert.equal(apply(text, edits).match(/^\[\^moc-estonia-2022\]:/gm)?.length, 1);
    assert.deepEqual(
      citationEdits(text, [4, 9], estonia, 'pandoc', dataset).map((e) => e.text),
      ['[@moc-estonia-2022]', '[@moc-estonia-2022]'],
    );
  });

  it('writes the line ending it is told, and keeps a CRLF document CRLF', () => {
    const one = apply('Text', citationEdits('Text', 4, estonia, 'footnote', dataset, { eol: '\r\n' }));
    assert.match(one, /^Text\[\^moc-estonia-2022\]\r\n\r\n\[\^moc-estonia-2022\]: [^\r\n]+\r\n$/);
    const crlf = 'A.\r\n\r\nB.\r\n';
    const out = apply(crlf, citationEdits(crlf, 2, estonia, 'footnote', dataset));
    assert.equal(out.replace(/\r\n/g, ''), out.replace(/\r?\n/g, ''), 'no bare LF');
    assert.match(out, /B\.\r\n\r\n\[\^moc-estonia-2022\]: /);
    const blank = 'A.\n\n';
    assert.match(apply(blank, citationEdits(blank, 0, estonia, 'footnote', dataset)), /^\[\^moc-estonia-2022\]A\.\n\n\[\^moc/);
  });

  it('knows which footnotes a document defines', () => {
    const text = 'x[^a]\n\n[^a]: A.\n   [^moc-estonia-2022]: E.\n    [^code]: not a definition\n';
    assert.deepEqual([...definedFootnotes(text)], ['a', 'moc-estonia-2022']);
    assert.equal(hasFootnoteDefinition(text, 'moc-estonia-2022'), true);
    assert.equal(hasFootnoteDefinition(text, 'code'), false);
    assert.equal(footnoteDefinitionEdit(text, estonia, dataset), undefined);
    assert.equal(footnoteDefinitionEdit('', estonia, dataset, { defined: new Set(['moc-estonia-2022']) }), undefined);
    assert.equal(footnoteDefinitionEdit('', estonia, dataset)?.text.startsWith('[^moc-estonia-2022]: '), true);
  });

  it('writes a Table 1 style row', () => {
    assert.equal(tableRow(estonia, dataset), '| 2022 | ' + estonia.label + ' | Japan, Estonia | Bilateral |');
  });
});
