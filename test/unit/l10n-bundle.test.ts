import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nJson } from '@vscode/l10n-dev';
import * as ts from 'typescript';
import { analyze, entryCard, entryTooltip, loadBundledDataset } from '../../src/core';
import { AnalysisWorkerClient } from '../../src/worker/client';
import { startNodeWorker } from '../../src/worker/node-host';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'analysis-worker.js');
const read = (name: string): Record<string, string> => JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, string>;

/** Strings that read the same in Japanese; none so far. A key listed here must still be in the bundle. */
const SAME_IN_JAPANESE = new Set<string>();

/** The message whose translation is the bundle's language tag (it chooses the language of ajv-i18n's schema messages); never shown. */
const LANGUAGE_TAG = /^en\/The language tag of this translation/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

interface Call {
  where: string;
  /** The bundle key, or undefined when the message is not a literal (and so cannot be translated). */
  key: string | undefined;
}

/** Every `vscode.l10n.t(…)` and `l10n.t(…)` call of a file, read from its syntax tree (not by the exporter under test). */
function l10nCalls(file: string): Call[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const calls: Call[] = [];
  const literal = (node: ts.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(source))) {
      const first = node.arguments[0];
      let key = literal(first);
      if (first && ts.isObjectLiteralExpression(first)) {
        const prop = (name: string) =>
          first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name);
        const message = literal(prop('message')?.initializer);
        const comment = prop('comment')?.initializer;
        const comments =
          comment && ts.isArrayLiteralExpression(comment) ? comment.elements.map((e) => literal(e) ?? '').join('') : literal(comment);
        key = message === undefined ? undefined : comments ? `${message}/${comments}` : message;
      }
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      calls.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, key });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

const placeholders = (text: string): string[] => (text.match(/\{[^{}]+\}/g) ?? []).sort();

