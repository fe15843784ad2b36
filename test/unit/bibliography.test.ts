import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { analyze, loadBundledDataset } from '../../src/core';
import {
  bibliographyEntries,
  bibliographyFormat,
  bibliographyKeys,
  bibtexEntries,
  bibtexKeys,
  frontMatterBibliography,
  frontMatterBibliographyField,
  mergeBibliographyFields,
  metadataBibliographyField,
  projectBibliography,
  withoutBibliographyCitations,
  type BibliographyEntry,
  type BibliographyField,
} from '../../src/core/markdown/bibliography';

/**
 * The writer's own bibliography (Quarto's and Pandoc's `bibliography:`): which files a draft names,
 * the keys they hold with the detail a completion list shows, and the unknown-citation checks they silence.
 */

/** Pandoc's reading of a BibTeX file as CSL-JSON (pandoc must be installed, as for the export tests). */
function pandocCsl(bib: string): string {
  const r = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: bib, encoding: 'utf8' });
  if (r.error) assert.fail('pandoc is not on PATH: install it (Debian: `apt-get install -y pandoc`; .ci/run does this in CI)');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('the writer’s own bibliography', () => {
  describe('BibTeX keys', () => {
    it('reads every entry’s key, whatever its case, spacing or delimiters, and nothing of @string, @preamble or @comment', () => {
      const bib = [
        '% Team references, exported from Zotero @misc{in-a-comment, title={x}}',
        '@string{ian = "Brown, Ian"}',
        '@STRING( jane = {Woods, Jane} )',
        '@preamble{ "\\newcommand{\\noop}[1]{}" }',
        '@comment{ @book{commented-out, title = {Gone}} }',
        'Stray notes between entries are a comment too: mail a@b.example, @ alone.',
        '',
        '@Article{smith2020,',
        '  title = {A {Nested {Deeply}} Title with a {brace} in {braces}},',
        '  author = ian # " and " # jane,',
        '  note = "written to a@b.example"',
        '}',
        '  @book  {  tanaka:2019-x  ,',
        'title="Odd spacing"}',
        '@misc(paren-key, title = {Parentheses (and a bracket) inside})',
        '@online{日本語キー,title={Japanese key}}',
        '@misc{no-fields}',
        '@misc{trailing-comma, title = {x}, }',
        '@inproceedings{last,title={no newline at the end}}',
      ].join('\n');
      const { keys, problem } = bibtexKeys(bib);
      assert.equal(problem, undefined);
      assert.deepEqual(keys, ['smith2020', 'tanaka:2019-x', 'paren-key', '日本語キー', 'no-fields', 'trailing-comma', 'last']);
    });

    it('reads Windows and old Mac line ends alike', () => {
      for (const eol of ['\r\n', '\r']) {
        const text = ['% comment @book{no,', '@book{a,', ' title = {x}', '}', '@book{b, title={y}}'].join(eol);
        assert.deepEqual(bibtexKeys(text), { keys: ['a', 'b'] }, JSON.stringify(eol));
      }
    });

    it('keeps every other key when an entry never closes or has no key, and says where in one line', () => {
      const text = [
        '@article{first, title = {fine}}',
        '@article{broken, title = {never closed',
        '',
        '@book{after, title = {fine}}',
        '@misc{, title = {no key}}',
        '@book{end, title={x}}',
      ].join('\n');
      const { keys, problem } = bibtexKeys(text);
      assert.deepEqual(keys, ['first', 'broken', 'after', 'end']);
      assert.equal(problem, 'line 2: the entry is never closed (and 1 more)');
      assert.doesNotMatch(problem!, /\n/);
    });

    it('never throws and never hangs on hostile text', () => {
      for (const text of [
        '@',
        '@@@@',
        '@a{',
        '@a{{{{{{',
        '@a(',
        '}'.repeat(1000),
        '@x{' + '{'.repeat(50_000),
        '@comment',
        '@string{'.repeat(2000),
      ]) {
        const { keys } = bibtexKeys(text);
        assert.ok(Array.isArray(keys));
      }
    });

    it('agrees with pandoc on the keys of a file (pandoc must be installed, as for the export tests)', () => {
      const bib = [
        '@string{org = "OECD"}',
        '% a comment @book{in-comment, title={x}}',
        '@comment{ @book{commented, title={x}} }',
        'stray text',
        '@report{oecd-2021, title = {Data {Flows}}, institution = org}',
        '  @MISC  {  un:2020  ,  title = "UN {(2020)}" }',
        '@book{jp-2019,title={Japan}}',
        '@misc{日本語キー, title={J}}',
        '@preamble{"x"}',
      ].join('\n');
      const ids = (JSON.parse(pandocCsl(bib)) as Array<{ id: string }>).map((e) => e.id);
      assert.equal(ids.length, 4);
      assert.deepEqual(bibtexKeys(bib).keys, ids);
    });
  });

  describe('CSL-JSON and CSL-YAML keys', () => {
    it('reads the id of every CSL-JSON item, a number as its digits, and skips items without one', () => {
      const json = JSON.stringify([
        { id: 'oecd-2021', type: 'report' },
        { id: 2020 },
        { type: 'book' },
        'not an item',
        { id: '  spaced  ' },
      ]);
      assert.deepEqual(bibliographyKeys(json, 'csl-json'), { keys: ['oecd-2021', '2020', 'spaced'] });
      assert.deepEqual(bibliographyKeys('\uFEFF[{"id": "bom"}]', 'csl-json'), { keys: ['bom'] });
    });

    it('says in one line why a CSL-JSON file gives no keys', () => {
      for (const text of ['[{"id": "a"', '{"id": "a"}', '']) {
        const { keys, problem } = bibliographyKeys(text, 'csl-json');
        assert.deepEqual(keys, []);
        assert.ok(problem && !problem.includes('\n'), text);
      }
    });

    describe('a broken CSL-JSON file', () => {
      const japanese = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<
        string,
        string
      >;
      /** Broken files, each with the line of its first error. */
      const BROKEN: Array<[string, number]> = [
        ['[{"id": "a"', 1],
        ['[\n  {"id": "a",}\n]', 2],
        ['[\r\n\r\n  {"id": "a"}\r\n  {"id": "b"}\r\n]', 4],
        ['\uFEFF[\n{"id": "a", "title": "tab\tin a string"}]', 2],
        ['[{"id": "a"}]\n[]', 2],
        ['', 1],
        ['[\n\n\n{"id": 01}]', 4],
        ['[{"id": "a"} // a comment\n]', 1],
      ];
      afterEach(() => l10n.config({ contents: {} }));

      it('says on which line and why, in English without a bundle (the CLI)', () => {
        for (const [text, line] of BROKEN) {
          const { entries, problem } = bibliographyEntries(text, 'csl-json');
          assert.deepEqual(entries, []);
          assert.match(problem!, new RegExp(`^line ${line}: not valid JSON: [a-z][A-Za-z ]+$`), JSON.stringify(text));
        }
        assert.equal(bibliographyEntries('[[]] []', 'csl-json').problem, 'line 1: not valid JSON: nothing may follow the list of items');
      });

      it('says it in the display language, with no English of the JSON reader left in it', () => {
        l10n.config({ contents: japanese });
        for (const [text, line] of [...BROKEN, ['[[]] []', 1] as [string, number]]) {
          const { problem } = bibliographyEntries(text, 'csl-json');
          assert.ok(problem!.startsWith(`${line}行目：有効な JSON ではありません（`), `${JSON.stringify(text)}: ${problem}`);
          assert.doesNotMatch(problem!.replace(/JSON/g, ''), /[A-Za-z]/, `${JSON.stringify(text)}: ${problem}`);
        }
        assert.equal(bibliographyEntries('['.repeat(200_000), 'csl-json').problem, '有効な JSON ではありません');
      });
    });

    it('reads the ids of CSL-YAML, under references or as a bare list, with or without document markers', () => {
      const yaml = [
        '---',
        'references:',
        '- id: oecd-2021',
        '  type: report',
        '  author:',
        '    - family: Smith',
        '- id: "quoted:key"',
        "- {id: 'flow-style', title: x}",
        '- type: book',
        '...',
        '',
      ].join('\n');
      assert.deepEqual(bibliographyKeys(yaml, 'csl-yaml'), { keys: ['oecd-2021', 'quoted:key', 'flow-style'] });
      assert.deepEqual(bibliographyKeys('- id: one\n- id: 2\n', 'csl-yaml'), { keys: ['one', '2'] });
    });

    it('says in one line why a CSL-YAML file gives no keys, and survives an alias bomb', () => {
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...'bcdefghi'.split('').map((c, k) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[k]}`).join(', ')}]`),
      ].join('\n');
      for (const text of ['references: [unclosed', 'title: no references here', bomb]) {
        const { keys, problem } = bibliographyKeys(text, 'csl-yaml');
        assert.deepEqual(keys, []);
        assert.ok(problem && !problem.includes('\n'), text);
      }
    });

    it('chooses the format by the extension, as pandoc does', () => {
      assert.equal(bibliographyFormat('refs.bib'), 'bibtex');
      assert.equal(bibliographyFormat('dir.v2/Refs.BibTeX'), 'bibtex');
      assert.equal(bibliographyFormat('policy-lens.json'), 'csl-json');
      assert.equal(bibliographyFormat('refs.yaml'), 'csl-yaml');
      assert.equal(bibliographyFormat('refs.yml'), 'csl-yaml');
      assert.equal(bibliographyFormat('refs.ris'), undefined);
      assert.equal(bibliographyFormat('bib'), undefined);
    });
  });

  describe('the detail of each entry', () => {
    it('reads title, authors and year of BibTeX, with @string names, # joins, braces, accents and name orders resolved', () => {
      const bib = [
        '@string{ org = "Organisation for Economic {Co-operation}" }',
        '@STRING(yr = {2021})',
        '@Report{oecd-2021,',
        '  title = {Data {Flows} and \\emph{Trust} in Gr{\\"o}{\\ss}e Stra\\ss e: \\c{C}a\\~{n}on \\& \\\'{\\i}ndice},',
        "  author = {{World Bank} and Tanaka, Taro and van der Berg, Jr, Anna and Jos\\'e Garc\\'ia},",
        '  institution = org, year = yr,',
        '}',
        '@book{joined, title = org # " report" # { 2}, date = {2019-05-01/2019-06-01}, editor = "Smith, J. and Doe, Jane"}',
        '@misc{bare}',
        '@misc{odd, title = {}, author = {}, year = {circa}}',
        '@online{hostile, title = {A {never closed}',
        '@misc{after, title = "Quoted {"with"} inside", year = 1999}',
      ].join('\n');
      const { entries, problem } = bibtexEntries(bib);
      assert.match(problem!, /^line 11: the entry is never closed$/);
      assert.deepEqual(entries, [
        {
          key: 'oecd-2021',
          title: 'Data Flows and Trust in Größe Straße: Çañon & índice',
          authors: ['World Bank', 'Taro Tanaka', 'Anna van der Berg Jr', 'José García'],
          year: '2021',
        },
        { key: 'joined', title: 'Organisation for Economic Co-operation report 2', authors: ['J. Smith', 'Jane Doe'], year: '2019' },
        { key: 'bare' },
        { key: 'odd' },
        { key: 'hostile' },
        { key: 'after', title: 'Quoted "with" inside', year: '1999' },
      ]);
      assert.deepEqual(bibtexKeys(bib).keys, ['oecd-2021', 'joined', 'bare', 'odd', 'hostile', 'after']);
    });

    it('agrees with pandoc on the title, authors and year of each entry', () => {
      const bib = [
        '@string{org = "OECD"}',
        '@report{oecd-2021, title = {Data {Flows} in {OECD} Countries}, author = {{OECD Secretariat}}, institution = org, year = 2021}',
        '@article{smith2020, title = "Trade \\& {Digital} Policy", author = {Smith, John and Jane Doe and de la Cruz, Maria}, year = {2020}}',
        "@book{garcia, title = {Pol\\'{i}tica Exterior}, author = {Garc\\'{i}a, Jos{\\'e}}, date = {2018-03}}",
        '@misc{particles, title = {Ecosystems}, author = {van Beethoven, Ludwig and Ludwig von Mises}, year = 1999}',
        '@misc{no-detail, note = {only a note}}',
        '@inproceedings{editors, title = {Proceedings}, editor = {Ito, Ken}, year = 2015}',
      ].join('\n');
      // Pandoc has no `year` for an entry without a date, and writes editors under `editor`: both readers go through the same CSL reading.
      // Pandoc writes an English title in sentence case for CSL: titles are compared without case.
      const uncased = (entries: BibliographyEntry[]): BibliographyEntry[] =>
        entries.map((e) => (e.title ? { ...e, title: e.title.toLowerCase() } : e));
      const own = bibtexEntries(bib);
      const theirs = bibliographyEntries(pandocCsl(bib), 'csl-json');
      assert.equal(own.problem, undefined);
      assert.equal(own.entries.length, 6);
      assert.deepEqual(uncased(own.entries), uncased(theirs.entries));
    });

    it('reads title, authors (or editors) and year of CSL-JSON and CSL-YAML items, markup and all', () => {
      const json = JSON.stringify([
        {
          id: 'a',
          title: 'The <i>Digital</i>  <span class="nocase">DFFT</span> Agenda',
          author: [
            { family: 'Tanaka', given: 'Taro' },
            { literal: 'Ministry of Foreign Affairs' },
            { family: 'Berg', 'non-dropping-particle': 'van der' },
            'junk',
          ],
          issued: { 'date-parts': [[2021, 4, 1]] },
        },
        { id: 'b', editor: [{ family: 'Ito' }], issued: { literal: 'Spring 2019' } },
        { id: 'c', title: 42, author: 'not a list', issued: { raw: '2017-10' } },
        { id: 'd', issued: { 'date-parts': [['2016']] } },
      ]);
      assert.deepEqual(bibliographyEntries(json, 'csl-json').entries, [
        {
          key: 'a',
          title: 'The Digital DFFT Agenda',
          authors: ['Taro Tanaka', 'Ministry of Foreign Affairs', 'van der Berg'],
          year: '2021',
        },
        { key: 'b', authors: ['Ito'], year: '2019' },
        { key: 'c', year: '2017' },
        { key: 'd', year: '2016' },
      ]);
      const yaml = [
        'references:',
        '- id: y',
        '  title: Data flows',
        '  issued: 2018-02-03',
        '  author:',
        '  - family: Sato',
        '    given: Hanako',
        '',
      ].join('\n');
      assert.deepEqual(bibliographyEntries(yaml, 'csl-yaml').entries, [
        { key: 'y', title: 'Data flows', authors: ['Hanako Sato'], year: '2018' },
      ]);
    });
  });

  describe('the files a draft names', () => {
    it('reads bibliography: from the front matter, one path or a list, quoted or not', () => {
      assert.deepEqual(frontMatterBibliography('---\ntitle: T\nbibliography: refs.bib\n---\n\nText.\n'), ['refs.bib']);
      assert.deepEqual(frontMatterBibliography('---\r\nbibliography: "my refs.bib"\r\n---\r\n'), ['my refs.bib']);
      assert.deepEqual(frontMatterBibliography('---\nbibliography: [a.bib, ../shared/b.json]\n---\n'), ['a.bib', '../shared/b.json']);
      assert.deepEqual(frontMatterBibliography('---\nbibliography:\n  - a.bib\n  - c.yaml\nformat: html\n---\n'), ['a.bib', 'c.yaml']);
      assert.deepEqual(frontMatterBibliography('\uFEFF---\nbibliography: bom.bib\n---\n'), ['bom.bib']);
    });

    it('names none without front matter, without the field, or with front matter that does not parse', () => {
      for (const text of [
        'bibliography: refs.bib\n',
        '# Title\n\n---\nbibliography: refs.bib\n---\n',
        '---\ntitle: T\n---\n',
        '---\nbibliography: [a.bib\n---\n',
        '---\nbibliography: refs.bib\n',
        '---\nbibliography: {a: 1}\n---\n',
      ])
        assert.equal(frontMatterBibliography(text), undefined, JSON.stringify(text));
    });

    it('reads bibliography: of a Quarto project', () => {
      assert.deepEqual(projectBibliography('project:\n  type: book\nbibliography: references.bib\n'), ['references.bib']);
      assert.equal(projectBibliography('project:\n  type: default\n'), undefined);
      assert.equal(projectBibliography('project: [\n'), undefined);
    });

    it('reads bibliography: of a folder’s _metadata.yml as written: one path or a list', () => {
      assert.deepEqual(metadataBibliographyField('bibliography: refs.bib\n'), { paths: ['refs.bib'], list: false });
      assert.deepEqual(metadataBibliographyField('format: html\nbibliography:\n  - a.bib\n  - ../b.json\n'), {
        paths: ['a.bib', '../b.json'],
        list: true,
      });
      assert.deepEqual(frontMatterBibliographyField('---\nbibliography: [one.bib]\n---\n'), { paths: ['one.bib'], list: true });
      for (const text of ['title: no bibliography\n', 'bibliography: {a: 1}\n', 'bibliography: [\n', '- a list\n', ''])
        assert.equal(metadataBibliographyField(text), undefined, JSON.stringify(text));
    });

    it('merges project, folder and front matter as Quarto does: a single path replaces, lists add up, each path keeps its base', () => {
      const one = (path: string): BibliographyField => ({ paths: [path], list: false });
      const list = (...paths: string[]): BibliographyField => ({ paths, list: true });
      const merged = (...fields: Array<BibliographyField | undefined>): string[] =>
        mergeBibliographyFields(fields.map((field, i) => ({ field, base: `level${i}` }))).map((p) => `${p.base}/${p.path}`);
      // Single paths all the way: the innermost wins.
      assert.deepEqual(merged(one('project.bib'), one('folder.bib'), one('draft.bib')), ['level2/draft.bib']);
      assert.deepEqual(merged(one('project.bib'), one('folder.bib'), undefined), ['level1/folder.bib']);
      // A list anywhere: everything from there on adds up, a single path counting as a list of one.
      assert.deepEqual(merged(list('project.bib'), one('folder.bib'), one('draft.bib')), [
        'level0/project.bib',
        'level1/folder.bib',
        'level2/draft.bib',
      ]);
      assert.deepEqual(merged(one('project.bib'), list('folder.bib', 'more.json'), undefined), [
        'level0/project.bib',
        'level1/folder.bib',
        'level1/more.json',
      ]);
      assert.deepEqual(merged(one('project.bib'), one('folder.bib'), list('draft.bib')), ['level1/folder.bib', 'level2/draft.bib']);
      // An empty list adds nothing; a level without the field changes nothing.
      assert.deepEqual(merged(one('project.bib'), list(), undefined), ['level0/project.bib']);
      assert.deepEqual(merged(undefined, undefined, undefined), []);
    });
  });

  describe('the checks', () => {
    const dataset = loadBundledDataset();
    const text = [
      'Japan and Estonia signed a memorandum [@moc-estonia-2022], as Smith argues [@smith2020; @tanaka:2019-x, p. 4].',
      '',
      'A key in neither is still unknown [@nowhere-2021], and so is @smith2020x.',
      '',
      'Again [see @smith2020].',
    ].join('\n');
    const unknown = (keys: Set<string>): string[] =>
      withoutBibliographyCitations(analyze(text, dataset).diagnostics, text, keys)
        .filter((d) => d.code === 'unknown-citation')
        .map((d) => text.slice(d.start.offset, d.end.offset));

    it('reports no key the bibliography holds, and every key in neither the dataset nor the bibliography', () => {
      assert.deepEqual(unknown(new Set()), ['@smith2020', '@tanaka:2019-x', '@nowhere-2021', '@smith2020']);
      assert.deepEqual(unknown(new Set(['smith2020', 'tanaka:2019-x'])), ['@nowhere-2021']);
      assert.deepEqual(
        unknown(new Set(['smith', 'SMITH2020', 'tanaka'])),
        ['@smith2020', '@tanaka:2019-x', '@nowhere-2021', '@smith2020'],
        'keys match whole and with their case',
      );
    });

    it('leaves every other check as it was', () => {
      const all = analyze(text, dataset).diagnostics;
      const kept = withoutBibliographyCitations(all, text, new Set(['smith2020', 'tanaka:2019-x', 'nowhere-2021']));
      assert.deepEqual(
        kept,
        all.filter((d) => d.code !== 'unknown-citation'),
      );
      assert.equal(withoutBibliographyCitations(all, text, new Set(['unused'])), all, 'nothing dropped: the same array');
    });
  });
});
