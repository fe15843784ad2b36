import crypto from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import type { Diagnostic, Point, Severity } from '../core';
import { terminalSafeLines } from './output';

// The parts of SARIF 2.1.0 written here; the test validates the output against the schema itself.
type SarifLevel = 'none' | 'note' | 'warning' | 'error';
interface ReportingDescriptor {
  id: string;
  name?: string;
  shortDescription: { text: string };
  help?: { text: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
}
/** A SARIF 2.1.0 log of one run. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; semanticVersion: string; rules: ReportingDescriptor[] } };
    invocations: Array<{ executionSuccessful: boolean }>;
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: Result[];
  }>;
}

/** The report formats of `policy-lens scan --format`. */
export const SCAN_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** The rule of a problem found in a dataset file (not a check of the draft). */
export const DATASET_RULE = 'dataset-problem';

/**
 * Every kind of check the CLI reports, by its stable diagnostic code. A code-scanning UI lists
 * results under these rules; a code missing here still gets a rule (see `sarifLog`), so a new
 * check never makes the log invalid, but it should be described here.
 */
export const RULES: ReadonlyArray<{ id: string; name: string; text: string; help: string }> = [
  {
    id: 'unknown-citation',
    name: 'UnknownCitation',
    text: 'A Pandoc citation key names no dataset entry.',
    help: 'Correct the key, or add the entry to a dataset file (.policylens/*.json or --dataset).',
  },
  {
    id: 'ambiguous-reference',
    name: 'AmbiguousReference',
    text: 'A name in the text may refer to several entries.',
    help: 'Add the year or the host to the sentence, or write the full name.',
  },
  {
    id: 'non-canonical-name',
    name: 'NonCanonicalName',
    text: 'An engagement is named in a form the dataset does not record.',
    help: 'Use the canonical name the message gives.',
  },
  {
    id: 'inconsistent-year',
    name: 'InconsistentYear',
    text: 'The year written beside an agreement differs from the dataset.',
    help: 'Check the year against the sources of the entry.',
  },
  {
    id: 'inconsistent-host',
    name: 'InconsistentHost',
    text: 'The host named for a meeting differs from the dataset.',
    help: 'Check the host against the sources of the entry.',
  },
  {
    id: 'not-a-party',
    name: 'NotAParty',
    text: 'A country named as partner of a bilateral agreement is not one of its parties.',
    help: 'Check the parties against the sources of the entry.',
  },
  {
    id: 'nesting-limit',
    name: 'NestingLimit',
    text: 'A line is nested too deeply to be analysed.',
    help: 'Flatten the block quotes, lists or indentation of the line.',
  },
  {
    id: 'inline-marker-limit',
    name: 'InlineMarkerLimit',
    text: 'A paragraph has too many emphasis and link markers and is read as plain text.',
    help: 'Split the paragraph or remove markers.',
  },
  {
    id: DATASET_RULE,
    name: 'DatasetProblem',
    text: 'A dataset file has a value the schema or the dataset rules do not allow.',
    help: 'Fix the value at the place named; a broken file is skipped and the other files still load.',
  },
];

/** One problem to report: a draft's diagnostic, or a problem in a dataset file. */
export interface CiProblem {
  /** The file as named on the command line (or found in a folder named). */
  file: string;
  code: string;
  severity: Severity;
  message: string;
  start: Point;
  end: Point;
  /**
   * What identifies the problem apart from where it is (the flagged text, the entries): with the
   * code and the file, it makes the fingerprint, which stays the same when lines move.
   */
  key: string;
}

/**
 * The problems of one analysed draft, ready for `sarifLog` or `githubCommands`.
 *
 * @param file The draft's path as named.
 * @param text Its text (the flagged spans make the fingerprints).
 * @param diagnostics Its diagnostics.
 * @returns One problem for each diagnostic.
 */
export function draftProblems(file: string, text: string, diagnostics: readonly Diagnostic[]): CiProblem[] {
  return diagnostics.map((d) => ({
    file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    start: d.start,
    end: d.end,
    key: `${text.slice(d.start.offset, d.end.offset)}\0${(d.entries ?? []).join(' ')}`,
  }));
}

const SARIF_LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The artifact location of a file: relative to the working folder (as %SRCROOT%) when inside it. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative))
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(absolute).href };
}

/**
 * Fingerprints that stay the same while the lines around a problem change: a hash of the rule, the
 * file, what identifies the problem, and how many identical ones come before it in the file.
 */
function fingerprints(problems: readonly CiProblem[]): string[] {
  const seen = new Map<string, number>();
  return problems.map((p) => {
    const base = `${p.code}\0${p.file.split(path.sep).join('/')}\0${p.key}`;
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    return crypto.createHash('sha256').update(`${base}\0${nth}`).digest('hex').slice(0, 32);
  });
}

/**
 * A SARIF 2.1.0 log of the problems: one run of Policy Lens, one rule for each kind of check, one
 * result for each problem, with its region (1-based lines and UTF-16 columns, as the core counts
 * them) and a fingerprint that survives edits elsewhere in the file.
 *
 * @param problems The problems, in the order they should be listed.
 * @param options `cwd`: paths are made relative to it; `complete`: false when a file could not be read.
 * @returns The log, ready for `JSON.stringify`.
 */
export function sarifLog(problems: readonly CiProblem[], options: { cwd: string; complete: boolean }): SarifLog {
  const rules: ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.text },
    help: { text: r.help },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const p of problems) {
    if (index.has(p.code)) continue;
    index.set(p.code, rules.length);
    rules.push({ id: p.code, shortDescription: { text: p.code } });
  }
  const prints = fingerprints(problems);
  const results: Result[] = problems.map((p, i) => ({
    ruleId: p.code,
    ruleIndex: index.get(p.code)!,
    level: SARIF_LEVEL[p.severity],
    message: { text: p.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(p.file, options.cwd),
          region: {
            startLine: p.start.line,
            startColumn: p.start.column,
            endLine: p.end.line,
            endColumn: p.end.column,
          },
        },
      },
    ],
    partialFingerprints: { 'policyLens/v1': prints[i]! },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Policy Lens', semanticVersion: version, rules } },
        invocations: [{ executionSuccessful: options.complete }],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/**
 * Escapes a workflow command's message as GitHub's toolkit does: `%`, CR and LF.
 *
 * @param text The message.
 * @returns The escaped message.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a workflow command's property value as GitHub's toolkit does: `%`, CR, LF, `:` and `,`.
 *
 * @param text The value.
 * @returns The escaped value.
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/**
 * A GitHub Actions workflow command (`::warning file=…,line=…,col=…::message`) for a problem, which
 * the Actions log shows as an annotation on the line. Other control characters than line breaks
 * are made visible, as on a terminal.
 *
 * @param p The problem.
 * @returns One line, without its line break.
 */
export function githubCommand(p: CiProblem): string {
  const properties = [
    ['file', p.file.split(path.sep).join('/')],
    ['line', String(p.start.line)],
    ['col', String(p.start.column)],
    ['endLine', String(p.end.line)],
    ['endColumn', String(p.end.column)],
    ['title', `Policy Lens: ${p.code}`],
  ]
    .map(([name, value]) => `${name}=${escapeProperty(terminalSafeLines(value!))}`)
    .join(',');
  return `::${GITHUB_COMMAND[p.severity]} ${properties}::${escapeData(terminalSafeLines(p.message))}`;
}
