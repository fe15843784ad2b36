// Paths shared by the harness scripts. Everything we install or write lives under .cache/e2e/ (ignored by git).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CACHE = path.join(ROOT, '.cache', 'e2e');
export const LOGS = path.join(CACHE, 'logs');
export const RUNS = path.join(CACHE, 'runs');
export const STAMP = path.join(CACHE, 'stamp.json');
export const NODE_PREFIX = path.join(CACHE, 'node');
export const CODE_SERVER_PREFIX = path.join(CACHE, 'code-server');
/** The README's pictures: rewritten only on request (`npm run docs:images`, `npm run try -- --update-docs`). */
export const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');
/** Where test screenshots go by default, so that a test run leaves the clone as it found it. */
export const TEST_IMAGES = path.join(CACHE, 'images');
/** Whether this run was asked to rewrite docs/images/. */
export const UPDATE_DOCS = process.argv.includes('--update-docs');
/** Where this run's screenshots go: docs/images/ with `--update-docs`, else .cache/e2e/images/. */
export const IMAGES = UPDATE_DOCS ? DOCS_IMAGES : TEST_IMAGES;
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace');
/** The fixture the Restricted Mode suite opens untrusted (its own settings and dataset files). */
export const UNTRUSTED_WORKSPACE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'untrusted');
/** A stand-in for the Quarto and R extensions (the `quarto` and `rmd` languages only), installed beside Policy Lens for the extension-host suite. */
export const QUARTO_STUB_EXTENSION = path.join(ROOT, 'test', 'e2e', 'fixtures', 'extensions', 'quarto-language-stub');
export const EXAMPLES = path.join(ROOT, 'examples');
export const TESTS_ENTRY = path.join(ROOT, 'dist', 'test', 'e2e', 'index.js');
export const EXTENSION_ENTRY = path.join(ROOT, 'dist', 'extension.js');
export const WEB_EXTENSION_ENTRY = path.join(ROOT, 'dist', 'web', 'extension.js');

/** The Node 24 binary inside the npm `node` package (its arch-specific package is nested under it). */
export function node24Candidates() {
  const pkg = `node-${process.platform}-${process.arch}`;
  return [path.join(NODE_PREFIX, 'node_modules', 'node', 'node_modules', pkg), path.join(NODE_PREFIX, 'node_modules', pkg)];
}

export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PREFIX, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
