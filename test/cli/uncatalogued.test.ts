import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import schema from '../../src/core/dataset/dataset.schema.json';

// Runs the built CLI (`npm run build` or `node esbuild.js` first; `npm test` does).
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Names no catalogue holds (invented), next to a catalogued one and countries. */
const DRAFT = [
  '# Notes',
  '',
  'In March 2025 Japan and Fiji signed the [Kestrel Harbour Cable Framework (KHCF)](https://example.org/khcf)',
  'in Suva; the KHCF’s depots follow the Paris Agreement.',
  '',
  'We also cite the Japan–Kenya Lumen Compact of 2024.',
  '',
].join('\n');

describe('policy-lens CLI: names not in the dataset', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-uncat-'));
  const draft = path.join(dir, 'draft.md');
  fs.writeFileSync(draft, DRAFT);

  it('scan --json lists them among the references, in document order, with id null', () => {
    const r = run(['scan', '--json', draft]);
    assert.equal(r.code, 0, r.stderr);
    const refs = (JSON.parse(r.stdout) as { files: Array<{ references: Array<Record<string, unknown>> }> }).files[0]!.references;
    assert.deepEqual(
      refs.map((x) => [x.text, x.id]),
      [
        ['Japan', 'jpn'],
        ['Fiji', 'fji'],
        ['Kestrel Harbour Cable Framework (KHCF)', null],
        ['KHCF', null],
        ['Paris Agreement', 'paris-agreement'],
        ['Japan–Kenya Lumen Compact', null],
      ],
    );
    const first = refs[2]!;
    assert.deepEqual(Object.keys(first), ['kind', 'id', 'uncatalogued', 'label', 'text', 'start', 'end', 'abbreviation']);
    assert.deepEqual(
      [first.kind, first.uncatalogued, first.label, first.abbreviation],
      ['agreement', true, 'Kestrel Harbour Cable Framework', 'KHCF'],
    );
    const offsets = refs.map((x) => (x.start as { offset: number }).offset);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
  });

  it('scan lists them in the text report and counts them', () => {
    const r = run(['scan', draft]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"Japan–Kenya Lumen Compact" → not in the dataset/);
    assert.match(r.stdout, /"KHCF" → Kestrel Harbour Cable Framework not in the dataset/);
    assert.match(r.stdout, /not in the dataset: 3 references to 2 names/);
  });

  it('table and export leave them out of their rows and say how many were left out', () => {
    const table = run(['table', draft]);
    assert.equal(table.code, 0, table.stderr);
    assert.doesNotMatch(table.stdout, /Kestrel|Lumen/);
    assert.match(table.stdout, /Paris Agreement/);
    assert.match(table.stderr, /3 references to names not in the dataset left out/);
    const csv = run(['export', '--format', 'csv', draft]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.doesNotMatch(csv.stdout, /Kestrel|Lumen/);
    assert.match(csv.stderr, /3 references to names not in the dataset left out/);
    const clean = path.join(dir, 'clean.md');
    fs.writeFileSync(clean, 'The Paris Agreement.\n');
    assert.equal(run(['table', clean]).stderr, '');
  });

  it('stubs prints a schema-valid dataset file, one entry per name, ids clear of the dataset', () => {
    const other = path.join(dir, 'other.md');
    fs.writeFileSync(other, 'The Japan–Kenya Lumen Compact again, and the Paris Agreement.\n');
    const r = run(['stubs', draft, other]);
    assert.equal(r.code, 0, r.stderr);
    const file = JSON.parse(r.stdout) as { entries: Array<Record<string, unknown>> };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(file), JSON.stringify(validate.errors));
    assert.deepEqual(
      file.entries.map((e) => [e.id, e.label, e.type, e.aliases, e.year, e.date, e.parties]),
      [
        ['kestrel-harbour-cable-framework', 'Kestrel Harbour Cable Framework', 'framework', ['KHCF'], 2025, '2025-03', ['jpn', 'fji']],
        ['japan-kenya-lumen-compact', 'Japan–Kenya Lumen Compact', 'compact', [], 2024, undefined, ['jpn', 'ken']],
      ],
    );
    assert.deepEqual(file.entries[0]!.sources, [{ title: 'Kestrel Harbour Cable Framework (KHCF)', url: 'https://example.org/khcf' }]);
    // Saved as a dataset file, the stubs resolve the names; their summaries are flagged until written.
    const team = path.join(dir, 'team.json');
    fs.writeFileSync(team, r.stdout);
    const again = run(['scan', '--json', '--dataset', team, draft]);
    const refs = (JSON.parse(again.stdout) as { files: Array<{ references: Array<Record<string, unknown>> }> }).files[0]!.references;
    assert.ok(refs.every((x) => x.id !== null));
    assert.match(again.stderr, /team\.json:\d+:\d+: warning: entry kestrel-harbour-cable-framework: the summary is still the placeholder/);
  });

  it('stubs of a draft without such names is an empty dataset file', () => {
    const clean = path.join(dir, 'only-known.md');
    fs.writeFileSync(clean, 'The Paris Agreement.\n');
    const r = run(['stubs', clean]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { entries: [] });
  });
});
