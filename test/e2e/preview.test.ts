import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, openDraft, waitUntil, type PolicyLensApi } from './helpers';

interface Span {
  classes: string;
  title: string;
  id: string;
  text: string;
}

const decode = (s: string): string =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The spans the plugin put in the preview's HTML (continued pieces joined to the span before). */
function spans(html: string): Span[] {
  const out: Span[] = [];
  const re = /<span class="(policy-lens-ref[^"]*)" title="([^"]*)" data-policy-lens-id="([^"]*)">([\s\S]*?)<\/span>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]!.includes('policy-lens-cont')) out[out.length - 1]!.text += decode(m[4]!);
    else out.push({ classes: m[1]!, title: decode(m[2]!), id: m[3]!, text: decode(m[4]!) });
  }
  return out;
}

/** The spans of names the dataset lacks (continued pieces joined to the span before): title and text. */
function unknownSpans(html: string): Array<{ title: string; text: string }> {
  const out: Array<{ title: string; text: string }> = [];
  const re = /<span class="policy-lens-uncatalogued( policy-lens-cont)?" title="([^"]*)">([\s\S]*?)<\/span>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) out[out.length - 1]!.text += decode(m[3]!);
    else out.push({ title: decode(m[2]!), text: decode(m[3]!) });
  }
  return out;
}

const render = (input: string | vscode.TextDocument): Thenable<string> =>
  vscode.commands.executeCommand<string>('markdown.api.render', input);

describe('Markdown preview', () => {
  let api: PolicyLensApi;
  let draft: vscode.TextDocument;

  before(async () => {
    api = await activeApi();
    draft = await openDraft();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('policyLens.preview').update('enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('the built-in preview renders our spans, with kind, tooltip and id', async () => {
    const html = await render(draft);
    const marked = spans(html);
    const partnership = marked.find((s) => s.id === 'japan-eu-digital-partnership-2022');
    assert.deepEqual(partnership, {
      classes: 'policy-lens-ref policy-lens-agreement',
      title: 'Japan–EU Digital Partnership · 2022 · partnership',
      id: 'japan-eu-digital-partnership-2022',
      text: 'Japan–EU Digital Partnership',
    });
    assert.deepEqual(
      marked.find((s) => s.id === 'ind'),
      { classes: 'policy-lens-ref policy-lens-country', title: 'India · country', id: 'ind', text: 'India' },
    );
  });

  it('marks exactly the references the editor has, and nothing in code', async () => {
    const html = await render(draft);
    const want = api
      .analysisFor(draft)
      .references.map((r) => `${r.id}\t${r.text.replace(/\s+/g, ' ')}`)
      .sort();
    const got = spans(html)
      .map((s) => `${s.id}\t${s.text.replace(/\s+/g, ' ')}`)
      .sort();
    assert.deepEqual(got, want);
    const code = /<pre[\s\S]*?<\/pre>/.exec(html)?.[0] ?? '';
    assert.match(decode(code), /partner: India/, 'the YAML block is there (highlighted by the preview)');
    assert.doesNotMatch(code, /policy-lens/, 'and untouched');
  });

  it('marks the names the dataset lacks apart, exactly those the editor has, and the references as before', async () => {
    const text = [
      '# Reef and harbour',
      '',
      'In 2023 Japan and Chile agreed the Tamsin *Reef* Dialogue (TRD), beside the Estonia MOC.',
      '',
      '| Year | Instrument |',
      '| --- | --- |',
      '| 2021 | Lowland Grid Charter |',
      '',
      'TRD met again; `TRD` in code is not marked.',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    try {
      await waitUntil('the analysis', () => api.isCurrent(doc) && (api.analysisFor(doc).uncatalogued?.length ?? 0) > 0);
      const analysis = api.analysisFor(doc);
      const html = await render(doc);
      const want = (analysis.uncatalogued ?? []).map((u) => `${u.label} · not in the dataset\t${u.text.replace(/[*]/g, '')}`).sort();
      const got = unknownSpans(html)
        .map((s) => `${s.title}\t${s.text}`)
        .sort();
      assert.ok(want.length >= 3, `the text has names the dataset lacks: ${want.join('; ')}`);
      assert.deepEqual(got, want);
      assert.deepEqual(
        spans(html)
          .map((s) => `${s.id}\t${s.text}`)
          .sort(),
        analysis.references.map((r) => `${r.id}\t${r.text}`).sort(),
        'marks == references still',
      );
      assert.doesNotMatch(/<code>[\s\S]*?<\/code>/.exec(html)?.[0] ?? '', /policy-lens/);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('renders text that is no open document the same way, escaping what the data says', async () => {
    const html = await render('# Note\n\nThe Estonia MOC, with `India` in code and Japan in prose.\n');
    assert.deepEqual(
      spans(html).map((s) => [s.id, s.text]),
      [
        ['moc-estonia-2022', 'Estonia MOC'],
        ['jpn', 'Japan'],
      ],
    );
    assert.match(html, /<code>India<\/code>/);
  });

  it('marks a CRLF draft (markdown-it reads its line ends as LF) exactly as the editor analysed it', async () => {
    const text = [
      '# Notes',
      '',
      'The Estonia MOC came first.',
      '',
      'Then Japan and India, and the Japan–EU Digital Partnership (2022).',
      '',
    ].join('\r\n');
    // A file of its own: an untitled document may get the URI and version of one closed before,
    // and the Markdown extension keeps rendered tokens by URI and version.
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'crlf-preview-draft.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      assert.equal(doc.eol, vscode.EndOfLine.CRLF);
      await waitUntil('the analysis', () => api.isCurrent(doc) && api.analysisFor(doc).references.length > 0);
      const want = api
        .analysisFor(doc)
        .references.map((r) => `${r.id}\t${r.text}`)
        .sort();
      const got = spans(await render(doc))
        .map((s) => `${s.id}\t${s.text}`)
        .sort();
      assert.ok(want.length >= 4);
      assert.deepEqual(got, want);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('leaves a long text that no open document holds unmarked, rather than analyse it on the editor’s thread', async () => {
    // What the Markdown extension does with every draft of a workspace, for its outline and links.
    const html = await render('The Estonia MOC and Japan.\n\n'.repeat(400));
    assert.match(html, /Estonia MOC/);
    assert.deepEqual(spans(html), []);
  });

  it('policyLens.preview.enabled turns the marks off and on', async () => {
    const config = vscode.workspace.getConfiguration('policyLens.preview');
    await config.update('enabled', false, vscode.ConfigurationTarget.Global);
    await waitUntil('an unmarked render', async () => spans(await render(draft)).length === 0);
    await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil('a marked render', async () => spans(await render(draft)).length > 0);
  });
});
