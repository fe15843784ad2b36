import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DRAFT_LANGUAGE_IDS, loadBundledDataset, type AgreementEntry } from '../../src/core';
import { footnoteText, tableRow } from '../../src/core/report/citation';

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join(ROOT, 'snippets', 'markdown.code-snippets');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

/** A tab stop, placeholder or choice of a snippet body. */
interface Stop {
  index: number;
  /** Default text (with nested stops written out), when a placeholder. */
  placeholder?: string;
  choices?: string[];
}

/** Variables VS Code resolves in snippets (the ones a Markdown citation might use). */
const VARIABLES = new Set([
  'TM_SELECTED_TEXT',
  'TM_CURRENT_LINE',
  'TM_CURRENT_WORD',
  'TM_FILENAME',
  'TM_FILENAME_BASE',
  'CLIPBOARD',
  'CURRENT_YEAR',
  'CURRENT_MONTH',
  'CURRENT_DATE',
]);

/**
 * Parses a snippet body by the TextMate/VS Code snippet grammar (tab stops `$1`/`${1}`,
 * placeholders `${1:text}` that may nest, choices `${1|a,b|}`, variables, `\` escapes). Throws on
 * anything the editor would take literally by mistake: a stray `$`, an unclosed `${`, an empty
 * choice, an unknown variable.
 */
function parseBody(body: string): { stops: Stop[]; text: (values: Record<number, string>) => string } {
  const stops: Stop[] = [];
  let i = 0;
  const fail = (why: string): never => assert.fail(`${why} at ${i} in ${JSON.stringify(body)}`);
  type Part = string | { index: number; children?: Part[] };
  const parse = (until: string | undefined): Part[] => {
    const parts: Part[] = [];
    let literal = '';
    const flush = (): void => {
      if (literal) parts.push(literal);
      literal = '';
    };
    while (i < body.length) {
      const c = body[i]!;
      if (until !== undefined && c === until) {
        flush();
        return parts;
      }
      if (c === '\\' && '$}\\'.includes(body[i + 1] ?? '')) {
        literal += body[i + 1];
        i += 2;
        continue;
      }
      if (c === '}' && until === undefined) fail('unescaped }');
      if (c !== '$') {
        literal += c;
        i++;
        continue;
      }
      flush();
      i++;
      const simple = /^(\d+|[A-Z_][A-Z_0-9]*)/.exec(body.slice(i));
      if (simple) {
        i += simple[0].length;
        if (/^\d/.test(simple[0])) {
          stops.push({ index: Number(simple[0]) });
          parts.push({ index: Number(simple[0]) });
        } else if (!VARIABLES.has(simple[0])) fail(`unknown variable ${simple[0]}`);
        continue;
      }
      if (body[i] !== '{') fail('a $ that starts nothing (escape it as \\$)');
      i++;
      const head = /^(\d+|[A-Z_][A-Z_0-9]*)/.exec(body.slice(i)) ?? fail('${ without a tab stop number or variable');
      i += head[0].length;
      const numeric = /^\d/.test(head[0]);
      if (!numeric && !VARIABLES.has(head[0])) fail(`unknown variable ${head[0]}`);
      const index = numeric ? Number(head[0]) : -1;
      if (body[i] === '}') {
        i++;
        if (numeric) {
          stops.push({ index });
          parts.push({ index });
        }
      } else if (body[i] === ':') {
        i++;
        const children = parse('}');
        if (body[i] !== '}') fail('unclosed ${');
        i++;
        const placeholder = children.map((p) => (typeof p === 'string' ? p : `$${p.index}`)).join('');
        if (numeric) {
          stops.push({ index, placeholder });
          parts.push({ index, children });
        }
      } else if (body[i] === '|') {
        const end = body.indexOf('|}', i + 1);
        if (end < 0) fail('unclosed choice');
        const choices = body.slice(i + 1, end).split(',');
        if (choices.length < 2 || choices.some((ch) => ch.trim() === '')) fail('a choice needs two or more non-empty options');
        i = end + 2;
        stops.push({ index, choices });
        parts.push({ index });
      } else fail('transforms and other forms are not used here');
    }
    if (until !== undefined) fail('unclosed ${');
    flush();
    return parts;
  };
  const parts = parse(undefined);
  const render = (ps: Part[], values: Record<number, string>): string =>
    ps.map((p) => (typeof p === 'string' ? p : (values[p.index] ?? (p.children ? render(p.children, values) : '')))).join('');
  return { stops, text: (values) => render(parts, values) };
}

