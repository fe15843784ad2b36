import assert from 'node:assert/strict';
import { analyze, type Dataset, type Reference } from '../../../src/core';
import { parseAnnotated } from './annotations';

function describeRefs(refs: Reference[]): string {
  return refs
    .map((r) => `${r.start.offset}-${r.end.offset} ${JSON.stringify(r.text)} ${r.candidates ? '?' + r.candidates.join(',') : r.id}`)
    .join('\n');
}

/**
 * Analyses annotated Markdown (`{{text|id}}`, `{{text|?id1,id2}}`, `{{text|-}}`) and asserts that
 * the analysis reports exactly the annotated references, no more, and nothing inside a false friend.
 *
 * @param source The annotated Markdown.
 * @param dataset The dataset to analyse with.
 */
export function assertAnnotated(source: string, dataset: Dataset): void {
  const { text, expected } = parseAnnotated(source);
  const refs = analyze(text, dataset).references;
  const want = expected.filter((e) => !e.falseFriend && !(e.ids.length === 0));
  const got = refs.map((r) => ({
    start: r.start.offset,
    end: r.end.offset,
    ids: r.candidates ? [...r.candidates].sort() : [r.id],
    ambiguous: !!r.candidates,
  }));
  const exp = want.map((e) => ({ start: e.start, end: e.end, ids: [...e.ids].sort(), ambiguous: e.ambiguous }));
  for (const f of expected.filter((e) => e.falseFriend)) {
    const inside = refs.filter((r) => r.start.offset < f.end && r.end.offset > f.start);
    assert.deepEqual(inside, [], `"${f.text}" must not be reported; got:\n${describeRefs(refs)}`);
  }
  assert.deepEqual(got, exp, `got:\n${describeRefs(refs)}`);
}
