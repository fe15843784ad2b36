// Run last in every extension-host run (test/e2e/index.ts adds it; .vscode-test.mjs lists it): which
// copy of the extension the tests just exercised. scripts/e2e/run.mjs installs the packaged .vsix for
// most files and runs the rest against the repository's development build; a mix-up (the repository
// loaded where the package should be, or the other way round) must fail, not pass unnoticed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

/** The repository: this file runs from dist/test/e2e/. */
const REPOSITORY = path.resolve(__dirname, '..', '..', '..');

describe('The extension under test', () => {
  // Set by the harness: POLICY_LENS_E2E_EXPECT is `vsix` where it installed the package, into
  // POLICY_LENS_E2E_EXTENSION_PATH. Without them (the development build; the desktop route,
  // .vscode-test.mjs) the extension under test is the repository.
  const packaged = process.env.POLICY_LENS_E2E_EXPECT === 'vsix';
  const expected = packaged ? process.env.POLICY_LENS_E2E_EXTENSION_PATH : REPOSITORY;

  it(packaged ? 'is the installed .vsix, not the repository' : 'is the repository’s development build', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    assert.ok(expected, 'POLICY_LENS_E2E_EXTENSION_PATH: the harness did not say where it installed the .vsix');
    assert.equal(fs.realpathSync(ext.extensionPath), fs.realpathSync(expected), 'the extension runs from another folder');
    const api = (await ext.activate()) as Record<string, unknown>;
    if (packaged) {
      // What `code-server --install-extension` unpacks: a folder of its own with the package's manifest
      // and only the allow-listed files (no sources), running the production build (no test hooks).
      assert.notEqual(fs.realpathSync(ext.extensionPath), fs.realpathSync(REPOSITORY), 'the repository, not the package');
      assert.ok(!fs.lstatSync(ext.extensionPath).isSymbolicLink(), 'a link, not an installed copy');
      assert.ok(fs.existsSync(path.join(ext.extensionPath, '.vsixmanifest')), 'no .vsixmanifest: not unpacked from a .vsix');
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'the sources are in the installed copy');
      assert.equal(api.__test, undefined, 'the installed extension has test hooks: not the production build');
    } else {
      assert.ok(api.__test, 'the development build has no test hooks');
    }
  });
});
