/**
 * The Markdown grammar with the injection, as VS Code composes them, through vscode-textmate and
 * Oniguruma: what the grammar tests check and what the bench times.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { GRAMMAR_PATH, SCOPE_NAME } from './grammar';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'grammar', 'fixtures');
/** The real VS Code grammars the injection meets in a Markdown editor (see test/grammar/fixtures/NOTICE.md). */
export const HOST_GRAMMARS: Record<string, string> = {
  'text.html.markdown': path.join(FIXTURES, 'markdown.tmLanguage.json'),
  'text.html.basic': path.join(FIXTURES, 'html.tmLanguage.json'),
  'text.html.derivative': path.join(FIXTURES, 'html-derivative.tmLanguage.json'),
};

let onigLoaded: Promise<void> | undefined;

/**
 * The Markdown grammar with our injection, as VS Code composes them for an extension that
 * contributes `{"scopeName": SCOPE_NAME, "injectTo": ["text.html.markdown"]}`. Grammars embedded
 * in fenced code (YAML front matter, JavaScript, …) are stood in for by empty grammars: what
 * matters here is that they exist, so the Markdown rules that include them stay active.
 */
export async function markdownGrammar(withInjection = true): Promise<IGrammar> {
  onigLoaded ??= (async () => {
    const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  await onigLoaded;
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === SCOPE_NAME) return parseRawGrammar(readFileSync(path.join(ROOT, GRAMMAR_PATH), 'utf8'), GRAMMAR_PATH);
      const file = HOST_GRAMMARS[scopeName];
      if (file) return parseRawGrammar(readFileSync(file, 'utf8'), file);
      return parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), `${scopeName}.json`);
    },
    getInjections: (scopeName) => (withInjection && scopeName === 'text.html.markdown' ? [SCOPE_NAME] : undefined),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  if (!grammar) throw new Error('the Markdown grammar does not load');
  return grammar;
}