function bodyOf(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

describe('snippets/markdown.code-snippets', () => {
  const raw = readFileSync(FILE, 'utf8');
  const snippets = JSON.parse(raw) as Record<string, Snippet>;
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { snippets: { language: string; path: string }[] };
  };
  const dataset = loadBundledDataset();
  const byPrefix = (prefix: string): Snippet => {
    const s = Object.values(snippets).find((x) => ([] as string[]).concat(x.prefix).includes(prefix));
    assert.ok(s, `no snippet has the prefix ${prefix}`);
    return s;
  };

  it('is the file package.json contributes for every draft language (Markdown, Quarto, R Markdown), in strict JSON', () => {
    assert.deepEqual(
      manifest.contributes.snippets,
      DRAFT_LANGUAGE_IDS.map((language) => ({ language, path: './snippets/markdown.code-snippets' })),
    );
    assert.doesNotThrow(() => JSON.parse(raw));
  });

  it('gives every snippet a prefix starting cite or pl-, a body and a description', () => {
    assert.ok(Object.keys(snippets).length >= 4);
    const seen = new Set<string>();
    for (const [name, s] of Object.entries(snippets)) {
      const prefixes = ([] as unknown[]).concat(s.prefix);
      assert.ok(prefixes.length > 0, `${name}: no prefix`);
      for (const p of prefixes) {
        assert.equal(typeof p, 'string', `${name}: prefix ${String(p)}`);
        assert.match(p as string, /^(cite|pl-)[a-z-]+$/, `${name}: prefix ${String(p)} would show up in ordinary typing`);
        assert.ok(!seen.has(p as string), `prefix ${String(p)} used twice`);
        seen.add(p as string);
      }
      assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')), `${name}: body`);
      assert.ok(bodyOf(s).trim().length > 0, `${name}: empty body`);
      assert.equal(typeof s.description, 'string', `${name}: description`);
      assert.ok(s.description.length > 20, `${name}: the description should say what it inserts`);
    }
  });

  it('writes well-formed placeholders: numbered from 1 without gaps, each defined once, mirrors plain', () => {
    for (const [name, s] of Object.entries(snippets)) {
      const { stops } = parseBody(bodyOf(s));
      const numbers = [...new Set(stops.map((t) => t.index).filter((n) => n > 0))].sort((a, b) => a - b);
      assert.deepEqual(
        numbers,
        numbers.map((_, k) => k + 1),
        `${name}: tab stops ${numbers.join(', ')}`,
      );
      for (const n of numbers) {
        const defs = stops.filter((t) => t.index === n && (t.placeholder !== undefined || t.choices));
        assert.ok(defs.length <= 1, `${name}: $${n} has ${defs.length} defaults or choice lists; mirrors should be plain $${n}`);
      }
      assert.ok(stops.filter((t) => t.index === 0).length <= 1, `${name}: more than one $0`);
    }
  });

  it('catches what it should: a stray $, an unclosed placeholder, a one-option choice', () => {
    assert.throws(() => parseBody('costs $ 5'));
    assert.throws(() => parseBody('[^${1:id]'));
    assert.throws(() => parseBody('${1|bilateral|}'));
    assert.throws(() => parseBody('${SELECTION}'));
    assert.deepEqual(parseBody('[^${1:id}] $1 ${2|a,b|}').stops, [
      { index: 1, placeholder: 'id' },
      { index: 1 },
      { index: 2, choices: ['a', 'b'] },
    ]);
  });

  it('covers a footnote with its definition, an inline citation, a Pandoc citation and a table row', () => {
    assert.match(bodyOf(byPrefix('cite-footnote')), /^\[\^\$\{1:id\}\]\$0\n\n\[\^\$1\]: /);
    assert.match(bodyOf(byPrefix('cite-inline')), /^\$\{1:Label\} \(\$\{2:year\}\)/);
    assert.match(bodyOf(byPrefix('cite-pandoc')), /^\[@\$\{1:id\}\]/);
    assert.match(bodyOf(byPrefix('cite-row')), /^\| \$\{1:year\} \| /);
    for (const p of ['pl-footnote', 'pl-inline', 'pl-pandoc', 'pl-row']) byPrefix(p);
  });

  it('lists the classifications, and only types the dataset uses, as choices', () => {
    const types = new Set([...dataset.entries.values()].flatMap((e) => (e.kind === 'agreement' ? [e.type] : [])));
    const footnote = parseBody(bodyOf(byPrefix('cite-footnote'))).stops.filter((t) => t.choices);
    assert.deepEqual(
      footnote.map((t) => t.choices!.length > 2),
      [true, false],
    );
    assert.deepEqual(footnote[1]!.choices, ['bilateral', 'multilateral']);
    for (const t of footnote[0]!.choices!) assert.ok(types.has(t), `type ${t} is not in the dataset`);
    for (const p of ['cite-row', 'cite-table']) {
      assert.deepEqual(
        parseBody(bodyOf(byPrefix(p))).stops.flatMap((t) => t.choices ?? []),
        ['Bilateral', 'Multilateral'],
        p,
      );
    }
  });

  it('fills in to what the core writes: the footnote definition and the Table 1 row', () => {
    // Any bilateral agreement dated by its year only: the snippets have a year stop, not a date stop.
    const uk = [...dataset.entries.values()].find(
      (e): e is AgreementEntry =>
        e.kind === 'agreement' &&
        e.date === undefined &&
        e.classification === 'bilateral' &&
        e.parties.length === 2 &&
        e.parties.every((p) => dataset.entries.has(p)) &&
        e.sources[0]?.url !== undefined,
    );
    assert.ok(uk, 'this check needs a bilateral entry dated by its year only');
    const [a, b] = uk.parties.map((p) => dataset.entries.get(p)!.label);
    const values = {
      1: uk.id,
      2: uk.label,
      3: String(uk.year),
      4: uk.type,
      5: uk.classification!,
      6: a!,
      7: b!,
      8: uk.sources[0]!.title,
      9: uk.sources[0]!.url!,
      0: '',
    };
    assert.equal(parseBody(bodyOf(byPrefix('cite-definition'))).text(values), `[^${uk.id}]: ${footnoteText(uk, dataset)}`);
    assert.equal(parseBody(bodyOf(byPrefix('cite-footnote'))).text(values), `[^${uk.id}]\n\n[^${uk.id}]: ${footnoteText(uk, dataset)}`);
    const row = { 1: String(uk.year), 2: uk.label, 3: `${a}, ${b}`, 4: 'Bilateral', 0: '' };
    assert.equal(parseBody(bodyOf(byPrefix('cite-row'))).text(row), tableRow(uk, dataset));
    const table = parseBody(bodyOf(byPrefix('cite-table')))
      .text(row)
      .split('\n');
    assert.equal(table[2], tableRow(uk, dataset));
    assert.equal(table[0]!.split('|').length, table[2].split('|').length, 'header and row have the same columns');
  });
});
