import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApiWithHooks, hoverText, offsetIn, openDraft, waitUntil } from './helpers';

/**
 * Run by scripts/e2e/run.mjs in a workbench of its own whose display language is Japanese
 * (code-server `--locale ja`), never in the main suite: what the extension shows comes from
 * l10n/bundle.l10n.ja.json, in the editor layer and in the text the core writes.
 */
describe('Japanese display language', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await openDraft();
    await activeApiWithHooks();
  });

  it('runs the extension host in Japanese, with the extension’s bundle loaded', () => {
    assert.equal(vscode.env.language, 'ja');
    const bundle = vscode.l10n.bundle;
    assert.ok(bundle, 'no l10n bundle was loaded for the extension');
    assert.equal(bundle['Countries'], '国・地域');
  });

  it('shows the hover card of an agreement in Japanese', async () => {
    const api = await activeApiWithHooks();
    const at = offsetIn(doc.getText(), 'the Japan–EU Digital Partnership (2022)', 'Digital Partnership');
    const ref = api.analysisFor(doc).references.find((r) => r.start.offset <= at && at < r.end.offset);
    assert.ok(ref, 'the core finds a reference there');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at))) ?? [];
    const card = hovers.map(hoverText).find((t) => t.includes(ref.label));
    assert.ok(card, `no hover names ${ref.label}: ${JSON.stringify(hovers.map(hoverText))}`);
    // The kind, classification, date and citation count line, then the parties.
    assert.match(card, /協定 · 二国間 .+ · 2022年\d+月\d+日 · この文書で\d+回引用/);
    assert.match(card, /\*\*当事国：\*\*/);
    assert.doesNotMatch(card, /\*\*(Parties|Sources):\*\*|\bcited \d+ times?\b/);
  });

  it('names the Cited Engagements view’s sections in Japanese', async () => {
    const api = await activeApiWithHooks();
    let labels: string[] = [];
    await waitUntil('the view to show the draft', () => {
      labels = api.__test.citedRootItems().map((item) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? '')));
      return labels.length > 0;
    });
    assert.ok(labels.includes('協定'), JSON.stringify(labels));
    assert.ok(labels.includes('国・地域'), JSON.stringify(labels));
    assert.deepEqual(
      labels.filter((l) => /^[A-Za-z ]+$/.test(l)),
      [],
      'a section named in English',
    );
  });

  it('writes the checks’ messages in Japanese', async () => {
    const checks = vscode.Uri.joinPath(doc.uri, '..', 'checks.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(checks));
    let messages: string[] = [];
    await waitUntil(
      'the checks of checks.md',
      () => {
        messages = vscode.languages
          .getDiagnostics(checks)
          .filter((d) => d.source === 'Policy Lens')
          .map((d) => d.message);
        return messages.length > 0;
      },
      20000,
    );
    for (const message of messages) assert.match(message, /データセット|可能性があります|正式名称/, message);
  });
});
