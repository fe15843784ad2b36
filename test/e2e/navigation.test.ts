import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, offsetIn, openDraft } from './helpers';

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** A location or link as `uri#line:character-line:character`, for readable comparisons. */
function where(item: vscode.Location | vscode.LocationLink): string {
  const uri = 'targetUri' in item ? item.targetUri : item.uri;
  const range = 'targetUri' in item ? (item.targetSelectionRange ?? item.targetRange) : item.range;
  return `${uri.toString()}#${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function at(doc: vscode.TextDocument, context: string, needle = context): vscode.Position {
  return doc.positionAt(offsetIn(doc.getText(), context, needle) + 1);
}

function span(doc: vscode.TextDocument, context: string, needle = context): string {
  const start = offsetIn(doc.getText(), context, needle);
  return where(new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(start + needle.length))));
}

async function definitions(doc: vscode.TextDocument, position: vscode.Position): Promise<Array<vscode.Location | vscode.LocationLink>> {
  const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
    'vscode.executeDefinitionProvider',
    doc.uri,
    position,
  );
  return (found ?? []).filter((d) => ('targetUri' in d ? d.targetUri : d.uri).scheme === 'policy-lens');
}

async function references(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, position);
  return (found ?? []).map(where);
}

const CARD = (id: string) => `policy-lens:/entry/${id}.md#0:0-0:0`;
const G20_CANDIDATES = [
  'g20-2017-digital-economy-ministerial-conference',
  'g20-2018-digital-economy-ministerial-meeting',
  'g20-2019-trade-digital-economy-statement',
  'g20-2020-digital-economy-ministers-meeting',
  'g20-2021-digital-ministers-declaration',
  'g20-2022-digital-economy-ministers-meeting',
  'g20-2023-digital-economy-ministers-meeting',
  'g20-2024-digital-economy-ministers-meeting',
  'g20-2025-digital-economy-ministers-meeting',
];

describe('Navigation', () => {
  let draft: vscode.TextDocument;
  let notes: vscode.TextDocument;

  before(async () => {
    await activeApi();
    notes = await vscode.workspace.openTextDocument(fixture('checks.md'));
    draft = await openDraft();
  });

  describe('Go to Definition', () => {
    it('on a reference opens its entry card, from the whole reference', async () => {
      const found = await definitions(draft, at(draft, 'the Japan–EU Digital Partnership (2022)', 'Digital'));
      assert.deepEqual(found.map(where), [CARD('japan-eu-digital-partnership-2022')]);
      const link = found[0] as vscode.LocationLink;
      assert.ok(link.originSelectionRange, 'a link with its origin, so the whole name underlines');
      assert.equal(
        where(new vscode.Location(draft.uri, link.originSelectionRange)),
        span(draft, 'the Japan–EU Digital Partnership (2022)', 'Japan–EU Digital Partnership'),
      );
      const card = await vscode.workspace.openTextDocument(link.targetUri);
      assert.match(card.getText(), /^#+ Japan–EU Digital Partnership\n/);
    });

    it('on an ambiguous reference offers every candidate', async () => {
      const found = await definitions(notes, at(notes, "the G20 digital ministers' meeting", 'ministers'));
      assert.deepEqual(found.map(where), G20_CANDIDATES.map(CARD));
    });

    it('on a Pandoc citation opens the cited entry', async () => {
      const found = await definitions(notes, at(notes, '[@japan-eu-digital-partnership-2022]', 'japan-eu'));
      assert.deepEqual(found.map(where), [CARD('japan-eu-digital-partnership-2022')]);
    });

    it('on plain prose offers nothing of ours', async () => {
      assert.deepEqual(await definitions(draft, at(draft, 'occasional dialogues')), []);
    });
  });

  describe('Find All References', () => {
    it('lists the card and every citation of the entry in open documents, names and Pandoc keys alike', async () => {
      // The editor orders references by document, so compare as sets.
      const found = (await references(draft, at(draft, 'the Japan–EU Digital Partnership (2022)', 'Partnership'))).sort();
      assert.deepEqual(
        found,
        [
          CARD('japan-eu-digital-partnership-2022'),
          span(draft, 'the Japan–EU Digital Partnership (2022)', 'Japan–EU Digital Partnership'),
          span(notes, 'The Japan–EU Digital Partnership with Korea', 'Japan–EU Digital Partnership'),
          span(notes, '[@japan-eu-digital-partnership-2022]', '@japan-eu-digital-partnership-2022'),
        ].sort(),
      );
      const fromCitation = await references(notes, at(notes, '[@japan-eu-digital-partnership-2022]', 'partnership'));
      assert.deepEqual(fromCitation.sort(), found);
    });

    it('follows which documents are open', async () => {
      const scratch = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: 'Aside: the EU–Japan Digital Partnership again.\n',
      });
      const position = at(draft, 'the Japan–EU Digital Partnership (2022)', 'Partnership');
      const mention = span(scratch, 'EU–Japan Digital Partnership');
      assert.ok((await references(draft, position)).includes(mention), 'an open scratch document is searched');
      await vscode.window.showTextDocument(scratch);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const deadline = Date.now() + 10000;
      while (!scratch.isClosed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(scratch.isClosed, 'the scratch document closed');
      assert.ok(!(await references(draft, position)).includes(mention), 'a closed document is not searched');
    });

    it('of a country lists each mention in the draft', async () => {
      const found = (await references(draft, at(draft, 'India is the partner', 'India'))).filter((l) => l.startsWith(draft.uri.toString()));
      const api = await activeApi();
      const india = api.analysisFor(draft).references.filter((r) => r.id === 'ind');
      assert.equal(found.length, india.length);
      assert.equal(found.length, 3);
    });

    it('of an ambiguous reference lists the cards of all candidates and the reference itself', async () => {
      const found = await references(notes, at(notes, "the G20 digital ministers' meeting", 'digital'));
      assert.deepEqual(found, [
        ...G20_CANDIDATES.map(CARD),
        span(notes, "the G20 digital ministers' meeting", "G20 digital ministers' meeting"),
      ]);
    });
  });

  describe('Document symbols', () => {
    async function symbols(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
      return (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
    }

    it('list the references, one group per kind, in document order', async () => {
      const all = await symbols(notes);
      const groups = all.filter((s) => ['Agreements', 'Pillars', 'Countries'].includes(s.name));
      assert.deepEqual(
        groups.map((g) => [g.name, g.kind, g.detail]),
        [
          ['Agreements', vscode.SymbolKind.Namespace, '6'],
          ['Countries', vscode.SymbolKind.Namespace, '3'],
        ],
      );
      const [agreements, countries] = groups as [vscode.DocumentSymbol, vscode.DocumentSymbol];
      assert.deepEqual(
        agreements.children.map((c) => [c.name, c.detail, c.kind]),
        [
          ['G7 meeting', "G7 Digital Ministers' Meeting 2022", vscode.SymbolKind.Event],
          [
            'Second Meeting of the Japan-EU Digital Partnership Council',
            'Second Meeting of the Japan–EU Digital Partnership Council',
            vscode.SymbolKind.Event,
          ],
          ["G20 digital ministers' meeting", 'may name 9 entries', vscode.SymbolKind.Event],
          ['Japan–EU Digital Partnership', '', vscode.SymbolKind.Event],
          ['Estonia MOCs', 'Japan–Estonia Memorandum of Cooperation', vscode.SymbolKind.Event],
          ['@japan-eu-digital-partnership-2022', 'Japan–EU Digital Partnership', vscode.SymbolKind.Event],
        ],
      );
      assert.deepEqual(
        countries.children.map((c) => [c.name, c.kind]),
        [
          ['Germany', vscode.SymbolKind.Object],
          ['Japan', vscode.SymbolKind.Object],
          ['Korea', vscode.SymbolKind.Object],
        ],
      );
      const korea = countries.children[2]!;
      assert.equal(korea.detail, 'South Korea');
      assert.equal(where(new vscode.Location(notes.uri, korea.selectionRange)), span(notes, 'Partnership with Korea', 'Korea'));
      for (const group of groups) {
        for (const child of group.children) assert.ok(group.range.contains(child.range), `${group.name} contains ${child.name}`);
      }
    });

    it('sit beside the headings of the Markdown outline', async () => {
      const names = (await symbols(notes)).map((s) => s.name);
      assert.ok(names.includes('Agreements'), JSON.stringify(names));
      assert.ok(
        names.some((n) => n.includes('Briefing notes')),
        `the built-in Markdown headings are still there: ${JSON.stringify(names)}`,
      );
    });
  });
});
