import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import schema from '../../src/core/dataset/dataset.schema.json';
import { ambiguousCard, entryCard, entryDocument, loadBundledDataset, type Entry, type EntryKind } from '../../src/core';
import { loadDataset } from '../../src/core/dataset/load';
import type { Dataset } from '../../src/core/dataset/load';

/**
 * Every string field of every kind of entry, read from the dataset schema (so a field added to the
 * schema is covered without touching this test), is set in turn to hostile Markdown and HTML; every
 * card and entry document that shows the entry, or an entry related to it, must render without
 * HTML, images or any link but http(s) sources and the entry links the caller asked for.
 */

type Path = Array<string | number>;
type SchemaNode = { $ref?: string; allOf?: SchemaNode[]; type?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode };

function resolve(node: SchemaNode): SchemaNode {
  let n = node;
  while (n.$ref) {
    const ref = n.$ref.replace(/^#\//, '').split('/');
    n = ref.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], schema) as SchemaNode;
  }
  return n;
}

/** The paths of every string (or string in an array) under a schema node. */
function stringPaths(node: SchemaNode, path: Path, out: Path[], depth = 0): void {
  if (depth > 6) return;
  const n = resolve(node);
  for (const part of n.allOf ?? []) stringPaths(part, path, out, depth + 1);
  if (n.type === 'string') out.push(path);
  if (n.type === 'array' && n.items) stringPaths(n.items, [...path, 0], out, depth + 1);
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    // `kind` picks the schema; it is an enum, not text.
    if (key !== 'kind') stringPaths(child, [...path, key], out, depth + 1);
  }
}

const definitions = schema.definitions as unknown as Record<string, SchemaNode>;
const FIELDS: Record<EntryKind, Path[]> = { agreement: [], pillar: [], country: [] };
for (const kind of ['agreement', 'pillar', 'country'] as const) {
  const all: Path[] = [];
  stringPaths(definitions.common!, [], all);
  stringPaths(definitions[kind]!, [], all);
  FIELDS[kind] = [...new Map(all.map((p) => [JSON.stringify(p), p])).values()];
}

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<a href="command:workbench.action.terminal.new">run</a>',
  '[run](command:workbench.action.terminal.new)',
  '[x](javascript:alert(1))',
  '![x](data:image/png;base64,AAAA)',
  '[x](data:text/html,<script>alert(1)</script>)',
  '<command:workbench.action.terminal.new>',
  '<javascript:alert(1)>',
  '<!-- hidden --> comment',
  '`code` and ``more``',
  'x\n\n[r]: command:evil\n\n[see][r]',
  '\\[x](command:evil)',
  '&lt;img src=x onerror=alert(1)&gt;',
  '![x][r]\n[r]: data:image/png;base64,AAAA',
  'javascript:alert(1) command:evil data:text/html,x',
];

const LINK = (id: string): string => `command:policyLens.openEntry?${encodeURIComponent(JSON.stringify([id]))}`;

function setAt(target: Record<string, unknown>, path: Path, value: string): void {
  let o: Record<string | number, unknown> = target;
  path.forEach((key, k) => {
    if (k === path.length - 1) {
      o[key] = value;
      return;
    }
    const next = path[k + 1];
    const existing = o[key];
    o[key] = typeof next === 'number' ? [...((existing as unknown[] | undefined) ?? [{}])] : { ...(existing ?? {}) };
    if (typeof next === 'number') {
      const arr = o[key] as unknown[];
      if (arr.length === 0) arr.push(path.length - 1 === k + 1 ? '' : {});
      if (path.length - 1 > k + 1 && typeof arr[next] !== 'object') arr[next] = {};
      else if (path.length - 1 > k + 1) arr[next] = { ...(arr[next] as object) };
    }
    o = o[key] as Record<string | number, unknown>;
  });
}

/** Three related entries: a country that is party to and hosts an agreement, which has a pillar. */
function hostileEntries(): Record<EntryKind, Record<string, unknown>> {
  return {
    country: {
      id: 'hostile-country',
      kind: 'country',
      label: 'Hostilia',
      aliases: ['Hostile Land'],
      summary: 'A country.',
      sources: [{ title: 'Source', url: 'https://example.org/country' }],
      type: 'country',
      officialName: 'Republic of Hostilia',
      commonName: 'Hostilia',
      demonyms: ['Hostilian'],
      region: 'Asia',
      subregion: 'Eastern Asia',
      capital: ['Hostile City'],
      iso2: 'HX',
      iso3: 'HXX',
      flag: '🇯🇵',
      members: ['jpn'],
    },
    agreement: {
      id: 'hostile-agreement',
      kind: 'agreement',
      label: 'Hostile Accord',
      aliases: ['the Accord'],
      summary: 'An accord.',
      sources: [{ title: 'Source', url: 'https://example.org/accord' }],
      type: 'partnership',
      date: '2022-05-06',
      classification: 'bilateral',
      parties: ['hostile-country', 'jpn'],
      host: 'hostile-country',
      pillars: ['hostile-pillar'],
      policies: ['japan-eu-digital-partnership-2022'],
      tableRow: '7',
    },
    pillar: {
      id: 'hostile-pillar',
      kind: 'pillar',
      label: 'Hostile Pillar',
      aliases: ['the pillar'],
      summary: 'A pillar.',
      sources: [{ title: 'Source', url: 'https://example.org/pillar' }],
      policy: 'hostile-agreement',
      number: 1,
      context: { cues: ['strand'], withSiblings: true },
    },
  };
}

