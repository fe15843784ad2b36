import assert from 'node:assert/strict';
import { catalogueAreas } from '../../src/core/dataset/data/areas';
import { compileMatcher, type Pattern, type TrieNode } from '../../src/core/match/compile';
import { loadBundledDataset, type AgreementEntry, type Entry } from '../../src/core';

/**
 * Hosts of official and intergovernmental publishers that a catalogue source may point to: a
 * government (its ministries and agencies), the EU, an intergovernmental organisation, a treaty
 * depositary, or a G7/G20 research group. A new host belongs here only if it is one of those.
 */
const OFFICIAL_HOSTS: RegExp[] = [
  /\.gov$/,
  /\.gov\.[a-z]{2}$/,
  /\.govt\.nz$/,
  /\.go\.(jp|kr|id|th|ke)$/,
  /\.gouv\.fr$/,
  /\.gc\.ca$/,
  /\.gob\.[a-z]{2}$/,
  /\.int$/,
  /(^|\.)europa\.eu$/,
  /(^|\.)(un|oecd|oecd\.ai|unesco|wto|itu|apec|asean|g20|gpai|worldbank|imf|undp|unctad|wipo|coe)\.org$/,
  /(^|\.)oecd\.ai$/,
  /(^|\.)gpai\.ai$/,
  /(^|\.)un\.org$/,
  /(^|\.)utoronto\.ca$/, // G7 and G20 Research Groups (Munk School, University of Toronto)
  /(^|\.)(g7italy\.it|g7germany\.de|g7uk\.org|g7hiroshima\.go\.jp|g7france\.fr|g20\.in|g20\.org)$/,
  /(^|\.)(bundesregierung\.de|bmwk\.de|bmwi\.de|bmdv\.bund\.de|elysee\.fr|governo\.it|mimit\.gov\.it)$/, // bmwi.de: the economics ministry before its 2021 rename to BMWK
  /(^|\.)(kantei\.go\.jp|mofa\.go\.jp|meti\.go\.jp|soumu\.go\.jp|digital\.go\.jp|cao\.go\.jp|jica\.go\.jp)$/,
  /(^|\.)(legislation\.gov\.uk|parliament\.uk|congress\.gov|federalregister\.gov|whitehouse\.gov|archives\.gov)$/,
  /(^|\.)(cbprs\.org|globalcbpr\.org|pariscall\.international|christchurchcall\.com|christchurchcall\.org)$/,
  /(^|\.)(mfat\.govt\.nz|dfat\.gov\.au|mti\.gov\.sg|mddi\.gov\.sg|imda\.gov\.sg|mea\.gov\.in|pib\.gov\.in)$/,
  /(^|\.)(quad-leaders|igf|aiactionsummit|aiseoulsummit|unav)\.(org|gov|fr|kr|edu)$/,
  /(^|\.)forumsec\.org$/, // Pacific Islands Forum Secretariat
  /(^|\.)(intgovforum|undocs|unodc)\.org$/, // UN Internet Governance Forum secretariat, UN document links, UN Office on Drugs and Crime
  /(^|\.)(auswaertiges-amt\.de|government\.nl)$/, // German Federal Foreign Office; Government of the Netherlands
  /(^|\.)(ohchr|undrr)\.org$/, // UN human rights office; UN Office for Disaster Risk Reduction
  /(^|\.)canada\.ca$/, // Government of Canada (g7.canada.ca, ised-isde.canada.ca)
  /(^|\.)esteri\.it$/, // Italian Ministry of Foreign Affairs and its missions (italiarappginevra.esteri.it)
  /(^|\.)unoda\.org$/, // UN Office for Disarmament Affairs (disarmament.unoda.org, meetings.unoda.org)
  /(^|\.)(diplo\.de|bundeskanzlerin\.de|gouvernement\.fr)$/, // German missions abroad; the German Chancellor's former site; Government of France
];

function isOfficial(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return OFFICIAL_HOSTS.some((rule) => rule.test(host));
}

