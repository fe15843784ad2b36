import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApiWithHooks, draftUri, offsetIn, openDraft, waitUntil, type HookedApi } from './helpers';

type Style = 'agreement' | 'pillar' | 'country' | 'ambiguous';
const STYLES: readonly Style[] = ['agreement', 'pillar', 'country', 'ambiguous'];

/** A draft with every style and a fenced block; the G20 meeting has several candidates and no year to pick one. */
const MIXED = [
  '# Mixed',
  '',
  'The G20 Digital Economy Ministers’ Meeting is annual.',
  '',
  '## Other',
  '',
  'IPEF Pillar II and IPEF Pillar III guide work with India. The Japan–EU Digital Partnership is one case.',
  '',
  '```',
  'India and the Japan–EU Digital Partnership and IPEF Pillar II',
  '```',
  '',
].join('\n');

function offsets(doc: vscode.TextDocument, ranges: readonly vscode.Range[]): [number, number][] {
  return ranges.map((r) => [doc.offsetAt(r.start), doc.offsetAt(r.end)]);
}

function texts(doc: vscode.TextDocument, ranges: readonly vscode.Range[] | undefined): string[] {
  return (ranges ?? []).map((r) => doc.getText(r));
}

/** What the highlighting should show for a document, from the shared analysis. */
function expected(api: HookedApi, doc: vscode.TextDocument, on: Record<Style, boolean>): Record<Style, [number, number][]> {
  const out: Record<Style, [number, number][]> = { agreement: [], pillar: [], country: [], ambiguous: [] };
  for (const r of api.analysisFor(doc).references) {
    if (!on[r.kind]) continue;
    out[r.candidates ? 'ambiguous' : r.kind].push([r.start.offset, r.end.offset]);
  }
  return out;
}

function applied(api: HookedApi, editor: vscode.TextEditor): Record<Style, [number, number][]> | undefined {
  const d = api.__test.decorationsFor(editor);
  if (!d) return undefined;
  return Object.fromEntries(STYLES.map((s) => [s, offsets(editor.document, d[s])])) as Record<Style, [number, number][]>;
}

async function waitForDecorations(api: HookedApi, editor: vscode.TextEditor, want: Record<Style, [number, number][]>, what: string) {
  await waitUntil(what, () => JSON.stringify(applied(api, editor)) === JSON.stringify(want)).catch((err: unknown) => {
    assert.deepEqual(applied(api, editor), want, String(err));
  });
}

const ALL_ON: Record<Style, boolean> = { agreement: true, pillar: true, country: true, ambiguous: true };

