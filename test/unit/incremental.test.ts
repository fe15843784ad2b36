import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, IncrementalAnalyzer, loadBundledDataset, type Analysis } from '../../src/core';

const BLOCKS = [
  'The Estonia MOC and the Japan–EU Digital Partnership (2022) matter.',
  '# Japan and India',
  'Setext heading about Korea\n===',
  '- Technology\n- Governance\n- Community',
  '1. The G20 Digital Economy Ministers’ Meeting\n2. held in India in 2023',
  '> The G7 meeting in Germany\n> in 2021.',
  '1) Japan and India\n2) Technology',
  '* Governance of Estonia',
  '  - Indented list about Japan\n\n   not a continuation: China',
  '[^2]: A note on India\n\n    continued about Japan.',
  '| Year | Engagement |\n| --- | --- |\n| 2020 | G20 Digital Economy Ministers Meeting |',
  '```\nJapan inside code\n```',
  '    indented code with India',
  '<div>\nChina in HTML\n</div>',
  'A footnote.[^1]',
  '[^1]: See the Okinawa Charter.',
  'A [link][ref] to the Estonia MOC.',
  '[ref]: https://example.org',
  'See [multi\nword] and [MULTI WORD][] here.',
  '[Multi  Word]: https://example.org/m',
  '---',
  'Lebanon, New Hampshire and Atlanta, Georgia; [@dfft] and [@nope].',
  '::: {.callout-note title="Japan"}\nGermany inside a div\n:::',
  '# Japan and India {#sec-Japan .India}',
  'See @sec-Japan, [@fig-India] and [Estonia]{.smallcaps} {{< meta Korea >}}.',
  '```{r, echo=FALSE}\n#| label: fig-Japan\nindia <- "Japan"\n```',
];
const PIECES = [
  '\n',
  '\n\n',
  '```',
  '~~~',
  '- ',
  '* ',
  '1. ',
  '1) ',
  '.',
  ')',
  '> ',
  '# ',
  '===',
  '---',
  '|',
  ' | ',
  'Japan',
  'EU–Japan Digital Partnership',
  'Estonia',
  ' MOC',
  '2022',
  '[^1]',
  '[^1]: x',
  '[ref]: y',
  '[REF]',
  '[multi word]',
  '[Multi Word]: z',
  '[',
  ']',
  '<div>',
  '</div>',
  '<!--',
  '-->',
  '    ',
  '*',
  '\r\n',
  '\r',
  'x',
  ' ',
  'G20',
  'Technology, Governance and Community strands',
  ':::',
  '::: {.note}',
  '{#sec-',
  '}',
  '{{< ',
  ' >}}',
  '@',
];

const doc = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...BLOCKS), { minLength: 1, maxLength: 14 }), fc.constantFrom('\n\n', '\n', '\r\n\r\n'))
  .map(([bom, blocks, sep]) => (bom ? '\uFEFF' : '') + blocks.join(sep) + '\n');
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 12 }),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }),
});

function plain(a: Analysis): unknown {
  return { references: a.references, diagnostics: a.diagnostics, byEntry: [...a.byEntry].sort(([x], [y]) => x.localeCompare(y)) };
}

/** POLICY_LENS_FC_SEED replays a failing run that fast-check reported. */
const seed = process.env.POLICY_LENS_FC_SEED ? { seed: Number(process.env.POLICY_LENS_FC_SEED) } : {};

