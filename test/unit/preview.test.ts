import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt, { type MarkdownIt as Md } from 'markdown-it';
import { analyze, atLfOffsets, loadBundledDataset, policyLensMarkdownIt, type Analysis, type Dataset } from '../../src/core';
import { bundledLayers } from '../../src/core/dataset/bundled';
import { loadDataset } from '../../src/core/dataset/load';
import { parseAnnotated } from './helpers/annotations';

/** A markdown-it set up as VS Code's preview sets it up (HTML allowed, links found without fuzzy matching), with the plugin. */
function renderer(dataset: Dataset, analysis?: (src: string) => Analysis | undefined): Md {
  const md = new MarkdownIt({ html: true, linkify: true });
  md.linkify.set({ fuzzyLink: false });
  return md.use(policyLensMarkdownIt, { dataset: () => dataset, analysis });
}

interface Marked {
  id: string;
  classes: string;
  title: string;
  text: string;
}

function decode(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The spans the plugin wrote, in order; a `policy-lens-cont` span is joined to the one before it. */
function marked(html: string): Marked[] {
  const out: Marked[] = [];
  const re = /<span class="(policy-lens-ref[^"]*)" title="([^"]*)" data-policy-lens-id="([^"]*)">([\s\S]*?)<\/span>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const [, classes, title, id, inner] = m;
    if (classes!.includes('policy-lens-cont')) out[out.length - 1]!.text += decode(inner!);
    else out.push({ id: id!, classes: classes!, title: decode(title!), text: decode(inner!) });
  }
  return out;
}

/** The spans of names the dataset lacks, in order (continued pieces joined): their title and text. */
function unknownMarked(html: string): Array<{ title: string; text: string }> {
  const out: Array<{ title: string; text: string }> = [];
  const re = /<span class="policy-lens-uncatalogued( policy-lens-cont)?" title="([^"]*)">([\s\S]*?)<\/span>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) out[out.length - 1]!.text += decode(m[3]!);
    else out.push({ title: decode(m[2]!), text: decode(m[3]!) });
  }
  return out;
}

/** Text as a reader sees it: emphasis markers and runs of white space do not count. */
const plain = (text: string): string => text.replace(/[*_]/g, '').replace(/\s+/g, ' ').trim();

