import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { insertStub } from '../../src/core/dataset/insert-stub';
import type { AgreementEntry } from '../../src/core/types';

const stub = (id: string): AgreementEntry => ({
  id,
  kind: 'agreement',
  label: 'Kestrel Bay Memorandum',
  aliases: [],
  type: 'memorandum',
  parties: ['jpn'],
  summary: 'TODO',
  sources: [],
});

/** An entry whose id avoids the file's own ids, as the command builds it. */
const build = (fileIds: ReadonlySet<string>): AgreementEntry => {
  let id = 'kestrel-bay-memorandum';
  for (let n = 2; fileIds.has(id); n++) id = `kestrel-bay-memorandum-${n}`;
  return stub(id);
};

describe('inserting a stub entry into a dataset file', () => {
  it('appends to entries, keeping comments, formatting and the other entries as they were', () => {
    for (const [indent, eol] of [
      ['  ', '\n'],
      ['    ', '\r\n'],
      ['\t', '\n'],
    ] as const) {
      const text = [
        '// Team dataset',
        '{',
        `${indent}"entries": [`,
        `${indent}${indent}{ "id": "a", "kind": "agreement", "label": "A" } // first`,
        `${indent}],`,
        `${indent}/* kept */ "stopPhrases": ["x"]`,
        '}',
        '',
      ].join(eol);
      const r = insertStub(text, build);
      assert.ok(r.ok);
      const value = parse(r.text) as { entries: AgreementEntry[]; stopPhrases: string[] };
      assert.deepEqual(
        value.entries.map((e) => e.id),
        ['a', 'kestrel-bay-memorandum'],
      );
      assert.deepEqual(value.stopPhrases, ['x']);
      for (const kept of [
        '// Team dataset',
        '// first',
        '/* kept */',
        `${indent}${indent}{ "id": "a", "kind": "agreement", "label": "A" }`,
      ]) {
        assert.ok(r.text.includes(kept), `keeps ${kept}`);
      }
      const bare = r.text.replace(/\r\n/g, '');
      assert.ok(eol === '\r\n' ? !bare.includes('\n') && !bare.includes('\r') : !r.text.includes('\r'), 'keeps the line ends');
      assert.ok(r.text.slice(r.entryOffset).startsWith('{'), 'points at the new entry');
      assert.equal(parse(r.text.slice(r.entryOffset, r.text.indexOf('}', r.entryOffset) + 1)).id, 'kestrel-bay-memorandum');
    }
  });

  it('takes the next free id when the file has the name already', () => {
    const text = '{"entries":[{"id":"kestrel-bay-memorandum"},{"id":"kestrel-bay-memorandum-2"}]}';
    const r = insertStub(text, build);
    assert.ok(r.ok);
    assert.equal(r.entry.id, 'kestrel-bay-memorandum-3');
  });

  it('writes a whole dataset into an empty or new file, and adds entries to a file without them', () => {
    for (const text of ['', '  \n', '{}', '{ "stopPhrases": [] }', '{ "entries": [] }']) {
      const r = insertStub(text, build);
      assert.ok(r.ok, text);
      assert.deepEqual(
        (parse(r.text) as { entries: AgreementEntry[] }).entries.map((e) => e.id),
        ['kestrel-bay-memorandum'],
      );
    }
  });

  it('refuses, with a reason and no edits, a file that is not valid JSON or not a dataset', () => {
    for (const text of ['{ "entries": [ ', '{ "entries": [] } }', '[1, 2]', '"x"', '{ "entries": {} }', '{ "entries": [}']) {
      const r = insertStub(text, build);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.reason, /^[^\n]+$/);
    }
  });
});
