import { assertAnnotated } from './helpers/expect-refs';
import { ruleCatalogue } from './helpers/rule-catalogue';

/**
 * The matching rules of issue 10, each a class of cases, on a catalogue of the tests' own
 * (helpers/rule-catalogue.ts) whose entries list no alias for the forms tested here. Annotations
 * as in matcher.test.ts: `{{text|id}}`, `{{text|?id1,id2}}`, `{{text|-}}` (must not be reported).
 */
const RULES: Record<string, Array<[string, string]>> = {
  'a soft line break does not glue a country to the next line': [
    [
      'country ending a line, capitalised word starting the next',
      'We work with {{Singapore|sgp}}, {{Malaysia|mys}} and {{India|ind}}\nInternational partners follow.',
    ],
    ['in a list item, a continuation line', '- Members: {{Japan|jpn}}, {{Australia|aus}} and {{India|ind}}\n  Pacific Islands join later.'],
    ['capitalised word ending a line, country starting the next', 'The partners named by Minister\n{{Kenya|ken}} and {{Ghana|gha}} agree.'],
    ['on one line the longer name still wins', 'The {{Jordan Peterson|-}} lecture and {{Chad Smith|-}} were cited.'],
    ['a sea named across a line break is still a sea', 'Cables cross the {{Indian\nOcean|-}} to {{Kenya|ken}}.'],
  ],
  'a person named like a country is not the country': [
    ['titles, with and without a full stop', 'Remarks by {{Dr. Chad|-}} Ellis, {{Ms Jordan|-}} and {{Prof. Israel|-}} in {{Kenya|ken}}.'],
    ['et al.', 'As {{Georgia|-}} et al. (2020) show, {{Georgia|geo}} and {{Armenia|arm}} differ.'],
    [
      'author and co-author with a year',
      '{{Holland|-}} and Chen (2023) and Okafor and {{Kenya|-}} (2021) disagree; {{Holland|-}}’s (2019) view stands.',
    ],
    ['a country beside a year is still a country', '{{Japan|jpn}} and {{Korea|kor}} (2023) signed; hosted by {{Italy|ita}} (2024).'],
    ['a country after "and" with no year is a country', 'Trade between Chen and {{Jordan|jor}} grew.'],
  ],
  'a demonym that names a language is not a reference': [
    [
      'language nouns after a list',
      'The English and {{French|-}} texts are equal, as are the {{Spanish|-}}, {{German|-}} and {{Italian|-}} versions.',
    ],
    ['hyphenated language', 'A {{Japanese|-}}-language edition and a {{Chinese|-}} translation.'],
    [
      'prepositions and verbs of language',
      'It was published in {{Spanish|-}}, translated into {{Japanese|-}} and explained in plain English; she speaks {{German|-}}.',
    ],
    [
      'a demonym before another noun is an adjective',
      'Investment in {{Japanese|jpn}} firms and in {{Indian|ind}} and {{Chinese|chn}} start-ups grew.',
    ],
    ['a list of languages then a full stop', 'Summaries exist in {{Japanese|-}} and English.'],
  ],
  'idioms are not references': [
    ['idioms', 'It was all {{Greek|-}} to me, a game of {{Chinese|-}} whispers behind {{French|-}} doors; {{Dutch|-}} courage helped.'],
    ['plural of a stop phrase', '{{Turkey|-}}\nsandwiches were served while {{Turkey|tur}} negotiated.'],
  ],
  'ordinals and abbreviations are one token class': [
    [
      'digits and words, with and without the article',
      'The {{6th Science, Technology and Innovation Basic Plan|sti-plan-6}} follows the {{Fifth Science, Technology, and Innovation Basic Plan|sti-plan-5}}.',
    ],
    ['an ordinal energy plan', 'The {{7th Strategic Energy Plan|energy-plan-7}} and the {{Seventh Strategic Energy Plan|energy-plan-7}}.'],
    [
      'another ordinal is another entry',
      'The Eighth Strategic Energy Plan and the 4th Science, Technology and Innovation Basic Plan are not listed.',
    ],
  ],
};

describe('matching rules that generalise', () => {
  const dataset = ruleCatalogue();
  for (const [rule, cases] of Object.entries(RULES)) {
    describe(rule, () => {
      for (const [name, source] of cases) it(name, () => assertAnnotated(source, dataset));
    });
  }
});
