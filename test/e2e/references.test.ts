import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyze, loadBundledDataset, type Reference } from '../../src/core';
import { activeApi, offsetIn, openDraft } from './helpers';

/** Names the fixture draft uses, where it uses them, and what they must resolve to. */
const EXPECTED = [
  {
    context: 'the Japan–EU Digital Partnership (2022)',
    text: 'Japan–EU Digital Partnership',
    kind: 'agreement',
    label: 'Japan–EU Digital Partnership',
  },
  { context: 'The Estonia MOC, signed', text: 'Estonia MOC', kind: 'agreement', label: /Estonia/ },
  { context: 'shows how Japan works', text: 'Japan', kind: 'country', label: 'Japan' },
  { context: 'India is the partner', text: 'India', kind: 'country', label: 'India' },
  { context: 'Japan and India already', text: 'India', kind: 'country', label: 'India' },
] as const;

describe('References in the fixture draft', () => {
  let doc: vscode.TextDocument;
  let refs: Reference[];

  before(async () => {
    doc = await openDraft();
    const api = await activeApi();
    refs = api.analysisFor(doc).references;
  });

  it('are the ones the core finds in the same text', async () => {
    const expected = analyze(doc.getText(), loadBundledDataset());
    const actual = (await activeApi()).analysisFor(doc);
    assert.ok(expected.references.length > 0, 'the core finds references in the fixture');
    assert.deepStrictEqual(actual.references, expected.references);
    assert.deepStrictEqual(actual.diagnostics, expected.diagnostics);
    assert.deepStrictEqual([...actual.byEntry.entries()], [...expected.byEntry.entries()]);
  });

  for (const e of EXPECTED) {
    it(`include ${JSON.stringify(e.text)} in "${e.context}" as ${e.kind === 'agreement' ? 'an' : 'a'} ${e.kind}`, () => {
      const text = doc.getText();
      const offset = offsetIn(text, e.context, e.text);
      const ref = refs.find((r) => r.start.offset === offset);
      assert.ok(
        ref,
        `no reference starts at offset ${offset} (${JSON.stringify(e.text)}); found: ${refs.map((r) => `${r.text}@${r.start.offset}`).join(', ')}`,
      );
      assert.equal(ref.text, e.text);
      assert.equal(ref.end.offset, offset + e.text.length);
      assert.equal(ref.kind, e.kind);
      if (typeof e.label === 'string') assert.equal(ref.label, e.label);
      else assert.match(ref.label, e.label);
    });
  }

  it('have ranges that slice to their text in the editor document', () => {
    assert.ok(refs.length >= EXPECTED.length, `only ${refs.length} references found`);
    for (const r of refs) {
      const start = doc.positionAt(r.start.offset);
      const end = doc.positionAt(r.end.offset);
      assert.deepEqual([start.line + 1, start.character + 1], [r.start.line, r.start.column], `start of ${r.text}`);
      assert.deepEqual([end.line + 1, end.character + 1], [r.end.line, r.end.column], `end of ${r.text}`);
      assert.equal(doc.getText(new vscode.Range(start, end)), r.text);
    }
  });

  it('are never inside the fenced code block', () => {
    const text = doc.getText();
    const from = text.indexOf('```yaml');
    const to = text.indexOf('```', from + 3) + 3;
    assert.ok(from > 0 && to > from, 'the fixture has a fenced code block');
    assert.ok(text.slice(from, to).includes('India'), 'the code block names a country');
    const inside = refs.filter((r) => r.start.offset < to && r.end.offset > from);
    assert.deepEqual(
      inside.map((r) => r.text),
      [],
    );
  });
});
