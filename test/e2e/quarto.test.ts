import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CitedViewState } from '../../src/vscode/tree';
import { activeApiWithHooks, hoverText, offsetIn, waitUntil, type HookedApi } from './helpers';

/**
 * Quarto (.qmd) and R Markdown (.Rmd) drafts in the real editor, two ways:
 * - with an extension that contributes the `quarto` and `rmd` languages, as the Quarto and R
 *   extensions do. The harness installs a stand-in beside Policy Lens for this suite
 *   (test/e2e/fixtures/extensions/quarto-language-stub: the two languages, nothing else);
 * - through `"files.associations": {"*.qmd": "markdown", "*.Rmd": "markdown"}`, the recipe for an
 *   editor without those extensions (docs/guide/quarto.md), which takes precedence over any
 *   extension's language.
 * Every draft is written at test time under one folder of the fixture copy, deleted afterwards.
 */
/** The draft both set-ups open, as a .qmd and as an .Rmd (the UI module 90-quarto.mjs opens it too). */
const DRAFT = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'quarto', 'draft.qmd'), 'utf8');

/** What the analysis must find in DRAFT, in order. */
const EXPECTED = [
  ['Japan–EU Digital Partnership', 'japan-eu-digital-partnership-2022'],
  ['Germany', 'deu'],
  ['@moc-estonia-2022', 'moc-estonia-2022'],
];

type Style = 'agreement' | 'country';

