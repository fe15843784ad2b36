import fs from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import {
  analyze,
  loadBundledDataset,
  loadDatasetFiles,
  engagementRows,
  engagementTableMarkdown,
  EXPORT_FORMATS,
  exportCited,
  type Analysis,
  type Dataset,
  type DatasetSource,
  type Diagnostic,
  type ExportFormat,
  type Reference,
} from './core';

const USAGE = `Usage:
  policy-lens scan [--json] [--dataset FILE]... FILE|DIR...
  policy-lens dataset [--json] [--dataset FILE]... [DIR]...
  policy-lens table [--dataset FILE]... FILE...
  policy-lens export --format table|csv|csl-json|bibtex [--dataset FILE]... [--out FILE] FILE|DIR...

scan     lists every reference in each file (every named file is read as Markdown; a directory
         is searched for *.md and *.markdown files). Exit code 0: no errors; 1: error
         diagnostics, or errors in a dataset file; 2: usage or I/O error.
dataset  prints the merged dataset.

Datasets: the bundled data, then DIR/.policylens/*.json of every directory named, then each
--dataset FILE, later ones overriding earlier entries with the same id field by field. A problem
in a dataset file is printed as FILE:LINE:COLUMN; a broken file is skipped, the others still load.
table    prints a Markdown table of the engagements the files cite.
export   prints the engagements the files cite as a Markdown table, CSV, CSL-JSON (for
         pandoc --citeproc and Zotero) or BibTeX; --out writes it to a file instead.`;

class UsageError extends Error {}
class InputError extends Error {}

interface Options {
  command: string;
  json: boolean;
  datasets: string[];
  files: string[];
  format?: ExportFormat;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') throw new UsageError('');
  if (!['scan', 'dataset', 'table', 'export'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  const options: Options = { command, json: false, datasets: [], files: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--dataset') {
      const file = rest[++i];
      if (!file) throw new UsageError('--dataset needs a file');
      options.datasets.push(file);
    } else if (arg.startsWith('--dataset=')) options.datasets.push(arg.slice('--dataset='.length));
    else if (command === 'export' && (arg === '--format' || arg === '--out' || arg.startsWith('--format=') || arg.startsWith('--out='))) {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, rest[++i]];
      if (!inline) throw new UsageError(`${name} needs a value`);
      if (name === '--out') options.out = inline;
      else if ((EXPORT_FORMATS as readonly string[]).includes(inline)) options.format = inline as ExportFormat;
      else throw new UsageError(`unknown format "${inline}" (one of ${EXPORT_FORMATS.join(', ')})`);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
    else options.files.push(arg);
  }
  if (command !== 'dataset' && options.files.length === 0) throw new UsageError(`${command} needs at least one file`);
  if (command === 'export' && !options.format) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
  return options;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw new InputError(`${file}: cannot read: ${cause}`);
  }
}

/** The dataset files of the directories named: each one's `.policylens/*.json`, by name. */
function folderDatasets(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    const dir = path.join(arg, '.policylens');
    try {
      if (!fs.statSync(arg).isDirectory() || !fs.statSync(dir).isDirectory()) return [];
    } catch {
      return [];
    }
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => path.join(dir, name));
  });
}

function loadLayers(files: readonly string[]): { dataset: Dataset; errors: number } {
  const sources: DatasetSource[] = files.map((name) => ({ name, text: readText(name) }));
  const { dataset, problems } = loadDatasetFiles(loadBundledDataset(), sources);
  for (const p of problems) process.stderr.write(`${p.layer}:${p.start.line}:${p.start.column}: ${p.severity}: ${p.message}\n`);
  return { dataset, errors: problems.filter((p) => p.severity === 'error').length };
}

function expandFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = path.join(dir, name);
      const stat = fs.statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (/\.(md|markdown)$/i.test(name)) out.push(full);
    }
  };
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch {
      throw new InputError(`${arg}: cannot read: no such file or directory`);
    }
    if (stat.isDirectory()) walk(arg);
    else out.push(arg);
  }
  return out;
}

function plainReference(r: Reference): object {
  return {
    kind: r.kind,
    id: r.id,
    label: r.label,
    text: r.text,
    start: r.start,
    end: r.end,
    ...(r.candidates ? { candidates: r.candidates } : {}),
  };
}

