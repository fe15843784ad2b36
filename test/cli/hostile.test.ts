import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Hostile and careless input for the CLI (issue 15): files that are not files, links that loop or
// dangle, unreadable folders, other encodings, binary files, output larger than V8's longest string,
// full disks, closed pipes and control characters in data. The corpus is built here, at run time,
// in a temporary folder; each case runs `node dist/cli.js` with a timeout (a hang fails) and a heap
// cap (unbounded memory fails), and asserts the exit code and the one-line messages.

// POLICY_LENS_CLI runs the suite against another build (e.g. an older one, to see each case fail there).
const CLI = process.env.POLICY_LENS_CLI ?? path.join(__dirname, '..', '..', 'dist', 'cli.js');
const HEAP_MB = 384;
const TIMEOUT_MS = 60_000;
const timings: Array<[string, number]> = [];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], options: SpawnSyncOptions & { heapMb?: number; script?: string } = {}): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${options.heapMb ?? HEAP_MB}`, options.script ?? CLI, ...args], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  const ms = Date.now() - started;
  assert.notEqual(r.signal, 'SIGTERM', `policy-lens ${args.join(' ')} did not finish in ${options.timeout ?? TIMEOUT_MS} ms (a hang)`);
  return { code: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms };
}

/** stderr as lines, for exact comparisons. */
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

function noStackTrace(r: Run): void {
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `a stack trace:\n${r.stderr}`);
}

describe('policy-lens CLI on hostile input', function () {
  this.timeout(5 * 60_000);
  let root: string;
  const file = (name: string, content: string | Buffer): string => {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return full;
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-hostile-'));
    fs.chmodSync(root, 0o755);
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    process.stdout.write(`\n    hostile-input suite timings (CLI run, ms):\n`);
    for (const [name, ms] of timings) process.stdout.write(`      ${String(ms).padStart(7)}  ${name}\n`);
  });
  afterEach(function () {
    const test = this.currentTest;
    if (test?.duration !== undefined) timings.push([test.title, test.duration]);
  });

  it('a FIFO named b.md in a scanned folder is skipped with a warning, not waited for', () => {
    const dir = path.join(root, 'fifo');
    file('fifo/a.md', 'Japan.\n');
    spawnSync('mkfifo', [path.join(dir, 'b.md')]);
    assert.ok(fs.statSync(path.join(dir, 'b.md')).isFIFO(), 'mkfifo made the FIFO');
    const r = cli(['scan', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stderr), [`policy-lens: ${path.join(dir, 'b.md')}: skipped: not a regular file (a FIFO)`]);
    assert.match(r.stdout, /a\.md\n {2}1:1 +country +"Japan" → Japan \(jpn\)/);
  });

  it('/dev/zero, named or linked, is refused at once (no unbounded read), as a dataset too', () => {
    const named = cli(['scan', '/dev/zero']);
    assert.equal(named.code, 2);
    assert.deepEqual(lines(named.stderr), ['policy-lens: /dev/zero: cannot read: not a regular file (a character device)']);
    const dir = path.join(root, 'zero');
    file('zero/a.md', 'Japan.\n');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.md'));
    const linked = cli(['scan', dir]);
    assert.equal(linked.code, 0, linked.stderr);
    assert.deepEqual(lines(linked.stderr), [`policy-lens: ${path.join(dir, 'zero.md')}: skipped: not a regular file (a character device)`]);
    const dataset = cli(['dataset', '--dataset', '/dev/zero']);
    assert.equal(dataset.code, 2);
    assert.deepEqual(lines(dataset.stderr), ['policy-lens: /dev/zero: cannot read: not a regular file (a character device)']);
  });

  it('dangling links, link loops and a link to a parent folder are reported; the walk goes on', () => {
    const dir = path.join(root, 'links');
    file('links/a.md', 'Japan.\n');
    file('links/z/c.md', 'India.\n');
    fs.symlinkSync('nowhere.md', path.join(dir, 'dangling.md'));
    fs.symlinkSync('loop2.md', path.join(dir, 'loop1.md'));
    fs.symlinkSync('loop1.md', path.join(dir, 'loop2.md'));
    fs.symlinkSync('..', path.join(dir, 'z', 'up'));
    const r = cli(['scan', dir]);
    noStackTrace(r);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${path.join(dir, 'dangling.md')}: skipped: a dangling link (to nowhere.md)`,
      `policy-lens: ${path.join(dir, 'loop1.md')}: skipped: a link loop (too many levels of symbolic links)`,
      `policy-lens: ${path.join(dir, 'loop2.md')}: skipped: a link loop (too many levels of symbolic links)`,
      `policy-lens: ${path.join(dir, 'z', 'up')}: skipped: a link loop (the folder ${dir} again)`,
    ]);
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => l.startsWith(root)),
      [path.join(dir, 'a.md'), path.join(dir, 'z', 'c.md')],
    );
    const named = cli(['scan', path.join(dir, 'loop1.md'), path.join(dir, 'dangling.md'), path.join(dir, 'a.md')]);
    assert.equal(named.code, 2, 'a file named on the command line that cannot be read is an I/O error');
    assert.deepEqual(lines(named.stderr), [
      `policy-lens: ${path.join(dir, 'loop1.md')}: cannot read: link loop (too many levels of symbolic links)`,
      `policy-lens: ${path.join(dir, 'dangling.md')}: cannot read: a dangling link (to nowhere.md)`,
    ]);
    assert.match(named.stdout, /a\.md\n {2}1:1 +country +"Japan"/, 'the readable file is still scanned');
  });

  it('an unreadable folder or file is reported with its real cause; the others are scanned (exit 2)', () => {
    const dir = path.join(root, 'locked');
    file('locked/a.md', 'Japan.\n');
    file('locked/secret.md', 'India.\n');
    file('locked/closed/c.md', 'India.\n');
    fs.chmodSync(path.join(dir, 'secret.md'), 0o000);
    fs.chmodSync(path.join(dir, 'closed'), 0o000);
    // Root reads everything: as root, the CLI runs as "nobody" (uid 65534) to meet the permissions.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) process.stdout.write('      (running as root: the CLI runs as uid 65534 for this case)\n');
    // Its copy of the CLI (a single bundle) and its working folder are in the world-readable
    // temporary folder: the checkout may sit where that user cannot go.
    const own = path.join(root, 'cli.js');
    if (asRoot) fs.copyFileSync(CLI, own);
    const as: SpawnSyncOptions & { script?: string } = asRoot ? { uid: 65534, gid: 65534, cwd: root, script: own } : {};
    const r = cli(['scan', dir], as);
    noStackTrace(r);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${path.join(dir, 'closed')}: cannot read the folder: permission denied`,
      `policy-lens: ${path.join(dir, 'secret.md')}: cannot read: permission denied`,
    ]);
    assert.match(r.stdout, /a\.md\n {2}1:1 +country +"Japan"/);
    const inside = cli(['scan', path.join(dir, 'closed', 'c.md')], as);
    assert.equal(inside.code, 2);
    assert.deepEqual(lines(inside.stderr), [`policy-lens: ${path.join(dir, 'closed', 'c.md')}: cannot read: permission denied`]);
  });

  it('decodes UTF-16 LE and BE by their BOM and UTF-8 with a BOM; skips a binary file with a warning', () => {
    const text = 'Japan signed the Estonia MOC.\n';
    const le = file('enc/le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = file('enc/be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const bom = file('enc/bom.md', '\ufeff' + text);
    const plain = file('enc/plain.md', text);
    const binary = file('enc/binary.md', Buffer.from([0x4a, 0x61, 0x70, 0x00, 0x61, 0x6e, 0xff, 0x00]));
    const latin1 = file('enc/latin1.md', Buffer.from('Japan caf\xe9\n', 'latin1'));
    const r = cli(['scan', '--json', le, be, bom, plain, binary, latin1]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${binary}: skipped: a binary file (not UTF-8 or UTF-16 text)`,
      `policy-lens: ${latin1}: skipped: a binary file (not UTF-8 or UTF-16 text)`,
    ]);
    const files = (JSON.parse(r.stdout) as { files: Array<{ path: string; references: unknown[] }> }).files;
    assert.deepEqual(
      files.map((f) => f.path),
      [le, be, bom, plain],
    );
    for (const f of files) assert.deepEqual(f.references, files[3]!.references, `${f.path} reads as the UTF-8 file`);
    assert.equal(files[3]!.references.length, 2);
  });

  it('a folder with no Markdown file says so and exits 2', () => {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    file('notes/readme.txt', 'Japan\n');
    const r = cli(['scan', empty, path.join(root, 'notes')]);
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${empty}: no draft (*.md, *.markdown, *.qmd, *.Rmd) in this folder`,
      `policy-lens: ${path.join(root, 'notes')}: no draft (*.md, *.markdown, *.qmd, *.Rmd) in this folder`,
    ]);
  });

  it('a file whose analysis runs past the time budget is stopped with one line; the other files are scanned (exit 2)', () => {
    // Long enough to take well over the budget here on any machine; no pathological Markdown is needed to test the stop.
    const paragraph = 'Japan and India met the Estonia MOC and the Japan–EU Digital Partnership in 2022 with Kenya. ';
    file('budget/long.md', `${`${paragraph.repeat(8)}\n\n`.repeat(4000)}`);
    file('budget/short.md', 'Japan and India.\n');
    const r = cli(['scan', '--json', '--time-budget', '0.5', path.join(root, 'budget')]);
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${path.join(root, 'budget', 'long.md')}: its analysis ran past its time budget of 500 ms and was stopped; the file is left out (--time-budget SECONDS gives more time)`,
    ]);
    const files = (JSON.parse(r.stdout) as { files: Array<{ path: string; references: unknown[] }> }).files;
    assert.deepEqual(
      files.map((f) => [path.basename(f.path), f.references.length]),
      [['short.md', 2]],
    );
    const usage = cli(['scan', '--time-budget', 'soon', path.join(root, 'budget', 'short.md')]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--time-budget "soon" is not a number of seconds/);
  });

  it('a block that runs past its share of the time budget is skipped with a warning; the rest of the file is analysed (exit 0)', () => {
    // Setext headings with no blank line between them: remark's work grows with the cube of their
    // number (4,000 take tens of seconds), and the Markdown limits do not know the case. Around it,
    // prose. Each region may take a quarter of the budget: the block alone overruns it by far, the
    // prose needs a small part of it.
    const prose = (k: number): string => `Paragraph ${k} on Japan and the Paris Agreement with Canada.`;
    const before = [0, 1, 2].map(prose).join('\n\n');
    const after = [3, 4, 5].map(prose).join('\n\n');
    const slow = 'India\n=\n'.repeat(4000);
    const text = `${before}\n\n${slow}\n${after}\n`;
    const draft = file('budget/setext.md', text);
    const r = cli(['scan', '--json', '--time-budget', '8', draft]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    interface Item {
      text: string;
      code?: string;
      severity?: string;
      message?: string;
      start: { line: number; column: number; offset: number };
      end: { line: number };
    }
    const [scanned] = (JSON.parse(r.stdout) as { files: Array<{ references: Item[]; diagnostics: Item[] }> }).files;
    const slowFrom = text.indexOf(slow);
    const firstLine = text.slice(0, slowFrom).split('\n').length;
    const lastLine = firstLine + 7999;
    // Every reference of the prose, none from the skipped block.
    assert.deepEqual(
      scanned!.references.map((ref) => [ref.text, ref.start.offset]),
      [...text.matchAll(/Japan|Paris Agreement|Canada/g)].map((m) => [m[0], m.index]),
    );
    const budget = scanned!.diagnostics.filter((d) => d.code === 'time-budget');
    assert.deepEqual(
      budget.map((d) => [d.severity, d.start.line, d.start.column, d.end.line, d.message]),
      [
        [
          'warning',
          firstLine,
          1,
          firstLine,
          `Lines ${firstLine}–${lastLine} were not analysed: this block took longer than its time budget of 2 s, so it was skipped.`,
        ],
      ],
    );
    const report = cli(['scan', '--time-budget', '8', draft]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(
      report.stdout,
      new RegExp(`\\n  ${firstLine}:1 +warning +Lines ${firstLine}–${lastLine} were not analysed: .* time-budget\\n`),
    );
  });

  it('-- ends the options: a file whose name starts with a dash', () => {
    file('dash/-draft.md', 'Japan.\n');
    const r = cli(['scan', '--json', '--', '-draft.md'], { cwd: path.join(root, 'dash') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files[0]!.path, '-draft.md');
    const without = cli(['scan', '-draft.md'], { cwd: path.join(root, 'dash') });
    assert.equal(without.code, 2);
    assert.match(without.stderr, /^policy-lens: unknown option "-draft\.md"\n/);
  });

  it('a file over the size limit is refused before it is read; --max-size raises the limit', () => {
    // Sparse: 20 MB and one byte, over the default limit (policyLens.maxDocumentSize), at no disk cost.
    const big = path.join(root, 'big.md');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 20_000_001);
    const r = cli(['scan', big], { heapMb: 64 });
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), [`policy-lens: ${big}: cannot read: 20 MB, over the 20 MB limit (raise it with --max-size)`]);
    const small = file('small.md', 'Japan. '.repeat(300));
    const limited = cli(['scan', '--max-size', '1KB', small]);
    assert.equal(limited.code, 2);
    assert.deepEqual(lines(limited.stderr), [`policy-lens: ${small}: cannot read: 2.1 KB, over the 1 KB limit (raise it with --max-size)`]);
    assert.equal(cli(['scan', '--max-size=3KB', small]).code, 0);
    const raised = cli(['scan', '--max-size', '21MB', big]);
    assert.deepEqual(
      lines(raised.stderr),
      [`policy-lens: ${big}: skipped: a binary file (not UTF-8 or UTF-16 text)`],
      'read once the limit allows it',
    );
    const bad = cli(['scan', '--max-size', 'lots', small]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^policy-lens: --max-size "lots" is not a size \(bytes, or a number with KB, MB or GB\)\n/);
  });

  it('scan --json streams an output longer than the longest string V8 allows, in bounded memory', function () {
    this.timeout(15 * 60_000);
    // 3,000 ambiguous references, each listing 2,000 candidates: over 600 MB of JSON. Built as one
    // string it died with "RangeError: Invalid string length"; streamed, the heap cap holds.
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      id: `zorblat-pact-number-${String(i).padStart(5, '0')}`,
      kind: 'agreement',
      label: `Zorblat Pact ${i}`,
      aliases: ['Zorblat'],
      summary: 'x',
      sources: [],
      type: 'agreement',
      parties: [],
    }));
    const dataset = file('dense/zorblat.json', JSON.stringify({ entries }));
    const draft = file('dense/dense.md', 'Zorblat\n\n'.repeat(3000));
    // Into a file, not a pipe to this process: the test then costs the CLI's time only.
    const output = path.join(root, 'dense', 'out.json');
    const fd = fs.openSync(output, 'w');
    const started = Date.now();
    let r: Run;
    try {
      // A generous timeout: this only has to tell a hang from a slow, shared machine.
      r = cli(['scan', '--json', '--dataset', dataset, draft], { heapMb: 512, stdio: ['ignore', fd, 'pipe'], timeout: 10 * 60_000 });
    } finally {
      fs.closeSync(fd);
    }
    timings.push(['  (dense JSON: CLI run)', Date.now() - started]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const bytes = fs.statSync(output).size;
    assert.ok(bytes > 2 ** 29, `${bytes} bytes: more than V8's longest string`);
    const read = (position: number): string => {
      const buffer = Buffer.alloc(200);
      const handle = fs.openSync(output, 'r');
      try {
        return buffer.toString('utf8', 0, fs.readSync(handle, buffer, 0, 200, position));
      } finally {
        fs.closeSync(handle);
      }
    };
    assert.ok(read(0).startsWith('{\n  "files": [\n    {\n      "path": '), read(0));
    assert.ok(read(bytes - 200).endsWith('\n        }\n      ]\n    }\n  ]\n}\n'), read(bytes - 200));
    fs.rmSync(output);
  });

  it('export refuses an --out that is one of its inputs, draft or dataset, and leaves it as it was', () => {
    const draft = file('out/draft.md', 'Japan signed the Estonia MOC.\n');
    const r = cli(['export', '--format', 'csv', '--out', draft, draft]);
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), [`policy-lens: ${draft}: cannot write: it is one of the inputs (${draft})`]);
    assert.equal(fs.readFileSync(draft, 'utf8'), 'Japan signed the Estonia MOC.\n');
    const dataset = file('out/ours.json', '{"entries":[]}');
    const viaLink = path.join(root, 'out', 'link.json');
    fs.symlinkSync(dataset, viaLink);
    const d = cli(['export', '--format', 'csl-json', '--dataset', dataset, '--out', viaLink, draft]);
    assert.equal(d.code, 2);
    assert.deepEqual(lines(d.stderr), [`policy-lens: ${viaLink}: cannot write: it is one of the inputs (${dataset})`]);
    assert.equal(fs.readFileSync(dataset, 'utf8'), '{"entries":[]}');
  });

  it('a write error on --out (a full disk, /dev/full, a file size limit) is one line, exit 2, the previous file intact', () => {
    const draft = file('full/draft.md', 'The Estonia MOC, the Denmark MOC, the UK MOC and the Singapore MOC. '.repeat(40) + '\n');
    const devFull = cli(['export', '--format', 'csv', '--out', '/dev/full', draft]);
    assert.equal(devFull.code, 2);
    assert.deepEqual(lines(devFull.stderr), ['policy-lens: /dev/full: cannot write: no space left on device']);
    // A file size limit (RLIMIT_FSIZE, which Node meets as EFBIG) fails the write of a regular file anywhere.
    const previous = file('full/refs.bib', 'the previous export\n');
    const limited = spawnSync(
      'sh',
      ['-c', 'ulimit -f 1 && exec "$@"', 'sh', process.execPath, CLI, 'export', '--format', 'bibtex', '--out', previous, draft],
      {
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
      },
    );
    assert.equal(limited.status, 2, limited.stderr);
    assert.deepEqual(lines(limited.stderr), [`policy-lens: ${previous}: cannot write: file too large`]);
    assert.equal(fs.readFileSync(previous, 'utf8'), 'the previous export\n');
    assert.deepEqual(fs.readdirSync(path.dirname(previous)).sort(), ['draft.md', 'refs.bib'], 'no temporary file left');
    // A really full disk: a 64 KB tmpfs, when this process may mount one (root on Linux).
    const mnt = path.join(root, 'tmpfs');
    fs.mkdirSync(mnt);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mount.status !== 0) {
      process.stdout.write(
        `      (no tmpfs for the full-disk case: mount failed: ${mount.stderr.trim() || mount.error?.message}; the file size limit above stands for it)\n`,
      );
      return;
    }
    try {
      const target = path.join(mnt, 'refs.bib');
      fs.writeFileSync(target, 'the previous export\n');
      fs.writeFileSync(path.join(mnt, 'filler'), Buffer.alloc(60 * 1024));
      const full = cli(['export', '--format', 'bibtex', '--out', target, draft]);
      assert.equal(full.code, 2);
      assert.deepEqual(lines(full.stderr), [`policy-lens: ${target}: cannot write: no space left on device`]);
      assert.equal(fs.readFileSync(target, 'utf8'), 'the previous export\n');
      assert.deepEqual(fs.readdirSync(mnt).sort(), ['filler', 'refs.bib'], 'no temporary file left');
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a write error on stdout is one line and exit 2; a reader that closes early ends the run quietly', async () => {
    const draft = file('stdout/draft.md', 'Japan.\n');
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['scan', draft], ['scan', '--json', draft], ['dataset'], ['table', draft]]) {
        const r = cli(args, { stdio: ['ignore', full, 'pipe'] });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.deepEqual(lines(r.stderr), ['policy-lens: cannot write to standard output: no space left on device'], args.join(' '));
      }
    } finally {
      fs.closeSync(full);
    }
    // `policy-lens dataset | head -1`: the reader goes after the first chunk.
    const child = spawn(process.execPath, [CLI, 'dataset'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c: number | null) => resolve(c)));
    clearTimeout(timer);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('a dataset saved with a UTF-8 BOM (or as UTF-16) loads', () => {
    const entry = {
      id: 'bom-pact',
      kind: 'agreement',
      label: 'Byte Order Pact',
      aliases: [],
      summary: 'Saved by Notepad.',
      sources: [],
      type: 'agreement',
      parties: ['jpn'],
    };
    const json = JSON.stringify({ entries: [entry] }, null, 2);
    const bom = file('bom/.policylens/bom.json', '\ufeff' + json);
    file('bom/draft.md', 'The Byte Order Pact.\n');
    const r = cli(['scan', '--json', path.join(root, 'bom')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { files: Array<{ references: Array<{ id: string }> }> }).files[0]!.references[0]!.id, 'bom-pact');
    fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    assert.equal(cli(['scan', path.join(root, 'bom')]).code, 0);
  });

  it('a directory named .policylens/x.json is reported as not a file; the other dataset files and the scan go on', () => {
    const dir = path.join(root, 'dirjson');
    fs.mkdirSync(path.join(dir, '.policylens', 'a.json'), { recursive: true });
    file(
      'dirjson/.policylens/b.json',
      JSON.stringify({
        entries: [
          { id: 'b-pact', kind: 'agreement', label: 'Bee Pact', aliases: [], summary: 'b', sources: [], type: 'agreement', parties: [] },
        ],
      }),
    );
    file('dirjson/draft.md', 'The Bee Pact.\n');
    const r = cli(['scan', '--json', dir]);
    noStackTrace(r);
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), [
      `policy-lens: ${path.join(dir, '.policylens', 'a.json')}: cannot read: not a regular file (a directory)`,
    ]);
    assert.equal((JSON.parse(r.stdout) as { files: Array<{ references: Array<{ id: string }> }> }).files[0]!.references[0]!.id, 'b-pact');
  });

  it('control characters from a dataset, a draft or a file name never reach the terminal raw', () => {
    const evil = 'Evil\u001b[2J Pact \u001b]8;;https://example.invalid\u001b\\link\u001b]8;;\u001b\\ \u009b31m \u202eelbisivni\u202c';
    const dataset = file(
      'ctl/evil.json',
      JSON.stringify({
        entries: [
          {
            id: 'evil-pact',
            kind: 'agreement',
            label: evil,
            aliases: ['Evil Pact'],
            summary: 'e',
            sources: [],
            type: 'agreement',
            parties: [],
          },
        ],
      }),
    );
    const draft = file('ctl/draft\u001b[31m.md', 'The Evil Pact and \u001b[1mJapan.\n');

    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    for (const args of [
      ['scan', '--dataset', dataset, draft],
      ['dataset', '--dataset', dataset],
      ['scan', '--json', '--dataset', dataset, draft],
      ['dataset', '--json', '--dataset', dataset],
    ]) {
      const r = cli(args);
      assert.doesNotMatch(r.stdout, raw, args.join(' '));
      assert.doesNotMatch(r.stderr, raw, args.join(' '));
    }
    const text = cli(['scan', '--dataset', dataset, draft]).stdout;
    assert.ok(text.includes('draft\\x1b[31m.md'), text);
    assert.ok(
      text.includes('Evil\\x1b[2J Pact \\x1b]8;;https://example.invalid\\x1b\\link\\x1b]8;;\\x1b\\ \\x9b31m \\u202eelbisivni\\u202c'),
      text,
    );
    const listed = cli(['dataset', '--dataset', dataset]).stdout;
    assert.ok(listed.includes('Evil\\x1b[2J Pact'), listed);
    // JSON keeps the value: escaped, it parses back to the same label.
    const json = JSON.parse(cli(['dataset', '--json', '--dataset', dataset]).stdout) as { entries: Array<{ id: string; label: string }> };
    assert.equal(json.entries.find((e) => e.id === 'evil-pact')!.label, evil);
    const missing = cli(['scan', path.join(root, 'ctl', 'gone\u001b[2J.md')]);
    assert.doesNotMatch(missing.stderr, raw);
    // An export keeps its data as it is in a pipe or a file, and escapes it on a terminal: a
    // pseudo-terminal from util-linux's script(1).
    const plain = file('ctl/plain.md', 'The Evil Pact.\n');
    const csv = cli(['export', '--format', 'csv', '--dataset', dataset, plain]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.includes(evil), 'piped: the CSV holds the label as it is');
    const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, CLI, 'export', '--format', 'csv', '--dataset', dataset, plain].map(quote).join(' ');
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (tty.error) {
      process.stdout.write(`      (no script(1) for the terminal case: ${tty.error.message})\n`);
      assert.fail('script(1) from util-linux is needed to test output on a terminal');
    }
    assert.equal(tty.status, 0, tty.stderr);
    assert.ok(tty.stdout.includes('Evil\\x1b[2J Pact'), tty.stdout);
    assert.doesNotMatch(tty.stdout.replace(/\r+\n/g, '\n'), raw);
  });
});
