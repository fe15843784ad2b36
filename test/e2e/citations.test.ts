import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadBundledDataset } from '../../src/core';
import { footnoteText } from '../../src/core/report/citation';
import { activeApi, waitUntil } from './helpers';

const dataset = loadBundledDataset();
const ESTONIA = 'moc-estonia-2022';
const ESTONIA_LABEL = dataset.entries.get(ESTONIA)!.label;
const DEFINITION = `[^${ESTONIA}]: ${footnoteText(dataset.entries.get(ESTONIA)!, dataset)}`;
const labels = new Set([...dataset.entries.values()].flatMap((e) => [e.label, e.id]));

/** Documents a test opened; closed (reverted) after it so that later suites see only their own. */
const opened: vscode.TextDocument[] = [];

let serial = 0;

/**
 * A new Markdown editor with `content`, the cursor at `cursor`. Each gets its own untitled name: a
 * plain new untitled document may be handed the model of one just closed under the same name.
 */
async function editorWith(content: string, cursor = content.length): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `citations-test-${++serial}.md` }));
  opened.push(doc);
  assert.equal(doc.languageId, 'markdown');
  assert.equal(doc.getText(), '');
  const editor = await vscode.window.showTextDocument(doc);
  assert.ok(
    await editor.edit((b) => {
      if (content.includes('\r\n')) b.setEndOfLine(vscode.EndOfLine.CRLF);
      b.insert(new vscode.Position(0, 0), content);
    }),
  );
  assert.equal(doc.getText(), content);
  const at = doc.positionAt(cursor);
  editor.selection = new vscode.Selection(at, at);
  return editor;
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Our items (dataset names and ids), in the order the editor sorts them when their scores tie. */
async function completions(
  editor: vscode.TextEditor,
  trigger?: string,
): Promise<{ list: vscode.CompletionList; ours: vscode.CompletionItem[] }> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    editor.document.uri,
    editor.selection.active,
    trigger,
  );
  const ours = list.items
    .filter(
      (i) =>
        i.kind !== vscode.CompletionItemKind.Snippet &&
        i.kind !== vscode.CompletionItemKind.Text &&
        labels.has(labelOf(i)) &&
        i.documentation,
    )
    .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  return { list, ours };
}

/** Applies a completion item the way the editor accepts it (insert mode: extra edits, then the item). */
async function accept(editor: vscode.TextEditor, item: vscode.CompletionItem): Promise<void> {
  assert.ok(item.range, `${labelOf(item)} has a range`);
  const range = item.range instanceof vscode.Range ? item.range : item.range.inserting;
  const extra = item.additionalTextEdits ?? [];
  if (item.insertText instanceof vscode.SnippetString) {
    if (extra.length) assert.ok(await editor.edit((b) => extra.forEach((e) => b.replace(e.range, e.newText))));
    assert.ok(await editor.insertSnippet(item.insertText, range));
  } else {
    const text = item.insertText ?? labelOf(item);
    assert.ok(
      await editor.edit((b) => {
        b.replace(range, text);
        extra.forEach((e) => b.replace(e.range, e.newText));
      }),
    );
  }
}

function descriptionOf(item: vscode.CompletionItem): string | undefined {
  return typeof item.label === 'string' ? undefined : item.label.description;
}

async function setConfig(section: string, key: string, value: unknown, languageId?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(section, languageId ? { languageId } : undefined);
  await config.update(key, value, vscode.ConfigurationTarget.Global, languageId !== undefined);
}

