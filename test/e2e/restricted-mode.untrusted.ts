import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApiWithHooks, assertHarmlessHover, offsetIn, openDraft, waitUntil, type HookedApi } from './helpers';

/**
 * Run by scripts/e2e/run.mjs in a workbench of its own, with workspace trust on and the fixture
 * test/e2e/fixtures/untrusted never trusted: VS Code's Restricted Mode. What Policy Lens declares
 * (`capabilities.untrustedWorkspaces`: limited, `policyLens.datasets` restricted) and the README
 * explains is checked here as it happens.
 */
const TEAM_ID = 'team-lantern-pact-2025';
const LISTED_ID = 'team-harbour-compact-2025';
const LISTED = 'shared/elsewhere.json';

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60000);
  let api: HookedApi;
  let draft: vscode.TextDocument;
  const refs = (id: string) => api.analysisFor(draft).references.filter((r) => r.id === id);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('policyLens');

  before(async () => {
    api = await activeApiWithHooks();
    draft = await openDraft();
  });

  it('runs, in a workspace VS Code does not trust', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workbench is in Restricted Mode');
    await waitUntil('the bundled agreement in the analysis', () => refs('japan-eu-digital-partnership-2022').length === 1);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === draft)!;
    await waitUntil('the draft highlighted', () => (api.__test.decorationsFor(editor)?.agreement.length ?? 0) > 0);
  });

  it('reads the workspace’s .policylens/ data, and its hover carries no command link and no HTML', async () => {
    await waitUntil('the workspace agreement in the analysis', () => refs(TEAM_ID).length === 1);
    const position = draft.positionAt(offsetIn(draft.getText(), 'Team Lantern Pact', 'Lantern'));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, position)) ?? [];
    assertHarmlessHover(hovers, 'Team Lantern Pact');
  });

  it('ignores policyLens.datasets in the workspace settings, and takes it from the user settings', async () => {
    const settings = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.vscode', 'settings.json');
    const own = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(settings))) as Record<string, unknown>;
    assert.deepEqual(own['policyLens.datasets'], [LISTED], 'the workspace does set it');
    assert.deepEqual(config().get('datasets'), [], 'VS Code withholds the restricted value');
    // The .policylens/ entry is in (the test before): the load that read it would have read a listed file too.
    await waitUntil('the workspace agreement in the analysis', () => refs(TEAM_ID).length === 1);
    assert.equal(refs(LISTED_ID).length, 0, 'the file the workspace lists is not read');
    try {
      await config().update('datasets', [LISTED], vscode.ConfigurationTarget.Global);
      await waitUntil('the file listed in the user settings in the analysis', () => refs(LISTED_ID).length === 1);
    } finally {
      await config().update('datasets', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitUntil('the user setting gone, the file with it', () => refs(LISTED_ID).length === 0);
  });

  it('offers no Add to Team Dataset… link, and the command refuses, writing nothing', async () => {
    await waitUntil('the name no dataset here holds', () =>
      (api.analysisFor(draft).uncatalogued ?? []).some((u) => u.label === 'Harbour Compact'),
    );
    const team = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.policylens', 'team.json');
    const before = await vscode.workspace.fs.readFile(team);
    const at = offsetIn(draft.getText(), 'Harbour Compact');
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, draft.positionAt(at + 2))) ?? [];
    assertHarmlessHover(hovers, 'Harbour Compact');
    const ok = await vscode.commands.executeCommand<boolean>('policyLens.addToTeamDataset', draft.uri.toString(), at, team.toString());
    assert.equal(ok, false);
    assert.deepEqual(await vscode.workspace.fs.readFile(team), before);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === team.toString() && d.isDirty));
  });
});
