/**
 * Writes the TextMate injection grammar generated from the bundled dataset.
 *
 *   npx tsx scripts/generate-grammar.ts          # (re)write syntaxes/policy-lens.injection.tmLanguage.json
 *   npx tsx scripts/generate-grammar.ts --check  # exit 1 if the checked-in file is out of date
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadBundledDataset } from '../src/core';
import { GRAMMAR_PATH, renderGrammar } from './grammar';

const root = resolve(__dirname, '..');
const file = resolve(root, GRAMMAR_PATH);
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) {
  console.error(`generate-grammar: unknown argument ${unknown.join(' ')} (usage: generate-grammar [--check])`);
  process.exit(2);
}

const dataset = loadBundledDataset();
if (dataset.problems.some((p) => p.severity === 'error')) {
  for (const p of dataset.problems) console.error(`${p.layer}: ${p.message}`);
  process.exit(2);
}
const text = renderGrammar(dataset);

if (args.includes('--check')) {
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8').replace(/\r\n/g, '\n'); // a CRLF checkout is still up to date
  } catch {
    current = undefined;
  }
  if (current !== text) {
    console.error(
      `${GRAMMAR_PATH} is ${current === undefined ? 'missing' : 'out of date (the dataset or the generator changed)'}: run \`npm run grammar\` to regenerate it.`,
    );
    process.exit(1);
  }
  console.log(`${GRAMMAR_PATH} is up to date.`);
} else {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${GRAMMAR_PATH} (${Math.round(Buffer.byteLength(text) / 1024)} KB)`);
}