const KIND_COLOUR = { agreement: pc.cyan, pillar: pc.magenta, country: pc.green } as const;
const SEVERITY_COLOUR = { error: pc.red, warning: pc.yellow, information: pc.blue, hint: pc.dim } as const;

function printReport(file: string, analysis: Analysis): void {
  const out: string[] = [pc.bold(pc.underline(file))];
  const byLine = [...analysis.references, ...analysis.diagnostics.map((d) => ({ diagnostic: d, start: d.start }))].sort(
    (a, b) => a.start.offset - b.start.offset,
  );
  for (const item of byLine) {
    const where = pc.dim(`${item.start.line}:${item.start.column}`.padEnd(8));
    if ('diagnostic' in item) {
      const d = item.diagnostic as Diagnostic;
      out.push(`  ${where} ${SEVERITY_COLOUR[d.severity](d.severity.padEnd(11))} ${d.message} ${pc.dim(d.code)}`);
      continue;
    }
    const r = item as Reference;
    const text = JSON.stringify(r.text.replace(/\s+/g, ' '));
    const target = r.candidates ? pc.yellow(`ambiguous: ${r.candidates.join(' | ')}`) : `${r.label} ${pc.dim(`(${r.id})`)}`;
    out.push(`  ${where} ${KIND_COLOUR[r.kind](r.kind.padEnd(11))} ${text} → ${target}`);
  }
  const kinds = (['agreement', 'pillar', 'country'] as const).map((kind) => {
    const refs = analysis.references.filter((r) => r.kind === kind);
    const distinct = new Set(refs.map((r) => r.id)).size;
    return `${KIND_COLOUR[kind](kind === 'country' ? 'countries' : `${kind}s`)}: ${refs.length} references to ${distinct} entries`;
  });
  out.push(`  ${kinds.join(', ')}`);
  const counts = (['error', 'warning', 'information'] as const).map(
    (s) => `${analysis.diagnostics.filter((d) => d.severity === s).length} ${s}`,
  );
  out.push(`  ${pc.dim(counts.join(', '))}`, '');
  process.stdout.write(out.join('\n') + '\n');
}

function main(argv: string[]): number {
  const options = parseArgs(argv);
  const { dataset, errors: datasetErrors } = loadLayers([...new Set([...folderDatasets(options.files), ...options.datasets])]);
  if (options.command === 'dataset') {
    const entries = [...dataset.entries.values()];
    if (options.json) process.stdout.write(JSON.stringify({ entries }, null, 2) + '\n');
    else {
      for (const e of entries) process.stdout.write(`${KIND_COLOUR[e.kind](e.kind.padEnd(10))} ${e.id.padEnd(48)} ${e.label}\n`);
      process.stdout.write(`${entries.length} entries\n`);
    }
    return datasetErrors > 0 ? 1 : 0;
  }
  const files = expandFiles(options.files);
  const analyses = files.map((file) => ({ file, analysis: analyze(readText(file), dataset) }));
  if (options.command === 'table') {
    process.stdout.write(
      engagementTableMarkdown(
        engagementRows(
          analyses.map((a) => a.analysis),
          dataset,
        ),
      ),
    );
    return datasetErrors > 0 ? 1 : 0;
  }
  if (options.command === 'export') {
    const text = exportCited(
      options.format!,
      analyses.map((a) => a.analysis),
      dataset,
    );
    if (options.out === undefined) process.stdout.write(text);
    else {
      try {
        fs.writeFileSync(options.out, text);
      } catch (error) {
        throw new InputError(`${options.out}: cannot write: ${(error as Error).message}`);
      }
    }
    return datasetErrors > 0 ? 1 : 0;
  }
  if (options.json) {
    const json = {
      files: analyses.map(({ file, analysis }) => ({
        path: file,
        references: analysis.references.map(plainReference),
        diagnostics: analysis.diagnostics,
      })),
    };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    for (const { file, analysis } of analyses) printReport(file, analysis);
  }
  const errors = analyses.reduce((n, a) => n + a.analysis.diagnostics.filter((d) => d.severity === 'error').length, 0) + datasetErrors;
  return errors > 0 ? 1 : 0;
}

// A reader that closes early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) process.stderr.write(`policy-lens: ${error.message}\n\n`);
    process.stderr.write(USAGE + '\n');
    process.exitCode = error.message ? 2 : 0;
  } else if (error instanceof InputError) {
    process.stderr.write(`policy-lens: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`policy-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
}
