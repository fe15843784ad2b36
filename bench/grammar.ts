/**
 * `npm run bench:grammar`: the injection grammar's size and how long vscode-textmate (VS Code's
 * tokeniser, with Oniguruma) takes to tokenise a 1 MB draft with VS Code's Markdown grammar, with
 * and without the injection. Run on the generated bench drafts and on the repository's prose.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadBundledDataset } from '../src/core';
import { GRAMMAR_PATH } from '../scripts/grammar';
import { markdownGrammar } from '../scripts/grammar-host';
import { generateDraft } from './generate';

const ROOT = path.join(__dirname, '..');

function tokenise(grammar: IGrammar, text: string): number {
  const start = performance.now();
  let state = INITIAL;
  for (const line of text.split('\n')) state = grammar.tokenizeLine(line, state).ruleStack;
  return performance.now() - start;
}

function prose(): string {
  const files = [
    ...readdirSync(path.join(ROOT, 'examples')).map((f) => path.join(ROOT, 'examples', f)),
    ...readdirSync(path.join(ROOT, 'test', 'fixtures', 'recall')).map((f) => path.join(ROOT, 'test', 'fixtures', 'recall', f)),
  ].filter((f) => f.endsWith('.md') && !f.endsWith('README.md') && statSync(f).isFile());
  const text = files.map((f) => readFileSync(f, 'utf8').replace(/\{\{([\s\S]*?)\|[^{}|]*\}\}/g, '$1')).join('\n\n');
  return text.repeat(Math.ceil(1_000_000 / text.length)).slice(0, 1_000_000);
}

async function main(): Promise<void> {
  const dataset = loadBundledDataset();
  const agreements = [...dataset.entries.values()].filter((e) => e.kind === 'agreement').length;
  const size = statSync(path.join(ROOT, GRAMMAR_PATH)).size;
  console.log(`catalogue: ${dataset.entries.size} entries, ${agreements} agreements; grammar ${(size / 1024).toFixed(0)} KB`);
  const withInjection = await markdownGrammar(true);
  const plain = await markdownGrammar(false);
  const drafts: Array<[string, string]> = [
    ['generated 1 MB', generateDraft(1_000_000)],
    ['prose 1 MB', prose()],
  ];
  for (const [name, text] of drafts) {
    tokenise(withInjection, text.slice(0, 50_000)); // warm up the JIT and Oniguruma's caches
    const ours = tokenise(withInjection, text);
    const base = tokenise(plain, text);
    console.log(
      `${name}: tokenise with the injection ${ours.toFixed(0)} ms, Markdown alone ${base.toFixed(0)} ms (×${(ours / base).toFixed(2)})`,
    );
  }
}

void main();
