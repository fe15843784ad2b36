import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, waitUntil } from './helpers';

const SOURCE = 'Policy Lens';

/** What test/e2e/fixtures/workspace/checks.md must produce with the default settings, in document order. */
const EXPECTED = [
  { code: 'inconsistent-year', text: '2021', severity: vscode.DiagnosticSeverity.Warning },
  { code: 'inconsistent-host', text: 'Japan', severity: vscode.DiagnosticSeverity.Warning },
  { code: 'ambiguous-reference', text: "G20 digital ministers' meeting", severity: vscode.DiagnosticSeverity.Information },
  { code: 'not-a-party', text: 'Korea', severity: vscode.DiagnosticSeverity.Warning },
  { code: 'non-canonical-name', text: 'Estonia MOCs', severity: vscode.DiagnosticSeverity.Hint },
  { code: 'unknown-citation', text: '@moc-estonia-2023', severity: vscode.DiagnosticSeverity.Error },
];

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function summary(doc: vscode.TextDocument): Array<{ code: string; text: string; severity: vscode.DiagnosticSeverity }> {
  return ours(doc.uri).map((d) => ({ code: String(d.code), text: doc.getText(d.range), severity: d.severity }));
}

function one(doc: vscode.TextDocument, code: string): vscode.Diagnostic {
  const found = ours(doc.uri).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} diagnostic; have ${JSON.stringify(summary(doc))}`);
  return found[0]!;
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('policyLens').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * The quick fixes offered at a diagnostic's range. (The API command drops the diagnostics an action
 * carries, so they are told apart by kind, not by diagnostic.)
 */
async function fixesAt(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
}

/** An unsaved Markdown document with `content`, shown in an editor, so tests can edit it freely. */
async function scratch(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function discard(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('Checks', () => {
  let doc: vscode.TextDocument;
  const scratches: vscode.TextDocument[] = [];

  before(async () => {
    await activeApi();
    doc = await vscode.workspace.openTextDocument(fixture('checks.md'));
    await vscode.window.showTextDocument(doc);
    await waitUntil('the checks of checks.md', () => ours(doc.uri).length === EXPECTED.length);
  });

  afterEach(async () => {
    for (const key of [
      'checks.enabled',
      'checks.severity.inconsistentFacts',
      'checks.severity.ambiguousReference',
      'checks.severity.nonCanonicalName',
      'checks.severity.unknownCitation',
    ]) {
      await setting(key, undefined);
    }
    while (scratches.length) await discard(scratches.pop()!);
  });

  describe('diagnostics', () => {
    it('report every check in the fixture with its default severity, code and exact range', () => {
      assert.deepEqual(summary(doc), EXPECTED);
    });

    it('cite the dataset value and source for facts, and point at the entry card', async () => {
      const year = one(doc, 'inconsistent-year');
      assert.match(year.message, /dates "G7 Digital Ministers' Meeting 2022" to 2022.*not 2021 \(source: /);
      const related = year.relatedInformation ?? [];
      assert.equal(related.length, 1);
      assert.equal(related[0]!.location.uri.toString(), 'policy-lens:/entry/g7-2022-digital-ministers-meeting.md');
      assert.deepEqual([related[0]!.location.range.start.line, related[0]!.location.range.start.character], [0, 0]);
      const card = await vscode.workspace.openTextDocument(related[0]!.location.uri);
      assert.match(card.getText(), /G7 Digital Ministers' Meeting 2022/);
      const party = one(doc, 'not-a-party');
      assert.match(party.message, /South Korea is not a party .* lists Japan and European Union \(source: /);
      assert.deepEqual(
        party.relatedInformation?.map((r) => r.location.uri.path),
        ['/entry/japan-eu-digital-partnership-2022.md', '/entry/kor.md'],
      );
    });

    it('leave a draft that agrees with the record alone', async () => {
      const draft = await vscode.workspace.openTextDocument(fixture('draft.md'));
      assert.ok((await activeApi()).analysisFor(draft).references.length > 0);
      assert.deepEqual(ours(draft.uri), []);
    });

    it('follow edits, and go when the document closes', async () => {
      const note = await scratch('A note on the Estonia MOCs.\n');
      scratches.push(note);
      await waitUntil('a hint on the new document', () => ours(note.uri).length === 1);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(note.uri, new vscode.Position(1, 0), '\nThe 2019 G7 meeting in Germany.\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitUntil('the year check after the edit', () => ours(note.uri).some((d) => d.code === 'inconsistent-year'));
      assert.deepEqual(
        ours(note.uri).map((d) => d.code),
        ['non-canonical-name', 'inconsistent-year'],
      );
      await discard(scratches.pop()!);
      await waitUntil('the closed document to have no diagnostics', () => note.isClosed && ours(note.uri).length === 0);
    });

    it('apply a severity setting at once, and drop a check set to off', async () => {
      await setting('checks.severity.ambiguousReference', 'warning');
      await waitUntil(
        'the ambiguous reference to become a warning',
        () => one(doc, 'ambiguous-reference').severity === vscode.DiagnosticSeverity.Warning,
      );
      await setting('checks.severity.inconsistentFacts', 'off');
      await waitUntil('the fact checks to go', () => ours(doc.uri).length === EXPECTED.length - 3);
      assert.deepEqual(
        ours(doc.uri).map((d) => d.code),
        ['ambiguous-reference', 'non-canonical-name', 'unknown-citation'],
      );
      await setting('checks.severity.nonCanonicalName', 'error');
      await waitUntil(
        'the name check to become an error',
        () => one(doc, 'non-canonical-name').severity === vscode.DiagnosticSeverity.Error,
      );
      await setting('checks.severity.inconsistentFacts', undefined);
      await waitUntil('the fact checks to come back', () => ours(doc.uri).length === EXPECTED.length);
    });

    it('all go when checks are turned off, and come back when turned on', async () => {
      const note = await scratch('The Estonia MOCs.\n');
      scratches.push(note);
      await waitUntil('a hint on the scratch document', () => ours(note.uri).length === 1);
      await setting('checks.enabled', false);
      await waitUntil('no diagnostics anywhere', () => ours(doc.uri).length === 0 && ours(note.uri).length === 0);
      await setting('checks.enabled', true);
      await waitUntil('the diagnostics back', () => ours(doc.uri).length === EXPECTED.length && ours(note.uri).length === 1);
    });
  });

  describe('quick fixes', () => {
    it('rewrite an ambiguous reference to each candidate, touching only its range', async () => {
      const diagnostic = one(doc, 'ambiguous-reference');
      const fixes = await fixesAt(doc, diagnostic);
      const titles = fixes.map((f) => f.title);
      assert.equal(fixes.length, 9, JSON.stringify(titles));
      assert.ok(titles.includes("Use 'G20 Digital Economy Ministers' Meeting 2022'"), JSON.stringify(titles));
      assert.ok(titles.includes("Use 'Declaration of G20 Digital Ministers' (2021)"), JSON.stringify(titles));
      for (const fix of fixes) {
        assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.ok(!fix.isPreferred, `${fix.title} is not preferred: only the writer knows`);
        const entries = fix.edit?.entries() ?? [];
        assert.equal(entries.length, 1, 'one document');
        assert.equal(entries[0]![0].toString(), doc.uri.toString());
        assert.equal(entries[0]![1].length, 1, 'one edit');
        assert.ok(entries[0]![1][0]!.range.isEqual(diagnostic.range), 'the edit replaces exactly the reference');
      }
    });

    it('applied to a copy, resolve the reference and clear the diagnostic', async () => {
      const copy = await scratch(doc.getText());
      scratches.push(copy);
      await waitUntil('the checks of the copy', () => ours(copy.uri).length === EXPECTED.length);
      const fix = (await fixesAt(copy, one(copy, 'ambiguous-reference'))).find(
        (f) => f.title === "Use 'G20 Digital Economy Ministers' Meeting 2022'",
      );
      assert.ok(fix?.edit);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(copy.getText(), /Whatever the agenda, the G20 Digital Economy Ministers' Meeting 2022 keeps coming back/);
      await waitUntil('the ambiguity to be gone', () => !ours(copy.uri).some((d) => d.code === 'ambiguous-reference'));
      const api = await activeApi();
      assert.ok(api.analysisFor(copy).references.some((r) => r.id === 'g20-2022-digital-economy-ministers-meeting' && !r.candidates));
      assert.equal(ours(copy.uri).length, EXPECTED.length - 1);
    });

    it('rewrite a non-canonical name, fix a year and a host, and suggest a citation key, each preferred', async () => {
      const copy = await scratch(doc.getText());
      scratches.push(copy);
      await waitUntil('the checks of the copy', () => ours(copy.uri).length === EXPECTED.length);
      const expected: Record<string, { title: string; replacement: string }> = {
        'non-canonical-name': {
          title: "Use 'Japan–Estonia Memorandum of Cooperation'",
          replacement: 'Japan–Estonia Memorandum of Cooperation',
        },
        'inconsistent-year': { title: 'Change the year to 2022, as recorded', replacement: '2022' },
        'inconsistent-host': { title: 'Change the host to European Union, as recorded', replacement: 'European Union' },
        'unknown-citation': {
          title: 'Change to @moc-estonia-2022 (Japan–Estonia Memorandum of Cooperation)',
          replacement: '@moc-estonia-2022',
        },
      };
      for (const [code, want] of Object.entries(expected)) {
        const fixes = await fixesAt(copy, one(copy, code));
        assert.deepEqual(
          fixes.map((f) => [f.title, f.isPreferred]),
          [[want.title, true]],
          code,
        );
        assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!));
        await waitUntil(`the ${code} diagnostic to go`, () => !ours(copy.uri).some((d) => d.code === code));
      }
      assert.match(copy.getText(), /The 2022 G7 meeting in Germany/);
      assert.match(copy.getText(), /Digital Partnership Council in European Union moved/);
      assert.match(copy.getText(), /The Japan–Estonia Memorandum of Cooperation are the template/);
      assert.match(copy.getText(), /to the memorandum \[@moc-estonia-2022\]\./);
      assert.deepEqual(
        ours(copy.uri).map((d) => d.code),
        ['ambiguous-reference', 'not-a-party'],
      );
    });

    it('are not offered where the right value cannot be known (a partner that is not a party)', async () => {
      assert.deepEqual(await fixesAt(doc, one(doc, 'not-a-party')), []);
    });

    it('are not offered for a check that is off', async () => {
      const diagnostic = one(doc, 'non-canonical-name');
      await setting('checks.severity.nonCanonicalName', 'off');
      await waitUntil('the hint to go', () => !ours(doc.uri).some((d) => d.code === 'non-canonical-name'));
      assert.deepEqual(await fixesAt(doc, diagnostic), []);
    });
  });
});
