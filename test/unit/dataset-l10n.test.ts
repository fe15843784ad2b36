import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nJson } from '@vscode/l10n-dev';
import { DatasetFiles, loadBundledDataset, loadDatasetFiles, type DatasetSource, type LocatedProblem } from '../../src/core';
import { MAX_JSON_DEPTH } from '../../src/core/dataset/files';
import { MAX_NAME_CHARS, MAX_NAME_WORDS } from '../../src/core/dataset/load';
import { STUB_SUMMARY } from '../../src/core/dataset/stub';

/**
 * The problems of `.policylens/*.json` dataset files (syntax errors, schema errors from ajv, what
 * loading finds) follow the l10n bundle the extension configures, like every other text of the core:
 * Japanese with the Japanese bundle, English without one (the CLI). ajv's own messages are put into
 * the bundle's language by ajv-i18n.
 */
const ROOT = path.join(__dirname, '..', '..');
const japanese = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
const hasJapanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
const base = loadBundledDataset();

const [country, otherCountry] = [...base.entries.values()].filter((e) => e.kind === 'country').map((e) => e.id);
const pillar = [...base.entries.values()].find((e) => e.kind === 'pillar')!.id;
const bundledAgreement = [...base.entries.values()].find((e) => e.kind === 'agreement')!.id;

const agreement = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  kind: 'agreement',
  label: `Team Pact ${id}`,
  aliases: [],
  summary: 'An arrangement our team tracks.',
  sources: [],
  type: 'memorandum',
  parties: [country],
  ...extra,
});

const json = (data: unknown): string => JSON.stringify(data, null, 2) + '\n';

/** Files that between them make every kind of problem a dataset file can have; each name says which. */
const FILES: DatasetSource[] = [
  // Schema errors (ajv's messages and ours), limits, hostile strings, loading checks.
  {
    name: 'entries.json',
    text: json({
      stopPhrases: [5, 'hidden\u200bphrase'],
      entries: [
        'a string entry',
        7,
        true,
        null,
        [],
        agreement('bad-kind', { kind: 'treaty' }),
        agreement('bad-fields', { parties: country, year: 1700, classification: 'trilateral' }),
        agreement('long-alias', { aliases: ['word '.repeat(MAX_NAME_WORDS + 1).trim(), 'x'.repeat(MAX_NAME_CHARS + 1)] }),
        { id: otherCountry, flag: 'not a flag at all' },
        agreement('twice'),
        agreement('twice'),
        { id: country, kind: 'agreement' },
        { id: bundledAgreement, labell: 'misspelt' },
        { id: 'brand-new-entry', label: 'No kind' },
        agreement('hidden-char', { label: 'Pact \u202eevil' }),
        agreement('no-such-day', { date: '2023-02-30' }),
        agreement('wrong-year', { date: '2020-05-01', year: 2021 }),
        agreement('dangling', { parties: ['no-such-country'], pillars: [country], host: pillar }),
        agreement('stubbed', { summary: STUB_SUMMARY }),
      ],
    }),
  },
  { name: 'not-a-dataset.json', text: '[1, 2, 3]\n' },
  { name: 'too-deep.json', text: `{"entries": ${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}` },
  // One file for each syntax error jsonc-parser names.
  { name: 'symbol.json', text: '{"entries": [nope]}' },
  { name: 'property.json', text: '{"entries": [], 1: 2}' },
  { name: 'value.json', text: '{"entries": }' },
  { name: 'colon.json', text: '{"entries" []}' },
  { name: 'comma.json', text: '{"entries": [1 2]}' },
  { name: 'brace.json', text: '{"entries": []' },
  { name: 'bracket.json', text: '{"entries": [' },
  { name: 'trailing.json', text: '{"entries": []} {}' },
  { name: 'comment.json', text: '// team data\n{"entries": []}' },
  { name: 'open-string.json', text: '{"entries": ["abc' },
  { name: 'open-number.json', text: '{"entries": [], "n": 1e}' },
  { name: 'unicode.json', text: '{"entries": [], "s": "\\u12"}' },
  { name: 'escape.json', text: '{"entries": [], "s": "\\q"}' },
  { name: 'control.json', text: '{"entries": [], "s": "a\u0001b"}' },
];

/** Every problem of the files, and of an entry that broke after it loaded (its last valid version stays). */
function allProblems(): LocatedProblem[] {
  const { problems } = loadDatasetFiles(base, FILES);
  const files = new DatasetFiles(() => base);
  files.update([{ name: 'edited.json', text: json({ entries: [agreement('edited')] }) }]);
  files.update([{ name: 'edited.json', text: json({ entries: [agreement('edited', { parties: 'oops' })] }) }]);
  const invalid = files.problems('edited.json');
  files.update([{ name: 'edited.json', text: '{"entries": [' }]);
  return [...problems, ...invalid, ...files.problems('edited.json')];
}

/** What stays put whatever the language: where each problem is, and how bad. */
const positions = (problems: readonly LocatedProblem[]): string[] =>
  problems.map((p) => `${p.layer} ${p.severity} ${p.pointer} ${p.start.offset}-${p.end.offset} ${p.entryId ?? ''}`);

