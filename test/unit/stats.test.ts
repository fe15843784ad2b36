import assert from 'node:assert/strict';
import { datasetStats, formatDatasetStats, loadBundledDataset } from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';

describe('dataset --stats', () => {
  it('counts every bundled entry once in each grouping', () => {
    const dataset = loadBundledDataset();
    const stats = datasetStats(dataset);
    const sum = (rows: Array<[string, number]>): number => rows.reduce((n, [, c]) => n + c, 0);
    const agreements = [...dataset.entries.values()].filter((e) => e.kind === 'agreement').length;
    assert.equal(stats.total, dataset.entries.size);
    assert.equal(sum(stats.byKind), stats.total);
    assert.equal(sum(stats.byArea), stats.total);
    assert.equal(sum(stats.byType), agreements);
    assert.equal(sum(stats.byDecade), agreements);
    assert.equal(sum(stats.byClassification), agreements);
    assert.ok(stats.byArea.some(([area]) => area === 'japan-seed'));
    assert.ok(stats.byArea.some(([area]) => area === 'countries'));
    assert.ok(!stats.byArea.some(([area]) => area === 'user'));
  });

  it('puts an entry a user dataset adds under "user", and decades in time order with "no year" last', () => {
    const dataset = loadDataset([
      ...bundledLayers(),
      {
        name: 'team.json',
        data: {
          entries: [
            {
              id: 'team-a',
              kind: 'agreement',
              label: 'Team Accord Alpha',
              aliases: [],
              type: 'team test accord',
              parties: ['jpn'],
              summary: 's',
              sources: [],
            },
            {
              id: 'team-b',
              kind: 'agreement',
              label: 'Team Accord Beta',
              aliases: [],
              type: 'team test accord',
              year: 1975,
              parties: ['jpn'],
              summary: 's',
              sources: [],
            },
          ],
        },
      },
    ]);
    const stats = datasetStats(dataset);
    assert.deepEqual(
      stats.byArea.find(([area]) => area === 'user'),
      ['user', 2],
    );
    const decades = stats.byDecade.map(([decade]) => decade);
    assert.ok(decades.includes('1970s'));
    assert.equal(decades.at(-1), 'no year');
    assert.deepEqual(decades.slice(0, -1), [...decades.slice(0, -1)].sort());
    const text = formatDatasetStats(stats);
    assert.match(text, /^\d+ entries$/m);
    assert.match(text, /\| team test accord +\| +2 \|/);
  });
});
