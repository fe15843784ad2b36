import assert from 'node:assert/strict';
import { IncrementalAnalyzer, loadBundledDataset, warmUpSteps } from '../../src/core';
import { WARM_UP_SAMPLES } from '../../src/core/analysis/warm-up';

describe('the warm-up samples (src/core/analysis/warm-up.ts)', () => {
  const dataset = loadBundledDataset();
  const analyses = WARM_UP_SAMPLES.map((text) => new IncrementalAnalyzer(dataset).reset(text));
  const references = analyses.flatMap((a) => a.references);

  it('take the matcher through every kind of reference, an ambiguous name and a Pandoc citation', () => {
    assert.deepEqual([...new Set(references.map((r) => r.kind))].sort(), ['agreement', 'country', 'pillar']);
    assert.ok(
      references.some((r) => r.candidates),
      'an ambiguous name',
    );
    assert.ok(
      references.some((r) => r.via === 'citation'),
      'a citation',
    );
  });

  it('take the checks through a wrong year, a wrong partner, an ambiguity and an unknown key', () => {
    const codes = new Set(analyses.flatMap((a) => a.diagnostics.map((d) => d.code)));
    for (const code of ['inconsistent-year', 'not-a-party', 'ambiguous-reference', 'unknown-citation']) assert.ok(codes.has(code), code);
  });

  it('are one step each, after the matcher, and the steps run without a dataset problem', () => {
    const steps = warmUpSteps(() => dataset);
    assert.equal(steps.length, WARM_UP_SAMPLES.length + 1);
    for (const step of steps) step();
  });
});
