import assert from 'node:assert/strict';
import { completeKey, completeName, entryDetail, inMarkupAt, isInCode, loadBundledDataset, pandocKeyAt, type Entry } from '../../src/core';
import { completionIndex } from '../../src/core/complete/complete';
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

  it('reads the key being typed inside a bracketed Pandoc citation only', () => {
    assert.equal(pandocKeyAt('See [@'), '');
    assert.equal(pandocKeyAt('See [@moc-es'), 'moc-es');
    assert.equal(pandocKeyAt('[see @doe99, p. 3; @x'), 'x');
    assert.equal(pandocKeyAt('as shown [-@k'), 'k');
    assert.equal(pandocKeyAt('write to team@'), undefined);
    assert.equal(pandocKeyAt('[@a] then @b'), undefined);
    assert.equal(pandocKeyAt('a footnote [^x@'), undefined);
    assert.equal(pandocKeyAt('no bracket @key'), undefined);
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
  it('sees footnote labels, link destinations and references, autolinks and URLs', () => {
    for (const before of [
      'a note[^moc-est',
      'see [the MOC](https://example.org/esto',
      '[the MOC][esto',
      'at <https://esto',
      'at https://esto.ee/Esto',
      'www.esto',
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
