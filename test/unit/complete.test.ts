import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { completeKey, completeName, entryDetail, inMarkupAt, isInCode, loadBundledDataset, pandocKeyAt, type Entry } from '../../src/core';
import { completeOwnKey, completionIndex, MAX_OWN_KEYS } from '../../src/core/complete/complete';
import { bibtexEntries } from '../../src/core/markdown/bibliography';
import { loadDataset } from '../../src/core/dataset/load';

const RANK: Record<Entry['kind'], number> = { agreement: 0, pillar: 1, country: 2 };

describe('completion matching', () => {
  const dataset = loadBundledDataset();
  const ids = (before: string, minLength = 0): string[] => completeName(dataset, before, { minLength }).map((m) => m.entry.id);

  it('finds an agreement through an alias, case- and accent-insensitively, and the country after it', () => {
    const matches = completeName(dataset, 'The memorandum signed with esto');
    assert.deepEqual(
      matches.map((m) => m.entry.id),
      ['moc-estonia-2022', 'est'],
    );
    const [moc] = matches;
    assert.equal(moc!.length, 4);
    assert.equal(moc!.nameOffset, 0);
    assert.equal('esto' + moc!.rest, 'esto' + moc!.name.slice(4), 'typed text + rest is the rest of the matched name');
    assert.deepEqual(ids('Curaç'), ids('curac'));
    assert.ok(ids('curac').includes('cuw'));
  });

  it('lists agreements first, then pillars, then countries', () => {
    for (const before of ['In', 'Te', 'Ja', '']) {
      const ranks = completeName(dataset, before).map((m) => RANK[m.entry.kind]);
      assert.ok(ranks.length > 0, before);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `order for ${JSON.stringify(before)}`,
      );
    }
    const te = ids('Te');
    assert.ok(te.indexOf('strand-technology') > te.indexOf('japan-technology-diplomacy'));
  });

  it('matches a later word of a name, replacing only the current word', () => {
    const foip = completeName(dataset, 'the Indo').find((m) => m.entry.id === 'foip');
    assert.ok(foip);
    assert.equal(foip.length, 4);
    assert.ok(foip.nameOffset > 0);
    assert.equal(foip.rest, '-Pacific');
  });

  it('takes in the words before the current one when they begin the same name', () => {
    const matches = completeName(dataset, 'as agreed in the Japan-eu dig');
    assert.ok(matches.length > 0);
    for (const m of matches) assert.ok(m.length > 3, `${m.entry.id} matched only the last word`);
    const partnership = matches.find((m) => m.entry.id === 'japan-eu-digital-partnership-2022');
    assert.ok(partnership);
    assert.equal(partnership.length, 'Japan-eu dig'.length);
    assert.equal(partnership.name, 'Japan–EU Digital Partnership');
    assert.equal(partnership.rest, 'ital Partnership');
    assert.deepEqual(ids('Data Free Flow w'), ['dfft']);
  });

  it('needs minLength letters, but an empty word (Ctrl+Space after a space) lists everything', () => {
    assert.deepEqual(ids('the E', 2), []);
    assert.ok(ids('the E', 1).length > 0);
    assert.ok(ids('the Es', 2).includes('est'));
    const all = completeName(dataset, 'cited in ', { minLength: 2 });
    assert.equal(all.length, dataset.entries.size);
    assert.ok(all.every((m) => m.length === 0 && m.rest === m.name));
  });

  it('prefers the label to an alias when both match as far', () => {
    const m = completeName(dataset, 'Data Free').find((x) => x.entry.id === 'dfft');
    assert.equal(m?.name, 'Data Free Flow with Trust');
  });

  it('finds nothing for a word no name has', () => {
    assert.deepEqual(ids('zqxw'), []);
  });

  it('indexes each dataset once and follows a new dataset', () => {
    assert.equal(completionIndex(dataset), completionIndex(dataset));
    const mine = loadDataset([
      {
        name: 'mine',
        data: {
          entries: [
            {
              id: 'zeta-pact',
              kind: 'agreement',
              label: 'Zeta Pact',
              aliases: ['Zeta Accord'],
              type: 'agreement',
              year: 2020,
              parties: [],
              summary: 'x',
              sources: [],
            },
          ],
        },
      },
    ]);
    assert.deepEqual(
      completeName(mine, 'Zeta A').map((m) => [m.entry.id, m.name]),
      [['zeta-pact', 'Zeta Accord']],
    );
    assert.deepEqual(ids('Zeta'), []);
  });
});

