import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { escapeData, escapeProperty, RULES, type SarifLog } from '../../src/node/ci-report';

// Runs the built CLI (`node esbuild.js` first; `npm test` does) in a folder of drafts, as CI would.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The official schema (see test/fixtures/sarif/README.md), read by ajv 8 as the draft-07 schema it is equivalent to. */
function sarifValidator(): (value: unknown) => string | undefined {
  const file = path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const id = schema.id as string;
  delete schema.id;
  delete schema.$schema;
  // The schema's language pattern has a stray `]`, valid only in a regular expression without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The formats the schema uses, checked rather than ignored.
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !isNaN(Date.parse(s)));
  const validate = ajv.compile({ ...schema, $id: id });
  return (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors));
}

// The shape the CLI declares for what it writes; the schema above checks the output itself.
type SarifRun = SarifLog['runs'][number];
type SarifResult = SarifRun['results'][number];

/** The text a result's region covers, counted in UTF-16 code units from 1 as the log declares. */
function regionText(run: SarifRun, result: SarifResult): string {
  const { artifactLocation, region } = result.locations[0]!.physicalLocation;
  const base = artifactLocation.uriBaseId ? run.originalUriBaseIds[artifactLocation.uriBaseId]!.uri : undefined;
  const lines = fs.readFileSync(fileURLToPath(new URL(artifactLocation.uri, base)), 'utf8').split(/\r\n|\n|\r/);
  if (region.startLine === region.endLine) return lines[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1);
  return [
    lines[region.startLine - 1]!.slice(region.startColumn - 1),
    ...lines.slice(region.startLine, region.endLine - 1),
    lines[region.endLine - 1]!.slice(0, region.endColumn - 1),
  ].join('\n');
}

