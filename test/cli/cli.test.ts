import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs the built CLI (`npm run build` or `node esbuild.js` first; `npm test` does).
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  // The whole dataset printed as JSON is over spawnSync's default 1 MB of output.
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('policy-lens CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-cli-'));
  const draft = path.join(dir, 'draft.txt');
  fs.writeFileSync(draft, '# Notes\r\n\r\nThe Estonia MOC and Japan.\r\n\r\n```\r\nIndia\r\n```\r\n');

  it('scan --json prints exactly the documented shape, for any extension', () => {
    const r = run(['scan', '--json', draft]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      files: Array<{ path: string; references: Array<Record<string, unknown>>; diagnostics: unknown[] }>;
    };
    assert.deepEqual(Object.keys(json), ['files']);
    assert.equal(json.files[0]!.path, draft);
    assert.deepEqual(
      json.files[0]!.references.map((r) => r.text),
      ['Estonia MOC', 'Japan'],
    );
    const ref = json.files[0]!.references[0]!;
    assert.deepEqual(Object.keys(ref), ['kind', 'id', 'label', 'text', 'start', 'end']);
    assert.deepEqual(ref.start, { line: 3, column: 5, offset: 15 });
    assert.deepEqual(ref.end, { line: 3, column: 16, offset: 26 });
  });

  it('reports candidates for an ambiguous reference', () => {
    const f = path.join(dir, 'ambiguous.md');
    fs.writeFileSync(f, 'The G20 Digital Economy Ministers’ Meeting is annual.\n');
    const json = JSON.parse(run(['scan', '--json', f]).stdout) as {
      files: Array<{ references: Array<{ candidates?: string[] }>; diagnostics: Array<{ code: string }> }>;
    };
    assert.ok((json.files[0]!.references[0]!.candidates ?? []).length >= 3);
    assert.equal(json.files[0]!.diagnostics[0]!.code, 'ambiguous-reference');
  });

  it('exits 1 with error diagnostics, 2 on usage and I/O errors, naming the file', () => {
    const bad = path.join(dir, 'cites.md');
    fs.writeFileSync(bad, 'As shown [@no-such-entry].\n');
    assert.equal(run(['scan', bad]).code, 1);
    const missing = run(['scan', path.join(dir, 'missing.md')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.md: cannot read: no such file/);
    assert.equal(run(['frobnicate']).code, 2);
    assert.equal(run(['scan']).code, 2);
    assert.equal(run(['scan', '--dataset', path.join(dir, 'no-such.json'), draft]).code, 2);
    const notJson = path.join(dir, 'broken.json');
    fs.writeFileSync(notJson, '{ "entries": [');
    const broken = run(['scan', '--json', '--dataset', notJson, draft]);
    assert.equal(broken.code, 1, 'a broken dataset file is an error, not the end of the scan');
    assert.match(broken.stderr, /broken\.json:1:15: error: not valid JSON/);
    const references = (JSON.parse(broken.stdout) as { files: Array<{ references: unknown[] }> }).files[0]!.references;
    assert.equal(references.length, 2, 'the bundled data still works');
  });

  it('takes user datasets, reporting their problems without losing the bundled data', () => {
    const ds = path.join(dir, 'ours.json');
    fs.writeFileSync(
      ds,
      JSON.stringify({
        entries: [
          {
            id: 'quad-critical-tech',
            kind: 'agreement',
            label: 'Quad Critical and Emerging Technology Working Group',
            aliases: ['Quad tech working group'],
            summary: 'A working group of the Quad.',
            sources: [],
            type: 'initiative',
            year: 2021,
            classification: 'multilateral',
            parties: ['jpn', 'ind', 'aus', 'usa'],
          },
          { id: 'broken', kind: 'agreement' },
        ],
      }),
    );
    const f = path.join(dir, 'quad.md');
    fs.writeFileSync(f, 'The Quad tech working group met in Japan.\n');
    const r = run(['scan', '--json', '--dataset', ds, f]);
    assert.equal(r.code, 1, 'a broken entry is an error');
    assert.match(r.stderr, /ours\.json:1:\d+: error: entry broken/);
    const ids = (JSON.parse(r.stdout) as { files: Array<{ references: Array<{ id: string }> }> }).files[0]!.references.map((x) => x.id);
    assert.deepEqual(ids, ['quad-critical-tech', 'jpn']);
  });

  it('finds .policylens/ in the folder it scans: its files merge, a broken one is named at its line and column', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-folder-'));
    fs.mkdirSync(path.join(folder, '.policylens'));
    const entry = {
      id: 'team-pact',
      kind: 'agreement',
      label: 'Team Pact',
      aliases: [],
      summary: 'Ours.',
      sources: [],
      type: 'memorandum',
      parties: ['jpn', 'atlantis'],
    };
    const team = JSON.stringify({ entries: [entry] }, null, 2);
    fs.writeFileSync(path.join(folder, '.policylens', 'a-team.json'), team);
    fs.writeFileSync(path.join(folder, '.policylens', 'b-broken.json'), '{\n  "entries": [\n    {}\n    {}\n  ]\n}\n');
    fs.writeFileSync(path.join(folder, 'draft.md'), 'The Team Pact and the Estonia MOC.\n');
    const r = run(['scan', '--json', folder]);
    assert.equal(r.code, 1, r.stderr);
    const line = team.split('\n').findIndex((l) => l.includes('"atlantis"')) + 1;
    assert.match(r.stderr, new RegExp(`a-team\\.json:${line}:\\d+: warning: entry team-pact: parties "atlantis" is not a known entry`));
    assert.match(r.stderr, /b-broken\.json:4:5: error: not valid JSON: a comma is expected/);
    const ids = (JSON.parse(r.stdout) as { files: Array<{ references: Array<{ id: string }> }> }).files[0]!.references.map((x) => x.id);
    assert.deepEqual(ids, ['team-pact', 'moc-estonia-2022']);
  });

  it('scans a folder of drafts with a readable report', () => {
    const r = run(['scan', path.join(__dirname, '..', '..', 'examples')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /agreement\s+"Estonia MOC" → /);
    assert.match(r.stdout, /agreements: \d+ references to \d+ entries/);
  });

  it('prints the dataset and a table of cited engagements', () => {
    const all = JSON.parse(run(['dataset', '--json']).stdout) as { entries: Array<{ id: string }> };
    assert.ok(all.entries.some((e) => e.id === 'moc-estonia-2022'));
    const f = path.join(dir, 'table.md');
    fs.writeFileSync(f, 'Japan signed the Estonia MOC, the Denmark MOC and the Estonia MOC again.\n');
    const table = run(['table', f]).stdout.split('\n');
    assert.equal(table[0], '| No. | Year | Engagement | Partner | Classification | Citations |');
    assert.match(table[2]!, /\| 2021 \| .*Denmark.* \| Denmark \| Bilateral \| 1 \|/);
    assert.match(table[3]!, /\| 2022 \| .*Estonia.* \| Estonia \| Bilateral \| 2 \|/);
  });
  it('export writes each format to stdout or --out, like table for the Markdown table', () => {
    const f = path.join(dir, 'export.md');
    fs.writeFileSync(f, 'Japan signed the Estonia MOC, the Denmark MOC and the Estonia MOC again [@moc-estonia-2022].\n');
    assert.equal(run(['export', '--format', 'table', f]).stdout, run(['table', f]).stdout);
    const csv = run(['export', '--format=csv', f]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.deepEqual(
      csv.stdout
        .split('\r\n')
        .slice(0, 3)
        .map((l) => l.split(',').slice(0, 7).join(',')),
      [
        'id,year,engagement,partner,classification,type,citations',
        'moc-denmark-2021,2021,Japan–Denmark Memorandum of Cooperation,Denmark,Bilateral,memorandum,1',
        'moc-estonia-2022,2022,Japan–Estonia Memorandum of Cooperation,Estonia,Bilateral,memorandum,3',
      ],
    );
    const csl = JSON.parse(run(['export', '--format', 'csl-json', f]).stdout) as Array<{ id: string; type: string }>;
    assert.deepEqual(
      csl.map((i) => i.id),
      ['moc-denmark-2021', 'moc-estonia-2022'],
    );
    const out = path.join(dir, 'refs.bib');
    const bib = run(['export', '--format', 'bibtex', '--out', out, f]);
    assert.equal(bib.code, 0, bib.stderr);
    assert.equal(bib.stdout, '', 'nothing on stdout with --out');
    assert.match(fs.readFileSync(out, 'utf8'), /^@misc\{moc-estonia-2022,$/m);
  });

  it('export takes folders and datasets, and refuses a missing or unknown format', () => {
    const csl = JSON.parse(run(['export', '--format', 'csl-json', path.join(__dirname, '..', '..', 'examples')]).stdout) as Array<{
      id: string;
    }>;
    assert.ok(csl.some((i) => i.id === 'moc-estonia-2022'));
    const ds = path.join(dir, 'export-ours.json');
    fs.writeFileSync(
      ds,
      JSON.stringify({
        entries: [
          {
            id: 'our-pact',
            kind: 'agreement',
            label: 'Our Pact',
            aliases: [],
            summary: 'Ours.',
            sources: [],
            type: 'agreement',
            year: 2024,
            classification: 'bilateral',
            parties: ['jpn', 'est'],
          },
        ],
      }),
    );
    const f = path.join(dir, 'export-ours.md');
    fs.writeFileSync(f, 'We cite Our Pact.\n');
    assert.match(run(['export', '--format', 'bibtex', '--dataset', ds, f]).stdout, /@misc\{our-pact,/);
    const none = run(['export', f]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /export needs --format/);
    const unknown = run(['export', '--format', 'xml', f]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown format "xml"/);
    const unwritable = run(['export', '--format', 'csv', '--out', path.join(dir, 'no-such-dir', 'x.csv'), f]);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /x\.csv: cannot write/);
    assert.equal(run(['scan', '--format', 'csv', f]).code, 2, '--format belongs to export only');
  });
});