describe('citation key completion', () => {
  const dataset = loadBundledDataset();

  it('reads the key being typed inside a bracketed Pandoc citation', () => {
    assert.equal(pandocKeyAt('See [@'), '');
    assert.equal(pandocKeyAt('See [@moc-es'), 'moc-es');
    assert.equal(pandocKeyAt('[see @doe99, p. 3; @x'), 'x');
    assert.equal(pandocKeyAt('as shown [-@k'), 'k');
    assert.equal(pandocKeyAt('write to team@'), undefined);
    assert.equal(pandocKeyAt('a footnote [^x@'), undefined);
    assert.equal(pandocKeyAt('a footnote [^@k'), undefined);
  });

  it('offers no citation key once a Quarto cross-reference prefix is typed, bracketed or in the text', () => {
    for (const before of ['See @fig-', '[@sec-intro', 'as in @tbl-partners', '[see @eq-1; @lst-', 'by @thm-main', '(@exm-a']) {
      assert.equal(pandocKeyAt(before), undefined, before);
    }
    // Until the hyphen, or with another word before it, it may still be a source's key.
    for (const [before, key] of [
      ['See @fig', 'fig'],
      ['[@sec', 'sec'],
      ['@figures-2020', 'figures-2020'],
      ['@oecd-fig-2019', 'oecd-fig-2019'],
    ] as const) {
      assert.equal(pandocKeyAt(before), key, before);
    }
  });

  it('reads the key of an in-text citation, wherever Pandoc takes the @ for one', () => {
    for (const [before, key] of [
      ['@smith20', 'smith20'],
      ['As @oecd-ai-2019', 'oecd-ai-2019'],
      ['[@a] then @b', 'b'],
      ['(@tanaka:2019', 'tanaka:2019'],
      ['“@un', 'un'],
      ['see -@doe', 'doe'],
      ['「@日本', '日本'],
      ['- @', ''],
      ['> quoted @_x', '_x'],
      ['plain\t@k', 'k'],
      ['a, b;@k', 'k'],
    ] as const)
      assert.equal(pandocKeyAt(before), key, before);
  });

  it('does not read an @ in an e-mail address, after a period or backslash, in a URL, a link destination or a footnote label', () => {
    for (const before of [
      'mail name@example',
      'mail name@',
      'first.last@exa',
      'Estonia@',
      '日本@k',
      'x1@k',
      'e.g.@k',
      'end.@k',
      'escaped \\@k',
      'https://example.org/@user',
      'at <https://social.example/@oecd',
      'www.example.org/@oecd',
      '[the report](@oecd',
      '[the report](https://x.org/@oecd',
      '[^@k',
      'mail x@y.org or [@k] and name@exa',
    ])
      assert.equal(pandocKeyAt(before), undefined, before);
  });

  it('follows Pandoc’s rule for what a key may hold: a letter, digit or _ first, punctuation only inside, one at a time', () => {
    assert.equal(pandocKeyAt('As @Foo_bar.baz'), 'Foo_bar.baz');
    assert.equal(pandocKeyAt('As @Foo_bar.'), 'Foo_bar.', 'a punctuation mark may still be typed inside');
    assert.equal(pandocKeyAt('As @Foo_bar--'), undefined, 'repeated punctuation ends a key');
    assert.equal(pandocKeyAt('[@Foo_bar--baz'), undefined);
    assert.equal(pandocKeyAt('As @.x'), undefined);
    assert.equal(pandocKeyAt('As @-x'), undefined);
    assert.equal(pandocKeyAt('[@:x'), undefined);
    assert.equal(pandocKeyAt('As @9x_y:z/1'), '9x_y:z/1');
    assert.equal(pandocKeyAt('As @a__b'), 'a__b', 'an underscore is not punctuation');
    assert.equal(pandocKeyAt("As @smith's"), undefined);
    assert.equal(pandocKeyAt('As @{https://x'), undefined, 'a key in braces is not completed');
  });

  it('agrees with pandoc on which characters before an @ make a citation', () => {
    // Where the key is typed in full, pandoc's reading of the same line says whether it is a citation.
    const leads = [
      '',
      ' ',
      'x ',
      '(',
      '[x]',
      '“',
      '"',
      "'",
      'a’',
      'a-',
      '-',
      'x -',
      'a,',
      'a;',
      'a:',
      'a!',
      'a?',
      'a)',
      'a*',
      'a&',
      'a+',
      'a=',
      'a#',
      'a$',
      'a_',
      'a…',
      '\u00a0',
      '\u3000',
      '「',
      'a',
      'Z',
      '9',
      'é',
      'x²',
      '日本',
      'e.g.',
      '1.',
      ' .',
      '\\',
      'x@y ',
    ];
    const lines = leads.map((lead, i) => `${lead}@key${i} tail`);
    const r = spawnSync('pandoc', ['-f', 'markdown', '-t', 'native'], { input: lines.join('\n\n'), encoding: 'utf8' });
    if (r.error) assert.fail('pandoc is not on PATH: install it (Debian: `apt-get install -y pandoc`; .ci/run does this in CI)');
    const cited = new Set([...r.stdout.matchAll(/citationId = "key(\d+)"/g)].map((m) => Number(m[1])));
    assert.ok(cited.size > 10 && cited.size < leads.length, `pandoc cites ${cited.size} of ${leads.length}`);
    lines.forEach((line, i) => {
      const before = line.slice(0, line.indexOf(' tail'));
      assert.equal(pandocKeyAt(before) === `key${i}`, cited.has(i), JSON.stringify(before));
    });
  });

  it('matches ids and names, ids first, agreements first', () => {
    const m = completeKey(dataset, 'esto');
    assert.deepEqual(
      m.map((x) => x.entry.id),
      ['moc-estonia-2022', 'est'],
    );
    assert.ok(m[0]!.matched.endsWith(m[0]!.rest) && m[0]!.matched.toLowerCase().includes('esto' + m[0]!.rest.toLowerCase()));
    const [byId] = completeKey(dataset, 'moc-es');
    assert.deepEqual([byId!.entry.id, byId!.matched, byId!.rest], ['moc-estonia-2022', 'moc-estonia-2022', 'tonia-2022']);
    const byLabel = completeKey(dataset, 'Data');
    assert.ok(byLabel.some((x) => x.entry.id === 'dfft' && x.matched === 'Data Free Flow with Trust'));
    const all = completeKey(dataset, '');
    assert.equal(all.length, dataset.entries.size);
    const ranks = all.map((x) => RANK[x.entry.kind]);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
  });
});

