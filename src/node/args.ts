import { parseArgs } from 'node:util';
import { contributes } from '../../package.json';
import { EXPORT_FORMATS, type ExportFormat } from '../core';
import { SCAN_FORMATS, type ScanFormat } from './ci-report';
import { parseSize } from './files';

/**
 * The largest file the CLI reads, in bytes: the default of the extension's
 * `policyLens.maxDocumentSize` setting (in MB, 10⁶), read from package.json so that the two never differ.
 */
export const DEFAULT_MAX_SIZE = contributes.configuration.properties['policyLens.maxDocumentSize'].default * 1e6;

/** A command line that cannot be run; an empty message asks for the usage text only. */
export class UsageError extends Error {}

/** What the command line asks for. */
export interface Options {
  command: 'scan' | 'dataset' | 'table' | 'export' | 'stubs';
  json: boolean;
  /** `dataset --stats`: counts instead of the entries. */
  stats?: boolean;
  datasets: string[];
  files: string[];
  format?: ExportFormat;
  /** `scan --format sarif|github`: a report for CI instead of the text or JSON one. */
  report?: Extract<ScanFormat, 'sarif' | 'github'>;
  out?: string;
  /** The largest file read, in bytes. */
  maxSize: number;
  /** `--time-budget SECONDS`: how long one file's analysis may take (else a default that grows with its size). */
  timeBudgetMs?: number;
}

const COMMANDS = ['scan', 'dataset', 'table', 'export', 'stubs'] as const;

/**
 * Parses the CLI's arguments with `node:util`'s `parseArgs`: options anywhere, `--name value` or
 * `--name=value`, and `--` before file names that start with a dash.
 *
 * @param argv The arguments after the script's name.
 * @returns The options.
 * @throws UsageError with the message to print (empty for `--help`).
 */
export function parseCliArgs(argv: readonly string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') throw new UsageError('');
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}"`);
  const { tokens } = parseArgs({
    args: [...rest],
    options: {
      json: { type: 'boolean' },
      stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      dataset: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      'max-size': { type: 'string' },
      'time-budget': { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Options = { command: command as Options['command'], json: false, datasets: [], files: [], maxSize: DEFAULT_MAX_SIZE };
  // scan's --format and --json are two spellings of one choice: both given must agree.
  let format: ScanFormat | undefined;
  let json = false;
  for (const token of tokens) {
    if (token.kind === 'positional') options.files.push(token.value);
    if (token.kind !== 'option') continue;
    const { name, rawName, value } = token;
    // The argument as written: `--json=x`, or `-xy` for a group of short options.
    const unknown = (): UsageError => new UsageError(`unknown option "${rest[token.index] ?? rawName}"`);
    // A group of short options (`-draft.md`) is an unknown option, not -d, -r… (nor -h for help).
    if (rawName.length === 2 && rest[token.index] !== rawName) throw unknown();
    if (name === 'help' && !token.inlineValue) throw new UsageError('');
    else if (name === 'json' && !token.inlineValue) json = options.json = true;
    else if (name === 'stats' && command === 'dataset' && !token.inlineValue) options.stats = true;
    else if (name === 'dataset') {
      if (!value) throw new UsageError('--dataset needs a file');
      options.datasets.push(value);
    } else if (name === 'max-size') {
      if (!value) throw new UsageError('--max-size needs a value');
      const size = parseSize(value);
      if (size === undefined) throw new UsageError(`--max-size "${value}" is not a size (bytes, or a number with KB, MB or GB)`);
      options.maxSize = size;
    } else if (name === 'time-budget' && command !== 'dataset') {
      if (!value) throw new UsageError('--time-budget needs a value');
      const seconds = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0)) throw new UsageError(`--time-budget "${value}" is not a number of seconds`);
      options.timeBudgetMs = seconds * 1000;
    } else if (command === 'scan' && name === 'format') {
      if (!value) throw new UsageError('--format needs a value');
      if (!(SCAN_FORMATS as readonly string[]).includes(value))
        throw new UsageError(`unknown format "${value}" (one of ${SCAN_FORMATS.join(', ')})`);
      if (format !== undefined) throw new UsageError('--format is given twice');
      format = value as ScanFormat;
      if (value === 'sarif' || value === 'github') options.report = value;
    } else if (command === 'export' && (name === 'format' || name === 'out')) {
      if (!value) throw new UsageError(`--${name} needs a value`);
      if (name === 'out') options.out = value;
      else if ((EXPORT_FORMATS as readonly string[]).includes(value)) options.format = value as ExportFormat;
      else throw new UsageError(`unknown format "${value}" (one of ${EXPORT_FORMATS.join(', ')})`);
    } else throw unknown();
  }
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two reports`);
  if (format === 'json') options.json = true;
  if (command !== 'dataset' && options.files.length === 0) throw new UsageError(`${command} needs at least one file`);
  if (command === 'export' && !options.format) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
  return options;
}