const fold = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015-]/g, ' ')
    .replace(/[’'`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('the catalogue', () => {
  const dataset = loadBundledDataset();
  const all = [...dataset.entries.values()];
  const catalogued = catalogueAreas.flatMap(({ area, data }) => (data.entries as Entry[]).map((entry) => ({ area, entry })));
  const agreements = catalogued.filter((c): c is { area: string; entry: AgreementEntry } => c.entry.kind === 'agreement');

  it('every entry of every area loads without a problem', () => {
    assert.deepEqual(
      dataset.problems.filter((p) => p.layer?.startsWith('bundled:')),
      [],
    );
  });

  it('every agreement has a year, known parties, a classification and a summary', () => {
    const bad: string[] = [];
    for (const { area, entry } of agreements) {
      const why: string[] = [];
      if (entry.year === undefined && entry.date === undefined) why.push('no year or date');
      if (entry.parties.length === 0) why.push('no parties');
      for (const party of entry.parties) if (dataset.entries.get(party)?.kind !== 'country') why.push(`unknown party ${party}`);
      if (entry.host !== undefined && dataset.entries.get(entry.host)?.kind !== 'country') why.push(`unknown host ${entry.host}`);
      if (entry.classification === undefined) why.push('no classification');
      if (entry.summary.trim().length < 40) why.push('summary too short');
      if (why.length) bad.push(`${area}/${entry.id}: ${why.join(', ')}`);
    }
    assert.deepEqual(bad, []);
  });

  it('every entry has a source with the URL of an official or intergovernmental page', () => {
    const bad = catalogued
      .filter(({ entry }) => !entry.sources.some((s) => s.url !== undefined && isOfficial(s.url)))
      .map(({ area, entry }) => `${area}/${entry.id}: ${entry.sources.map((s) => s.url ?? '(no url)').join(' ')}`);
    assert.deepEqual(bad, []);
  });

  it('no two entries share a label', () => {
    const byLabel = new Map<string, string[]>();
    for (const entry of all) {
      if (entry.kind === 'country') continue;
      const key = fold(entry.label);
      byLabel.set(key, [...(byLabel.get(key) ?? []), entry.id]);
    }
    for (const entry of all) {
      if (entry.kind !== 'country') continue;
      const ids = byLabel.get(fold(entry.label));
      if (ids) ids.push(entry.id);
    }
    const shared = [...byLabel].filter(([, ids]) => ids.length > 1).map(([label, ids]) => `${label}: ${ids.join(', ')}`);
    assert.deepEqual(shared, []);
  });

  it('an alias that two entries share has a context rule that tells them apart', () => {
    // The context rule for agreements: the sentence, row or section names a year, a host or a
    // party, so entries that share a name must differ in one of those. Pillars share a name
    // only with a cue rule. Countries that share a demonym are reported as ambiguous by design.
    const matcher = compileMatcher(dataset);
    const patterns = new Set<Pattern>();
    const walk = (node: TrieNode): void => {
      for (const p of node.patterns) patterns.add(p);
      for (const child of node.next.values()) walk(child);
    };
    walk(matcher.root);
    const keyOf = (e: AgreementEntry): string =>
      [e.year ?? e.date?.slice(0, 4) ?? '', e.host ?? '', [...e.parties].sort().join('+')].join('|');
    const bad: string[] = [];
    for (const p of patterns) {
      if (p.stop || p.ids.length < 2) continue;
      const entries = p.ids.map((id) => dataset.entries.get(id)!);
      if (entries.every((e) => e.kind === 'country')) continue;
      const name = p.raws.join(' ');
      if (entries.some((e) => e.kind === 'country')) {
        bad.push(`"${name}" is both a country and ${p.ids.join(', ')}`);
        continue;
      }
      if (entries.some((e) => e.kind === 'pillar')) {
        if (!p.contextual || !entries.every((e) => e.kind === 'pillar'))
          bad.push(`"${name}": pillars share it as a full name (no context rule) with ${p.ids.join(', ')}`);
        continue;
      }
      const keys = (entries as AgreementEntry[]).map(keyOf);
      const clash = keys.findIndex((k, i) => keys.indexOf(k) !== i);
      if (clash >= 0) bad.push(`"${name}": ${p.ids.join(', ')} have the same year, host and parties`);
    }
    assert.deepEqual(bad, []);
  });
});
