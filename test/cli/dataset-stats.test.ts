import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogueAreas } from '../../src/core/dataset/data/areas';
import { datasetStats, entryYear, loadBundledDataset, type DatasetStats } from '../../src/core';

// Runs the built CLI (`npm run build` or `node esbuild.js` first; `npm test` does).
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type StatsJson = { total: number } & Record<Exclude<keyof DatasetStats, 'total'>, Record<string, number>>;

/** The row `| name | count |` of a text table, whatever the padding. */
const row = (name: string, count: number): RegExp =>
  new RegExp(`^\\| ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\| +${count} \\|$`, 'm');

describe('policy-lens dataset --stats', () => {
  const bundled = loadBundledDataset();
  const entries = [...bundled.entries.values()];

  it('counts the bundled catalogue: kinds, areas by their files, decades by the entries’ years', () => {
    const r = run(['dataset', '--stats']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, new RegExp(`^${entries.length} entries\\n`));
    for (const kind of ['agreement', 'pillar', 'country'] as const)
      assert.match(r.stdout, row(kind, entries.filter((e) => e.kind === kind).length));
    // Each area file's entries, counted from the file itself (countries of no area file excepted).
    for (const { area, data } of catalogueAreas) assert.match(r.stdout, row(area, data.entries.length));
    const agreements = entries.filter((e) => e.kind === 'agreement');
    const in2020s = agreements.filter((e) => (entryYear(e) ?? 0) >= 2020 && (entryYear(e) ?? 0) < 2030).length;
    assert.ok(in2020s > 0);
    assert.match(r.stdout, row('2020s', in2020s));
    const mous = agreements.filter((e) => e.type.toLowerCase() === 'memorandum').length;
    assert.match(r.stdout, row('memorandum', mous));
  });

  it('--json gives the same counts as datasetStats, each list in its order', () => {
    const r = run(['dataset', '--stats', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as StatsJson;
    const stats = datasetStats(bundled);
    assert.equal(json.total, stats.total);
    for (const key of ['byKind', 'byType', 'byArea', 'byDecade', 'byClassification'] as const)
      assert.deepEqual(Object.entries(json[key]), stats[key], key);
    const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    assert.equal(sum(json.byKind), json.total);
    assert.equal(sum(json.byArea), json.total);
    assert.equal(sum(json.byDecade), json.byKind.agreement);
  });

  it('counts user datasets, from --dataset and a folder’s .policylens/, as area “user”; an override stays in its area', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-stats-'));
    fs.mkdirSync(path.join(folder, '.policylens'));
    const agreement = (id: string, date: string): object => ({
      id,
      kind: 'agreement',
      label: `Stats Test ${id}`,
      aliases: [],
      summary: 'A test entry.',
      sources: [],
      type: 'Widget Pact',
      date,
      classification: 'bilateral',
      parties: ['jpn', 'fra'],
    });
    const overridden = entries.find((e) => e.kind === 'agreement')!;
    fs.writeFileSync(
      path.join(folder, '.policylens', 'team.json'),
      JSON.stringify({ entries: [agreement('stats-one', '1975-05-01'), { id: overridden.id, summary: 'Our reading.' }] }),
    );
    const extra = path.join(folder, 'extra.json');
    fs.writeFileSync(extra, JSON.stringify({ entries: [agreement('stats-two', '1979')] }));
    const r = run(['dataset', '--stats', '--json', '--dataset', extra, folder]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as StatsJson;
    const before = datasetStats(bundled);
    assert.equal(json.total, before.total + 2);
    assert.equal(json.byArea.user, 2);
    assert.equal(json.byType['widget pact'], 2);
    assert.equal(json.byDecade['1970s'], (before.byDecade.find(([d]) => d === '1970s')?.[1] ?? 0) + 2);
    const area = catalogueAreas.find(({ data }) => (data.entries as Array<{ id: string }>).some((e) => e.id === overridden.id))!.area;
    assert.equal(json.byArea[area], before.byArea.find(([a]) => a === area)![1]);
    const text = run(['dataset', '--stats', '--dataset', extra, folder]);
    assert.match(text.stdout, row('user', 2));
  });

  it('still counts with a broken dataset file (exit 1), and --stats belongs to dataset only (exit 2)', () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-stats-')), 'broken.json');
    fs.writeFileSync(broken, '{ "entries": [');
    const r = run(['dataset', '--stats', '--dataset', broken]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.json:1:15: error/);
    assert.match(r.stdout, new RegExp(`^${entries.length} entries\\n`));
    const scan = run(['scan', '--stats', 'x.md']);
    assert.equal(scan.code, 2);
    assert.match(scan.stderr, /unknown option "--stats"/);
  });
});
