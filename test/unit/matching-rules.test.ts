import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core';
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
  'text around a web address GFM links without positions is still read': [
    // GFM's later pass links a `www.` that follows punctuation micromark left as text; the text
    // around such a link loses its positions (a URL glued to a word, as a PDF paste has).
    [
      'a URL glued to the word before it',
      'The {{Japan|jpn}} text is at the Partnershiphttps://www.example.org/a page, as {{Kenya|ken}} notes.',
    ],
    ['over a line break', 'Officials in {{India|ind}} cite\nthe reporthttp://www.example.org and {{Ghana|gha}} agrees.'],
    ['after a slash or a quotation mark', 'See x/www.example.org for {{Armenia|arm}}; {{Chad|tcd}} said "www.example.org" twice.'],
    ['two in one paragraph', 'Seehttps://www.a.example.org then {{Malaysia|mys}} and alsohttp://www.b.example.org for {{Singapore|sgp}}.'],
    ['no name is read inside the address', 'Seehttps://www.japan.example.org and {{Georgia|geo}}.'],
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
    [
      'ordinal and head, initials with and without ampersands',
      'The {{Sixth Basic Plan|sti-plan-6}}, the {{6th ST&I|sti-plan-6}} policy, the {{5th S&T&I Basic Plan|sti-plan-5}} and the {{sixth STI|sti-plan-6}}.',
    ],
    [
      'one head word is not enough',
      'The Seventh Plan and the 9th Programme are not names; the {{9th Framework Programme for Research and Innovation|eu-research-programme-9}} is.',
    ],
    ['initials need their ordinal', 'STI policy and the Basic Plan are too vague; so is the SEP.'],
  ],
  'a meeting is named in all its forms': [
    [
      'ministerial meeting, ministers’ meeting, minister’s meeting',
      'The {{G20 Digital Ministerial Meeting|g20-2021-digital}}, the {{G7 Digital and Technology Ministerial Meeting|g7-2021-digital}}, the {{G20 Digital Economy Ministers Meeting|g20-2023-digital}} and the {{G7 Digital Minister’s Meeting|g7-2019-digital}} in 2019.',
    ],
    [
      '"ministerial" as a noun, with and without its year',
      'The {{G7 digital ministerial|g7-2019-digital}} of 2019 and the {{G20 Digital Economy ministerial|g20-2023-digital}}.',
    ],
    ['the year-less form stands beside its year', 'In 2019 the {{G7 Digital Ministers’ Meeting|g7-2019-digital}} met in {{France|fra}}.'],
    ['a name without its year must still be a name', 'The {{2024 charter|compact}} is short; a charter is a document.'],
    [
      'a ministerial of no listed meeting',
      'The {{G7|g7}} finance ministerial and the WTO Ministerial Conference are not in the catalogue.',
    ],
  ],
  'a host’s demonym with a year is the meeting it hosted': [
    [
      'demonym and head noun, year before or after',
      'The 2019 {{Japanese declaration|g20-2019-leaders}} built on the {{French ministerial|g7-2019-digital}} of 2019.',
    ],
    ['demonym and forum', 'The 2023 {{Indian G20 meeting|g20-2023-digital}} endorsed it.'],
    ['presidency', 'In 2024, the {{Italian presidency’s ministerial|g7-2024-digital}} followed up.'],
    [
      'presidency without a year, two meetings hosted',
      'The {{Italian presidency’s ministerial|?g20-2021-digital,g7-2024-digital}} was praised.',
    ],
    [
      'no year, or a year the host hosted nothing, leaves the country',
      'The {{Japanese|jpn}} declaration was bold. In 2021 the {{French|fra}} ministerial met; the {{German|deu}} summit of 2022 too.',
    ],
    ['a demonym before another noun is the country', 'In 2019 {{Japanese|jpn}} firms welcomed the {{French|fra}} proposals.'],
  ],
  'class nouns are no reference unless they plainly refer back': [
    ['a generic sentence', 'The MOC is {{Japan|jpn}}’s usual instrument, and a digital partnership its next step.'],
    ['plurals are never one entry', 'MOCs, memoranda of cooperation and digital partnerships multiply.'],
    ['an antecedent in the same paragraph', 'The {{Estonia MOC|moc-estonia}} came first. The {{MOC|moc-estonia}} covers e-government.'],
    [
      'two antecedents: no single one',
      'The {{Estonia MOC|moc-estonia}} and the {{Denmark MOC|moc-denmark}} differ. The Memorandum of Cooperation is short.',
    ],
    ['an antecedent in another paragraph does not count', 'The {{Estonia MOC|moc-estonia}} came first.\n\nThe MOC covers e-government.'],
    [
      'its own sentence says which',
      'The {{Memorandum of Cooperation|moc-denmark}} with {{Denmark|dnk}} and the {{digital partnership|dp-eu}} with the {{EU|eu}}.',
    ],
    [
      'a table row says which',
      '| Year | Engagement | Partner |\n|---|---|---|\n| 2021 | {{MOC|moc-denmark}} | {{Denmark|dnk}} |\n| 2022 | {{MOC|moc-estonia}} | {{Estonia|est}} |\n',
    ],
    ['the plural of a unique name is that entry', 'The {{Estonia MOCs|moc-estonia}} are cited.'],
    ['every, each: a class, its forum still named', 'Before every {{G20|g20}} Digital Ministerial Meeting, each MOC is reviewed.'],
    [
      'an indefinite article introduces a new one, not the one before',
      'The {{Estonia MOC|moc-estonia}} came first, and a memorandum of cooperation with {{Denmark|dnk}} followed; an MOC takes a year, another MOC less.',
    ],
  ],
  'a pillar by a distinctive tail of its name, where its paragraph names its policy or a sibling': [
    ['quoted tail, policy in the paragraph', 'The {{New Plan for FOIP|foip-plan}} stresses the “{{Indo-Pacific way|foip-plan-2}}”.'],
    [
      'tail, sibling pillar named in full in the paragraph',
      '## Pillars\n\n{{Multi-layered Connectivity|foip-plan-3}} comes first, then {{Rules for Prosperity|foip-plan-1}}.',
    ],
    [
      'tail, sibling pillar only in another paragraph of the section',
      '## Pillars\n\n{{Multi-layered Connectivity|foip-plan-3}} comes first.\n\nThen Rules for Prosperity.',
    ],
    [
      'another policy’s pillars alike',
      'The {{Charter for Digital Solidarity|compact}} asks for data governed in a {{Human-Centric Manner|compact-2}}.',
    ],
    ['without policy or sibling, a tail is prose', 'Rules for prosperity matter, and so does an Indo-Pacific way of doing things.'],
    [
      'a tail in another section does not count',
      '## One\n\nThe {{New Plan for FOIP|foip-plan}} is new.\n\n## Two\n\nAn Indo-Pacific way of doing things.',
    ],
    ['a tail that starts with a function word is not a tail', 'The {{New Plan for FOIP|foip-plan}}: in an Indo fashion, Prosperity.'],
  ],
  'a short reference to a pillar counts only where its policy is meant': [
    [
      'a pillar by its short form right after its policy, same paragraph',
      'The {{Coral Reef Framework|reef}} moved fast, and {{Clean Economy|reef-3}} projects came first.',
    ],
    [
      'a goal by its short form where its policy is named',
      'Under the {{Lagoon Goals|goals}}, donors funded {{Gender Equality|goal-1}} programmes.',
    ],
    [
      'a pillar by its number after its policy',
      'The {{third pillar|reef-3}} of the {{CRFP|reef}} covers energy, and {{Pillar II|reef-2}} (supply chains) stalled.',
    ],
    [
      'a pillar by its number, policy named later in the paragraph',
      '{{Pillar 4|reef-4}} of the {{Coral Reef Framework|reef}} is about tax.',
    ],
    ['a number of no policy named is no pillar', 'Pillar II of the reform covers tax, and the third pillar is pensions.'],
    [
      'a cue word with its listed siblings',
      'The agenda has three goals: {{gender equality|goal-1}}, {{clean water|goal-2}} and {{quality education|goal-3}}.',
    ],
    ['a common cue word and a topic, no policy named', 'The goal is gender equality in every ministry, and the agenda is clean water.'],
    ['a pillar cue and a topic, no policy named', 'The trade pillar of our budget is small; clean economy is a priority pillar.'],
    ['a sibling list of plain nouns', 'Budgets cover gender equality, clean water and quality education alike.'],
    ['a sibling list of title-case nouns', 'Clean Economy, Fair Economy and Connected Trade dominate the talks.'],
    [
      'the policy in another paragraph does not count',
      'The {{Coral Reef Framework|reef}} was launched in 2022.\n\nSince then, Clean Economy projects have multiplied.',
    ],
    [
      'a title-case tail with its policy in the paragraph',
      'The {{Heron Research Strategy|heron}} puts {{Research Capability|heron-1}} first.',
    ],
    ['title-case prose sharing a label’s tail', 'The Research Capability Review and the Science to Society prize were announced.'],
    [
      'title-case prose sharing a label’s tail, policy in another paragraph',
      'The {{Heron Research Strategy|heron}} was published.\n\nA separate Research Capability audit followed.',
    ],
    [
      'a short alias where its policy is named in the paragraph',
      'The {{New Plan for FOIP|foip-plan}} is broad; its {{connectivity pillar|foip-plan-3}} funds cables.',
    ],
    [
      'a short alias two policies share: the one named in the paragraph',
      'The {{Charter for Digital Solidarity|compact}} has a {{connectivity pillar|compact-1}} too.',
    ],
    ['a short alias with no policy named', 'Every such plan has a connectivity pillar nowadays.'],
    [
      'a short alias with its policy in another paragraph',
      'The {{New Plan for FOIP|foip-plan}} is broad.\n\nIts connectivity pillar funds cables.',
    ],
    ['a name that names its policy counts on its own', 'Progress on the {{CRFP trade pillar|reef-1}} was slow.'],
    [
      'under a heading that names the policy',
      '## The {{Coral Reef Framework|reef}} in brief\n\n- {{Clean Economy|reef-3}} first\n- {{Fair Economy|reef-4}} next',
    ],
    [
      'under a heading of another section',
      '## The {{Coral Reef Framework|reef}}\n\nIt was launched in 2022.\n\n## Budgets\n\n- Clean Economy first\n- Fair Economy next',
    ],
    [
      'in a list, the policy named in an item',
      '- The {{Coral Reef Framework|reef}} has four strands of work:\n- {{Clean Economy|reef-3}}\n- {{Fair Economy|reef-4}}',
    ],
  ],
  'a catalogued name that begins the name of a standing body is no reference': [
    [
      'bodies of several kinds',
      'The {{Charter for Digital Solidarity Secretariat|-}} and the {{Charter for Digital Solidarity Fund|-}} serve the {{Charter for Digital Solidarity|compact}}.',
    ],
    ['with words between', 'Data sits in the {{Charter for Digital Solidarity Transparency Database|-}}.'],
    [
      'a council or forum of an engagement is still about it',
      'The {{Japan–UK Digital Partnership|dp-uk}} Council and the {{Japan–EU Digital Partnership|dp-eu}} Forum met.',
    ],
    ['a body noun in lower case is prose', 'The {{Charter for Digital Solidarity|compact}} secretariat is small.'],
  ],
  'an abbreviation the text defines for a catalogued name stands for it afterwards': [
    [
      'later uses in the paragraph and after it, possessive too',
      'The {{Charter for Digital Solidarity (CDS)|compact}} is young. The {{CDS|compact}}’s backers met.\n\nLater the {{CDS|compact}} grew.',
    ],
    [
      'across sections and blocks of every kind',
      '## One\n\nWe cite the {{New Plan for a Free and Open Indo-Pacific (NPFOIP)|foip-plan}}.\n\n## Two\n\n- the {{NPFOIP|foip-plan}} again\n\n| A | B |\n| - | - |\n| {{NPFOIP|foip-plan}} | x |',
    ],
    [
      'a use before the definition is nothing yet',
      'First CDS, then the {{Charter for Digital Solidarity (CDS)|compact}}, then {{CDS|compact}}.',
    ],
    [
      'letters that are not the initials are not an abbreviation of it',
      'The {{Charter for Digital Solidarity|compact}} (CXQ) and then CXQ; the {{Japan–Estonia Memorandum of Cooperation|moc-estonia}} (ZZ) and ZZ.',
    ],
    ['a country defines nothing', 'Delegates from {{Kenya|ken}} (KE) spoke; KE agreed.'],
    ['across a soft line break, as names are', 'We cite the {{Charter for Digital Solidarity\n(CDS)|compact}} and {{CDS|compact}}.'],
    ['not across a paragraph', 'We cite the {{Charter for Digital Solidarity|compact}}\n\n(CDS) and CDS.'],
    [
      'the first definition holds',
      'The {{Japan–EU Digital Partnership (JDP)|dp-eu}}, the {{Japan–UK Digital Partnership (JDP)|dp-uk}}, and the {{JDP|dp-eu}}.',
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
  it('an abbreviation defined for a catalogued name stands for it with the detector of uncatalogued names off', () => {
    const text = 'The Charter for Digital Solidarity (CDS) is young. The CDS grew, and the Kestrel Compact (KC) and KC did not.';
    const on = analyze(text, dataset).references.map((r) => `${r.text}=${r.id}`);
    const off = analyze(text, dataset, { uncatalogued: false }).references.map((r) => `${r.text}=${r.id}`);
    assert.deepEqual(off, ['Charter for Digital Solidarity (CDS)=compact', 'CDS=compact']);
    assert.deepEqual(on, off);
  });
  it('an abbreviation of a catalogued name is never also reported as the use of a name the catalogue lacks', () => {
    const text = 'The Charter for Digital Solidarity (CDS) began. The Cyber Defence Sharing Compact (CDS) too. The CDS met.';
    const analysis = analyze(text, dataset);
    assert.deepEqual(
      analysis.references.filter((r) => r.text === 'CDS').map((r) => r.id),
      ['compact'],
    );
    assert.ok(!(analysis.uncatalogued ?? []).some((u) => u.text === 'CDS'));
  });
});