describe('Quarto and R Markdown drafts', () => {
  let root: vscode.Uri;
  let api: HookedApi;
  const folder = (): vscode.Uri => vscode.Uri.joinPath(root, 'quarto-tests');
  const write = async (relative: string, text: string): Promise<vscode.Uri> => {
    const uri = vscode.Uri.joinPath(folder(), relative);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  };
  const associate = async (value: Record<string, string> | undefined): Promise<void> =>
    vscode.workspace.getConfiguration('files').update('associations', value, vscode.ConfigurationTarget.Global);

  before(async () => {
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the fixture workspace is open');
    root = ws.uri;
    await vscode.workspace.fs.createDirectory(folder());
    api = await activeApiWithHooks();
  });

  after(async () => {
    await associate(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true }).then(undefined, () => undefined);
  });

  /** Opens a draft in an editor, once its analysis is there. */
  async function open(uri: vscode.Uri, language: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, language, `${uri.path} opens as ${language}`);
    const editor = await vscode.window.showTextDocument(doc);
    await waitUntil(`the analysis of ${uri.path}`, () => api.analysisFor(doc).references.length > 0);
    return editor;
  }

  async function hovers(doc: vscode.TextDocument, offset: number): Promise<string[]> {
    const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
    return (found ?? []).map(hoverText);
  }

  function decorated(editor: vscode.TextEditor, style: Style): string[] {
    const ranges = api.__test.decorationsFor(editor)?.[style] ?? [];
    return ranges.map((r) => editor.document.getText(r));
  }

  /** One draft set-up: the file written, the language it must open in, and whether it gets there through files.associations. */
  const SETUPS = [
    { file: 'paper.qmd', language: 'quarto', associated: false },
    { file: 'notes.Rmd', language: 'rmd', associated: false },
    { file: 'associated.qmd', language: 'markdown', associated: true },
    { file: 'associated.Rmd', language: 'markdown', associated: true },
  ];

  /** Everything a Markdown draft gets, on one set-up. */
  function everything({ file, language, associated }: (typeof SETUPS)[number]): void {
    const how = associated
      ? 'through files.associations, as with no Quarto or R extension'
      : `with the ${language} language of an extension`;
    describe(`${file}, ${how}`, () => {
      let editor: vscode.TextEditor;
      let doc: vscode.TextDocument;
      let text: string;

      before(async function () {
        this.timeout(90000);
        if (associated) await associate({ '*.qmd': 'markdown', '*.Rmd': 'markdown' });
        editor = await open(await write(file, DRAFT), language);
        doc = editor.document;
        text = doc.getText();
      });

      it('finds the references of its prose, none in front matter, attributes, the div fence, the chunk or its options', () => {
        assert.deepEqual(
          api.analysisFor(doc).references.map((r) => [r.text, r.id]),
          EXPECTED,
        );
      });

      it('shows hover cards on references, inside the div too, and none in the chunk or attributes', async () => {
        const card = (await hovers(doc, offsetIn(text, 'Japan–EU Digital Partnership (2022)', 'Digital'))).find((h) =>
          h.includes('Japan–EU Digital Partnership'),
        );
        assert.ok(card, 'a hover card on the agreement');
        assert.match(card, /\b2022\b/);
        assert.ok(
          (await hovers(doc, offsetIn(text, 'Germany joined'))).some((h) => h.includes('Germany')),
          'a card inside the div',
        );
        for (const [context, needle] of [
          ['# Japan in a comment', 'Japan'],
          ['title="Korea"', 'Korea'],
          ['.India}', 'India'],
        ] as const) {
          const inside = await hovers(doc, offsetIn(text, context, needle) + 1);
          assert.deepEqual(
            inside.filter((h) => h.includes(needle)),
            [],
            `no card on ${context}`,
          );
        }
      });

      it('colours its references', async () => {
        await vscode.window.showTextDocument(doc);
        await waitUntil('decorations', () => decorated(editor, 'country').length > 0);
        assert.deepEqual(decorated(editor, 'agreement'), ['Japan–EU Digital Partnership', '@moc-estonia-2022']);
        assert.deepEqual(decorated(editor, 'country'), ['Germany']);
      });

      it('is what the Cited Engagements view shows', async () => {
        await vscode.window.showTextDocument(doc);
        let state: CitedViewState | undefined;
        await waitUntil(
          'the view to show the draft',
          async () =>
            (state = await vscode.commands.executeCommand<CitedViewState | undefined>('policyLens.tree.refresh'))?.document ===
            doc.uri.toString(),
        );
        const ids = [...state!.model.agreements.flatMap((g) => g.entries), ...state!.model.countries].map((e) => e.id).sort();
        assert.deepEqual(ids, ['deu', 'japan-eu-digital-partnership-2022', 'moc-estonia-2022']);
      });

      it('reports the unknown citation key, and not the cross-references @sec-partners and [@fig-map]', async () => {
        await waitUntil('its checks', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'unknown-citation'));
        assert.deepEqual(
          vscode.languages
            .getDiagnostics(doc.uri)
            .filter((d) => d.code === 'unknown-citation')
            .map((d) => doc.getText(d.range)),
          ['@unknown-key'],
        );
      });

      it('goes to the definition of a reference: its entry', async () => {
        const definition = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
          'vscode.executeDefinitionProvider',
          doc.uri,
          doc.positionAt(offsetIn(text, 'Germany joined', 'Germany')),
        );
        assert.deepEqual(
          definition.map((d) => ('targetUri' in d ? d.targetUri : d.uri).toString(true)),
          ['policy-lens:/entry/deu.md'],
        );
      });

      it('completes a citation key after [@', async () => {
        const line = doc.lineAt(doc.positionAt(offsetIn(text, '[@moc-estonia')).line);
        const after = line.range.start.translate(0, line.text.indexOf('@moc-') + '@moc-'.length);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, after);
        const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        assert.ok(labels.includes('moc-estonia-2022'), `got ${labels.slice(0, 20).join(', ')}`);
      });
    });
  }

  for (const setup of SETUPS.filter((s) => !s.associated)) everything(setup);

  describe('the workspace index', () => {
    it('reads .qmd and .Rmd drafts that are not open', async () => {
      const unopenedQmd = await write('unopened.qmd', 'The Diia Support Project, in a Quarto draft.\n');
      const unopenedRmd = await write('unopened.Rmd', 'The Diia Support Project, in an R Markdown draft.\n');
      await api.whenIndexed();
      const doc = (await open(await write('cites.qmd', 'The Diia Support Project.\n'), 'quarto')).document;
      let found: string[] = [];
      await waitUntil(
        'references in the unopened drafts',
        async () => {
          const locations = await vscode.commands.executeCommand<vscode.Location[]>(
            'vscode.executeReferenceProvider',
            doc.uri,
            doc.positionAt(offsetIn(doc.getText(), 'Diia Support') + 1),
          );
          found = locations.map((l) => l.uri.toString());
          return found.includes(unopenedQmd.toString()) && found.includes(unopenedRmd.toString());
        },
        20000,
      ).catch(() => assert.fail(`Find All References found ${found.join(', ')}`));
    });
  });

  describe('the writer’s own bibliography', () => {
    it('reports no citation its .bib holds, still one in neither, and a missing file as one warning on the bibliography line', async () => {
      await write('team.bib', '% the team\n@string{o = "OECD"}\n@Report{ oecd-2021 ,\n  title = {Data {Flows}}, institution = o\n}\n');
      const text = [
        '---',
        'title: Own references',
        'bibliography: [team.bib, missing.bib]',
        '---',
        '',
        'Japan and Estonia signed a memorandum [@moc-estonia-2022], as argued [@oecd-2021] and [@nowhere-2099].',
        '',
      ].join('\n');
      const doc = (await open(await write('own-bibliography.qmd', text), 'quarto')).document;
      const shown = (): string[] =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .filter((d) => d.code === 'bibliography' || d.code === 'unknown-citation')
          .map((d) => `${String(d.code)} ${doc.getText(d.range)}`)
          .sort();
      await waitUntil('the bibliography read', () => shown().length === 2 && shown()[0]!.startsWith('bibliography'));
      assert.deepEqual(shown(), ['bibliography bibliography', 'unknown-citation @nowhere-2099']);
      const warning = vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'bibliography')!;
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(warning.message, /missing\.bib/);
      assert.doesNotMatch(warning.message, /\n/);
    });
  });

  describe('citation completion from the writer’s own bibliography', () => {
    /** Our items at a position: the completion list the editor would show, asked for as typing `@` asks. */
    async function keys(doc: vscode.TextDocument, offset: number): Promise<vscode.CompletionItem[]> {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        doc.positionAt(offset),
        '@',
      );
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.File);
    }
    const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
    const description = (i: vscode.CompletionItem): string | undefined => (typeof i.label === 'string' ? undefined : i.label.description);

    it('lists the keys of the front matter’s, each _metadata.yml’s and _quarto.yml’s bibliographies after [@ and an in-text @, with their detail, in .qmd, .Rmd and .md', async () => {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder(), 'project', 'chapters'));
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder(), 'project', 'refs'));
      await write('project/_quarto.yml', 'project:\n  type: book\nbibliography: [refs/team.bib]\n');
      await write(
        'project/refs/team.bib',
        '@string{o = "OECD"}\n@Report{oecd-2021,\n  title = {Data {Flows} and Trust},\n  author = {Tanaka, Taro and {World Bank}},\n  institution = o, year = 2021\n}\n',
      );
      await write('project/chapters/_metadata.yml', 'bibliography: ../refs/more.json\n');
      await write(
        'project/refs/more.json',
        JSON.stringify([{ id: 'un-2020', title: 'Digital Cooperation', issued: { 'date-parts': [[2020]] } }]),
      );
      await write(
        'project/chapters/own.yaml',
        'references:\n- id: sato-2018\n  title: Free Flow of Data\n  author:\n  - family: Sato\n    given: Hanako\n',
      );
      for (const [file, language] of [
        ['one.qmd', 'quarto'],
        ['two.Rmd', 'rmd'],
        ['three.md', 'markdown'],
      ] as const) {
        const text = [
          '---',
          'bibliography: own.yaml',
          '---',
          '',
          'Japan and Estonia, as argued [@] and [see @un-2020]. As @sa shows; mail team@sa',
          '',
        ].join('\n');
        const doc = (await open(await write(`project/chapters/${file}`, text), language)).document;
        const at = text.indexOf('[@') + 2;
        let items: vscode.CompletionItem[] = [];
        await waitUntil(`the three bibliographies in ${file}`, async () => (items = await keys(doc, at)).length === 3);
        assert.deepEqual(items.map(label).sort(), ['oecd-2021', 'sato-2018', 'un-2020'], file);
        const oecd = items.find((i) => label(i) === 'oecd-2021')!;
        assert.equal(description(oecd), 'Data Flows and Trust');
        assert.match(oecd.detail!, /^bibliography .*team\.bib · Taro Tanaka, World Bank · 2021$/);
        assert.equal(oecd.insertText, 'oecd-2021');
        assert.match(items.find((i) => label(i) === 'sato-2018')!.detail!, /own\.yaml · Hanako Sato$/);
        // In the text too (Pandoc's @key outside brackets), but not in an e-mail address.
        assert.deepEqual((await keys(doc, text.indexOf('As @sa') + 'As @sa'.length)).map(label), ['sato-2018'], file);
        assert.deepEqual((await keys(doc, text.indexOf('team@sa') + 'team@sa'.length)).map(label), [], file);
        // Apart from the dataset's keys, and before them.
        const all = (
          await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            doc.uri,
            doc.positionAt(at),
            '@',
          )
        ).items;
        const dataset = all.find((i) => label(i) === 'moc-estonia-2022');
        assert.ok(dataset && dataset.kind !== vscode.CompletionItemKind.File);
        assert.ok(items.every((i) => i.sortText! < dataset.sortText!));
        // The _metadata.yml key cited is no unknown citation.
        await waitUntil(`the checks of ${file}`, () =>
          vscode.languages.getDiagnostics(doc.uri).every((d) => d.code !== 'unknown-citation'),
        );
      }
    });

    it('filters by key and by a word of the title or an author, and follows an edit of the .bib and of _metadata.yml', async () => {
      const text = ['---', 'bibliography: own.yaml', '---', '', 'Japan [@tan]', ''].join('\n');
      const doc = (await open(await write('project/chapters/four.qmd', text), 'quarto')).document;
      const at = text.indexOf('[@tan') + '[@tan'.length;
      await waitUntil('the key found by its author', async () => (await keys(doc, at)).map(label).join() === 'oecd-2021');
      await write('project/refs/team.bib', '@misc{tanabe-2024, title = {Fresh}, year = 2024}\n');
      let items: vscode.CompletionItem[] = [];
      await waitUntil('the edited .bib', async () => (items = await keys(doc, at)).map(label).join() === 'tanabe-2024');
      assert.match(items[0]!.detail!, /team\.bib · 2024$/);
      // A _metadata.yml that names another file: the list follows it too.
      await write('project/refs/extra.bib', '@misc{tanizaki-1933, title = {In Praise of Shadows}}\n');
      await write('project/chapters/_metadata.yml', 'bibliography: ../refs/extra.bib\n');
      await waitUntil('the edited _metadata.yml', async () => (await keys(doc, at)).map(label).join() === 'tanabe-2024,tanizaki-1933');
    });
  });

  // Last: the association, once set, would hold for the set-ups above too.
  for (const setup of SETUPS.filter((s) => s.associated)) everything(setup);
});
