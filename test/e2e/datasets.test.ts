import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApiWithHooks, assertHarmlessHover, hoverText, offsetIn, waitUntil, type HookedApi } from './helpers';

const TEAM_ID = 'team-lantern-pact-2025';
const HOSTILE_ID = 'hostile-accord-2025';

/** A new agreement with every required field. */
const agreement = (id: string, label: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  kind: 'agreement',
  label,
  aliases: [],
  summary: `A test arrangement called ${label}.`,
  sources: [],
  type: 'memorandum',
  year: 2025,
  classification: 'bilateral',
  parties: ['jpn', 'est'],
  ...extra,
});

const json = (entries: unknown[]): string => JSON.stringify({ entries }, null, 2) + '\n';

const DRAFT = [
  '# Our own agreements',
  '',
  'The Team Lantern Pact gives both sides a shared plan. The Estonia MOC came first.',
  '',
  'A Hostile Accord was also signed, and the Beacon Accord may follow.',
  '',
  'Both build on the Japan–UK Digital Partnership, which Portugal watches closely; the Harbour Compact is newer still.',
  '',
].join('\n');

const UK_ID = 'japan-uk-digital-partnership-2022';
const LISTED_ID = 'team-harbour-compact-2025';

const TEAM_FILE = json([
  agreement(TEAM_ID, 'Team Lantern Pact'),
  { id: 'moc-estonia-2022', summary: 'Our team reads this memorandum as the model for the rest.' },
]);

