// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NOT_IN_BROWSER = 'This code runs in a browser too (src/extension-web.ts): no Node built-ins or globals.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'scratch/**', '.vscode-test/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware, for the shipped code and the bench only: an assertion that changes nothing (often a `!`
    // left over from before `noUncheckedIndexedAccess`) hides the place where a value can be missing.
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'error' },
  },
  {
    // The core runs in Node, in a browser and in a CLI: it must never reach for the editor.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not import vscode: put editor code in src/vscode/.' }],
          patterns: [
            { group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/core must not import the VS Code adapters.' },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
              message: 'src/core must run in a browser: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    // The analysis worker runs in a Node worker thread (desktop) and in a Web Worker (vscode.dev): only
    // the core, and Node only in the two files that start the worker and talk to its parent.
    files: ['src/worker/**/*.ts'],
    ignores: ['src/worker/node-port.ts', 'src/worker/node-host.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/worker must not import vscode.' }],
          patterns: [
            { group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/worker must not import the VS Code adapters.' },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
              message: 'Node built-ins only in node-port.ts and node-host.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // What the web entry bundles (vscode.dev, a Web Worker extension host): no Node built-ins, no Node
    // globals. Node lives in the desktop entry and the two Node worker files (esbuild.js checks the bundle too).
    files: ['src/extension.ts', 'src/extension-web.ts', 'src/vscode/**/*.ts', 'src/worker/web-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: NOT_IN_BROWSER })),
          patterns: [{ group: ['node:*'], message: NOT_IN_BROWSER }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['__dirname', '__filename', 'process', 'Buffer', 'require', 'setImmediate'].map((name) => ({ name, message: NOT_IN_BROWSER })),
      ],
    },
  },
  {
    // The extension: short functions (a feature's `register` lists what it registers; commands and
    // providers are named functions and classes), and failures go to the log, where users see them.
    files: ['src/extension*.ts', 'src/vscode/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Unit tests run in plain Node: import src/core only.' }],
          patterns: [{ group: ['**/src/vscode/**', '**/src/extension'], message: 'Unit tests import src/core only.' }],
        },
      ],
    },
  },
  {
    // The analysis cache loads nothing of vscode at run time (its test would fail if it did): its policy is tested in plain Node.
    files: ['test/unit/analysis-cache.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Unit tests run in plain Node.' }],
          patterns: [
            {
              group: ['**/src/vscode/**', '!**/src/vscode/analysis-cache', '!**/src/vscode/events', '**/src/extension'],
              message: 'Only the analysis cache is tested here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Likewise the workspace indexer (scheduling, cancellation), driven with files in memory and the real worker.
    files: ['test/unit/workspace-indexer.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Unit tests run in plain Node.' }],
          patterns: [
            {
              group: [
                '**/src/vscode/**',
                '!**/src/vscode/workspace-index',
                '**/src/vscode/workspace-index/*',
                '!**/src/vscode/workspace-index/indexer',
                '**/src/extension',
              ],
              message: 'Only the workspace indexer is tested here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Likewise the throttle of the bibliography files' stamp checks, driven with a fake clock.
    files: ['test/unit/check-throttle.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Unit tests run in plain Node.' }],
          patterns: [
            {
              group: ['**/src/vscode/**', '!**/src/vscode/check-throttle', '**/src/extension'],
              message: 'Only the check throttle is tested here.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
