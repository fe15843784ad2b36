import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, hoverText, offsetIn, openDraft } from './helpers';

async function hoversAt(doc: vscode.TextDocument, offset: number): Promise<vscode.Hover[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
  return hovers ?? [];
}

describe('Hover', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await openDraft();
    await activeApi(); // providers are registered by activation
  });

  it('shows the label and year of the Japan–EU Digital Partnership', async () => {
    const api = await activeApi();
    const at = offsetIn(doc.getText(), 'the Japan–EU Digital Partnership (2022)', 'Digital Partnership');
    const ref = api.analysisFor(doc).references.find((r) => r.start.offset <= at && at < r.end.offset);
    assert.ok(ref, 'the core finds a reference there');
    const hovers = await hoversAt(doc, at);
    const card = hovers.map(hoverText).find((t) => t.includes(ref.label));
    assert.ok(card, `no hover contains ${JSON.stringify(ref.label)}; hovers: ${JSON.stringify(hovers.map(hoverText))}`);
    assert.ok(card.includes('Japan–EU Digital Partnership'), card);
    assert.match(card, /\b2022\b/);
    const hover = hovers.find((h) => hoverText(h) === card)!;
    assert.ok(hover.range, 'the hover has a range');
    assert.equal(doc.offsetAt(hover.range.start), ref.start.offset);
    assert.equal(doc.offsetAt(hover.range.end), ref.end.offset);
  });

  it('shows nothing of ours inside the code block', async () => {
    const text = doc.getText();
    const at = offsetIn(text, 'partner: India', 'India') + 1;
    const hovers = await hoversAt(doc, at);
    assert.deepEqual(
      hovers.map(hoverText).filter((t) => t.includes('India')),
      [],
    );
  });
});