const datasetSources = ['src/core/dataset/load.ts', 'src/core/dataset/files.ts'].map((f) => path.join(ROOT, f));

describe('the dataset files’ messages, in the language of the l10n bundle', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('writes every problem of every file in Japanese with the Japanese bundle, and in English without one, at the same places', () => {
    l10n.config({ contents: japanese });
    const ja = allProblems();
    l10n.config({ contents: {} });
    const en = allProblems();
    assert.ok(en.length > 40, `only ${en.length} problems`);
    assert.deepEqual(positions(ja), positions(en));
    // Every ajv message in English says "must": none may be left in a Japanese one.
    for (const p of ja) assert.ok(hasJapanese.test(p.message) && !/\bmust\b/.test(p.message), `${p.layer}: ${p.message}`);
    for (const p of en) assert.doesNotMatch(p.message, hasJapanese, `${p.layer}: ${p.message}`);
    // The syntax files each have their own error, none of them left as a bare jsonc-parser code.
    for (const f of FILES.slice(3)) {
      const own = ja.filter((p) => p.layer === f.name);
      assert.ok(own.length > 0, f.name);
      for (const p of own) assert.doesNotMatch(p.message, /[A-Z][a-z]+[A-Z]/, `${f.name}: ${p.message}`);
    }
  });

  it('uses every message the dataset code has (so the files above leave no class untested)', async () => {
    const exported = await getL10nJson(datasetSources.map((f) => ({ contents: readFileSync(f, 'utf8'), extension: '.ts' })));
    // Only what no JSON text reaches: the last resort for a file whose loading throws; a number
    // jsonc-parser's scanner reads but Number() cannot (it never makes one); an unterminated
    // comment (comments are refused first); and the language tag, which is never shown.
    const unreachable = new Set(['could not be loaded: {0}', 'it is nested too deeply', 'invalid number', 'unterminated comment']);
    l10n.config({ contents: japanese });
    const messages = allProblems().map((p) => p.message);
    const unused = Object.keys(exported).filter((key) => {
      if (unreachable.has(key) || key.startsWith('en/')) return false;
      const pieces = japanese[key]!.split(/\{\d+\}/).map((s) => s.trim());
      const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
      return !messages.some((m) => m.includes(longest));
    });
    assert.deepEqual(unused, []);
  });

  it('writes ajv’s schema messages in Japanese through ajv-i18n, and ajv’s English without a bundle', () => {
    const text = json({ entries: [agreement('team-pact', { parties: 'jp', year: 1700 }), { id: 'missing-fields', kind: 'pillar' }] });
    const messages = () => loadDatasetFiles(base, [{ name: 'team.json', text }]).problems.map((p) => p.message);
    l10n.config({ contents: japanese });
    const ja = messages();
    l10n.config({ contents: {} });
    const en = messages();
    assert.ok(
      en.some((m) => /must be array/.test(m)),
      en.join('\n'),
    );
    assert.ok(
      en.some((m) => /must have required property 'policy'/.test(m)),
      en.join('\n'),
    );
    assert.ok(
      ja.some((m) => /^項目 team-pact：\/parties arrayでなければいけない/.test(m)),
      ja.join('\n'),
    );
    assert.ok(
      ja.some((m) => /必要なプロパティpolicyがなければいけない/.test(m)),
      ja.join('\n'),
    );
    assert.ok(
      ja.some((m) => /\/year >= 1800でなければいけない/.test(m)),
      ja.join('\n'),
    );
  });

  it('the broken-file, schema, duplicate and limit classes read as the Japanese templates say', () => {
    l10n.config({ contents: japanese });
    const broken = loadDatasetFiles(base, [{ name: 'a.json', text: '{"entries": [1 2]}' }]).problems;
    assert.deepEqual(
      broken.map((p) => p.message),
      ['有効な JSON ではありません：カンマが必要です'],
    );
    const duplicate = loadDatasetFiles(base, [{ name: 'b.json', text: json({ entries: [agreement('same'), agreement('same')] }) }]);
    assert.deepEqual(
      duplicate.problems.map((p) => p.message),
      ['同一ファイル内で ID「same」が重複しています'],
    );
    const long = loadDatasetFiles(base, [
      { name: 'c.json', text: json({ entries: [agreement('long', { aliases: ['x'.repeat(MAX_NAME_CHARS + 1)] })] }) },
    ]);
    assert.deepEqual(
      long.problems.map((p) => p.message),
      [`項目 long：/aliases/0 は${MAX_NAME_CHARS}文字以下の名称でなければなりません（これより長い名称は照合されません）`],
    );
    const schema = loadDatasetFiles(base, [
      { name: 'd.json', text: json({ entries: [agreement('odd', { classification: 'trilateral' })] }) },
    ]);
    assert.deepEqual(
      schema.problems.map((p) => p.message),
      ['項目 odd：/classification は次のいずれかでなければなりません：bilateral, multilateral, unilateral'],
    );
  });
});
