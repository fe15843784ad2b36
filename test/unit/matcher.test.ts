import { loadBundledDataset } from '../../src/core';
import { assertAnnotated } from './helpers/expect-refs';

/**
 * Each case is Markdown with every expected reference annotated inline: `{{text|id}}`,
 * `{{text|?id1,id2}}` for an ambiguous one, `{{text|-}}` for a name that must not be reported.
 * A case passes only if the analysis reports exactly the annotated references, no more.
 */
const CASES: Array<[string, string]> = [
  [
    'dashes and order',
    'The {{EU-Japan Digital Partnership|japan-eu-digital-partnership-2022}} and the {{Japan–EU digital partnership|japan-eu-digital-partnership-2022}} and the {{Japan—EU Digital Partnership|japan-eu-digital-partnership-2022}} and the {{EU Japan Digital Partnership|japan-eu-digital-partnership-2022}}.',
  ],
  [
    'memorandum forms',
    'We signed the {{Memorandum of Cooperation with Estonia|moc-estonia-2022}}; the {{Estonia MOC|moc-estonia-2022}} followed the {{Denmark Memorandum of Cooperation (MOC)|moc-denmark-2021}}.',
  ],
  [
    'possessives and quotes',
    "{{Japan|jpn}}'s envoy and {{India|ind}}’s minister attended the “{{G7 Digital Ministers' Meeting|g7-2022-digital-ministers-meeting}}” in {{Germany|deu}}.",
  ],
  [
    'lower case and plural agreement names',
    'Tokyo has signed memoranda since the {{memorandum of cooperation with Denmark|moc-denmark-2021}}, and {{Estonia MOCs|moc-estonia-2022}} are cited.',
  ],
  [
    'abbreviation with and without expansion',
    '{{Data Free Flow with Trust (DFFT)|dfft}} underpins the agenda. Later, {{DFFT|dfft}} alone.',
  ],
  [
    'name across a soft line break and doubled spaces',
    'The {{Japan–EU Digital\nPartnership|japan-eu-digital-partnership-2022}} and the {{Estonia  MOC|moc-estonia-2022}}.',
  ],
  ['whole words only', '{{India|ind}} is not Indiana, and {{Indonesian|idn}} ports are in {{Indonesia|idn}}.'],
  ['case-sensitive acronyms', 'Officials from the {{US|usa}} told us it was about AI and IT; {{U.S.|usa}} policy differs.'],
  ['Chad and chad', 'Aid reached {{Chad|tcd}}; a hanging chad is not a country, nor is CHAD in this sentence.'],
  [
    'longest match wins',
    'The {{Second Meeting of the Japan-EU Digital Partnership Council|japan-eu-digital-partnership-council-2024}} took place in 2024.',
  ],
  [
    'meeting resolved by year in the sentence',
    'The {{G20 Digital Economy Ministers’ Meeting|g20-2022-digital-economy-ministers-meeting}} held in 2022 endorsed the agenda.',
  ],
  [
    'meeting resolved by host in the sentence',
    'In {{India|ind}}, the {{G20 Digital Economy Ministers Meeting|g20-2023-digital-economy-ministers-meeting}} adopted a framework.',
  ],
  [
    'meeting left ambiguous',
    'The {{G20 Digital Economy Ministers’ Meeting|?g20-2020-digital-economy-ministers-meeting,g20-2022-digital-economy-ministers-meeting,g20-2023-digital-economy-ministers-meeting,g20-2024-digital-economy-ministers-meeting,g20-2025-digital-economy-ministers-meeting}} is an annual fixture.',
  ],
  [
    'table row context',
    '| Year | Engagement |\n|---|---|\n| 2020 | {{G20 Digital Economy Ministers Meeting|g20-2020-digital-economy-ministers-meeting}} |\n',
  ],
  [
    'strands only as strands',
    'The four strands are {{Technology|strand-technology}}, {{Governance|strand-governance}}, {{Community|strand-community}} and {{Sustainability|strand-sustainability}}. Technology is changing fast, and Community matters.',
  ],
  ['strand with its cue, no policy named', 'Under the Governance strand, rule-making dominates.'],
  [
    'strand with its policy named in the paragraph',
    'The {{International Digital Engagement of Japan|japan-technology-diplomacy}} puts the {{Governance strand|strand-governance}} first.',
  ],
  [
    'oceans, seas and places',
    'Cables cross the {{Indian Ocean|-}} and the {{South China Sea|-}}; delegates from {{New Mexico|-}} and {{West Virginia|-}} came.',
  ],
  ['people named like countries', 'The economist {{Michael Jordan|-}} and the writer {{Jordan Peterson|-}} met {{Jordan|jor}}’s minister.'],
  ['animals and objects', 'The {{guinea pig|-}} ate while a turkey roasted on fine china. {{Turkey|tur}} joined the talks.'],
  [
    'code, HTML and front matter are not prose',
    '---\ntitle: Japan\n---\n\n`Japan` and\n\n```\nIndia\n```\n\n<div>China</div>\n\nOnly {{Korea|kor}} here.',
  ],
  [
    'link text but not URLs',
    'See [the {{Estonia MOC|moc-estonia-2022}}](https://example.org/japan) and www.india.example or <https://china.example>.',
  ],
  ['image alt text and footnotes', '![Map of {{Japan|jpn}}](map.png)\n\nText.[^1]\n\n[^1]: See the {{Okinawa Charter|okinawa-charter}}.'],
  ['emphasis inside a name', 'The *{{Japan–EU* Digital Partnership|japan-eu-digital-partnership-2022}} matters.'],
  [
    'entities and escapes',
    '{{Japan|jpn}} &amp; {{India|ind}}, the {{Japan&ndash;EU Digital Partnership|japan-eu-digital-partnership-2022}} and the {{Japan\\-UK Digital Partnership|japan-uk-digital-partnership-2022}}.',
  ],
  ['Pandoc citation', 'As agreed [{{@moc-estonia-2022|moc-estonia-2022}}, p. 3].'],
  ['demonyms', '{{Japanese|jpn}} firms and {{Indian|ind}} start-ups.'],
  ['groupings', 'The {{G7|g7}}, the {{G20|g20}} and {{ASEAN|asean}}.'],
  [
    'a list after a name distributes over it',
    'Tokyo signed {{MOCs with Saudi Arabia|moc-saudi-arabia-2023}}, {{Tunisia|moc-tunisia-2023}}, {{Jordan|moc-jordan-2023}} and {{Ukraine|moc-ukraine-2023}} in 2023, then met {{India|ind}}.',
  ],
  [
    'a list before a name distributes over it',
    'The {{Belgium|moc-belgium-2022}}, {{Singapore|moc-singapore-2022}} and {{Estonia MOCs|moc-estonia-2022}} date from 2022; {{Japan|jpn}} and {{France|fra}} have none.',
  ],
  [
    'US places named like countries',
    'A plant in {{Atlanta, Georgia|-}} and a workshop in {{Lebanon|-}}, New Hampshire; fabs in Arizona, Texas and {{Georgia|-}}. The embassy in Tbilisi, {{Georgia|geo}} hosted the {{US|usa}} Congress delegation.',
  ],
  [
    'a continent or region named after a country is not the country',
    'Firms in {{North America|-}}, {{South America|-}}, {{Central America|-}} and {{Latin America|-}} watch {{America|usa}}.',
  ],
  [
    'a list of countries is no town and state, even with a state named like a country',
    'Signed by {{Israel|isr}}, {{Norway|nor}}, {{Georgia|geo}} and {{Moldova|mda}}; later {{Norway|nor}}, {{Georgia|geo}}; then {{Georgia|geo}}, {{Armenia|arm}} or {{Lebanon|lbn}}. Still a plant in {{Atlanta, Georgia|-}} and fabs in Arizona and {{Georgia|-}}.',
  ],
  [
    'strands in a slide list that names the policy',
    '## Strands\n\n- {{International Digital Engagement of Japan|japan-technology-diplomacy}}\n- {{Technology|strand-technology}}: interoperability\n- {{Governance|strand-governance}}: rules\n\nTechnology alone is just a word.',
  ],
  [
    'strands in a slide list that does not name the policy are words',
    '## Strands\n\n- Technology: interoperability\n- Governance: rules\n- Community: inclusion',
  ],
  [
    'meeting without its host',
    'Ministers met at the {{G7 Digital and Technology Ministers’ Meeting|g7-2021-digital-technology-ministers-meeting}}.',
  ],
];

describe('matching names the way people write them', () => {
  const dataset = loadBundledDataset();
  for (const [name, source] of CASES) it(name, () => assertAnnotated(source, dataset));
});
