import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PolicyLensApi as PublicApi, PolicyLensTestHooks } from '../../src/extension';
import type { CitedEngagementsProvider, CitedNode } from '../../src/vscode/tree/provider';

export const EXTENSION_ID = 'policy-lens.policy-lens';

/** What `activate()` returns to any extension (src/extension.ts), in the packaged build too. */
export type PolicyLensApi = PublicApi;
/** The API with the test hooks that only a development build has (`node esbuild.js`, not `--production`). */
export type HookedApi = PublicApi & { __test: PolicyLensTestHooks };

/** The fixture draft, from the workspace folder the tests run in (test/e2e/fixtures/workspace). */
export function draftUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open (test/e2e/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, 'draft.md');
}

export async function openDraft(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(draftUri());
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Activates the extension and returns its API. */
export async function activeApi(): Promise<PolicyLensApi> {
  const ext = vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/**
 * The API with its test hooks. A test file that calls this (or reads `__test`) runs against the
 * repository's development build, never against the packaged extension, whose production build has
 * no hooks: scripts/e2e/run.mjs sorts the files by that.
 */
export async function activeApiWithHooks(): Promise<HookedApi> {
  const api = (await activeApi()) as Partial<HookedApi>;
  assert.ok(api.__test, 'the API has no test hooks: this test needs a development build (node esbuild.js, not --production)');
  return api as HookedApi;
}

/** A tree item's label as text (a label may be a string or a highlighted label). */
export function treeLabel(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The labels of the Cited Engagements view's nodes, in order. */
export function treeLabels(provider: CitedEngagementsProvider, nodes: readonly CitedNode[]): string[] {
  return nodes.map((n) => treeLabel(provider.getTreeItem(n)));
}

/** The node labelled `label` among `nodes` (a section, a group, an entry, a draft…); fails, listing what there is, when none is. */
export function treeNode(provider: CitedEngagementsProvider, nodes: readonly CitedNode[], label: string): CitedNode {
  const found = nodes.find((n) => treeLabel(provider.getTreeItem(n)) === label);
  assert.ok(found, `no node ${JSON.stringify(label)} among ${JSON.stringify(treeLabels(provider, nodes))}`);
  return found;
}

/**
 * Polls a condition (for state the editor reaches asynchronously) until it holds or the time is up.
 * The default wait is generous: a loaded CI machine can hold the extension host for many seconds
 * (VS Code's own Markdown extension on a large draft), and a wait bounds a failure, it times nothing.
 */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Offset of `needle` inside the first occurrence of `context` in `text` (so "Japan" in "how Japan works"). */
export function offsetIn(text: string, context: string, needle = context): number {
  const at = text.indexOf(context);
  assert.notEqual(at, -1, `the fixture no longer contains ${JSON.stringify(context)}`);
  const inner = context.indexOf(needle);
  assert.notEqual(inner, -1, `${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  return at + inner;
}

/** Plain text of a hover's contents, with Markdown backslash escapes removed. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&])/g, '$1');
}

/**
 * Asserts that hovers built from hostile data (command links, HTML, `javascript:` links in its
 * fields) show `label` and carry nothing that runs: no command link but our own entry card's, no
 * link to `javascript:`, no raw HTML, and MarkdownStrings never trusted for every command nor allowed HTML.
 */
export function assertHarmlessHover(hovers: readonly vscode.Hover[], label: string): void {
  const values = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  assert.ok(
    values.some((v) => v.includes(label)),
    JSON.stringify(values),
  );
  for (const value of values) {
    const commands = [...value.matchAll(/\]\(\s*<?\s*command:([\w.]+)/g)].map((m) => m[1]);
    assert.deepEqual(
      new Set(commands).size <= 1 && commands.every((c) => c === 'policyLens.openEntry'),
      true,
      `command links: ${commands.join(', ')}`,
    );
    assert.doesNotMatch(value, /\]\(\s*<?\s*javascript:/i);
    assert.doesNotMatch(value, /(?<!\\)<(img|script|b)\b/i, 'no raw HTML');
  }
  for (const content of hovers.flatMap((h) => h.contents)) {
    if (!(content instanceof vscode.MarkdownString)) continue;
    assert.notEqual(content.supportHtml, true);
    const trusted = content.isTrusted;
    if (typeof trusted === 'object') assert.deepEqual(trusted.enabledCommands, ['policyLens.openEntry']);
    else assert.notEqual(trusted, true, 'never trusted for every command');
  }
}