async function setHighlight(key: 'enabled' | 'agreements' | 'pillars' | 'countries', value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('policyLens.highlight').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Highlighting', () => {
  let api: HookedApi;

  before(async () => {
    api = await activeApiWithHooks();
  });

  afterEach(async () => {
    for (const key of ['enabled', 'agreements', 'pillars', 'countries'] as const) await setHighlight(key, undefined);
  });

  describe('the fixture draft', () => {
    let doc: vscode.TextDocument;
    let editor: vscode.TextEditor;

    before(async () => {
      doc = await openDraft();
      editor = vscode.window.visibleTextEditors.find((e) => e.document === doc)!;
      assert.ok(editor, 'the draft is visible');
    });

    it('decorates exactly the references of the analysis, by kind', async () => {
      await waitForDecorations(api, editor, expected(api, doc, ALL_ON), 'the draft to be decorated');
      const d = api.__test.decorationsFor(editor)!;
      const text = doc.getText();
      assert.ok(texts(doc, d.agreement).includes('Japan–EU Digital Partnership'), texts(doc, d.agreement).join(', '));
      assert.ok(texts(doc, d.agreement).includes('Estonia MOC'));
      const japan = offsetIn(text, 'shows how Japan works', 'Japan');
      assert.ok(
        offsets(doc, d.country).some(([s, e]) => s === japan && e === japan + 'Japan'.length),
        'Japan in "shows how Japan works" is a country',
      );
      assert.deepEqual(d.ambiguous, [], 'nothing in the draft is ambiguous');
    });

    it('leaves the fenced code block alone', async () => {
      await waitForDecorations(api, editor, expected(api, doc, ALL_ON), 'the draft to be decorated');
      const text = doc.getText();
      const from = text.indexOf('```yaml');
      const to = text.indexOf('```', from + 3) + 3;
      assert.ok(text.slice(from, to).includes('India'), 'the code block names a country');
      const d = api.__test.decorationsFor(editor)!;
      const inside = STYLES.flatMap((s) => offsets(doc, d[s])).filter(([s, e]) => s < to && e > from);
      assert.deepEqual(inside, []);
    });

    it('turns a kind off and on again live, without touching the others', async () => {
      const all = expected(api, doc, ALL_ON);
      await waitForDecorations(api, editor, all, 'the draft to be decorated');
      assert.ok(all.country.length > 0 && all.agreement.length > 0);
      await setHighlight('countries', false);
      await waitForDecorations(api, editor, { ...all, country: [] }, 'country decorations to go');
      await setHighlight('countries', undefined);
      await waitForDecorations(api, editor, all, 'country decorations to come back');
    });

    it('turns everything off with policyLens.highlight.enabled', async () => {
      await setHighlight('enabled', false);
      await waitForDecorations(api, editor, { agreement: [], pillar: [], country: [], ambiguous: [] }, 'all decorations to go');
    });
  });

  describe('a draft with ambiguous references and pillars', () => {
    let doc: vscode.TextDocument;
    let editor: vscode.TextEditor;

    before(async () => {
      doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: MIXED });
      editor = await vscode.window.showTextDocument(doc);
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('styles an ambiguous reference apart from its kind', async () => {
      await waitForDecorations(api, editor, expected(api, doc, ALL_ON), 'the draft to be decorated');
      const d = api.__test.decorationsFor(editor)!;
      assert.deepEqual(texts(doc, d.ambiguous), ['G20 Digital Economy Ministers’ Meeting']);
      assert.ok(!texts(doc, d.agreement).includes('G20 Digital Economy Ministers’ Meeting'));
      assert.deepEqual(texts(doc, d.agreement), ['Japan–EU Digital Partnership']);
      assert.deepEqual(texts(doc, d.pillar), ['IPEF Pillar II', 'IPEF Pillar III']);
      assert.deepEqual(texts(doc, d.country), ['India']);
    });

    it('hides an ambiguous reference with its kind', async () => {
      await setHighlight('agreements', false);
      await waitForDecorations(api, editor, expected(api, doc, { ...ALL_ON, agreement: false }), 'agreement decorations to go');
      assert.deepEqual(api.__test.decorationsFor(editor)!.ambiguous, []);
      assert.ok(api.__test.decorationsFor(editor)!.pillar.length > 0, 'pillars stay');
    });

    it('computes the ranges once per version: two editors of the document share them', async () => {
      await waitForDecorations(api, editor, expected(api, doc, ALL_ON), 'the draft to be decorated');
      const second = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
      try {
        await waitForDecorations(api, second, expected(api, doc, ALL_ON), 'the second editor to be decorated');
        for (const style of STYLES)
          assert.equal(api.__test.decorationsFor(second)![style], api.__test.decorationsFor(editor)![style], style);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      }
    });

    it('follows edits', async () => {
      await waitForDecorations(api, editor, expected(api, doc, ALL_ON), 'the draft to be decorated');
      const at = doc.positionAt(MIXED.indexOf('## Other'));
      assert.ok(await editor.edit((b) => b.insert(at, 'Estonia and Japan.\n\n')));
      const want = expected(api, doc, ALL_ON);
      assert.deepEqual(
        texts(
          doc,
          want.country.map(([s, e]) => new vscode.Range(doc.positionAt(s), doc.positionAt(e))),
        ),
        ['Estonia', 'Japan', 'India'],
      );
      await waitForDecorations(api, editor, want, 'the decorations of the edited text');
    });
  });

  it('decorates a draft with 20,000 references around what the editor shows, and follows scrolling', async function () {
    this.timeout(90000);
    const line = 'Japan and India met the Estonia MOC team; IPEF Pillar II, Japan, India, Estonia, Japan and India agreed.';
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${line}\n\n`.repeat(2300) });
    const editor = await vscode.window.showTextDocument(doc);
    const applied = (): vscode.Range[] => {
      const d = api.__test.decorationsFor(editor);
      return d ? STYLES.flatMap((s) => [...d[s]]) : [];
    };
    /** Every reference that starts in the decorated window is decorated, and nothing else is. */
    const coversWindow = (): boolean => {
      const window = api.__test.decorationWindowFor(editor);
      if (!window) return false;
      const want = api.analysisFor(doc).references.filter((r) => r.start.line - 1 >= window.from && r.start.line - 1 <= window.to);
      const have = applied();
      const decorated = new Set(have.map((h) => `${h.start.line}:${h.start.character}`));
      return (
        want.length > 0 && have.length === want.length && want.every((r) => decorated.has(`${r.start.line - 1}:${r.start.column - 1}`))
      );
    };
    try {
      // A draft this large is analysed in the background: wait for its current analysis to land.
      await waitUntil(
        'the long draft to be decorated around the top with its current analysis',
        () => api.isCurrent(doc) && coversWindow(),
        60000,
      );
      const references = api.analysisFor(doc).references.length;
      assert.ok(references >= 20000, `${references} references`);
      assert.ok(
        applied().length < references / 4,
        `only the lines around the visible ones are decorated: ${applied().length} of ${references}`,
      );
      const top = api.__test.decorationWindowFor(editor)!;
      assert.equal(top.from, 0);
      // Scroll to the end: the window follows.
      editor.revealRange(new vscode.Range(doc.lineCount - 1, 0, doc.lineCount - 1, 0));
      await waitUntil(
        'the decorations to follow the editor to the end of the draft',
        () => (api.__test.decorationWindowFor(editor)?.to ?? 0) >= doc.lineCount - 1 && coversWindow(),
        30000,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('leaves documents that are not Markdown alone', async () => {
    const plain = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'Japan and India signed the Estonia MOC.' });
    const plainEditor = await vscode.window.showTextDocument(plain, vscode.ViewColumn.One);
    const draft = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draftUri()), vscode.ViewColumn.Beside);
    try {
      // Both are visible; once the draft beside it is decorated, the plain text has been seen too.
      await waitForDecorations(api, draft, expected(api, draft.document, ALL_ON), 'the draft beside to be decorated');
      assert.equal(api.__test.decorationsFor(plainEditor), undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.window.showTextDocument(plain);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('leaves entry card documents alone', async () => {
    const card = await vscode.workspace.openTextDocument(vscode.Uri.parse('policy-lens:/entry/moc-estonia-2022.md'));
    assert.equal(card.languageId, 'markdown');
    const cardEditor = await vscode.window.showTextDocument(card, vscode.ViewColumn.One);
    const draft = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draftUri()), vscode.ViewColumn.Beside);
    try {
      // Both became visible in one event; once the draft is decorated, the card has been seen too.
      await waitForDecorations(api, draft, expected(api, draft.document, ALL_ON), 'the draft beside to be decorated');
      assert.ok(api.analysisFor(card).references.length > 0, 'the card names entries');
      assert.equal(api.__test.decorationsFor(cardEditor), undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.window.showTextDocument(card, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
