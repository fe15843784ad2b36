/**
 * Entry point of the extension-host test run (`extensionTestsPath` = dist/test/e2e/index.js).
 * Runs every compiled `*.test.js` beside this file with Mocha (BDD) and a reporter that prints one
 * line per test and a summary. When POLICY_LENS_E2E_REPORT names a file, the same lines are appended
 * to it and a JSON summary is written to `<file>.json`, so a harness outside the extension host
 * (scripts/e2e/run.mjs) can show and count them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const reportFile = process.env.POLICY_LENS_E2E_REPORT;

function emit(line: string): void {
  console.log(line);
  if (reportFile) fs.appendFileSync(reportFile, line + '\n');
}

interface Outcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  ms?: number;
  error?: string;
}

class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    const outcomes: Outcome[] = [];
    let depth = 0;
    const indent = () => '  '.repeat(depth);
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.root) return;
      depth = suite.titlePath().length;
      emit(`${'  '.repeat(depth - 1)}${suite.title}`);
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      outcomes.push({ title: test.fullTitle(), state: 'passed', ms: test.duration });
      emit(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      const error = err?.stack || String(err);
      outcomes.push({ title: test.fullTitle(), state: 'failed', error });
      emit(`${indent()}✘ ${test.title}`);
      emit(error.replace(/^/gm, `${indent()}    `));
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      outcomes.push({ title: test.fullTitle(), state: 'pending' });
      emit(`${indent()}- ${test.title} (pending)`);
    });
    runner.once(EVENT_RUN_END, () => {
      const passed = outcomes.filter((o) => o.state === 'passed').length;
      const failed = outcomes.filter((o) => o.state === 'failed').length;
      const pending = outcomes.filter((o) => o.state === 'pending').length;
      emit('');
      emit(`extension host: ${passed} passing, ${failed} failing${pending ? `, ${pending} pending` : ''}`);
      if (reportFile) fs.writeFileSync(`${reportFile}.json`, JSON.stringify({ passed, failed, pending, tests: outcomes }, null, 2));
    });
  }
}

/**
 * Which files: those POLICY_LENS_E2E_FILES names, when the harness chooses them (scripts/e2e/run.mjs:
 * the files that run against the installed .vsix, those that need the development build's test hooks,
 * the Restricted Mode files `*.untrusted.js` or the Japanese display language files `*.ja.js`, each in its own workbench, `--only` applied); else
 * every `*.test.js`.
 */
const chosenFiles = process.env.POLICY_LENS_E2E_FILES?.split(',').filter(Boolean);
/** Which copy of the extension ran the tests: checked after them all, in every run. */
const UNDER_TEST = 'extension-under-test.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: LineReporter, timeout: 120000, color: false });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => (chosenFiles ? chosenFiles.includes(f) : f.endsWith('.test.js')))
    .sort()
    .map((f) => path.join(__dirname, f));
  if (files.length === 0) return Promise.reject(new Error(`no test files in ${__dirname}: run \`npm run build\` first`));
  const missing = (chosenFiles ?? []).filter((f) => !files.some((p) => path.basename(p) === f));
  if (missing.length > 0) return Promise.reject(new Error(`not built: ${missing.join(', ')} (run \`npm run build\`)`));
  for (const f of [...files, path.join(__dirname, UNDER_TEST)]) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