async function withStyle(style: 'footnote' | 'inline' | 'pandoc', fn: () => Promise<void>): Promise<void> {
  await setConfig('policyLens', 'citation.style', style);
  try {
    await fn();
  } finally {
    await setConfig('policyLens', 'citation.style', undefined);
  }
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('Citations', () => {
  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    for (const doc of opened.splice(0)) {
      if (doc.isClosed) continue;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // A new untitled document may reuse the name: wait until this one is gone.
      await waitUntil('the test document to close', () => doc.isClosed);
    }
  });

  describe('snippets', () => {
    it('expand the footnote citation with its definition and the first choices', async () => {
      const editor = await editorWith('Agreed.');
      await vscode.commands.executeCommand('editor.action.insertSnippet', {
        langId: 'markdown',
        name: 'Policy Lens: footnote citation with its definition',
      });
      await waitUntil('the snippet to be inserted', () => editor.document.getText() !== 'Agreed.');
      assert.equal(
        editor.document.getText(),
        'Agreed.[^id]\n\n[^id]: Label (year, memorandum, bilateral). Parties: Japan, partner. Source: title, <https://>.',
      );
    });

    it('are offered under their cite- prefixes', async () => {
      const editor = await editorWith('A row: cite');
      const wanted = ['cite-footnote', 'cite-inline', 'cite-pandoc', 'cite-row'];
      let offered: string[] = [];
      // The editor reads contributed snippet files in the background.
      await waitUntil(`snippets ${wanted.join(', ')} to be offered`, async () => {
        const { list } = await completions(editor);
        offered = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
        return wanted.every((p) => offered.includes(p));
      }).catch((err: Error) => assert.fail(`${err.message}; offered: ${offered.join(', ')}`));
    });
  });

  describe('completion of names', () => {
    it('offers the Japan–Estonia memorandum, then Estonia, for "esto", with year, type and card', async () => {
      const editor = await editorWith('The memorandum signed with esto');
      const { list, ours } = await completions(editor);
      assert.equal(list.isIncomplete, true, 'asked again as the word grows');
      assert.deepEqual(
        ours.map((i) => [labelOf(i), i.kind]),
        [
          [ESTONIA_LABEL, vscode.CompletionItemKind.Reference],
          [ESTONIA_LABEL, vscode.CompletionItemKind.Reference],
          ['Estonia', vscode.CompletionItemKind.Value],
        ],
      );
      const [name] = ours;
      assert.equal(descriptionOf(name!), '2022 · memorandum');
      assert.equal(name!.detail, 'agreement · 2022 · memorandum · bilateral');
      const card = name!.documentation as vscode.MarkdownString;
      assert.ok(card instanceof vscode.MarkdownString);
      assert.notEqual(card.isTrusted, true);
      assert.match(card.value, /^### Japan–Estonia Memorandum of Cooperation/);
      assert.match(card.value, /Summary|Sources/);
      const range = name!.range as { inserting: vscode.Range };
      assert.equal(editor.document.getText(range.inserting), 'esto');
      assert.equal(name!.filterText!.toLowerCase().startsWith('esto'), true);
      await accept(editor, name!);
      assert.equal(editor.document.getText(), `The memorandum signed with ${ESTONIA_LABEL}`);
    });

    it('replaces the words of a name typed so far with its canonical form', async () => {
      const editor = await editorWith('As agreed in the Japan-eu dig');
      const { ours } = await completions(editor);
      const item = ours.find((i) => labelOf(i) === 'Japan–EU Digital Partnership');
      assert.ok(item, ours.map(labelOf).join(', '));
      assert.ok(!ours.some((i) => labelOf(i) === 'Digital Silk Road'), 'names only "dig" begins are left out');
      await accept(editor, item);
      assert.equal(editor.document.getText(), 'As agreed in the Japan–EU Digital Partnership');
    });

    it('lists agreements first, then pillars, then countries', async () => {
      const editor = await editorWith('Cooperation on te');
      const { ours } = await completions(editor);
      const kinds = ours.map((i) => dataset.entries.get([...dataset.entries.values()].find((e) => e.label === labelOf(i))!.id)!.kind);
      assert.ok(kinds.includes('agreement') && kinds.includes('pillar'), kinds.join(','));
      const rank = { agreement: 0, pillar: 1, country: 2 };
      assert.deepEqual(
        kinds.map((k) => rank[k]),
        kinds.map((k) => rank[k]).sort((a, b) => a - b),
      );
    });

    it('a second item adds a footnote marker and appends the definition, reusing it the next time', async () => {
      const editor = await editorWith('Signed in 2022: esto\n\nMore text.\n', 'Signed in 2022: esto'.length);
      let { ours } = await completions(editor);
      const cite = ours[1]!;
      assert.equal(labelOf(cite), ESTONIA_LABEL);
      assert.equal((cite.label as vscode.CompletionItemLabel).detail, `[^${ESTONIA}]`);
      assert.match(cite.detail!, /appends the definition/);
      await accept(editor, cite);
      const once = editor.document.getText();
      assert.equal(once, `Signed in 2022: ${ESTONIA_LABEL}[^${ESTONIA}]\n\nMore text.\n\n${DEFINITION}\n`);

      await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'Also esto '));
      editor.selection = new vscode.Selection(new vscode.Position(2, 9), new vscode.Position(2, 9));
      ({ ours } = await completions(editor));
      assert.match(ours[1]!.detail!, /the definition exists/);
      assert.equal(ours[1]!.additionalTextEdits, undefined);
      await accept(editor, ours[1]!);
      assert.equal(count(editor.document.getText(), `[^${ESTONIA}]:`), 1);
      assert.equal(count(editor.document.getText(), `[^${ESTONIA}]`), 3);
    });

    it('at the very end of the document, puts the definition in the inserted text and the cursor after the marker', async () => {
      const editor = await editorWith('Signed: esto');
      const { ours } = await completions(editor);
      const cite = ours[1]!;
      assert.ok(cite.insertText instanceof vscode.SnippetString);
      await accept(editor, cite);
      assert.equal(editor.document.getText(), `Signed: ${ESTONIA_LABEL}[^${ESTONIA}]\n\n${DEFINITION}\n`);
      assert.equal(editor.document.offsetAt(editor.selection.active), `Signed: ${ESTONIA_LABEL}[^${ESTONIA}]`.length);
    });

    it('appends the definition with CRLF in a CRLF document', async () => {
      const editor = await editorWith('Signed: esto\r\nNext line.\r\n', 'Signed: esto'.length);
      assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
      const { ours } = await completions(editor);
      await accept(editor, ours[1]!);
      const text = editor.document.getText();
      assert.equal(text, `Signed: ${ESTONIA_LABEL}[^${ESTONIA}]\r\nNext line.\r\n\r\n${DEFINITION}\r\n`);
    });

    it('cites in the inline and Pandoc styles when the setting says so', async () => {
      await withStyle('inline', async () => {
        const editor = await editorWith('Signed: esto');
        const { ours } = await completions(editor);
        assert.equal((ours[1]!.label as vscode.CompletionItemLabel).detail, ' (2022)');
        assert.equal(ours[1]!.insertText, `${ESTONIA_LABEL} (2022)`);
        assert.equal(ours[1]!.additionalTextEdits, undefined);
      });
      await withStyle('pandoc', async () => {
        const editor = await editorWith('Signed: esto');
        const { ours } = await completions(editor);
        assert.equal(ours[1]!.insertText, `${ESTONIA_LABEL} [@${ESTONIA}]`);
      });
    });

    it('waits for two letters while the editor suggests as you type, and lists everything on Ctrl+Space after a space', async () => {
      await setConfig('editor', 'quickSuggestions', { other: 'on', comments: 'off', strings: 'off' }, 'markdown');
      try {
        const editor = await editorWith('Signed with E');
        const { list, ours: first } = await completions(editor);
        assert.deepEqual(first.map(labelOf), []);
        let ours: vscode.CompletionItem[];
        assert.equal(list.isIncomplete, true, 'asked again when the second letter comes');
        await editor.edit((b) => b.insert(editor.selection.active, 's'));
        ({ ours } = await completions(editor));
        assert.ok(ours.some((i) => labelOf(i) === 'Estonia'));
        await editor.edit((b) => b.insert(editor.selection.active, 'tonia and '));
        ({ ours } = await completions(editor));
        const agreements = [...dataset.entries.values()].filter((e) => e.kind === 'agreement' && e.year !== undefined).length;
        assert.ok(ours.length >= dataset.entries.size + agreements - 5, `${ours.length} items`);
      } finally {
        await setConfig('editor', 'quickSuggestions', undefined, 'markdown');
      }
      await setConfig('editor', 'quickSuggestions', { other: 'off', comments: 'off', strings: 'off' }, 'markdown');
      try {
        const editor = await editorWith('Signed with E');
        const { ours } = await completions(editor);
        assert.ok(
          ours.some((i) => labelOf(i) === 'Estonia'),
          'one letter is enough when only Ctrl+Space asks',
        );
      } finally {
        await setConfig('editor', 'quickSuggestions', undefined, 'markdown');
      }
    });

    it('offers nothing in code, comments, front matter, footnote labels or links', async () => {
      for (const content of [
        '```\nesto',
        'Text with `esto',
        '---\ntitle: esto|\n---\n',
        'Text <!-- esto',
        'A note[^esto',
        'See [the memorandum](https://esto',
      ]) {
        const editor = await editorWith(content.replace('|', ''), content.includes('|') ? content.indexOf('|') : undefined);
        const { ours } = await completions(editor);
        assert.deepEqual(ours.map(labelOf), [], JSON.stringify(content));
      }
    });
  });

  describe('completion of Pandoc keys', () => {
    it('lists every entry after [@, agreements first, and inserts the id', async () => {
      const editor = await editorWith('As agreed [@]', 'As agreed [@'.length);
      const { ours } = await completions(editor, '@');
      assert.equal(ours.length, dataset.entries.size);
      assert.equal(dataset.entries.get(labelOf(ours[0]!))!.kind, 'agreement');
      assert.equal(dataset.entries.get(labelOf(ours[ours.length - 1]!))!.kind, 'country');
    });

    it('filters by id and by label', async () => {
      const editor = await editorWith('As agreed [@esto]', 'As agreed [@esto'.length);
      const { ours } = await completions(editor);
      assert.deepEqual(ours.map(labelOf), [ESTONIA, 'est']);
      assert.equal(descriptionOf(ours[0]!), ESTONIA_LABEL);
      assert.match(ours[0]!.detail!, /2022 · memorandum/);
      await accept(editor, ours[0]!);
      assert.equal(editor.document.getText(), `As agreed [@${ESTONIA}]`);
      const byLabel = await editorWith('See [@data free]', 'See [@data'.length);
      assert.ok((await completions(byLabel)).ours.some((i) => labelOf(i) === 'dfft'));
    });

    it('completes the key of an in-text citation, and inserts the id', async () => {
      const editor = await editorWith('As @esto shows', 'As @esto'.length);
      const { ours } = await completions(editor);
      assert.deepEqual(ours.map(labelOf), [ESTONIA, 'est']);
      await accept(editor, ours[0]!);
      assert.equal(editor.document.getText(), `As @${ESTONIA} shows`);
      const atStart = await editorWith('@');
      assert.equal((await completions(atStart, '@')).ours.length, dataset.entries.size);
    });

    it('stays quiet for an @ in an e-mail address, a URL or a link destination', async () => {
      for (const content of ['Write to team@', 'See https://social.example/@', 'See [the post](@']) {
        const editor = await editorWith(content);
        const { ours } = await completions(editor, '@');
        assert.deepEqual(ours.map(labelOf), [], content);
      }
      // Typing on after the @ asks without a trigger character: no names in the address either.
      const address = await editorWith('Write to team@esto');
      assert.deepEqual((await completions(address)).ours.map(labelOf), []);
    });
  });

  describe('Insert Citation…', () => {
    it('inserts a footnote marker at the cursor and appends the definition, in one undo step', async () => {
      const original = 'First line.\nSecond line.\n';
      const editor = await editorWith(original, 'First line.'.length);
      assert.equal(await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA), true);
      assert.equal(editor.document.getText(), `First line.[^${ESTONIA}]\nSecond line.\n\n${DEFINITION}\n`);
      assert.equal(editor.document.offsetAt(editor.selection.active), `First line.[^${ESTONIA}]`.length);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original);
    });

    it('reuses an existing definition', async () => {
      const content = `Cited.[^${ESTONIA}] Again.\n\n${DEFINITION}\n`;
      const editor = await editorWith(content, content.indexOf(' Again.') + ' Again.'.length);
      await vscode.commands.executeCommand('policyLens.insertCitation', { id: ESTONIA });
      assert.equal(editor.document.getText(), `Cited.[^${ESTONIA}] Again.[^${ESTONIA}]\n\n${DEFINITION}\n`);
    });

    it('cites at every cursor, after each selection, and touches nothing else', async () => {
      const editor = await editorWith('Alpha beta.\nGamma delta.\n');
      const doc = editor.document;
      editor.selections = [
        new vscode.Selection(doc.positionAt(0), doc.positionAt(5)),
        new vscode.Selection(doc.positionAt(doc.getText().indexOf('delta.') + 6), doc.positionAt(doc.getText().indexOf('delta.') + 6)),
      ];
      await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA);
      assert.equal(doc.getText(), `Alpha[^${ESTONIA}] beta.\nGamma delta.[^${ESTONIA}]\n\n${DEFINITION}\n`);
      assert.deepEqual(
        editor.selections.map((s) => [s.isEmpty, doc.offsetAt(s.active)]),
        [
          [true, `Alpha[^${ESTONIA}]`.length],
          [true, `Alpha[^${ESTONIA}] beta.\nGamma delta.[^${ESTONIA}]`.length],
        ],
      );
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), 'Alpha beta.\nGamma delta.\n');
    });

    it('at the very end, writes the marker before the definition', async () => {
      const editor = await editorWith('Text');
      await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA);
      assert.equal(editor.document.getText(), `Text[^${ESTONIA}]\n\n${DEFINITION}\n`);
      assert.equal(editor.document.offsetAt(editor.selection.active), `Text[^${ESTONIA}]`.length);
    });

    it('keeps a CRLF document CRLF', async () => {
      const editor = await editorWith('One.\r\nTwo.', 'One.'.length);
      assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
      await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA);
      assert.equal(editor.document.getText(), `One.[^${ESTONIA}]\r\nTwo.\r\n\r\n${DEFINITION}\r\n`);
    });

    it('writes the inline and Pandoc styles', async () => {
      await withStyle('inline', async () => {
        const editor = await editorWith('Signed: .', 'Signed: '.length);
        await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA);
        assert.equal(editor.document.getText(), `Signed: ${ESTONIA_LABEL} (2022).`);
      });
      await withStyle('pandoc', async () => {
        const editor = await editorWith('Signed.', 'Signed'.length);
        await vscode.commands.executeCommand('policyLens.insertCitation', ESTONIA);
        assert.equal(editor.document.getText(), `Signed[@${ESTONIA}].`);
      });
    });

    it('changes nothing for an unknown id', async () => {
      const editor = await editorWith('Text.');
      assert.equal(await vscode.commands.executeCommand('policyLens.insertCitation', 'no-such-entry'), false);
      assert.equal(editor.document.getText(), 'Text.');
    });

    it('asks in a picker, agreements first, and cites the entry picked', async () => {
      const editor = await editorWith('Picked: ');
      const first = [...dataset.entries.values()]
        .filter((e) => e.kind === 'agreement')
        .sort((a, b) => a.label.localeCompare(b.label, 'en'))[0]!;
      const done = vscode.commands.executeCommand<boolean>('policyLens.insertCitation');
      await waitUntil('the picker to open and accept its first item', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return editor.document.getText() !== 'Picked: ';
      });
      assert.equal(await done, true);
      assert.equal(editor.document.getText().split('\n')[0], `Picked: [^${first.id}]`);
    });
  });
});