describe('completion from a bibliography of thousands of entries', () => {
  /** A generated `.bib` of 20,000 entries: authors and title words repeat, keys are unique. */
  const SURNAMES = ['Smith', 'Tanaka', 'Müller', 'Okafor', 'García', 'Nguyen', 'Kowalski', 'Dubois'];
  const WORDS = ['Data', 'Trade', 'Climate', 'Security', 'Digital', 'Health', 'Ocean', 'Energy', 'Finance', 'Labour'];
  const N = 20_000;
  const bib = Array.from({ length: N }, (_, i) => {
    const surname = SURNAMES[i % SURNAMES.length]!;
    const words = [WORDS[i % WORDS.length], WORDS[(i * 7 + 3) % WORDS.length], `Report ${i}`].join(' ');
    const title = i === 13_579 ? 'Quokka Habitats and Regional Trade' : words;
    return `@report{${surname.toLowerCase()}${1990 + (i % 35)}-${i},\n  title = {${title}},\n  author = {${surname}, A. and Lee, B.},\n  year = ${1990 + (i % 35)}\n}\n`;
  }).join('\n');
  const { entries, problem } = bibtexEntries(bib);
  const QUOKKA = entries[13_579]!.key;
  const keys = (typed: string, limit?: number): string[] =>
    completeOwnKey(entries, typed, limit === undefined ? {} : { limit }).map((m) => m.entry.key);

  it('reads all of them', () => {
    assert.equal(problem, undefined);
    assert.equal(entries.length, N);
  });

  it('gives a bounded list, whatever is typed, an empty key included', () => {
    for (const typed of ['', 's', 'smith', 'smith20', 'data', 'lee', 'report'])
      assert.ok(keys(typed).length <= MAX_OWN_KEYS, `${typed}: ${keys(typed).length}`);
    assert.equal(keys('').length, MAX_OWN_KEYS);
    assert.deepEqual(
      keys('', 5),
      entries.slice(0, 5).map((e) => e.key),
      'nothing typed: file order',
    );
    assert.equal(keys('data', 40).length, 40);
  });

  it('narrows to the right entry as the key is typed, by key prefix first', () => {
    const target = entries[12_347]!.key;
    assert.match(target, /^okafor\d{4}-12347$/);
    let previous = Infinity;
    for (let n = 1; n <= target.length; n++) {
      const found = completeOwnKey(entries, target.slice(0, n));
      const all = entries.filter((e) => e.key.startsWith(target.slice(0, n))).length;
      assert.equal(found.length, Math.min(all, MAX_OWN_KEYS), target.slice(0, n));
      assert.ok(found.length <= previous);
      previous = found.length;
      if (all <= MAX_OWN_KEYS)
        assert.ok(
          found.some((m) => m.entry.key === target),
          target.slice(0, n),
        );
    }
    assert.deepEqual(keys(target), [target]);
    const shorter = entries[1234]!.key;
    const [first, second] = completeOwnKey([{ key: `${shorter}-annex` }, ...entries], shorter);
    assert.deepEqual([first!.entry.key, first!.rest], [shorter, ''], 'the key typed in full comes first');
    assert.ok(second!.entry.key.startsWith(shorter) && second!.rest.length > 0);
  });

  it('puts key matches before title and author word matches, and finds an entry by a word of its title or an author', () => {
    assert.deepEqual(keys('quokka'), [QUOKKA]);
    assert.deepEqual(keys('QUOKKA HAB'.split(' ')[0]!), [QUOKKA], 'case folded');
    const byAuthor = completeOwnKey(entries, 'Mull');
    assert.equal(byAuthor.length, MAX_OWN_KEYS);
    assert.ok(
      byAuthor.every((m) => m.entry.key.startsWith('müller')),
      'accents folded',
    );
    const mixed = keys('d', 3000);
    const firstWord = mixed.findIndex((k) => !k.startsWith('d'));
    assert.ok(firstWord > 0 && mixed.slice(firstWord).every((k) => !k.startsWith('d')), 'key matches first');
    assert.deepEqual(keys('habitats', 3), [QUOKKA]);
  });

  it('leaves out the keys it is told to skip (those the dataset holds)', () => {
    const skipped = completeOwnKey(entries, 'smith1990', { skip: (k) => k.endsWith('80') });
    assert.ok(skipped.length > 0 && skipped.every((m) => !m.entry.key.endsWith('80')));
    assert.ok(completeOwnKey(entries, 'smith1990').some((m) => m.entry.key.endsWith('80')));
  });
});

