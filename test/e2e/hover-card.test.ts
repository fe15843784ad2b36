import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, offsetIn, openDraft } from './helpers';

async function markdownHoversAt(doc: vscode.TextDocument, offset: number): Promise<vscode.MarkdownString[]> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  return hovers.flatMap((h) => h.contents.filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString));
}

/** Every link target in a Markdown text. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\]\(([^)\s]+)(?: "(?:[^"\\]|\\.)*")?\)/g)].map((m) => m[1]!);
}

describe('Hover card links', () => {
  let doc: vscode.TextDocument;
  let card: vscode.MarkdownString;

  before(async () => {
    doc = await openDraft();
    await activeApi();
    const at = offsetIn(doc.getText(), 'the Japan–EU Digital Partnership (2022)', 'Digital Partnership');
    const found = (await markdownHoversAt(doc, at)).find((m) => m.value.includes('Japan–EU Digital Partnership'));
    assert.ok(found, 'a hover card for the Japan–EU Digital Partnership');
    card = found;
  });

  it('links related entries to policyLens.openEntry and to nothing else but http(s) sources', () => {
    const targets = linkTargets(card.value);
    const commands = targets.filter((t) => t.startsWith('command:'));
    assert.ok(
      targets.some((t) => t.startsWith('https:')),
      `sources are linked: ${targets.join(' ')}`,
    );
    assert.ok(commands.length >= 3, `parties, pillars and policies are linked: ${targets.join(' ')}`);
    for (const t of targets) assert.match(t, /^(command:policyLens\.openEntry\?|https?:\/\/)/, t);
    const dataset = new Set(['jpn', 'eu', 'strand-technology', 'dfft']);
    const ids = commands.map((c) => (JSON.parse(decodeURIComponent(c.slice(c.indexOf('?') + 1))) as string[])[0]);
    for (const id of dataset) assert.ok(ids.includes(id), `${id} is linked; linked: ${ids.join(', ')}`);
  });

  it('trusts only the policyLens.openEntry command and allows no HTML', () => {
    assert.deepEqual(card.isTrusted, { enabledCommands: ['policyLens.openEntry'] });
    assert.notEqual(card.supportHtml, true);
  });

  it('is compact: kind, classification, type, date and citations on one line; sources and summary included', () => {
    assert.match(card.value, /^Agreement · bilateral partnership · 12 May 2022 · cited 1 time in this document {2}$/m);
    assert.match(card.value, /\*\*Sources:\*\* \[/);
    assert.ok(card.value.split('\n').length <= 12, card.value);
  });

  it('opens the linked entry with its command', async () => {
    const link = linkTargets(card.value).find((t) => t.startsWith('command:'))!;
    const [id] = JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))) as string[];
    await vscode.commands.executeCommand('policyLens.openEntry', id);
    const editor = vscode.window.activeTextEditor;
    try {
      assert.equal(editor?.document.uri.toString(), `policy-lens:/entry/${id}.md`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