describe('incremental analysis', () => {
  const dataset = loadBundledDataset();

  it('after every edit of a long random sequence, equals a from-scratch analysis of the same text', () => {
    fc.assert(
      fc.property(doc, fc.array(edit, { minLength: 1, maxLength: 25 }), (start, edits) => {
        const inc = new IncrementalAnalyzer(dataset);
        inc.reset(start);
        let text = start;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert.join('') + text.slice(Math.min(text.length, at + e.remove));
          assert.deepEqual(plain(inc.update(text)), plain(analyze(text, dataset)), `after editing at ${at}: ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 300), ...seed },
    );
  });

  it('within any parse budget, either equals a from-scratch analysis or declines and changes nothing', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.tuple(edit, fc.nat({ max: 400 })), { minLength: 1, maxLength: 15 }), (start, edits) => {
        const inc = new IncrementalAnalyzer(dataset);
        inc.reset(start);
        let text = start;
        for (const [e, budget] of edits) {
          const at = Math.floor(e.at * text.length);
          const next = text.slice(0, at) + e.insert.join('') + text.slice(Math.min(text.length, at + e.remove));
          const result = inc.tryUpdate(next, budget);
          if (result) {
            text = next;
            assert.deepEqual(plain(result), plain(analyze(text, dataset)), `after editing at ${at}: ${JSON.stringify(text)}`);
          } else {
            assert.deepEqual(plain(inc.analysis), plain(analyze(text, dataset)), `declined at ${at}, analysis unchanged`);
          }
        }
      }),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 150), ...seed },
    );
  });

  it('continues from a structured clone of its state (a worker hands a document over) exactly as it would have', () => {
    fc.assert(
      fc.property(doc, fc.array(edit, { minLength: 2, maxLength: 12 }), fc.nat(), (start, edits, cut) => {
        let inc = new IncrementalAnalyzer(dataset);
        inc.reset(start);
        let text = start;
        const handOver = cut % edits.length;
        edits.forEach((e, k) => {
          if (k === handOver)
            inc = IncrementalAnalyzer.fromState(
              dataset,
              text,
              structuredClone(inc.state()),
              k % 2 ? undefined : structuredClone(inc.analysis),
            );
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert.join('') + text.slice(Math.min(text.length, at + e.remove));
          assert.deepEqual(plain(inc.update(text)), plain(analyze(text, dataset)), `after editing at ${at}: ${JSON.stringify(text)}`);
        });
      }),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 150), ...seed },
    );
  });

  // Blocks whose meaning depends on other blocks: names settled by their section, abbreviations a
  // block defines for later ones, names the catalogue lacks (and theirs), a sources section, the
  // document's own title and names.
  const WIDE = [
    '# Japan and India',
    '## The Osaka years',
    'The G20 meeting in 2019 was held in Osaka.',
    'The G20 meeting met again.',
    'The Counter Ransomware Initiative (CRI) met; later the CRI spoke.',
    'The Lantern Accord (LA) was signed in 2024; the LA held.',
    'Then the LA and the CRI met.',
    'Japan, China and the Estonia MOC.',
    '## Sources',
    'The Beacon Forum Pact met in Tokyo with Kenya.',
    'The Kenya–Ghana Lantern Partnership was signed in 2021 by Kenya.',
    'Text with a note.[^1]',
    '[^1]: A note about India.',
    'Our Lantern Strategy 2023 sets the aims; the Lantern Strategy holds.',
    '- Technology\n- Governance',
    'The Sixth Basic Plan has three pillars.',
  ];
  const wideDoc = fc.array(fc.constantFrom(...WIDE), { minLength: 8, maxLength: 40 }).map((blocks) => blocks.join('\n\n') + '\n');
  const wideEdit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 30 }),
    insert: fc.constantFrom(
      '',
      'x',
      '\n\n',
      '# ',
      '## Sources\n\n',
      'G20 ',
      '(LA)',
      'CRI',
      'Lantern Accord',
      '2019',
      '---\ntitle: Lantern Accord\n---\n\n',
    ),
  });

  it('goes on from a checkpoint before the edit, and still equals a from-scratch analysis, names the catalogue lacks included', () => {
    let wentOn = 0;
    fc.assert(
      fc.property(wideDoc, fc.array(wideEdit, { minLength: 1, maxLength: 20 }), (start, edits) => {
        const inc = new IncrementalAnalyzer(dataset);
        inc.reset(start);
        let text = start;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
          const got = inc.update(text);
          if (!inc.stats.full && (inc.stats.assembledBlocks ?? Infinity) < inc.state().blocks.length) wentOn++;
          const want = analyze(text, dataset);
          assert.deepEqual(
            { ...(plain(got) as object), uncatalogued: got.uncatalogued },
            { ...(plain(want) as object), uncatalogued: want.uncatalogued },
            `after editing at ${at}: ${JSON.stringify(text)}`,
          );
        }
      }),
      { numRuns: Number(process.env.POLICY_LENS_FC_RUNS ?? 150), ...seed },
    );
    assert.ok(wentOn > 0, 'no update went on from a checkpoint');
  });

  it('typing at the end of a long draft goes through only the last blocks', () => {
    const paragraphs = Array.from(
      { length: 400 },
      (_, k) => `Paragraph ${k} names Japan and the Estonia MOC; the Lantern Accord (LA) too.`,
    );
    let text = '# A long draft\n\n' + paragraphs.join('\n\n') + '\n';
    const inc = new IncrementalAnalyzer(dataset);
    inc.reset(text);
    for (const letter of 'more') {
      text = text.slice(0, -2) + letter + text.slice(-2);
      assert.deepEqual(plain(inc.update(text)), plain(analyze(text, dataset)));
      assert.ok(
        inc.stats.assembledBlocks! <= 2 * Math.sqrt(inc.state().blocks.length) + 2,
        `went through ${inc.stats.assembledBlocks} blocks`,
      );
    }
  });

  it('re-parses only the blocks around a one-character edit in prose', () => {
    const paragraphs = Array.from({ length: 200 }, (_, k) => `Paragraph ${k} names Japan and the Estonia MOC.`);
    const text = paragraphs.join('\n\n') + '\n';
    const inc = new IncrementalAnalyzer(dataset);
    inc.reset(text);
    const at = text.indexOf('Paragraph 100') + 5;
    const next = text.slice(0, at) + 'x' + text.slice(at);
    inc.update(next);
    assert.equal(inc.stats.full, false);
    assert.ok(inc.stats.blocks <= 4, `re-analysed ${inc.stats.blocks} blocks`);
    assert.ok(inc.stats.parsedChars < 300, `parsed ${inc.stats.parsedChars} characters`);
  });

  it('inside a long hard-wrapped paragraph, an edit parses again only the windows whose text it changed', () => {
    const words = 'Japan and the Estonia MOC agreed with India on data flows while Kenya and Ghana watched the talks'.split(' ');
    let flat = '';
    for (let k = 0; flat.length < 200_000; k++) flat += `${words[(k * 7) % words.length]} `;
    const lines: string[] = [];
    for (let i = 0; i < flat.length; i += 80) lines.push(flat.slice(i, i + 80).trim());
    let text = `${lines.join('\n')}\n`;
    const inc = new IncrementalAnalyzer(dataset);
    inc.reset(text);
    // Plain typing reuses the other windows; edits that open, close or start something re-parse what they must.
    const edits: Array<[number, string, number]> = [
      [0.5, 'x', 0],
      [0.3, ' India ', 0],
      [0.7, '*', 0],
      [0.2, '\n- ', 0],
      [0.6, '', 1],
      [0.45, '[', 0],
      [0.9, '](https://example.org', 0],
    ];
    const reused: number[] = [];
    for (const [where, insert, remove] of edits) {
      const at = text.indexOf(' ', Math.floor(where * text.length));
      text = text.slice(0, at) + insert + text.slice(at + remove);
      assert.deepEqual(plain(inc.update(text)), plain(analyze(text, dataset)), `after ${JSON.stringify(insert)} at ${at}`);
      reused.push((inc.stats.reusedChars ?? 0) / text.length);
    }
    assert.ok(reused[0]! > 0.8 && reused[1]! > 0.8, `typing reused ${reused.map((r) => r.toFixed(2)).join(', ')} of the text`);
  });

  it('within a parse budget: updates what fits, and leaves the analyzer untouched when over budget', () => {
    const paragraphs = Array.from({ length: 300 }, (_, k) => `Paragraph ${k} names Japan and the Estonia MOC.`);
    const text = paragraphs.join('\n\n') + '\n';
    const inc = new IncrementalAnalyzer(dataset);
    assert.equal(inc.tryUpdate(text, 1000), undefined, 'a first analysis parses everything');
    inc.reset(text);
    const typed = text.replace('Paragraph 150 ', 'Paragraph 150 India ');
    assert.deepEqual(plain(inc.tryUpdate(typed, 1000)!), plain(analyze(typed, dataset)));
    const fenced = typed.replace('Paragraph 10 ', '```\nParagraph 10 ');
    assert.equal(inc.tryUpdate(fenced, 1000), undefined, 'a fence near the top re-parses the rest');
    assert.deepEqual(plain(inc.analysis), plain(analyze(typed, dataset)), 'still the analysis of the last text it accepted');
    assert.deepEqual(plain(inc.update(fenced)), plain(analyze(fenced, dataset)));
  });

  it('opening a fence re-parses to the end, closing it restores the rest', () => {
    const text = 'Japan first.\n\nIndia second.\n\nChina third.\n\nKorea fourth.\n';
    const inc = new IncrementalAnalyzer(dataset);
    inc.reset(text);
    const opened = text.replace('India second.', '```\nIndia second.');
    assert.deepEqual(
      inc.update(opened).references.map((r) => r.text),
      ['Japan'],
    );
    const closed = opened.replace('China third.', 'China third.\n```');
    assert.deepEqual(
      inc.update(closed).references.map((r) => r.text),
      ['Japan', 'Korea'],
    );
    assert.deepEqual(plain(inc.analysis), plain(analyze(closed, dataset)));
  });
});