describe('isInCode', () => {
  const text = [
    '---',
    'title: Estonia',
    '---',
    '',
    'Prose on Estonia with `inline Estonia` code and `open Estonia',
    '',
    '```yaml',
    'partner: Estonia',
    '```',
    '',
    '~~~~',
    '```',
    'still Estonia in code',
    '~~~~',
    'after Estonia',
    '<!-- a comment on Estonia -->',
    'last Estonia <!-- open Estonia',
  ].join('\r\n');
  const at = (needle: string): number => {
    const i = text.indexOf(needle);
    assert.ok(i >= 0, needle);
    return i + needle.length;
  };

  it('tells code, comments and front matter from prose, in CRLF text too', () => {
    assert.equal(isInCode(text, at('title: Esto')), true);
    assert.equal(isInCode(text, at('Prose on Esto')), false);
    assert.equal(isInCode(text, at('inline Esto')), true);
    assert.equal(isInCode(text, at('code and')), false);
    assert.equal(isInCode(text, at('open Esto')), true);
    assert.equal(isInCode(text, at('partner: Esto')), true);
    assert.equal(isInCode(text, at('```yam')), true);
    assert.equal(isInCode(text, at('still Esto')), true);
    assert.equal(isInCode(text, at('after Esto')), false);
    assert.equal(isInCode(text, at('comment on Esto')), true);
    assert.equal(isInCode(text, at('last Esto')), false);
    assert.equal(isInCode(text, text.length), true);
  });

  it('does not take a thematic break for front matter', () => {
    assert.equal(isInCode('Intro\n\n---\n\nEstonia', 16), false);
    assert.equal(isInCode('---\n\nEstonia, no front matter', 8), false);
  });
});

describe('inMarkupAt', () => {
  it('sees footnote labels, link destinations and references, autolinks, URLs and e-mail addresses', () => {
    for (const before of [
      'a note[^moc-est',
      'see [the MOC](https://example.org/esto',
      '[the MOC][esto',
      'at <https://esto',
      'at https://esto.ee/Esto',
      'www.esto',
      'write to team@esto',
      'mail first.last@example.es',
      'mail 田中@例え',
    ])
      assert.equal(inMarkupAt(before), true, before);
  });

  it('leaves prose, link text and finished links alone', () => {
    for (const before of [
      'Signed with Esto',
      'see [the Esto',
      'see [the MOC](https://x.org) and Esto',
      'a note[^x] on Esto',
      'a < b and Esto',
      'e.g. Esto',
      'As @esto',
      'a @ sign and Esto',
      'mailed team@example.org about Esto',
    ])
      assert.equal(inMarkupAt(before), false, before);
  });
});

describe('entryDetail', () => {
  const dataset = loadBundledDataset();

  it('gives year, type, classification and parties of an agreement; pillar and country facts', () => {
    assert.equal(
      entryDetail(dataset.entries.get('moc-estonia-2022')!, dataset, { parties: true }),
      '2022 · memorandum · bilateral · Japan, Estonia',
    );
    assert.equal(entryDetail(dataset.entries.get('moc-estonia-2022')!, dataset), '2022 · memorandum · bilateral');
    assert.equal(entryDetail(dataset.entries.get('nfoip-pillar-3')!, dataset), 'pillar 3 of New Plan for a Free and Open Indo-Pacific');
    assert.equal(entryDetail(dataset.entries.get('est')!, dataset), 'country · Northern Europe');
    assert.match(entryDetail(dataset.entries.get('eu')!, dataset), /^bloc · \d+ members$/);
  });
});
