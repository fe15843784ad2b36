import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_SIZE, parseCliArgs, UsageError } from '../../src/node/args';
import { decodeText, parseSize } from '../../src/node/files';
import { safeJson, terminalSafe, terminalSafeLines } from '../../src/node/output';

function usage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail(`${argv.join(' ')} parsed`);
}

describe('the CLI arguments (node:util parseArgs)', () => {
  it('parses options anywhere, in both spellings, and files after --', () => {
    assert.deepEqual(parseCliArgs(['scan', 'a.md', '--json', '--dataset', 'x.json', '--dataset=y.json', '--', '-b.md', '--json']), {
      command: 'scan',
      json: true,
      datasets: ['x.json', 'y.json'],
      files: ['a.md', '-b.md', '--json'],
      maxSize: DEFAULT_MAX_SIZE,
    });
    const exp = parseCliArgs(['export', '--format=bibtex', '--out', 'refs.bib', '--max-size', '1.5MB', 'd']);
    assert.equal(exp.format, 'bibtex');
    assert.equal(exp.out, 'refs.bib');
    assert.equal(exp.maxSize, 1_500_000);
    assert.deepEqual(parseCliArgs(['dataset']).files, []);
    assert.equal(parseCliArgs(['dataset', 'dir', '--stats']).stats, true);
    assert.equal(usage(['dataset', '--stats=yes']), 'unknown option "--stats=yes"');
    assert.equal(usage(['table', '--stats', 'a.md']), 'unknown option "--stats"');
    assert.equal(parseCliArgs(['scan', '--format', 'sarif', 'a.md']).report, 'sarif');
    assert.equal(parseCliArgs(['scan', 'a.md', '--format=github']).report, 'github');
    assert.deepEqual(parseCliArgs(['scan', '--format', 'json', 'a.md']), parseCliArgs(['scan', '--json', 'a.md']));
    assert.deepEqual(parseCliArgs(['scan', '--format', 'text', 'a.md']), parseCliArgs(['scan', 'a.md']));
    assert.equal(parseCliArgs(['scan', '--json', '--format', 'json', 'a.md']).json, true);
    assert.deepEqual(parseCliArgs(['scan', '-']).files, ['-'], 'a lone dash is a file name');
  });

  it('keeps the messages of the hand-written parser', () => {
    assert.equal(usage([]), '');
    assert.equal(usage(['--help']), '');
    assert.equal(usage(['scan', '--help']), '');
    assert.equal(usage(['frobnicate']), 'unknown command "frobnicate"');
    assert.equal(usage(['scan', '--dataset']), '--dataset needs a file');
    assert.equal(usage(['scan', 'a.md', '--frob']), 'unknown option "--frob"');
    assert.equal(usage(['scan', 'a.md', '--json=yes']), 'unknown option "--json=yes"');
    assert.equal(usage(['scan', '-xh.md']), 'unknown option "-xh.md"', 'a dash-named file is not a group of short options');
    assert.equal(usage(['table', '--format', 'csv', 'a.md']), 'unknown option "--format"', '--format is export’s and scan’s');
    assert.equal(usage(['scan', '--format', 'csv', 'a.md']), 'unknown format "csv" (one of text, json, sarif, github)');
    assert.equal(usage(['scan', 'a.md', '--format']), '--format needs a value');
    assert.equal(usage(['scan', '--json', '--format', 'sarif', 'a.md']), '--json and --format sarif ask for two reports');
    assert.equal(usage(['scan', '--format=github', '--json', 'a.md']), '--json and --format github ask for two reports');
    assert.equal(usage(['scan', '--format', 'sarif', '--format', 'github', 'a.md']), '--format is given twice');
    assert.equal(usage(['scan']), 'scan needs at least one file');
    assert.equal(usage(['table', '--json']), 'table needs at least one file');
    assert.equal(usage(['export', 'a.md']), 'export needs --format (table, csv, csl-json, bibtex)');
    assert.equal(usage(['export', '--format', 'xml', 'a.md']), 'unknown format "xml" (one of table, csv, csl-json, bibtex)');
    assert.equal(usage(['export', '--format=csv', 'a.md', '--out']), '--out needs a value');
    assert.equal(
      usage(['scan', '--max-size', '10 parsecs', 'a.md']),
      '--max-size "10 parsecs" is not a size (bytes, or a number with KB, MB or GB)',
    );
  });

  it('takes its default size limit from policyLens.maxDocumentSize in package.json (MB = 10⁶ bytes)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: number }> } };
    };
    assert.equal(DEFAULT_MAX_SIZE, pkg.contributes.configuration.properties['policyLens.maxDocumentSize']!.default * 1e6);
    assert.deepEqual(['0', '1000', '500KB', '500 kb', '1.5MB', '2GB', '7b'].map(parseSize), [0, 1000, 500_000, 500_000, 1_500_000, 2e9, 7]);
    assert.deepEqual(['', 'MB', '-1', '1e3', '1.5.5MB', '10 TB'].map(parseSize), [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('decoding a file', () => {
  const text = 'Côte d’Ivoire and 日本 🇯🇵\r\n';
  it('reads UTF-8 with or without a BOM and UTF-16 by its BOM', () => {
    assert.deepEqual(decodeText(Buffer.from(text)), { text, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.from('\ufeff' + text)), { text, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { text, encoding: 'utf-16le' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), {
      text,
      encoding: 'utf-16be',
    });
    assert.deepEqual(decodeText(Buffer.alloc(0)), { text: '', encoding: 'utf-8' });
  });
  it('calls NUL bytes, invalid UTF-8 and odd-length UTF-16 binary', () => {
    assert.equal(decodeText(Buffer.from('abc\0def')), undefined);
    assert.equal(decodeText(Buffer.from([0x61, 0xc3, 0x28])), undefined);
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x61])), undefined);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0b', 'utf16le')])), undefined);
  });
});

describe('text for a terminal', () => {
  it('escapes C0 and C1 controls, DEL and bidi overrides; keeps the rest of Unicode', () => {
    assert.equal(terminalSafe('a\u001b[2Jb\u001b]8;;http://x\u001b\\c\u0007'), 'a\\x1b[2Jb\\x1b]8;;http://x\\x1b\\c\\x07');
    assert.equal(terminalSafe('\t\n\r\u007f\u009b\u0085'), '\\t\\n\\r\\x7f\\x9b\\x85');
    assert.equal(terminalSafe('abc\u202edef\u2066\u2069'), 'abc\\u202edef\\u2066\\u2069');
    assert.equal(terminalSafe('Côte d’Ivoire — 日本 🇯🇵 مرحبا'), 'Côte d’Ivoire — 日本 🇯🇵 مرحبا');
    assert.equal(terminalSafeLines('a\u001b[1m\tb\r\nc\n'), 'a\\x1b[1m\tb\r\nc\n');
  });
  it('JSON keeps the value and holds no raw DEL, C1 or bidi override', () => {
    const value = { label: 'x\u009b31m\u007f\u202e\u2028\u001b' };
    const json = safeJson(value, 2);

    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
    assert.deepEqual(JSON.parse(json), value);
  });
});
