import assert from 'node:assert/strict';
import { loadBundledDataset } from '../../src/core';
import { tokenize } from '../../src/core/text/tokenize';
import { assertAnnotated } from './helpers/expect-refs';

/**
 * Japanese is written without spaces between words: a name must match whole words as a Japanese
 * reader splits them (ICU's dictionary, through Intl.Segmenter), never a part of a longer word.
 */
describe('Japanese drafts', () => {
  const dataset = loadBundledDataset();

  describe('word edges', () => {
    const cases: Array<[string, string]> = [
      ['a country name inside a longer word is no reference (日本語)', '{{日本語|-}}の資料を読んだ。'],
      ['a country name before a particle is one', '{{日本|jpn}}は{{インド|ind}}と協力する。'],
      ['a country name before another noun is one (日本政府)', '{{日本|jpn}}政府と{{フランス|fra}}政府の対話。'],
      ['a longer country name is not split into a shorter one (インドネシア)', '{{インドネシア|idn}}と{{インド|ind}}の関係。'],
      [
        'a language named after a country is no reference (中国語, 韓国語, ロシア語)',
        '{{中国語|-}}、{{韓国語|-}}及び{{ロシア語|-}}の表現。',
      ],
      ['a region named after a country is no country (インド太平洋)', '{{インド太平洋|-}}地域の安定が重要である。'],
      [
        'official names and the forms of government documents',
        '{{日本国|jpn}}、{{米国|usa}}、{{英国|gbr}}及び{{豪州|aus}}、{{欧州連合|eu}}。',
      ],
      [
        'Latin letters among Japanese keep their own case rules',
        '{{日EUデジタル・パートナーシップ|japan-eu-digital-partnership-2022}}と{{EU|eu}}。',
      ],
    ];
    for (const [name, source] of cases) it(name, () => assertAnnotated(source, dataset));
  });

  describe('names of engagements in Japanese', () => {
    const cases: Array<[string, string]> = [
      ['with or without the middle dot', '{{日EUデジタルパートナーシップ|japan-eu-digital-partnership-2022}}の下で協力する。'],
      ['a policy named in a sentence', '{{自由で開かれたインド太平洋|foip}}の実現に向けて、{{日本|jpn}}は取り組む。'],
      ['a shared name resolved by the year in the sentence', '2023年に{{開発協力大綱|oda-charter-2023}}が改定された。'],
      ['the same name with another year', '{{開発協力大綱|oda-charter-2015}}は2015年に閣議決定された。'],
      ['in corner quotes', '「{{自由で開かれたインド太平洋|foip}}」という構想。'],
    ];
    for (const [name, source] of cases) it(name, () => assertAnnotated(source, dataset));
  });

  it('a Japanese full stop ends the sentence, a Japanese comma only separates', () => {
    const tokens = tokenize('日本は協力する。インドも、協力する');
    const sentenceOf = (raw: string): number => tokens.find((t) => t.raw === raw)!.sentence;
    assert.ok(sentenceOf('インド') > sentenceOf('日本'));
    assert.equal(tokens.find((t) => t.raw === '協力' && t.start > 10)!.gap, 'comma');
  });

  it('English prose is tokenised as before (no dictionary split of Latin words)', () => {
    assert.deepEqual(
      tokenize('Japan–EU Digital Partnership').map((t) => t.raw),
      ['Japan', 'EU', 'Digital', 'Partnership'],
    );
  });
});