/** A link the card was asked to make: LINK of some id (the id travels encoded, as an argument). */
function isEntryLink(href: string): boolean {
  const m = /^command:policyLens\.openEntry\?(.*)$/.exec(href);
  if (!m) return false;
  try {
    const args: unknown = JSON.parse(decodeURIComponent(m[1]!));
    return Array.isArray(args) && args.length === 1 && typeof args[0] === 'string' && LINK(args[0]) === href;
  } catch {
    return false;
  }
}

const md = new MarkdownIt({ html: true, linkify: true });

/** What is unsafe in rendered Markdown: HTML, images, and links that are neither http(s) nor an entry link. */
function unsafe(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>): void => {
    for (const t of tokens) {
      if (t.type === 'html_inline' || t.type === 'html_block') found.push(`HTML ${t.content.trim()}`);
      if (t.type === 'image') found.push(`image ${t.attrGet('src')}`);
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '');
        if (!/^https?:\/\//i.test(href) && !isEntryLink(href)) found.push(`link ${href}`);
      }
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return found;
}

function renderings(dataset: Dataset, ids: string[]): string[] {
  const out: string[] = [];
  const related = ['jpn', 'japan-eu-digital-partnership-2022'];
  for (const id of [...ids, ...related]) {
    const e = dataset.entries.get(id);
    if (!e) continue;
    out.push(entryCard(e, dataset), entryCard(e, dataset, { linkTo: LINK, compact: true, citations: 2 }), entryDocument(e, dataset));
  }
  const present = ids.filter((id) => dataset.entries.has(id));
  const ref = { kind: 'agreement', id: present[0] ?? 'jpn', label: 'x', text: 'x', start: { line: 1, column: 1, offset: 0 } } as const;
  out.push(ambiguousCard({ ...ref, end: ref.start, via: 'name', candidates: present }, dataset, { linkTo: LINK }));
  return out;
}

describe('hostile text in cards', () => {
  const bundled = loadBundledDataset();
  const ids = ['hostile-country', 'hostile-agreement', 'hostile-pillar'];

  it('reads the string fields of every kind from the schema', () => {
    const names = (kind: EntryKind): string[] => FIELDS[kind].map((p) => p.join('.'));
    for (const kind of ['agreement', 'pillar', 'country'] as const) {
      assert.ok(names(kind).includes('label') && names(kind).includes('sources.0.title'), kind);
    }
    assert.ok(names('country').includes('flag') && names('country').includes('capital.0'));
    assert.ok(names('agreement').includes('type') && names('pillar').includes('context.cues.0'));
  });

  for (const kind of ['agreement', 'pillar', 'country'] as const) {
    it(`escapes every string field of a ${kind}, whether the schema lets it through or not`, () => {
      const failures: string[] = [];
      for (const path of FIELDS[kind]) {
        for (const payload of PAYLOADS) {
          const raw = hostileEntries();
          setAt(raw[kind], path, payload);
          // Through the schema: the entry is refused, or it is shown safely.
          const loaded = loadDataset([{ name: 'hostile.json', data: { entries: Object.values(raw) } }], { base: bundled });
          // Around the schema (data built in code, or a check gone missing): the cards still escape.
          const direct: Dataset = { ...bundled, entries: new Map(bundled.entries) };
          for (const e of Object.values(raw)) direct.entries.set(e.id as string, e as unknown as Entry);
          for (const dataset of [loaded, direct]) {
            for (const text of renderings(dataset, ids)) {
              for (const problem of unsafe(text)) failures.push(`${path.join('.')} = ${JSON.stringify(payload)}: ${problem}`);
            }
          }
        }
      }
      assert.deepEqual([...new Set(failures)].slice(0, 20), []);
    });
  }

  it('refuses a flag that is not one flag emoji or a short plain text', () => {
    const raw = hostileEntries();
    const load = (flag: string) => {
      raw.country.flag = flag;
      return loadDataset([{ name: 'f.json', data: { entries: [raw.country] } }], { base: bundled });
    };
    for (const ok of ['🇯🇵', '🇪🇺', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', 'EU', 'G7'])
      assert.deepEqual(
        load(ok).problems.filter((p) => p.severity === 'error'),
        [],
        ok,
      );
    for (const bad of ['<img src=x onerror=alert(1)>', '🇯🇵🇯🇵', '[x](command:y)', 'a'.repeat(9), '🇯', '🏳️‍🌈']) {
      const problems = load(bad).problems.filter((p) => p.severity === 'error');
      assert.ok(
        problems.some((p) => p.pointer.endsWith('/flag') && /flag emoji/.test(p.message)),
        `${bad}: ${JSON.stringify(problems)}`,
      );
    }
  });
});
