import { type Dataset } from '../../../src/core';
import { bundledLayers } from '../../../src/core/dataset/bundled';
import { loadDataset } from '../../../src/core/dataset/load';

/**
 * A small catalogue of its own for the matching-rule tests: the bundled countries and stop
 * phrases, plus entries written here in the shapes the rules are about (ordinal plans, hosted
 * meetings, shared class nouns, pillars). Independent of the bundled catalogue's content, so the
 * rules are tested as rules, on names no alias lists.
 */
const source = [{ title: 'Test entry', url: 'https://example.org/test' }];
const agreement = (id: string, label: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  kind: 'agreement',
  label,
  aliases: [],
  summary: 'A test entry.',
  sources: source,
  type: 'plan',
  classification: 'multilateral',
  parties: ['jpn'],
  ...fields,
});
/** A bilateral engagement of Japan with `partner`. */
const bilateral = (id: string, label: string, type: string, year: number, partner: string, aliases: string[]): Record<string, unknown> =>
  agreement(id, label, { type, year, classification: 'bilateral', parties: ['jpn', partner], aliases });
const pillar = (
  id: string,
  label: string,
  policy: string,
  number: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown> => ({
  id,
  kind: 'pillar',
  label,
  aliases: [],
  summary: 'A test pillar.',
  sources: source,
  policy,
  number,
  ...fields,
});

const ENTRIES = [
  // Ordinal plans: no alias lists the short forms.
  agreement('sti-plan-5', '5th Science, Technology and Innovation Basic Plan', { year: 2016, classification: 'unilateral' }),
  agreement('sti-plan-6', 'Sixth Science, Technology and Innovation Basic Plan', { year: 2021, classification: 'unilateral' }),
  agreement('energy-plan-7', 'Seventh Strategic Energy Plan', { year: 2025, classification: 'unilateral' }),
  agreement('eu-research-programme-9', 'Ninth Framework Programme for Research and Innovation', { year: 2021, parties: ['eu'] }),
  // Hosted meetings, each written in one form only.
  agreement('g7-2019-digital', 'G7 Digital Ministerial Meeting 2019', {
    type: 'ministerial meeting',
    year: 2019,
    host: 'fra',
    parties: ['g7'],
  }),
  agreement('g20-2019-digital', 'G20 Ministerial Meeting on Trade and Digital Economy', {
    type: 'ministerial meeting',
    year: 2019,
    host: 'jpn',
    parties: ['g20'],
  }),
  agreement('g20-2019-leaders', 'G20 Osaka Leaders’ Declaration', { type: 'declaration', year: 2019, host: 'jpn', parties: ['g20'] }),
  agreement('g7-2021-digital', 'G7 Digital and Technology Ministers’ Meeting', {
    type: 'ministerial meeting',
    year: 2021,
    host: 'gbr',
    parties: ['g7'],
  }),
  agreement('g20-2021-digital', 'G20 Digital Ministers Meeting', {
    type: 'ministerial meeting',
    year: 2021,
    host: 'ita',
    parties: ['g20'],
  }),
  agreement('g7-2024-digital', 'G7 Industry, Technology and Digital Ministerial Meeting', {
    type: 'ministerial meeting',
    year: 2024,
    host: 'ita',
    parties: ['g7'],
  }),
  agreement('g20-2023-digital', 'G20 Digital Economy Minister’s Meeting', {
    type: 'ministerial meeting',
    date: '2023-08-19',
    host: 'ind',
    parties: ['g20'],
  }),
  // Memoranda and partnerships that share their class nouns.
  bilateral('moc-estonia', 'Japan–Estonia Memorandum of Cooperation', 'memorandum', 2022, 'est', [
    'Estonia MOC',
    'MOC',
    'Memorandum of Cooperation',
  ]),
  bilateral('moc-denmark', 'Japan–Denmark Memorandum of Cooperation', 'memorandum', 2021, 'dnk', [
    'Denmark MOC',
    'MOC',
    'Memorandum of Cooperation',
  ]),
  bilateral('dp-uk', 'Japan–UK Digital Partnership', 'partnership', 2022, 'gbr', ['digital partnership']),
  bilateral('dp-eu', 'Japan–EU Digital Partnership', 'partnership', 2022, 'eu', ['digital partnership']),
  // A policy and its pillars, named in full only.
  agreement('foip-plan', 'New Plan for a Free and Open Indo-Pacific', {
    year: 2023,
    classification: 'unilateral',
    aliases: ['New Plan for FOIP'],
  }),
  pillar('foip-plan-1', 'Principles for Peace and Rules for Prosperity', 'foip-plan', 1),
  pillar('foip-plan-2', 'Addressing Challenges in an Indo-Pacific Way', 'foip-plan', 2),
  pillar('foip-plan-3', 'Multi-layered Connectivity', 'foip-plan', 3, { shortAliases: ['connectivity pillar'] }),
  agreement('compact', 'Charter for Digital Solidarity', { year: 2024, parties: ['eu'], aliases: ['2024 charter'] }),
  pillar('compact-1', 'Closing the Connectivity Gap', 'compact', 1, { shortAliases: ['connectivity pillar'] }),
  pillar('compact-2', 'Governing Data in a Human-Centric Manner', 'compact', 2),
  // A policy whose pillars are named by ordinary words, with a context rule (cue words, siblings).
  agreement('reef', 'Coral Reef Framework for Prosperity', {
    year: 2022,
    parties: ['jpn', 'aus'],
    aliases: ['CRFP', 'Coral Reef Framework'],
  }),
  ...(
    [
      ['reef-1', 'Trade (reef pillar)', ['trade pillar', 'Connected Trade', 'CRFP trade pillar']],
      ['reef-2', 'Supply Chains (reef pillar)', ['supply chains pillar', 'Resilient Chains']],
      ['reef-3', 'Clean Economy (reef pillar)', ['Clean Economy']],
      ['reef-4', 'Fair Economy (reef pillar)', ['Fair Economy']],
    ] as const
  ).map(([id, label, aliases], k) =>
    pillar(id, label, 'reef', k + 1, { aliases, context: { cues: ['pillar', 'pillars'], withSiblings: true } }),
  ),
  // Goals named by common nouns, cued by common words.
  agreement('goals', 'Shared Goals of the Lagoon Agenda', { year: 2015, parties: ['un'], aliases: ['Lagoon Goals'] }),
  ...(
    [
      ['goal-1', 'Goal 1: Gender Equality', ['Gender Equality']],
      ['goal-2', 'Goal 2: Clean Water', ['Clean Water']],
      ['goal-3', 'Goal 3: Quality Education', ['Quality Education']],
    ] as const
  ).map(([id, label, aliases], k) =>
    pillar(id, label, 'goals', k + 1, { aliases, context: { cues: ['goal', 'goals', 'agenda'], withSiblings: true } }),
  ),
  // A title-case pillar label whose tail is an ordinary title-case phrase.
  agreement('heron', 'Heron Research Strategy', { year: 2021, classification: 'unilateral' }),
  pillar('heron-1', 'Strengthening Research Capability', 'heron', 1),
  pillar('heron-2', 'Opening Science to Society', 'heron', 2),
];

let cached: Dataset | undefined;

/**
 * The rule-test catalogue, loaded once.
 *
 * @returns The bundled countries and stop phrases with the test entries.
 */
export function ruleCatalogue(): Dataset {
  if (cached) return cached;
  const layers = bundledLayers();
  const countries = layers.find((l) => l.name === 'bundled:countries')!;
  const stops = layers.find((l) => l.name === 'bundled:stop-phrases')!;
  cached = loadDataset([countries, { name: 'test:rules', data: { entries: ENTRIES } }, stops]);
  return cached;
}