/** Decodes a workflow command line the way the Actions runner does. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1]!, properties, message: unescape(m[3]!) };
}

describe('scan --format sarif and --format github', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-ci-'));
  const sub = path.join(dir, 'drafts 2026', 'Überblick');
  fs.mkdirSync(sub, { recursive: true });
  // One draft with every kind of check the text can trigger, after characters of two UTF-16 units
  // (the columns must count units, as SARIF's default columnKind does) and on a CRLF line.
  const checks = [
    '# 🇯🇵 Notes 𝒳',
    '',
    '🇪🇪 The 2021 G7 meeting in Germany set the tone [@no-such-entry].\r',
    'The Second Meeting of the Japan-EU Digital Partnership Council in Japan.',
    'The Japan–EU Digital Partnership with Korea is new, and so are the Estonia MOCs.',
    '',
    'The G20 Digital Economy Ministers’ Meeting is held every year.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(sub, 'checks.md'), checks);
  fs.writeFileSync(path.join(dir, 'clean.md'), 'Japan and Estonia signed a memorandum [@moc-estonia-2022].\n');
  const validate = sarifValidator();

  it('writes a SARIF 2.1.0 log that the official schema accepts, one result per check, at the flagged text', () => {
    const r = run(['scan', '--format', 'sarif', 'drafts 2026', 'clean.md'], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1, 'an unknown citation is an error: exit 1, as for the text report');
    const log = JSON.parse(r.stdout) as { version: string; runs: SarifRun[] };
    assert.equal(validate(log), undefined);
    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    assert.deepEqual(sarifRun!.invocations, [{ executionSuccessful: true }]);
    const results = sarifRun!.results;
    assert.deepEqual(results.map((x) => [x.ruleId, x.level, regionText(sarifRun!, x)]).sort(), [
      ['ambiguous-reference', 'note', 'G20 Digital Economy Ministers’ Meeting'],
      ['inconsistent-host', 'warning', 'Japan'],
      ['inconsistent-year', 'warning', '2021'],
      ['non-canonical-name', 'note', 'Estonia MOCs'],
      ['not-a-party', 'warning', 'Korea'],
      ['unknown-citation', 'error', '@no-such-entry'],
    ]);
    for (const x of results) {
      assert.equal(sarifRun!.tool.driver.rules[x.ruleIndex]!.id, x.ruleId, 'ruleIndex points at the rule');
      assert.equal(x.locations[0]!.physicalLocation.artifactLocation.uri, 'drafts%202026/%C3%9Cberblick/checks.md');
      assert.match(x.partialFingerprints['policyLens/v1']!, /^[0-9a-f]{32}$/);
    }
    assert.deepEqual(
      sarifRun!.tool.driver.rules.map((x) => x.id),
      RULES.map((x) => x.id),
      'a rule for each kind of check',
    );
    assert.equal(new Set(results.map((x) => x.partialFingerprints['policyLens/v1'])).size, results.length);
  });

  it('keeps the fingerprints when lines move and tells identical problems apart', () => {
    const fingerprints = (): Map<string, string[]> => {
      const log = JSON.parse(run(['scan', '--format', 'sarif', 'twice.md'], dir).stdout) as { runs: SarifRun[] };
      assert.equal(validate(log), undefined);
      const byRule = new Map<string, string[]>();
      for (const x of log.runs[0]!.results)
        byRule.set(x.ruleId, [...(byRule.get(x.ruleId) ?? []), x.partialFingerprints['policyLens/v1']!]);
      return byRule;
    };
    const body = 'See [@nothing-here] and again [@nothing-here].\n\nThe 2021 G7 meeting in Germany.\n';
    fs.writeFileSync(path.join(dir, 'twice.md'), body);
    const before = fingerprints();
    assert.equal(new Set(before.get('unknown-citation')).size, 2, 'the same key cited twice: two fingerprints');
    fs.writeFileSync(path.join(dir, 'twice.md'), `# A new title\n\nA new paragraph.\n\n${body}`);
    assert.deepEqual(fingerprints(), before);
  });

  it('reports a problem in a dataset file at its place, and a file it could not read as an unsuccessful run (exit 2)', () => {
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "entries": [ { "id": "x", "kind": "galaxy" } ] }\n');
    const r = run(['scan', '--format', 'sarif', '--dataset', 'broken.json', 'clean.md', 'missing.md'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /missing\.md: cannot read/);
    const log = JSON.parse(r.stdout) as { runs: SarifRun[] };
    assert.equal(validate(log), undefined);
    assert.deepEqual(log.runs[0]!.invocations, [{ executionSuccessful: false }]);
    const dataset = log.runs[0]!.results.filter((x) => x.ruleId === 'dataset-problem');
    assert.ok(dataset.length > 0, 'the dataset problem is a result');
    assert.equal(dataset[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'broken.json');
    assert.equal(dataset[0]!.level, 'error');
  });

  it('writes a valid, empty log for a clean draft (exit 0), and a file outside the working folder as a file URI', () => {
    const r = run(['scan', '--format', 'sarif', 'clean.md'], dir);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: SarifRun[] };
    assert.equal(validate(log), undefined);
    assert.deepEqual(log.runs[0]!.results, []);
    const elsewhere = run(['scan', '--format', 'sarif', path.join(sub, 'checks.md')], fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cwd-')));
    const farLog = JSON.parse(elsewhere.stdout) as { runs: SarifRun[] };
    assert.equal(validate(farLog), undefined);
    const far = farLog.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    assert.equal(far.artifactLocation.uriBaseId, undefined);
    assert.equal(fileURLToPath(far.artifactLocation.uri), path.join(sub, 'checks.md'));
  });

  it('prints one GitHub workflow command per check, whose fields decode to the file, place and message', () => {
    const r = run(['scan', '--format', 'github', 'drafts 2026'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const sarif = (JSON.parse(run(['scan', '--format', 'sarif', 'drafts 2026'], dir).stdout) as { runs: SarifRun[] }).runs[0]!.results;
    assert.equal(lines.length, sarif.length, 'the same checks as the SARIF log');
    const commands = lines.map(parseCommand);
    const year = commands.find((c) => c.properties.title === 'Policy Lens: inconsistent-year')!;
    assert.equal(year.command, 'warning');
    assert.equal(year.properties.file, 'drafts 2026/Überblick/checks.md');
    assert.deepEqual(
      [year.properties.line, year.properties.col, year.properties.endColumn],
      ['3', '10', '14'],
      'after 🇪🇪 (four UTF-16 units)',
    );
    assert.match(year.message, /^The dataset dates "G7 Digital Ministers' Meeting 2022" to 2022/);
    assert.deepEqual(
      commands.map((c) => c.command).sort(),
      ['error', 'notice', 'notice', 'warning', 'warning', 'warning'],
      'information and hints are notices',
    );
  });

  it('escapes %, CR, LF, colons and commas in file names and messages so that nothing breaks out of a command', () => {
    const name = 'a,b: 100% done\r.md';
    fs.writeFileSync(path.join(dir, name), 'As shown [@no-such-entry].\n');
    const r = run(['scan', '--format', 'github', name], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, 'one line: the CR in the name is escaped');
    const command = parseCommand(lines[0]!);
    assert.equal(command.command, 'error');
    assert.equal(command.properties.file, name);
    assert.deepEqual(Object.keys(command.properties), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
    for (const text of ['%', '\r', '\n', ':', ',', '100%0A::error::x', 'a%3Ab', 'plain', '']) {
      const data = escapeData(text);
      const property = escapeProperty(text);
      assert.doesNotMatch(data, /[\r\n]/, text);
      assert.doesNotMatch(property, /[\r\n:,]/, text);
      assert.equal(parseCommand(`::warning file=${property}::${data}`).properties.file, text);
      assert.equal(parseCommand(`::warning file=${property}::${data}`).message, text);
    }
  });

  it('refuses an unknown format with a usage error (exit 2), and reads --format json as --json', () => {
    const r = run(['scan', '--format', 'xml', 'clean.md'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n')[0], 'policy-lens: unknown format "xml" (one of text, json, sarif, github)');
    assert.deepEqual(
      JSON.parse(run(['scan', '--format', 'json', 'clean.md'], dir).stdout),
      JSON.parse(run(['scan', '--json', 'clean.md'], dir).stdout),
    );
  });
});