describe('User datasets', function () {
  this.timeout(60000);
  let api: HookedApi;
  let folder: vscode.Uri;
  let dir: vscode.Uri;
  let draftUri: vscode.Uri;
  let draft: vscode.TextDocument;
  const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const refs = (doc: vscode.TextDocument, id: string) => api.analysisFor(doc).references.filter((r) => r.id === id);
  const hoversAt = async (doc: vscode.TextDocument, offset: number): Promise<vscode.Hover[]> =>
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  const cardAt = async (doc: vscode.TextDocument, context: string, needle: string): Promise<string> =>
    (await hoversAt(doc, offsetIn(doc.getText(), context, needle))).map(hoverText).join('\n');

  before(async () => {
    api = await activeApiWithHooks();
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    dir = vscode.Uri.joinPath(folder, '.policylens');
    draftUri = vscode.Uri.joinPath(folder, 'datasets-draft.md');
    await write(draftUri, DRAFT);
    await write(vscode.Uri.joinPath(dir, 'team.json'), TEAM_FILE);
    draft = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(draft);
  });

  after(async () => {
    // A dataset file left modified in an editor would be saved back (and count) after it is deleted.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/.policylens/'))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    // The folder goes whole, as a user would delete it: back to the bundled data for the suites that follow.
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    await waitUntil('the bundled dataset alone', () => refs(draft, TEAM_ID).length === 0 && refs(draft, HOSTILE_ID).length === 0);
    assert.doesNotMatch(await cardAt(draft, 'Estonia MOC', 'Estonia'), /Our team reads/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(draftUri, { useTrash: false });
  });

  it('adds a workspace agreement: analysed, highlighted, hovered and in the tree', async () => {
    await waitUntil('the workspace agreement in the analysis', () => refs(draft, TEAM_ID).length === 1);
    const at = offsetIn(draft.getText(), 'Team Lantern Pact');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === draft)!;
    await waitUntil('the workspace agreement highlighted', () =>
      (api.__test.decorationsFor(editor)?.agreement ?? []).some((r) => draft.offsetAt(r.start) === at),
    );
    const card = await cardAt(draft, 'Team Lantern Pact', 'Lantern');
    assert.match(card, /Team Lantern Pact/);
    assert.match(card, /A test arrangement called Team Lantern Pact/);
    const tree = await vscode.commands.executeCommand<{ model: unknown }>('policyLens.tree.refresh');
    assert.ok(JSON.stringify(tree?.model).includes(`"${TEAM_ID}"`), 'the Cited Engagements view lists it');
  });

  it('overrides a bundled entry field by field', async () => {
    await waitUntil('the override in the hover', async () => (await cardAt(draft, 'Estonia MOC', 'Estonia')).includes('Our team reads'));
    const card = await cardAt(draft, 'Estonia MOC', 'Estonia');
    assert.match(card, /Japan–Estonia Memorandum of Cooperation/, 'the fields it does not set stay as bundled');
    assert.match(card, /\b2022\b/);
  });

  it('takes the files listed in policyLens.datasets, and leaves bundled kinds out with policyLens.bundledData', async () => {
    const listed = vscode.Uri.joinPath(folder, 'shared', 'team-extra.json');
    await write(listed, json([agreement(LISTED_ID, 'Harbour Compact')]));
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('policyLens');
    const kinds = (): Set<string> => new Set(api.analysisFor(draft).references.map((r) => r.kind));
    try {
      assert.equal(refs(draft, LISTED_ID).length, 0, 'a file outside .policylens/ counts only when listed');
      await config().update('datasets', ['shared/team-extra.json'], vscode.ConfigurationTarget.Global);
      await waitUntil('the listed file in the analysis', () => refs(draft, LISTED_ID).length === 1);
      assert.match(await cardAt(draft, 'Harbour Compact', 'Harbour'), /A test arrangement called Harbour Compact/);
      assert.equal(refs(draft, UK_ID).length, 1);

      await config().update('bundledData.agreements', false, vscode.ConfigurationTarget.Global);
      await waitUntil('the bundled agreements left out', () => refs(draft, UK_ID).length === 0);
      assert.equal(refs(draft, TEAM_ID).length, 1, 'the workspace agreement stays');
      assert.equal(refs(draft, LISTED_ID).length, 1, 'the listed agreement stays');
      assert.equal(refs(draft, 'moc-estonia-2022').length, 1, 'the bundled agreement team.json overrides stays');
      assert.match(await cardAt(draft, 'Estonia MOC', 'Estonia'), /Our team reads/);
      assert.ok(kinds().has('country'), 'countries stay');

      await config().update('bundledData.countries', false, vscode.ConfigurationTarget.Global);
      await waitUntil('the bundled countries left out', () => !kinds().has('country'));
      assert.equal(refs(draft, TEAM_ID).length, 1, 'an agreement whose parties are bundled countries stays valid');
      assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.joinPath(dir, 'team.json')), []);
    } finally {
      await config().update('bundledData.countries', undefined, vscode.ConfigurationTarget.Global);
      await config().update('bundledData.agreements', undefined, vscode.ConfigurationTarget.Global);
      await config().update('datasets', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'shared'), { recursive: true, useTrash: false });
    }
    await waitUntil(
      'everything back',
      () => refs(draft, UK_ID).length === 1 && refs(draft, LISTED_ID).length === 0 && kinds().has('country'),
    );
  });

  it('a broken file gets diagnostics at the right line and breaks nothing else', async () => {
    const schemaBroken = vscode.Uri.joinPath(dir, 'x-schema.json');
    const text = json([agreement('bad-classification', 'Bad Classification Pact', { classification: 'trilateral' })]);
    await write(schemaBroken, text);
    const syntaxBroken = vscode.Uri.joinPath(dir, 'y-syntax.json');
    await write(syntaxBroken, '{\n  "entries": [\n    { "id": "a" }\n    { "id": "b" }\n  ]\n}\n');

    const line = text.split('\n').findIndex((l) => l.includes('"trilateral"'));
    await waitUntil('a diagnostic on the schema error', () => vscode.languages.getDiagnostics(schemaBroken).length > 0);
    const [schemaError] = vscode.languages.getDiagnostics(schemaBroken);
    assert.equal(schemaError!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(schemaError!.message, /classification must be one of bilateral, multilateral/);
    assert.equal(schemaError!.range.start.line, line);
    assert.equal(schemaError!.range.start.character, text.split('\n')[line]!.indexOf('"trilateral"'));

    await waitUntil('a diagnostic on the syntax error', () => vscode.languages.getDiagnostics(syntaxBroken).length > 0);
    const [syntaxError] = vscode.languages.getDiagnostics(syntaxBroken);
    assert.match(syntaxError!.message, /not valid JSON: a comma is expected/);
    assert.deepEqual([syntaxError!.range.start.line, syntaxError!.range.start.character], [3, 4]);

    assert.equal(refs(draft, TEAM_ID).length, 1, 'the other file still counts');
    assert.match(await cardAt(draft, 'Estonia MOC', 'Estonia'), /Our team reads/);
    await vscode.workspace.fs.delete(schemaBroken);
    await vscode.workspace.fs.delete(syntaxBroken);
    await waitUntil('the diagnostics gone with the files', () => vscode.languages.getDiagnostics(syntaxBroken).length === 0);
  });

  it("contributes the JSON Schema: VS Code's own JSON support checks a dataset file as it is edited", async () => {
    const uri = vscode.Uri.joinPath(dir, 'w-typo.json');
    await write(uri, json([{ id: 'moc-estonia-2022', summry: 'A misspelt field.' }]));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, 'json');
      await vscode.window.showTextDocument(doc);
      const seen = (): string => JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.source, d.message]));
      await waitUntil(
        "the JSON language service's diagnostic",
        () => vscode.languages.getDiagnostics(uri).some((d) => d.source !== 'Policy Lens' && d.message.includes('summry')),
        30000,
      ).catch((error: Error) =>
        assert.fail(
          `${error.message}; diagnostics: ${seen()}; json extension: ${String(vscode.extensions.getExtension('vscode.json-language-features')?.isActive)}`,
        ),
      );
      await waitUntil('our own warning on the field', () =>
        vscode.languages
          .getDiagnostics(uri)
          .some((d) => d.source === 'Policy Lens' && d.message.includes('"summry" is not a field of an override')),
      );
    } finally {
      await vscode.workspace.fs.delete(uri, { useTrash: false });
    }
  });

  it('applies edits live, typed or saved, without a reload; a half-typed file keeps its entries', async () => {
    const uri = vscode.Uri.joinPath(dir, 'team.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    // Typed, not saved: a new alias is used as soon as typing pauses.
    const aliases = doc.getText().indexOf('"aliases": []') + '"aliases": ['.length;
    await editor.edit((e) => e.insert(doc.positionAt(aliases), '"Beacon Accord"'));
    await waitUntil('the typed alias in the analysis', () => refs(draft, TEAM_ID).some((r) => r.text === 'Beacon Accord'));

    // Half-typed: the JSON breaks. The diagnostic says so; the entries stay.
    const end = doc.getText().lastIndexOf('}');
    await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(end), doc.positionAt(end + 1))));
    await waitUntil('a diagnostic on the half-typed file', () =>
      vscode.languages
        .getDiagnostics(uri)
        .some((d) => /not valid JSON/.test(d.message) && /last valid entries stay in use/.test(d.message)),
    );
    assert.equal(refs(draft, TEAM_ID).length, 2, 'nothing flickers away');

    // Saved on disk by another program: the file watcher brings it in.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await write(uri, json([agreement(TEAM_ID, 'Team Lantern Pact', { aliases: ['Beacon Accord'], summary: 'Changed on disk.' })]));
    await waitUntil('the change on disk in the hover', async () =>
      (await cardAt(draft, 'Beacon Accord', 'Beacon')).includes('Changed on disk.'),
    );
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);
  });

  it('reaches the analysis worker: a large draft is analysed off-thread with the merged dataset, and again when it changes', async () => {
    const large = vscode.Uri.joinPath(folder, 'datasets-large.md');
    const paragraph = 'Our delegation reviewed the Team Lantern Pact with partners from Tallinn and Tokyo in some detail.\n\n';
    await write(large, paragraph.repeat(Math.ceil(150_000 / paragraph.length)));
    try {
      const doc = await vscode.workspace.openTextDocument(large);
      const count = Math.ceil(150_000 / paragraph.length);
      await waitUntil('the worker analysis with the workspace agreement', () => api.isCurrent(doc) && refs(doc, TEAM_ID).length === count);
      const uri = vscode.Uri.joinPath(dir, 'team.json');
      await write(uri, json([agreement(TEAM_ID, 'Team Lantern Pact', { aliases: ['delegation'] })]));
      await waitUntil('the worker analysis with the changed dataset', () => api.isCurrent(doc) && refs(doc, TEAM_ID).length === 2 * count);
    } finally {
      await vscode.workspace.fs.delete(large, { useTrash: false });
    }
  });

  it('never lets data put a command link or raw HTML into a hover', async () => {
    const uri = vscode.Uri.joinPath(dir, 'z-hostile.json');
    await write(
      uri,
      json([
        agreement(HOSTILE_ID, 'Hostile Accord', {
          aliases: ['[run](command:workbench.action.quit)'],
          summary:
            'Click [here](command:workbench.action.quit) <img src=x onerror=alert(1)> <script>alert(1)</script> [y](javascript:alert(1))',
          type: 'memorandum <b>bold</b>',
          sources: [{ title: '[t](command:workbench.action.quit)', url: 'https://example.org/a) [z](command:workbench.action.quit' }],
        }),
      ]),
    );
    await waitUntil('the hostile entry in the analysis', () => refs(draft, HOSTILE_ID).length === 1);
    assertHarmlessHover(await hoversAt(draft, offsetIn(draft.getText(), 'Hostile Accord', 'Hostile')), 'Hostile Accord');
  });
});
