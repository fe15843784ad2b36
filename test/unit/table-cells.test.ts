import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { engagementRows, engagementTableMarkdown } from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';
import { type EngagementRow } from '../../src/core/report/table';

// Every field that reaches a cell of the Markdown table export comes from a dataset: the
// engagement's label, the partner (labels of the host and parties, or their ids), the
// classification. Whatever it holds, the table must keep one row per engagement and one cell per
// column, and render the text as written: no HTML, link, image, code or emphasis from data.

const parser = unified().use(remarkParse).use(remarkGfm);

function nodesOf(node: Root | RootContent, type: string): number {
  const own = node.type === type ? 1 : 0;
  return own + ('children' in node ? (node.children as RootContent[]).reduce((n, c) => n + nodesOf(c, type), 0) : 0);
}

/** The table's body cells, as rendered text, and how many nodes of each hostile kind it holds. */
function render(markdown: string): { cells: string[][]; markup: number } {
  const tree = parser.parse(markdown);
  assert.equal(tree.children.length, 1, `one table, nothing else:\n${markdown}`);
  const table = tree.children[0] as Table;
  assert.equal(table.type, 'table');
  // remark-gfm also finds bare URLs and addresses in text, after escapes: a link to its own text,
  // which shows the text as written.
  const literalLinks = (node: Root | RootContent): number =>
    (node.type === 'link' && [toString(node), `http://${toString(node)}`, `mailto:${toString(node)}`].includes(node.url) ? 1 : 0) +
    ('children' in node ? (node.children as RootContent[]).reduce((n, c) => n + literalLinks(c), 0) : 0);
  const markup =
    -literalLinks(tree) +
    ['html', 'link', 'image', 'inlineCode', 'emphasis', 'strong', 'delete', 'linkReference', 'imageReference', 'footnoteReference'].reduce(
      (n, type) => n + nodesOf(tree, type),
      0,
    );
  return { cells: table.children.slice(1).map((row) => row.children.map((cell) => toString(cell))), markup };
}

/** What a cell shows for a value: line breaks and tabs as spaces, other controls dropped, trimmed as GFM trims cells. */
const shown = (value: string): string =>
  value
    .replace(/\r\n|[\r\n\u2028\u2029\u0085\t]/g, ' ')

    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '&lt;b&gt;',
  '&amp;',
  '[click](javascript:alert(1))',
  '![x](data:image/png;base64,AAAA)',
  '<https://example.invalid>',
  '`code`',
  '*em* **strong** _u_ ~~del~~',
  '$x$',
  'a | b',
  'a \\| b',
  'back\\slash\\',
  'first\rsecond',
  'first\nsecond',
  'first\r\nsecond',
  'line\u2028sep',
  '\u001b[2Jclear',
  '[^note]',
  '[ref][x]\n\n[x]: https://example.invalid',
  '<!-- comment -->',
  'Côte d’Ivoire — 日本',
];

describe('the Markdown table export: every cell, whatever the dataset holds', () => {
  it('keeps each row on one line and each value in its cell, rendered as written (hostile examples)', () => {
    const rows: EngagementRow[] = HOSTILE.map((text, k) => ({
      id: `e${k}`,
      year: 2000 + k,
      engagement: text,
      partner: `${text}, ${text}`,
      classification: text,
      citations: k + 1,
    }));
    const markdown = engagementTableMarkdown(rows);
    assert.equal(markdown.split('\n').length, rows.length + 3, 'a header, a delimiter row and one line per row');
    const { cells, markup } = render(markdown);
    assert.equal(markup, 0, markdown);
    assert.deepEqual(
      cells,
      rows.map((r, k) => [
        String(k + 1),
        String(r.year),
        shown(r.engagement),
        shown(r.partner),
        shown(r.classification),
        String(r.citations),
      ]),
    );
  });

  it('holds for any text made of Markdown syntax, HTML and line breaks (property)', () => {
    const unit = fc.constantFrom(
      ...'<>&[]()!`*_~$|\\#:=/-+.\'" \t\r\n\u2028\u001b\u0085aéZ9;'.split(''),
      '<b>',
      '&amp;',
      '](',
      'javascript:',
      'https://x.y',
      'www.x.y',
      'a@b.co',
      'mailto:',
      'xmpp:',
      '\r\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit }), fc.string({ unit }), fc.string({ unit })), { minLength: 1, maxLength: 4 }),
        (values) => {
          const rows: EngagementRow[] = values.map(([engagement, partner, classification], k) => ({
            id: `e${k}`,
            year: undefined,
            engagement,
            partner,
            classification,
            citations: 1,
          }));
          const { cells, markup } = render(engagementTableMarkdown(rows));
          assert.equal(markup, 0);
          assert.deepEqual(
            cells,
            rows.map((r, k) => [String(k + 1), '', shown(r.engagement), shown(r.partner), shown(r.classification), '1']),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('from a dataset: a hostile label on the agreement, its host and its parties stays in its cells', () => {
    const evil = 'Evil <img src=x onerror=alert(1)> [x](javascript:alert(1)) |\r| pact';
    const dataset = loadDataset([
      ...bundledLayers(),
      {
        name: 'evil.json',
        data: {
          entries: [
            // A bundled country whose label a user file overrides.
            { id: 'est', label: `${evil} land` },
            {
              id: 'evil-pact',
              kind: 'agreement',
              label: evil,
              aliases: [],
              summary: 'e',
              sources: [],
              type: 'agreement',
              year: 2024,
              classification: 'bilateral',
              host: 'est',
              parties: ['jpn', 'est', 'atlantis'],
            },
          ],
        },
      },
    ]);
    assert.equal(dataset.entries.get('est')!.label, `${evil} land`);
    const rows = engagementRows(new Map([['evil-pact', 2]]), dataset);
    const { cells, markup } = render(engagementTableMarkdown(rows));
    assert.equal(markup, 0);
    assert.deepEqual(cells, [['1', '2024', shown(evil), shown(`${evil} land, Japan, atlantis`), 'Bilateral', '2']]);
  });
});