describe('the Markdown preview plugin', () => {
  const dataset = loadBundledDataset();
  const md = renderer(dataset);

  it('marks references with their kind, a title and the entry id', () => {
    const html = md.render('The Estonia MOC brought Japan closer to Tallinn.\n');
    assert.equal(
      html,
      '<p>The <span class="policy-lens-ref policy-lens-agreement" title="Japan–Estonia Memorandum of Cooperation · 2022 · memorandum" data-policy-lens-id="moc-estonia-2022">Estonia MOC</span> brought <span class="policy-lens-ref policy-lens-country" title="Japan · country" data-policy-lens-id="jpn">Japan</span> closer to Tallinn.</p>\n',
    );
  });

  it('marks pillars and ambiguous names', () => {
    const spans = marked(
      md.render(
        'The Technology strand and the Governance strand of the International Digital Engagement of Japan.\n\nThe G20 Digital Economy Ministers’ Meeting is annual.\n',
      ),
    );
    assert.equal(spans[0]!.classes, 'policy-lens-ref policy-lens-pillar');
    assert.match(spans[0]!.title, /^Technology strand · pillar 1 of /);
    const ambiguous = spans.find((s) => s.classes.includes('policy-lens-ambiguous'))!;
    assert.equal(ambiguous.classes, 'policy-lens-ref policy-lens-agreement policy-lens-ambiguous');
    assert.match(ambiguous.title, /^Ambiguous, one of: G20 .* · 20\d\d · .*; G20 /);
  });

  it('leaves code and HTML alone', () => {
    const html = md.render(
      [
        'Japan and `India` in a sentence.',
        '',
        '```',
        'India and the Estonia MOC',
        '```',
        '',
        '    India, indented code',
        '',
        '<div>India in a block of HTML</div>',
        '',
        'Inline <abbr title="India">India</abbr> is prose, the tag is not.',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      marked(html).map((s) => s.text),
      ['Japan', 'India'],
    );
    assert.match(html, /<code>India<\/code>/);
    assert.match(html, /<pre><code>India and the Estonia MOC\n<\/code><\/pre>/);
    assert.match(html, /<pre><code>India, indented code\n<\/code><\/pre>/);
    assert.match(html, /<div>India in a block of HTML<\/div>/);
    assert.match(
      html,
      /<abbr title="India"><span class="policy-lens-ref policy-lens-country" title="India · country" data-policy-lens-id="ind">India<\/span><\/abbr>/,
    );
  });

  it('never marks link destinations, titles or URLs, only link text', () => {
    const html = md.render(
      '[Japan](https://example.org/India "India") and <https://example.org/Japan> and https://example.org/Japan India.\n',
    );
    assert.deepEqual(
      marked(html).map((s) => s.text),
      ['Japan', 'India'],
    );
    assert.match(html, /<a href="https:\/\/example\.org\/India" title="India"><span [^>]*>Japan<\/span><\/a>/);
  });

  it('escapes titles from the data', () => {
    const evil = loadDataset([
      ...bundledLayers(),
      {
        name: 'evil.json',
        data: {
          entries: [
            {
              id: 'evil-pact',
              kind: 'agreement',
              label: 'Evil "Pact" <img src=x onerror=alert(1)> & Co',
              aliases: ['Evil Pact'],
              summary: 'x',
              sources: [],
              type: 'agreement',
              year: 2024,
              parties: ['jpn'],
            },
          ],
        },
      },
    ]);
    const html = renderer(evil).render('The Evil Pact.\n');
    assert.ok(html.includes('title="Evil &quot;Pact&quot; &lt;img src=x onerror=alert(1)&gt; &amp; Co · 2024 · agreement"'), html);
    assert.ok(!html.includes('<img'), 'no markup from the data');
  });

  it('one span over a name written across markup, a line break or an entity', () => {
    const spans = (text: string): string[] => marked(md.render(text)).map((s) => `${s.id}: ${plain(s.text)}`);
    assert.deepEqual(spans('The *Estonia* MOCs.\n'), ['moc-estonia-2022: Estonia MOCs']);
    assert.match(md.render('The *Estonia* MOCs.\n'), /<span [^>]*><em>Estonia<\/em> MOCs<\/span>/);
    assert.deepEqual(spans('The **Estonia** MOC.\n'), ['moc-estonia-2022: Estonia MOC']);
    assert.deepEqual(spans('The Japan&ndash;EU Digital\nPartnership.\n'), [
      'japan-eu-digital-partnership-2022: Japan–EU Digital Partnership',
    ]);
    assert.deepEqual(spans('The Japan\\-EU Digital Partnership.\n'), ['japan-eu-digital-partnership-2022: Japan-EU Digital Partnership']);
    assert.deepEqual(spans('As agreed [@moc-estonia-2022].\n'), ['moc-estonia-2022: @moc-estonia-2022']);
  });

  it('a name that emphasis cuts across gets one span per piece, the later ones marked as continued', () => {
    const html = md.render('Recall *the Estonia* MOC.\n');
    assert.match(
      html,
      /<em>the <span class="policy-lens-ref policy-lens-agreement" [^>]*>Estonia<\/span><\/em><span class="policy-lens-ref policy-lens-agreement policy-lens-cont" [^>]*> MOC<\/span>/,
    );
    assert.deepEqual(
      marked(html).map((s) => plain(s.text)),
      ['Estonia MOC'],
    );
  });

  it('marks headings, lists, quotes and table cells', () => {
    const html = md.render(
      [
        '# Japan',
        '',
        '- India',
        '  and Japan',
        '',
        '> Quoted: the Estonia MOC',
        '',
        '| Partner | Text |',
        '| --- | --- |',
        '| India | The Estonia MOC \\| more |',
        '| Japan | Estonia MOC |',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      marked(html).map((s) => s.text),
      ['Japan', 'India', 'Japan', 'Estonia MOC', 'India', 'Japan', 'Estonia MOC'],
      'a cell markdown-it rewrote (an escaped pipe) is left unmarked rather than marked wrongly',
    );
  });

  it('works on CRLF text, and with the host’s own analysis when it has one', () => {
    assert.deepEqual(
      marked(md.render('# Notes\r\n\r\nThe Estonia MOC and Japan.\r\n')).map((s) => s.text),
      ['Estonia MOC', 'Japan'],
    );
    let asked = 0;
    const given = renderer(dataset, (src) => {
      asked++;
      return analyze(src.replace('Japan', 'Japan'), dataset);
    });
    assert.equal(marked(given.render('Japan.\n')).length, 1);
    assert.equal(asked, 1, 'asked once per render');
  });

  it('marks names the dataset lacks apart from references: their own class, a title saying so, no entry id', () => {
    const text =
      'In 2021 Chile and Norway agreed the *Fjordline Data Corridor* Initiative (FDCI), unlike the Estonia MOC.\n\n`FDCI` in code; FDCI in prose.\n';
    const html = md.render(text);
    assert.deepEqual(unknownMarked(html), [
      { title: 'Fjordline Data Corridor Initiative · not in the dataset', text: 'Fjordline Data Corridor Initiative (FDCI)' },
      { title: 'Fjordline Data Corridor Initiative · not in the dataset', text: 'FDCI' },
    ]);
    assert.match(html, /<code>FDCI<\/code>/);
    assert.deepEqual(
      marked(html).map((s) => s.id),
      ['chl', 'nor', 'moc-estonia-2022'],
      'the references are marked as before',
    );
    assert.doesNotMatch(html, /policy-lens-uncatalogued"[^>]*data-policy-lens-id/);
    let on = false;
    const md2 = new MarkdownIt().use(policyLensMarkdownIt, { dataset: () => dataset, uncatalogued: () => on });
    assert.deepEqual(unknownMarked(md2.render(text)), [], 'switched off');
    assert.deepEqual(
      marked(md2.render(text)).map((s) => s.id),
      ['chl', 'nor', 'moc-estonia-2022'],
    );
    on = true;
    assert.equal(unknownMarked(md2.render(text)).length, 2);
  });

  it('can be switched off', () => {
    let on = false;
    const md2 = new MarkdownIt().use(policyLensMarkdownIt, { dataset: () => dataset, enabled: () => on });
    assert.equal(md2.render('Japan.\n'), '<p>Japan.</p>\n');
    on = true;
    assert.equal(marked(md2.render('Japan.\n')).length, 1);
  });

  describe('marks exactly what the editor marks, on every example and recall draft', () => {
    const root = path.join(__dirname, '..', '..');
    const drafts = [
      ...fs.readdirSync(path.join(root, 'examples')).map((f) => path.join('examples', f)),
      ...fs.readdirSync(path.join(root, 'test', 'fixtures', 'recall')).map((f) => path.join('test', 'fixtures', 'recall', f)),
    ].filter((f) => f.endsWith('.md') && !f.endsWith('README.md'));
    for (const file of drafts) {
      it(file, () => {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        const html = md.render(text);
        const inline = new MarkdownIt({ html: true });
        const want = analyze(text.replace(/\r\n?/g, '\n'), dataset)
          .references.map((r) => `${r.id}\t${plain(decode(inline.renderInline(r.text)))}`)
          .sort();
        const got = marked(html)
          .map((s) => `${s.id}\t${plain(s.text)}`)
          .sort();
        assert.ok(want.length > 10, 'the draft has references');
        assert.deepEqual(got, want);
        const unknown = (analyze(text.replace(/\r\n?/g, '\n'), dataset).uncatalogued ?? [])
          .map((u) => `${u.label}\t${plain(decode(inline.renderInline(u.text)))}`)
          .sort();
        const gotUnknown = unknownMarked(html)
          .map((s) => `${s.title.replace(/ · not in the dataset$/, '')}\t${plain(s.text)}`)
          .sort();
        assert.deepEqual(gotUnknown, unknown, 'and the names the dataset lacks, apart');
        for (const code of html.match(/<pre[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g) ?? []) assert.doesNotMatch(code, /policy-lens/);
      });
    }
  });

  describe('marks exactly the names the dataset lacks that the editor finds, on the drafts written to have them', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'uncatalogued');
    // n*: drafts with engagements the catalogue lacks; t*: drafts written to tempt the detector (it reports none there).
    for (const file of fs.readdirSync(dir).filter((f) => /^[nt]\d.*\.md$/.test(f))) {
      it(file, () => {
        const { text } = parseAnnotated(fs.readFileSync(path.join(dir, file), 'utf8'));
        const html = md.render(text);
        const inline = new MarkdownIt({ html: true });
        const analysis = analyze(text, dataset);
        const want = (analysis.uncatalogued ?? []).map((u) => `${u.label}\t${plain(decode(inline.renderInline(u.text)))}`).sort();
        const got = unknownMarked(html)
          .map((s) => `${s.title.replace(/ · not in the dataset$/, '')}\t${plain(s.text)}`)
          .sort();
        if (file.startsWith('n')) assert.ok(want.length > 10, `the draft has names the dataset lacks (${want.length})`);
        assert.deepEqual(got, want);
        assert.equal(marked(html).length, analysis.references.length, 'and every reference is still marked, once');
      });
    }
  });

  it('never throws on the 652 CommonMark examples, and marks only what the analysis found, never in code', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; example: number }> };
    const inline = new MarkdownIt({ html: true });
    let marks = 0;
    for (const example of spec.tests) {
      const text = example.markdown + '\n\nJapan, *India* and the European Union met the U.S. delegation.\n';
      const html = md.render(text);
      const found = analyze(text.replace(/\r\n?/g, '\n'), dataset).references.map(
        (r) => `${r.id}\t${plain(decode(inline.renderInline(r.text)))}`,
      );
      for (const s of marked(html)) {
        const key = `${s.id}\t${plain(s.text)}`;
        const at = found.indexOf(key);
        assert.notEqual(at, -1, `example ${example.example}: marked ${JSON.stringify(key)}, which the analysis did not find`);
        found.splice(at, 1);
        marks++;
      }
      for (const code of html.match(/<pre[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g) ?? [])
        assert.doesNotMatch(code, /policy-lens/, `example ${example.example}`);
    }
    assert.ok(marks > 652 * 3, `the appended sentence is marked nearly everywhere (${marks} marks)`);
  });
});

describe('an analysis of a CRLF text, moved to the offsets of its LF form', () => {
  it('equals the analysis of the LF text, for CRLF and lone CR line ends', () => {
    const dataset = loadBundledDataset();
    const lf = '# Notes\n\nThe Estonia MOC came first.\n\nThen Japan and India, and the Kestrel Bay Quantum Memorandum (KBQM).\n';
    for (const eol of ['\r\n', '\r']) {
      const moved = atLfOffsets(analyze(lf.replace(/\n/g, eol), dataset), lf);
      const direct = analyze(lf, dataset);
      const where = (a: Analysis): string[] =>
        [...a.references, ...(a.uncatalogued ?? [])].map(
          (r) => `${r.text}@${r.start.offset}-${r.end.offset}:${r.start.line}:${r.start.column}`,
        );
      assert.deepEqual(where(moved), where(direct));
      assert.ok(where(direct).length >= 4);
    }
  });
});
