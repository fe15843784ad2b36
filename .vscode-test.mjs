// The same extension-host suite (test/e2e) in desktop VS Code, through @vscode/test-cli and
// @vscode/test-electron, for machines that can download VS Code:
//   npm run build && npx vscode-test
// Machines that cannot download it use `npm run test:e2e` (code-server + Chromium) instead.
import { defineConfig } from '@vscode/test-cli';
import { VSCODE_VERSION } from './scripts/e2e/lib/versions.mjs';

export default defineConfig({
  label: 'e2e',
  // activation first (as test/e2e/index.ts runs them): it checks that opening Markdown activates the
  // extension; which copy ran (the repository here) last
  files: ['dist/test/e2e/activation.test.js', 'dist/test/e2e/**/*.test.js', 'dist/test/e2e/extension-under-test.js'],
  version: VSCODE_VERSION,
  workspaceFolder: 'test/e2e/fixtures/workspace',
  extensionDevelopmentPath: '.',
  // other installed extensions stay out of the way; the one under development is still loaded
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 30000, color: true },
});
