import assert from 'node:assert/strict';
import { DatasetFiles, entryCard, loadBundledDataset, loadDatasetFiles, type AgreementEntry, type LocatedProblem } from '../../src/core';

const base = loadBundledDataset();

/** A new agreement with every required field; `extra` overrides or adds fields. */
const agreement = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  kind: 'agreement',
  label: `Team Pact ${id}`,
  aliases: [],
  summary: 'An arrangement our team tracks.',
  sources: [],
  type: 'memorandum',
  parties: ['jpn', 'est'],
  ...extra,
});

const file = (entries: unknown[]): string => JSON.stringify({ entries }, null, 2) + '\n';

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, last = false): { line: number; column: number } {
  const at = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  assert.notEqual(at, -1, `${needle} is not in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const at = (p: LocatedProblem): { line: number; column: number } => ({ line: p.start.line, column: p.start.column });

describe('user dataset files', () => {
  it('merge onto the bundled data: a new entry is added, an override changes only its fields', () => {
    const text = file([agreement('team-pact-2025'), { id: 'moc-estonia-2022', summary: 'Our own summary.' }]);
    const { dataset, problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    assert.deepEqual(problems, []);
    assert.equal(dataset.entries.get('team-pact-2025')?.label, 'Team Pact team-pact-2025');
    const estonia = dataset.entries.get('moc-estonia-2022') as AgreementEntry;
    const bundled = base.entries.get('moc-estonia-2022') as AgreementEntry;
    assert.equal(estonia.summary, 'Our own summary.');
    assert.equal(estonia.label, bundled.label);
    assert.deepEqual(estonia.parties, bundled.parties);
    assert.equal(bundled.summary === 'Our own summary.', false, 'the bundled dataset itself is untouched');
  });

  it('place a schema error at the offending value, with its line and column', () => {
    const text = file([agreement('team-pact-2025', { classification: 'trilateral' })]);
    const { problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'error');
    assert.match(problems[0]!.message, /classification must be one of bilateral, multilateral/);
    assert.deepEqual(at(problems[0]!), where(text, '"trilateral"'));
  });

  it('place a missing required property at the entry id', () => {
    const entry = agreement('team-pact-2025');
    delete entry.type;
    const text = file([entry]);
    const { problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /must have required property 'type'/);
    assert.deepEqual(at(problems[0]!), where(text, '"team-pact-2025"'));
  });

  it('report duplicate ids, unknown parties and pillars, and impossible dates where they are written', () => {
    const text = file([
      agreement('team-pact-2025', { parties: ['jpn', 'atlantis'], pillars: ['no-such-pillar'] }),
      agreement('team-pact-2025'),
      agreement('team-pact-2026', { date: '2023-02-30' }),
    ]);
    const { dataset, problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    const find = (re: RegExp): LocatedProblem => {
      const p = problems.find((q) => re.test(q.message));
      assert.ok(p, `no problem matches ${re}: ${problems.map((q) => q.message).join(' | ')}`);
      return p;
    };
    assert.deepEqual(at(find(/parties "atlantis" is not a known entry/)), where(text, '"atlantis"'));
    assert.deepEqual(at(find(/pillars "no-such-pillar" is not a known entry/)), where(text, '"no-such-pillar"'));
    assert.deepEqual(at(find(/duplicate id "team-pact-2025"/)), where(text, '"team-pact-2025"', true));
    assert.deepEqual(at(find(/2023-02-30 is not a real date/)), where(text, '"2023-02-30"'));
    assert.equal(dataset.entries.has('team-pact-2026'), false, 'an entry with an impossible date is not used');
    assert.equal(dataset.entries.has('team-pact-2025'), true);
  });

  it('report invalid JSON at the place it breaks, and a broken file never breaks the others', () => {
    const good = { name: 'good.json', text: file([agreement('team-pact-2025')]) };
    const broken = { name: 'broken.json', text: '{\n  "entries": [\n    { "id": "x" }\n    { "id": "y" }\n  ]\n}\n' };
    const notADataset = { name: 'list.json', text: '[1, 2]' };
    const { dataset, problems } = loadDatasetFiles(base, [broken, good, notADataset]);
    const syntax = problems.filter((p) => p.layer === 'broken.json');
    assert.equal(syntax.length > 0, true);
    assert.match(syntax[0]!.message, /not valid JSON: a comma is expected/);
    assert.deepEqual(at(syntax[0]!), { line: 4, column: 5 });
    assert.match(problems.find((p) => p.layer === 'list.json')!.message, /not a Policy Lens dataset/);
    assert.ok(dataset.entries.has('team-pact-2025'));
    assert.equal(dataset.entries.size, base.entries.size + 1);
  });

  it('keep the last good entries of a file while its text is broken, and of an entry while it is invalid', () => {
    const files = new DatasetFiles(() => base);
    const good = file([agreement('team-pact-2025', { year: 2025 })]);
    assert.equal(files.update([{ name: 'team.json', text: good }]), true);
    const first = files.dataset();
    assert.ok(first.entries.has('team-pact-2025'));

    // Half-typed: the JSON does not parse. The entry stays; the problem says so.
    assert.equal(files.update([{ name: 'team.json', text: good.slice(0, good.length - 10) }]), false);
    assert.equal(files.dataset(), first, 'nothing changed, so nothing is analysed again');
    assert.deepEqual(files.broken(), ['team.json']);
    assert.match(files.problems('team.json')[0]!.message, /last valid entries stay in use/);

    // Parses again, but the entry's year is momentarily wrong: its last valid version stays.
    const typing = good.replace('"year": 2025', '"year": 20');
    files.update([{ name: 'team.json', text: typing }]);
    assert.equal((files.dataset().entries.get('team-pact-2025') as AgreementEntry).year, 2025);
    assert.deepEqual(files.broken(), []);
    const problem = files.problems('team.json')[0]!;
    assert.match(problem.message, /year must be >= 1800 \(its last valid version stays in use\)/);
    assert.deepEqual(at(problem), where(typing, '20\n'));

    // Fixed: the new value is used.
    files.update([{ name: 'team.json', text: good.replace('"year": 2025', '"year": 2024') }]);
    assert.equal((files.dataset().entries.get('team-pact-2025') as AgreementEntry).year, 2024);
    assert.deepEqual(files.problems('team.json'), []);

    // Removed: back to the bundled data itself.
    files.update([]);
    assert.equal(files.dataset(), base);
  });

  it('leave out bundled kinds, still accepting references to them', () => {
    const text = file([agreement('team-pact-2025')]);
    const { dataset, problems } = loadDatasetFiles(base, [{ name: 'team.json', text }], { disabledKinds: ['agreement', 'pillar'] });
    assert.deepEqual(problems, []);
    const kinds = new Set([...dataset.entries.values()].filter((e) => e.id !== 'team-pact-2025').map((e) => e.kind));
    assert.deepEqual([...kinds], ['country']);
    assert.ok(dataset.entries.has('team-pact-2025'));
  });

  it('bring back a switched-off bundled entry that a file overrides, with its changes', () => {
    const text = file([{ id: 'moc-estonia-2022', summary: 'Our reading of it.' }]);
    const { dataset, problems } = loadDatasetFiles(base, [{ name: 'team.json', text }], { disabledKinds: ['agreement'] });
    assert.deepEqual(problems, []);
    const moc = dataset.entries.get('moc-estonia-2022') as AgreementEntry;
    assert.equal(moc.summary, 'Our reading of it.');
    assert.equal(moc.label, (base.entries.get('moc-estonia-2022') as AgreementEntry).label, 'the fields it does not set stay as bundled');
    const agreements = [...dataset.entries.values()].filter((e) => e.kind === 'agreement').map((e) => e.id);
    assert.deepEqual(agreements, ['moc-estonia-2022'], 'the other bundled agreements stay off');
  });

  it('warn about a misspelt field in an override, at the field', () => {
    const text = file([{ id: 'moc-estonia-2022', summry: 'Typo.' }]);
    const { problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'warning');
    assert.match(problems[0]!.message, /"summry" is not a field of an override/);
    assert.deepEqual(at(problems[0]!), where(text, '"Typo."'));
  });

  it('accept a hostile entry the schema allows, whose card still has no command link and no HTML', () => {
    const hostile = agreement('hostile-accord', {
      label: 'Hostile [x](command:workbench.action.quit) Accord',
      summary: 'Click [here](command:workbench.action.quit) <img src=x onerror=alert(1)> <script>alert(1)</script>',
      sources: [{ title: '[t](command:workbench.action.quit)', url: 'https://example.org/a) [z](command:workbench.action.quit' }],
    });
    const { dataset, problems } = loadDatasetFiles(base, [{ name: 'hostile.json', text: file([hostile]) }]);
    assert.deepEqual(problems, [], 'the schema lets it through: the card must hold');
    const card = entryCard(dataset.entries.get('hostile-accord')!, dataset, {
      linkTo: (id) => `command:policyLens.openEntry?${id}`,
      compact: true,
    });
    const commands = [...card.matchAll(/\]\(\s*<?\s*command:([\w.]+)/g)].map((m) => m[1]);
    assert.ok(commands.length > 0 && commands.every((c) => c === 'policyLens.openEntry'), commands.join(', '));
    assert.doesNotMatch(card, /(?<!\\)<(img|script)\b/);
  });

  it('say that an entry with an unknown id and no kind is not an override of anything', () => {
    const text = file([{ id: 'no-such-entry', summary: 'Meant as an override.' }]);
    const { problems } = loadDatasetFiles(base, [{ name: 'team.json', text }]);
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => /no entry has this id/.test(p.message)));
  });
});
