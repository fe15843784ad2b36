import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip } from './zip';
import { writeUserEntry } from './user-entry';

// The route to Word of docs/guide/command-line.md, run as written: `policy-lens export --format csl-json`, then
// `pandoc --citeproc` with the bundled Chicago notes-and-bibliography style, to a .docx whose XML
// is read back. Pandoc must be installed (CI: .ci/run; see test/cli/pandoc.test.ts).
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const STYLE = path.join(ROOT, 'styles', 'chicago-fullnote-bibliography.csl');

/** The text of each paragraph of a WordprocessingML part, with its paragraph style. */
function paragraphs(xml: string): Array<{ style: string | undefined; text: string }> {
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map(([, body]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(body!)?.[1],
    text: [...body!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''),
  }));
}

describe('the route to Word: export --format csl-json, then pandoc --citeproc to .docx', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-word-'));
  const odd = 'Trade & Data <Flows> “Partnership” 日本–Curaçao';
  writeUserEntry(dir, {
    id: 'our-own-2024',
    label: odd,
    summary: 'An entry of our own, with characters XML must escape.',
    url: 'https://example.org/notice?a=1&b=2',
    date: '2024-03-01',
  });
  fs.writeFileSync(
    path.join(dir, 'draft.md'),
    [
      '---',
      'title: Digital partnerships',
      '---',
      '',
      'Japan and Estonia signed a memorandum [@moc-estonia-2022], and the Japan–EU Digital Partnership',
      'followed [see @japan-eu-digital-partnership-2022, p. 3]. We cite our own entry too [@our-own-2024].',
      '',
    ].join('\n'),
  );

  it('writes a .docx with a footnote for each citation and a formatted bibliography of the cited entries', async () => {
    assert.equal(
      spawnSync('pandoc', ['--version']).status,
      0,
      'pandoc is not on PATH: `apt-get install -y pandoc` (.ci/run does it in CI)',
    );
    const exported = spawnSync(
      process.execPath,
      [CLI, 'export', '--format', 'csl-json', '--dataset', 'ours.json', '--out', 'refs.json', 'draft.md'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    assert.equal(exported.status, 0, exported.stderr);
    const pandoc = spawnSync(
      'pandoc',
      [
        'draft.md',
        '--citeproc',
        '--bibliography',
        'refs.json',
        '--csl',
        STYLE,
        '-M',
        'reference-section-title=Bibliography',
        '-o',
        'draft.docx',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(pandoc.status, 0, pandoc.stderr);
    assert.doesNotMatch(pandoc.stderr, /not found/, 'every [@key] resolves');

    const docx = await readZip(path.join(dir, 'draft.docx'));
    const body = paragraphs(docx.get('word/document.xml')!.toString('utf8'));
    assert.ok(
      body.some((p) => p.style?.startsWith('Heading') && p.text === 'Bibliography'),
      'a bibliography heading',
    );
    const bibliography = body.filter((p) => p.style === 'Bibliography').map((p) => p.text);
    // Chicago: title in quotes, the type, the full date, the URL; sorted by title.
    assert.deepEqual(bibliography, [
      '“Japan–Estonia Memorandum of Cooperation.” Memorandum, May 6, 2022. https://www.digital.go.jp/en/efaaadf8-e0bd-43ff-89fa-a9397d6a81e0-en/.',
      '“Japan–EU Digital Partnership.” Partnership, May 12, 2022. https://digital-strategy.ec.europa.eu/en/news/eu-japan-summit-strengthening-our-partnership.',
      `“Trade & Data <Flows> ‘Partnership’ 日本–Curaçao.” Memorandum, March 1, 2024. https://example.org/notice?a=1&b=2.`,
    ]);
    // A note style: each citation is a footnote in the text, with its page.
    const notes = paragraphs(docx.get('word/footnotes.xml')!.toString('utf8'))
      .map((p) => p.text.trim())
      .filter(Boolean);
    assert.equal(notes.length, 3);
    assert.match(notes[0]!, /^“Japan–Estonia Memorandum of Cooperation,” memorandum, May 6, 2022,/);
    assert.match(notes[1]!, /^See “Japan–EU Digital Partnership,” partnership, May 12, 2022, 3,/);
    assert.match(notes[2]!, /^“Trade & Data <Flows> ‘Partnership’ 日本–Curaçao,” memorandum, March 1, 2024,/);
    const text = body.map((p) => p.text).join('\n');
    assert.doesNotMatch(text, /@moc-estonia-2022|\[@|\?\?/, 'no citation left unresolved in the text');
  });
});