/** What a translation carries over unchanged: code spans, setting ids, command-line options, file extensions placed by a placeholder. */
const fixedParts = (text: string): string[] =>
  [...(text.match(/`[^`]+`/g) ?? []), ...(text.match(/policyLens\.[A-Za-z.]+[A-Za-z]/g) ?? []), ...(text.match(/--[a-z-]+/g) ?? [])].sort();

describe('the runtime strings and their Japanese bundle (l10n/)', () => {
  const english = read('l10n/bundle.l10n.json');
  const japanese = read('l10n/bundle.l10n.ja.json');
  const files = sourceFiles(path.join(ROOT, 'src'));
  const calls = files.flatMap(l10nCalls);

  it('finds the calls it checks (the scan itself works)', () => {
    assert.ok(calls.length > 150, `only ${calls.length} l10n.t calls found`);
    assert.ok(
      calls.some((c) => c.where.startsWith(path.join('src', 'core'))),
      'no call in src/core',
    );
    assert.ok(
      calls.some((c) => c.where.startsWith(path.join('src', 'vscode'))),
      'no call in src/vscode',
    );
  });

  it('gives every call a literal message, so that it can be looked up', () => {
    assert.deepEqual(
      calls.filter((c) => c.key === undefined).map((c) => c.where),
      [],
    );
  });

  it('has a Japanese string for every message in the source, and none for a message that is gone', () => {
    const keys = new Set(calls.map((c) => c.key!));
    assert.deepEqual(
      [...keys].filter((k) => !(k in japanese)),
      [],
      'messages without a translation',
    );
    assert.deepEqual(
      Object.keys(japanese).filter((k) => !keys.has(k)),
      [],
      'translations of messages no longer in the source',
    );
  });

  it('keeps l10n/bundle.l10n.json as `npm run l10n` (@vscode/l10n-dev) writes it from the source', async () => {
    const exported = await getL10nJson(files.map((f) => ({ contents: readFileSync(f, 'utf8'), extension: path.extname(f) })));
    assert.deepEqual(Object.keys(english).sort(), Object.keys(exported).sort(), 'run `npm run l10n` and commit l10n/bundle.l10n.json');
    assert.deepEqual(Object.keys(english).sort(), [...new Set(calls.map((c) => c.key!))].sort());
  });

  it('keeps every placeholder, code span, setting id and option of the English', () => {
    for (const [key, text] of Object.entries(japanese)) {
      assert.deepEqual(placeholders(text), placeholders(key), `placeholders of ${JSON.stringify(key)}`);
      assert.deepEqual(fixedParts(text), fixedParts(key), `fixed parts of ${JSON.stringify(key)}`);
    }
  });

  it('translates every string: none empty, none left in English unless listed as the same in Japanese', () => {
    for (const [key, text] of Object.entries(japanese)) {
      assert.notEqual(text.trim(), '', `${JSON.stringify(key)} is empty`);
      if (LANGUAGE_TAG.test(key)) {
        assert.equal(text, 'ja', 'the language tag of the Japanese bundle');
        continue;
      }
      if (SAME_IN_JAPANESE.has(key)) continue;
      assert.notEqual(text, key, `${JSON.stringify(key)} is not translated`);
      assert.match(text, /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/, `${JSON.stringify(key)} has no Japanese in it`);
    }
    for (const key of SAME_IN_JAPANESE) assert.ok(key in japanese, `${key} is allowed but not in the bundle`);
    assert.equal(Object.keys(japanese).filter((k) => LANGUAGE_TAG.test(k)).length, 1, 'one language tag');
  });
});

describe('the text the core writes, in Japanese when the extension configures @vscode/l10n', () => {
  const dataset = loadBundledDataset();
  const japanese = read('l10n/bundle.l10n.ja.json');
  const hasJapanese = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
  // The bundled dataset's own text is English: what is left of English field labels is Markdown bold ending in a colon.
  const englishLabel = /\*\*[A-Za-z][A-Za-z0-9 ]*:\*\*/;
  afterEach(() => l10n.config({ contents: {} }));

  it('writes every entry card and tree tooltip with Japanese labels, and in English without a bundle', () => {
    const entries = [...dataset.entries.values()];
    l10n.config({ contents: japanese });
    for (const entry of entries) {
      const card = entryCard(entry, dataset, { citations: 2, compact: true });
      assert.doesNotMatch(card, englishLabel, entry.id);
      assert.match(card.split('\n')[2] ?? '', hasJapanese, `${entry.id}: the kind line is not Japanese`);
      assert.match(entryTooltip(entry, dataset, 2), /この草稿で2回引用されています。$/, entry.id);
    }
    l10n.config({ contents: {} });
    for (const entry of entries.slice(0, 50)) {
      const card = entryCard(entry, dataset, { citations: 2 });
      assert.doesNotMatch(card, hasJapanese.test(entry.label + entry.summary) ? /^$/ : hasJapanese, entry.id);
      assert.match(card, /cited 2 times in this document/, entry.id);
    }
  });

  it('writes a dated agreement’s date the Japanese way', () => {
    const dated = [...dataset.entries.values()].filter((e) => e.kind === 'agreement' && /^\d{4}-\d{2}-\d{2}$/.test(e.date ?? ''));
    assert.ok(dated.length > 0);
    l10n.config({ contents: japanese });
    for (const entry of dated) {
      const [y, m, d] = (entry.kind === 'agreement' ? entry.date! : '').split('-').map(Number);
      assert.ok(entryCard(entry, dataset).includes(`${y}年${m}月${d}日`), entry.id);
    }
  });

  it('writes the checks’ messages in Japanese, in this thread and in an analysis worker given the bundle', async () => {
    const drafts = readdirSync(path.join(ROOT, 'examples'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
    // One sentence for each fact check and an unknown key, beside the examples' ambiguous and non-canonical names.
    const checks = [
      'The G20 Riyadh Summit of 2019 was held online.',
      'The 2020 G20 summit in Italy was held online.',
      'The Japan–EU Digital Partnership with Brazil is new.',
      'As agreed [@no-such-entry-xyz], we go on.',
    ];
    const text = [...drafts, ...checks].join('\n\n');
    // Words of the Japanese templates, never of the data or of the English messages.
    const translated = /データセット|可能性があります|正式名称|上限/;
    l10n.config({ contents: japanese });
    const here = analyze(text, dataset).diagnostics;
    const codes = [...new Set(here.map((d) => d.code))].sort();
    assert.deepEqual(codes, [
      'ambiguous-reference',
      'inconsistent-host',
      'inconsistent-year',
      'non-canonical-name',
      'not-a-party',
      'unknown-citation',
    ]);
    for (const d of here) assert.match(d.message, translated, `${d.code}: ${d.message}`);
    l10n.config({ contents: {} });
    for (const d of analyze(text, dataset).diagnostics) assert.doesNotMatch(d.message, translated, `${d.code}: ${d.message}`);

    for (const [bundle, japaneseExpected] of [
      [japanese, true],
      [undefined, false],
    ] as const) {
      const client = new AnalysisWorkerClient(() => startNodeWorker(WORKER), bundle ? { l10n: bundle } : {});
      try {
        const outcome = await client.analyze('file:///draft.md', 1, text, dataset);
        assert.equal(outcome.kind, 'done');
        if (outcome.kind !== 'done') return;
        assert.equal(outcome.analysis.diagnostics.length, here.length);
        for (const d of outcome.analysis.diagnostics) assert.equal(translated.test(d.message), japaneseExpected, `${d.code}: ${d.message}`);
      } finally {
        client.dispose();
      }
    }
  });
});
