// Bundles the extension and its analysis worker (for Node and for the browser), the CLI, the browser build of the core, the benchmark and the
// e2e tests, and writes the bundled dataset pre-built (validated, merged, indexed) to dist/dataset.json.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:col: error:` form VS Code's problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

/**
 * world-countries is plain data but does not declare `"sideEffects": false`, so esbuild would keep
 * (and evaluate at load) its 250 records in every bundle that imports the core's index, used or
 * not. The extension never uses it at run time: it loads dist/dataset.json.
 */
const pureData = {
  name: 'pure-data',
  setup(build) {
    build.onResolve({ filter: /^world-countries$/ }, async (args) => {
      if (args.pluginData === 'pure-data') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'pure-data' });
      return { ...resolved, sideEffects: false };
    });
  },
};

/** The web build (vscode.dev) must not bundle a Node built-in: fail it, naming who imports one. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const builtins = new Set(require('node:module').builtinModules);
    build.onResolve({ filter: /.*/ }, (args) => {
      const name = args.path.replace(/^node:/, '').split('/')[0];
      if (!args.path.startsWith('node:') && !builtins.has(name)) return undefined;
      return {
        errors: [
          {
            text: `${args.path} is a Node built-in, imported by ${path.relative(__dirname, args.importer)}: the web build runs in a browser`,
          },
        ],
      };
    });
  },
};

const common = {
  bundle: true,
  // jsonc-parser's "main" is a UMD build whose inner requires esbuild cannot follow; its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
  // The extension API's `__test` hooks (src/extension.ts), for the extension-host tests: left out of a production build.
  define: { POLICY_LENS_TEST_HOOKS: production ? 'false' : 'true' },
};

/**
 * Runs scripts/prebuild-dataset.ts (bundled in memory) and writes dist/dataset.json: the bundled
 * dataset validated here, at build time, so that the extension loads it with one JSON.parse.
 */
let datasetFailed = false;
const writeDataset = {
  name: 'write-dataset',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0 || !result.outputFiles) return;
      const mod = { exports: {} };
      new Function('module', 'exports', 'require', result.outputFiles[0].text)(mod, mod.exports, require);
      const { json, errors } = mod.exports.prebuiltBundledDataset();
      datasetFailed = errors.length > 0;
      if (datasetFailed) {
        for (const e of errors) console.error(`✘ [ERROR] bundled dataset: ${e}`);
        return;
      }
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, 'dist', 'dataset.json'), json);
      // The same schema the loader validates with, shipped for contributes.jsonValidation (src/ is not packaged).
      fs.copyFileSync(
        path.join(__dirname, 'src', 'core', 'dataset', 'dataset.schema.json'),
        path.join(__dirname, 'dist', 'dataset.schema.json'),
      );
    });
  },
};

function e2eEntries() {
  const dir = path.join(__dirname, 'test', 'e2e');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

const builds = [
  {
    ...common,
    entryPoints: ['src/extension-node.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [problemMatcher, pureData],
  },
  {
    // The analysis worker: the core only, plus its port to the extension host (src/worker/node-port.ts).
    ...common,
    entryPoints: ['src/worker/analysis-worker.ts'],
    outfile: 'dist/analysis-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [problemMatcher, pureData],
  },
  {
    ...common,
    entryPoints: ['scripts/prebuild-dataset.ts'],
    outfile: 'dist/prebuild-dataset.js',
    write: false,
    sourcemap: false,
    minify: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [problemMatcher, writeDataset],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  // vscode.dev: the extension for a Web Worker extension host, and its analysis worker (a classic script).
  // Both run in a worker, with no DOM: the `worker` condition keeps out code written for a page's `document`
  // (decode-named-character-reference's browser build would create an element to decode entities).
  ...[
    { entryPoints: ['src/extension-web.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
    { entryPoints: ['src/worker/web-analysis-worker.ts'], outfile: 'dist/web/analysis-worker.js', format: 'iife' },
  ].map((web) => ({
    ...common,
    ...web,
    platform: 'browser',
    conditions: ['worker'],
    target: 'es2022',
    plugins: [problemMatcher, pureData, noNodeBuiltins],
  })),
  {
    ...common,
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/browser/policy-lens-core.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
];
if (fs.existsSync(path.join(__dirname, 'bench', 'bench.ts'))) {
  const bench = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
  builds.push({ ...bench, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' });
  // Run by bench.js in fresh processes, to time first use cold.
  builds.push({ ...bench, entryPoints: ['bench/cold.ts'], outfile: 'dist/bench-cold.js' });
  // The workspace index's figures alone (`npm run bench -- --only workspace`).
  builds.push({ ...bench, entryPoints: ['bench/workspace.ts'], outfile: 'dist/bench-workspace.js' });
}
const e2e = e2eEntries();
if (e2e.length > 0) {
  builds.push({
    ...common,
    entryPoints: e2e,
    outdir: 'dist/test/e2e',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('[watch] watching for changes');
    return;
  }
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  if (datasetFailed) throw new Error('the bundled dataset has errors (above)');
  const cli = path.join(__dirname, 'dist', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
