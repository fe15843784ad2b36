import fs from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import {
  analyze,
  matcherFor,
  citationCounts,
  datasetStats,
  formatDatasetStats,
  loadBundledDataset,
  loadDatasetFiles,
  engagementRows,
  engagementTableMarkdown,
  EXPORT_FORMATS,
  exportCited,
  stubDataset,
  type Analysis,
  type Dataset,
  type DatasetSource,
  type Reference,
  type UncataloguedReference,
  DRAFT_PATTERNS_TEXT,
  isDraftName,
  withoutBibliographyCitations,
} from './core';
import { BibliographyReader } from './node/bibliography';
import { defaultBudgetMs, OverBudget, REGION_SHARE, regionBudget, withinBudget } from './node/time-budget';
import { DEFAULT_MAX_SIZE, parseCliArgs, UsageError, type Options } from './node/args';
import { DATASET_RULE, draftProblems, githubCommand, sarifLog, SCAN_FORMATS, type CiProblem } from './node/ci-report';
import { describeError, readTextFile, sizeText, walkFolder, type FileProblem } from './node/files';
import { ChunkedOutput, safeJson, sameFile, terminalSafe, terminalSafeLines, writeFileAtomic } from './node/output';

const USAGE = `Usage:
  policy-lens scan [--json | --format ${SCAN_FORMATS.join('|')}] [--dataset FILE]... [--max-size SIZE] [--] FILE|DIR...
  policy-lens dataset [--stats] [--json] [--dataset FILE]... [--max-size SIZE] [DIR]...
  policy-lens table [--dataset FILE]... [--max-size SIZE] [--] FILE|DIR...
  policy-lens export --format ${EXPORT_FORMATS.join('|')} [--dataset FILE]... [--out FILE] [--max-size SIZE] [--] FILE|DIR...
  policy-lens stubs [--dataset FILE]... [--max-size SIZE] [--] FILE|DIR...

scan     lists every reference in each file (every named file is read as Markdown; a directory
         is searched for ${DRAFT_PATTERNS_TEXT} files: Markdown, Quarto and
         R Markdown), and the names of engagements the dataset lacks ("uncatalogued"; in --json,
         "id": null and "uncatalogued": true). --format sarif prints the checks as a SARIF 2.1.0
         log (for code scanning), --format github as GitHub Actions workflow commands.
dataset  prints the merged dataset; --stats prints its counts per kind, catalogue area (user for
         entries that only a user dataset has), agreement type, decade and classification.
table    prints a Markdown table of the engagements the files cite.
export   prints the engagements the files cite as a Markdown table, CSV, CSL-JSON (for
         pandoc --citeproc and Zotero) or BibTeX; --out writes it to a file instead.
         table and export leave uncatalogued names out, and say how many on stderr.
stubs    prints a dataset file (JSON) with a stub entry for every uncatalogued name, read from
         its sentence, to review and save as .policylens/team.json.

Datasets: the bundled data, then DIR/.policylens/*.json of every directory named, then each
--dataset FILE, later ones overriding earlier entries with the same id field by field. A problem
in a dataset file is printed as FILE:LINE:COLUMN; a broken file is skipped, the others still load.

Files: only regular files of at most ${sizeText(DEFAULT_MAX_SIZE)} are read (--max-size SIZE raises the limit:
bytes, or a number with KB, MB or GB), as UTF-8 or, by their byte order mark, UTF-16; binary
files are skipped. -- ends the options, for file names that start with a dash.

Time: one file's analysis may take 60 s plus 20 s per MB (--time-budget SECONDS sets another
limit), and one block of it a quarter of that: a block that runs past its share is skipped with a
warning (time-budget) and the rest of the file is analysed; a file that runs past its budget is
left out with a one-line message, and the exit code is 2.

Exit code 0: no errors; 1: error diagnostics, or errors in a dataset file; 2: usage error, or a
file that could not be read or written (the other files are still scanned).`;

