/**
 * The Markdown grammar with the injection, as VS Code composes them, through vscode-textmate and
 * Oniguruma: what the grammar tests check and what the bench times.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { GRAMMAR_PATH, INJECT_TO, SCOPE_NAME } from './grammar';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'grammar', 'fixtures');
/** The real VS Code grammars the injection meets in a Markdown editor (see test/grammar/fixtures/NOTICE.md). */
export const HOST_GRAMMARS: Record<string, string> = {
  'text.html.markdown': path.join(FIXTURES, 'markdown.tmLanguage.json'),
  'text.html.basic': path.join(FIXTURES, 'html.tmLanguage.json'),
  'text.html.derivative': path.join(FIXTURES, 'html-derivative.tmLanguage.json'),
};

/**
 * Stand-ins for the grammars of the Quarto and R extensions, which are not vendored. The R
 * extension's R Markdown grammar includes the Markdown one (its published `RMarkdown.json` is
 * exactly this). The Quarto grammar is derived from the Markdown one with its scopes renamed
 * `*.quarto` (a paragraph is `meta.paragraph.quarto`, fenced code `markup.fenced_code.block.quarto`):
 * the stand-in is the Markdown grammar renamed so.
 */
export function standIn(scopeName: string): string | undefined {
  if (scopeName === 'text.html.rmarkdown') return JSON.stringify({ scopeName, patterns: [{ include: 'text.html.markdown' }] });
  if (scopeName === 'text.html.quarto')
    return readFileSync(HOST_GRAMMARS['text.html.markdown']!, 'utf8')
      .replace(/text\.html\.markdown/g, 'text.html.quarto')
      .replace(/(\w)\.markdown\b/g, '$1.quarto');
  return undefined;
}

/** The scopes `standIn` has a grammar for. */
export const STAND_IN_SCOPES = ['text.html.quarto', 'text.html.rmarkdown'];

let onigLoaded: Promise<void> | undefined;

/**
 * A draft grammar (Markdown by default; `text.html.quarto` or `text.html.rmarkdown` for the
 * stand-ins above) with our injection, as VS Code composes them for an extension that
 * contributes `{"scopeName": SCOPE_NAME, "injectTo": INJECT_TO}`. Grammars embedded
 * in fenced code (YAML front matter, JavaScript, …) are stood in for by empty grammars: what
 * matters here is that they exist, so the Markdown rules that include them stay active.
 */
export async function markdownGrammar(withInjection = true, root = 'text.html.markdown'): Promise<IGrammar> {
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
      const standing = standIn(scopeName);
      if (standing) return parseRawGrammar(standing, `${scopeName}.json`);
      return parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), `${scopeName}.json`);
    },
    getInjections: (scopeName) => (withInjection && INJECT_TO.includes(scopeName) ? [SCOPE_NAME] : undefined),
  });
  const grammar = await registry.loadGrammar(root);
  if (!grammar) throw new Error(`the grammar ${root} does not load`);
  return grammar;
}
