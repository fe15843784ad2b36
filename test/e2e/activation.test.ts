import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openDraft, waitUntil, type PolicyLensApi } from './helpers';

describe('Activation', () => {
  it('declares onLanguage:markdown', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    assert.ok((ext.packageJSON.activationEvents as string[]).includes('onLanguage:markdown'));
  });

  it('activates by itself when a Markdown document is opened', async () => {
    const ext = vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID)!;
    const doc = await openDraft();
    assert.equal(doc.languageId, 'markdown');
    // No explicit activate() here: opening the Markdown file must be enough.
    await waitUntil('the extension to activate after a Markdown file opened', () => ext.isActive, 20000);
  });

  it('returns its API from activate()', async () => {
    const api = await vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID)!.activate();
    assert.equal(typeof api?.analysisFor, 'function');
  });
});