class InputError extends Error {}

/** Prints a line on stderr; text from the command line, file names or data is made terminal-safe. */
function warn(line: string): void {
  process.stderr.write(`policy-lens: ${terminalSafe(line)}\n`);
}

/** How many inputs could not be read: any makes the exit code 2, once everything else is done. */
let readErrors = 0;

function report(problem: FileProblem): void {
  warn(`${problem.path}: ${problem.message}`);
  if (problem.severity === 'error') readErrors++;
}

/** Reads a draft; a problem is reported and gives undefined. */
function readDraft(file: string, options: Options): string | undefined {
  const read = readTextFile(file, options.maxSize);
  if ('problem' in read) return void report(read.problem);
  return read.text;
}

/** The dataset files of the directories named: each one's `.policylens/*.json`, by name. */
function folderDatasets(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    const dir = path.join(arg, '.policylens');
    try {
      if (!fs.statSync(arg).isDirectory() || !fs.statSync(dir).isDirectory()) return [];
    } catch {
      // A missing folder is reported when its drafts are looked for; no .policylens/ is the usual case.
      return [];
    }
    try {
      return fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => path.join(dir, name));
    } catch (error) {
      report({ path: dir, severity: 'error', message: `cannot read the folder: ${describeError(error)}` });
      return [];
    }
  });
}

function loadLayers(files: readonly string[], options: Options): { dataset: Dataset; errors: number; problems: CiProblem[] } {
  const sources: DatasetSource[] = [];
  for (const name of files) {
    const read = readTextFile(name, options.maxSize);
    // A dataset file left out is data lost, even a binary one: always an error.
    if ('problem' in read)
      report({ ...read.problem, severity: 'error', message: read.problem.message.replace(/^skipped: /, 'cannot read: ') });
    else sources.push({ name, text: read.text });
  }
  const { dataset, problems } = loadDatasetFiles(loadBundledDataset(), sources);
  for (const p of problems)
    process.stderr.write(terminalSafe(`${p.layer}:${p.start.line}:${p.start.column}: ${p.severity}: ${p.message}`) + '\n');
  return {
    dataset,
    errors: problems.filter((p) => p.severity === 'error').length,
    problems: problems.map((p) => ({
      file: p.layer,
      code: DATASET_RULE,
      severity: p.severity,
      message: p.message,
      start: p.start,
      end: p.end,
      key: `${p.pointer}\0${p.message}`,
    })),
  };
}

/** The files named and the Markdown files of the folders named; what cannot be read is reported. */
function expandFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (error) {
      let cause = describeError(error);
      try {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.lstatSync(arg).isSymbolicLink())
          cause = `a dangling link (to ${fs.readlinkSync(arg)})`;
      } catch {
        // Not there at all: the cause stands.
      }
      report({ path: arg, severity: 'error', message: `cannot read: ${cause}` });
      continue;
    }
    if (!stat.isDirectory()) {
      out.push(arg);
      continue;
    }
    const walk = walkFolder(arg, {
      include: isDraftName,
      skip: (name) => name.startsWith('.') || name === 'node_modules',
    });
    walk.problems.forEach(report);
    if (walk.files.length === 0) report({ path: arg, severity: 'error', message: `no draft (${DRAFT_PATTERNS_TEXT}) in this folder` });
    out.push(...walk.files);
  }
  return out;
}

