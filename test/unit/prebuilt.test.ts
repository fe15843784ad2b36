import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, datasetFromPrebuilt, loadBundledDataset, matcherFor, prebuildDataset } from '../../src/core';
import { type PrebuiltDataset } from '../../src/core/dataset/prebuilt';
import { compileMatcher } from '../../src/core/match/compile';

const BUILT = path.join(__dirname, '..', '..', 'dist', 'dataset.json');

describe('the pre-built dataset (dist/dataset.json)', () => {
  const bundled = loadBundledDataset();

  it('is the bundled dataset, validated without a single problem', () => {
    assert.deepEqual(bundled.problems, []);
    const back = datasetFromPrebuilt(JSON.parse(JSON.stringify(prebuildDataset(bundled))) as PrebuiltDataset);
    assert.deepEqual(back, bundled);
    assert.deepEqual([...back.entries.keys()], [...bundled.entries.keys()], 'entries in the same order');
  });

  it('carries the matcher: the same trie the core compiles, so nothing is compiled at run time', () => {
    const back = datasetFromPrebuilt(JSON.parse(JSON.stringify(prebuildDataset(bundled))) as PrebuiltDataset);
    assert.deepEqual(matcherFor(back), compileMatcher(bundled));
  });

  it('analyses exactly as the bundled dataset does', () => {
    const back = datasetFromPrebuilt(JSON.parse(JSON.stringify(prebuildDataset(bundled))) as PrebuiltDataset);
    const examples = path.join(__dirname, '..', '..', 'examples');
    for (const file of ['japan-digital-diplomacy-briefing.md', 'eu-japan-digital-partnership-memo.md']) {
      const text = readFileSync(path.join(examples, file), 'utf8');
      const a = analyze(text, back);
      const b = analyze(text, bundled);
      assert.deepEqual(a.references, b.references, file);
      assert.deepEqual(a.diagnostics, b.diagnostics, file);
    }
  });

  it('as built is up to date with the sources (npm run build writes it)', () => {
    assert.ok(existsSync(BUILT), `${BUILT} is missing: run node esbuild.js`);
    assert.equal(readFileSync(BUILT, 'utf8'), JSON.stringify(prebuildDataset(bundled)));
  });
});
