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

  it('policyLens.preview.enabled turns the marks off and on', async () => {
    const config = vscode.workspace.getConfiguration('policyLens.preview');
    await config.update('enabled', false, vscode.ConfigurationTarget.Global);
    await waitUntil('an unmarked render', async () => spans(await render(draft)).length === 0);
    await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil('a marked render', async () => spans(await render(draft)).length > 0);
  });
});