/** Refuses an `--out` that is one of the files read: the export would replace its own input. */
function checkOut(out: string, inputs: readonly string[]): void {
  let target: fs.Stats;
  try {
    target = fs.statSync(out);
  } catch {
    return;
  }
  if (!target.isFile()) return;
  for (const input of inputs) {
    try {
      if (sameFile(fs.statSync(input), target)) throw new InputError(`${out}: cannot write: it is one of the inputs (${input})`);
    } catch (error) {
      if (error instanceof InputError) throw error;
    }
  }
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

function plainUncatalogued(r: UncataloguedReference): object {
  return {
    kind: r.kind,
    id: null,
    uncatalogued: true,
    label: r.label,
    text: r.text,
    start: r.start,
    end: r.end,
    ...(r.abbreviation ? { abbreviation: r.abbreviation } : {}),
  };
}

/** The references and the uncatalogued names of an analysis, in document order, as JSON objects. */
function* allReferences(analysis: Analysis): Generator<object> {
  const refs = analysis.references;
  const unc = analysis.uncatalogued ?? [];
  let u = 0;
  for (const r of refs) {
    for (; u < unc.length && unc[u]!.start.offset < r.start.offset; u++) yield plainUncatalogued(unc[u]!);
    yield plainReference(r);
  }
  for (; u < unc.length; u++) yield plainUncatalogued(unc[u]!);
}

/**
 * Streams a JSON array laid out as `JSON.stringify(value, null, 2)` would lay it out at `depth`,
 * one item at a time.
 */
async function writeJsonArray<T>(
  out: ChunkedOutput,
  items: Iterable<T>,
  depth: number,
  toJson: (item: T) => unknown = (x) => x,
): Promise<void> {
  const pad = '  '.repeat(depth + 1);
  let n = 0;
  for (const item of items) {
    // JSON text holds no raw line break, so every one is the layout's: indent it one level deeper.
    out.write((n++ === 0 ? '[\n' : ',\n') + pad + safeJson(toJson(item), 2).replace(/\n/g, `\n${pad}`));
    await out.flushIfFull();
  }
  out.write(n === 0 ? '[]' : `\n${'  '.repeat(depth)}]`);
}

const KIND_COLOUR = { agreement: pc.cyan, pillar: pc.magenta, country: pc.green } as const;
const SEVERITY_COLOUR = { error: pc.red, warning: pc.yellow, information: pc.blue, hint: pc.dim } as const;

async function printReport(out: ChunkedOutput, file: string, analysis: Analysis): Promise<void> {
  const safe = terminalSafe;
  out.write(pc.bold(pc.underline(safe(file))) + '\n');
  const unc = analysis.uncatalogued ?? [];
  const byLine = [
    ...analysis.references,
    ...unc.map((u) => ({ uncatalogued: u, start: u.start })),
    ...analysis.diagnostics.map((d) => ({ diagnostic: d, start: d.start })),
  ].sort((a, b) => a.start.offset - b.start.offset);
  for (const item of byLine) {
    const where = pc.dim(`${item.start.line}:${item.start.column}`.padEnd(8));
    if ('diagnostic' in item) {
      const d = item.diagnostic;
      out.write(`  ${where} ${SEVERITY_COLOUR[d.severity](d.severity.padEnd(11))} ${safe(d.message)} ${pc.dim(safe(d.code))}\n`);
    } else if ('uncatalogued' in item) {
      const u = item.uncatalogued;
      const text = safe(JSON.stringify(u.text.replace(/\s+/g, ' ')));
      const note = u.abbreviationUse ? `${safe(u.label)} ` : '';
      out.write(`  ${where} ${pc.cyan(pc.dim('agreement'.padEnd(11)))} ${text} → ${note}${pc.yellow('not in the dataset')}\n`);
    } else {
      const r = item;
      const text = safe(JSON.stringify(r.text.replace(/\s+/g, ' ')));
      const target = r.candidates
        ? pc.yellow(`ambiguous: ${safe(r.candidates.join(' | '))}`)
        : `${safe(r.label)} ${pc.dim(`(${safe(r.id)})`)}`;
      out.write(`  ${where} ${KIND_COLOUR[r.kind](r.kind.padEnd(11))} ${text} → ${target}\n`);
    }
    await out.flushIfFull();
  }
  const kinds = (['agreement', 'pillar', 'country'] as const).map((kind) => {
    const refs = analysis.references.filter((r) => r.kind === kind);
    const distinct = new Set(refs.map((r) => r.id)).size;
    return `${KIND_COLOUR[kind](kind === 'country' ? 'countries' : `${kind}s`)}: ${refs.length} references to ${distinct} entries`;
  });
  if (unc.length > 0) {
    const names = new Set(unc.map((u) => u.label.toLowerCase())).size;
    kinds.push(`${pc.yellow('not in the dataset')}: ${unc.length} references to ${names} names`);
  }
  const counts = (['error', 'warning', 'information'] as const).map(
    (s) => `${analysis.diagnostics.filter((d) => d.severity === s).length} ${s}`,
  );
  out.write(`  ${kinds.join(', ')}\n  ${pc.dim(counts.join(', '))}\n\n`);
}

const errorCount = (analysis: Analysis): number => analysis.diagnostics.filter((d) => d.severity === 'error').length;

async function main(argv: string[]): Promise<number> {
  const options = parseCliArgs(argv);
  const out = new ChunkedOutput(process.stdout);
  const datasetFiles = [...new Set([...folderDatasets(options.files), ...options.datasets])];
  const { dataset, errors: datasetErrors, problems: datasetProblems } = loadLayers(datasetFiles, options);
  let errors = datasetErrors;
  const status = (): number => (readErrors > 0 ? 2 : errors > 0 ? 1 : 0);
  if (options.command === 'dataset' && options.stats) {
    const bundled = loadBundledDataset();
    const stats = datasetStats(dataset, (entry) => bundled.entries.has(entry.id));
    // JSON objects keep the order of the lists (largest first, decades by time): no key is a number.
    const json = Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, Array.isArray(v) ? Object.fromEntries(v) : v]));
    out.write(options.json ? `${safeJson(json, 2)}\n` : `${terminalSafeLines(formatDatasetStats(stats))}\n`);
    await out.flush();
    return status();
  }
  if (options.command === 'dataset') {
    const entries = dataset.entries.values();
    if (options.json) {
      out.write('{\n  "entries": ');
      await writeJsonArray(out, entries, 1);
      out.write('\n}\n');
    } else {
      let n = 0;
      for (const e of entries) {
        out.write(`${KIND_COLOUR[e.kind](e.kind.padEnd(10))} ${terminalSafe(e.id).padEnd(48)} ${terminalSafe(e.label)}\n`);
        n++;
        await out.flushIfFull();
      }
      out.write(`${n} entries\n`);
    }
    await out.flush();
    return status();
  }
  const files = expandFiles(options.files);
  if (options.out !== undefined) checkOut(options.out, [...files, ...datasetFiles]);
  // The checks leave out citations of the writer's own bibliography; only a scan reports checks.
  const bibliographies = options.command === 'scan' ? new BibliographyReader(options.maxSize, warn) : undefined;
  // The matcher is compiled once, before any file's time budget runs: a budget is the file's own
  // analysis, not a one-time cost that falls on whichever file comes first.
  if (files.length > 0) matcherFor(dataset);
  // Each draft is analysed, written out and let go: only one analysis is held at a time.
  const analyses = (function* () {
    for (const file of files) {
      const text = readDraft(file, options);
      if (text === undefined) continue;
      let analysis: Analysis;
      try {
        const ms = options.timeBudgetMs ?? defaultBudgetMs(text.length);
        // A block that runs past its share is skipped with a warning, and the regions stop when the
        // file's budget is spent. The outer budget bounds the work between regions; it is a region's
        // share longer, so that it never fires while a region's own budget runs (see regionBudget).
        const regionMs = ms * REGION_SHARE;
        const runRegion = regionBudget(regionMs, { ms, deadline: performance.now() + ms });
        try {
          analysis = withinBudget(() => analyze(text, dataset, { runRegion }), ms + regionMs);
        } catch (error) {
          throw error instanceof OverBudget ? new OverBudget(ms) : error;
        }
      } catch (error) {
        if (!(error instanceof OverBudget)) throw error;
        // One line, and the other files go on; like a file that could not be read, it makes the exit code 2.
        report({
          path: file,
          severity: 'error',
          message: `its analysis ${error.message}; the file is left out (--time-budget SECONDS gives more time)`,
        });
        continue;
      }
      const keys = bibliographies?.keysFor(file, text);
      if (keys && keys.size > 0) analysis.diagnostics = withoutBibliographyCitations(analysis.diagnostics, text, keys);
      yield { file, text, analysis };
    }
  })();
  if (options.command === 'stubs') {
    // Every draft's text and analysis are kept until the stubs are made: names recur across drafts.
    const drafts = [];
    for (const { text, analysis } of analyses) drafts.push({ text, analysis });
    out.write(safeJson(stubDataset(drafts, dataset), 2) + '\n');
    await out.flush();
    return status();
  }
  if (options.command === 'table' || options.command === 'export') {
    const counts = new Map<string, number>();
    let leftOut = 0;
    for (const { analysis } of analyses) {
      for (const [id, n] of citationCounts([analysis])) counts.set(id, (counts.get(id) ?? 0) + n);
      leftOut += analysis.uncatalogued?.length ?? 0;
    }
    if (leftOut > 0)
      warn(
        `${leftOut} ${leftOut === 1 ? 'reference' : 'references'} to names not in the dataset left out (\`policy-lens scan\` lists them, \`policy-lens stubs\` drafts entries for them)`,
      );
    const text =
      options.command === 'table'
        ? engagementTableMarkdown(engagementRows(counts, dataset))
        : exportCited(options.format!, counts, dataset);
    if (options.out === undefined) {
      out.write(process.stdout.isTTY ? terminalSafeLines(text) : text);
      await out.flush();
    } else {
      try {
        writeFileAtomic(options.out, text);
      } catch (error) {
        throw new InputError(`${options.out}: cannot write: ${describeError(error)}`);
      }
    }
    return status();
  }
  if (options.report) {
    // A CI report: the checks only (a reference is no finding), dataset problems first.
    const problems = [...datasetProblems];
    for (const { file, text, analysis } of analyses) {
      problems.push(...draftProblems(file, text, analysis.diagnostics));
      errors += errorCount(analysis);
    }
    if (options.report === 'sarif') out.write(safeJson(sarifLog(problems, { cwd: process.cwd(), complete: readErrors === 0 }), 2) + '\n');
    else for (const p of problems) out.write(githubCommand(p) + '\n');
  } else if (options.json) {
    out.write('{\n  "files": ');
    let n = 0;
    for (const { file, analysis } of analyses) {
      out.write(`${n++ === 0 ? '[\n' : ',\n'}    {\n      "path": ${safeJson(file)},\n      "references": `);
      await writeJsonArray(out, allReferences(analysis), 3);
      out.write(',\n      "diagnostics": ');
      await writeJsonArray(out, analysis.diagnostics, 3);
      out.write('\n    }');
      errors += errorCount(analysis);
    }
    out.write(n === 0 ? '[]\n}\n' : '\n  ]\n}\n');
  } else {
    for (const { file, analysis } of analyses) {
      await printReport(out, file, analysis);
      errors += errorCount(analysis);
    }
  }
  await out.flush();
  return status();
}

// A write error on stdout (a full disk, a closed terminal) is one line and exit 2. A reader that
// closes early (`| head`) took what it wanted: the run ends quietly with status 0.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  warn(`cannot write to standard output: ${describeError(error)}`);
  process.exit(2);
});
// Nothing is left to tell about a failing stderr; it must not end the run with a stack trace.
process.stderr.on('error', () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) {
        warn(error.message);
        process.stderr.write('\n');
      }
      process.stderr.write(USAGE + '\n');
      process.exitCode = error.message ? 2 : 0;
    } else if (error instanceof InputError) {
      warn(error.message);
      process.exitCode = 2;
    } else {
      process.stderr.write(`policy-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    }
  },
);
