import type { CountryEntry } from '../types';

/** The fields of a world-countries record that Policy Lens uses. */
export interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  cca3: string;
  independent?: boolean | null;
  altSpellings: string[];
  region: string;
  subregion: string;
  capital: string[];
  flag: string;
  demonyms?: { eng?: { f: string; m: string } };
  /** Names in other languages, by ISO 639-3 code; Japanese (`jpn`) is used. */
  translations?: Record<string, { common: string; official: string } | undefined>;
}

/** The curated patch: extra aliases and demonyms by country id, plus whole bloc entries. */
export interface CountryPatch {
  aliases?: Record<string, string[]>;
  demonyms?: Record<string, string[]>;
  entries?: unknown[];
}

const SOURCE = { title: 'world-countries (mledoze/countries), ODbL 1.0', url: 'https://github.com/mledoze/countries' };

function describe(c: WorldCountry): string {
  const what = c.independent ? 'Sovereign state' : 'Territory';
  const where = c.subregion || c.region;
  const capital = c.capital.length > 0 ? `; capital ${c.capital.join(', ')}` : '';
  return `${what} in ${where}${capital}. Officially ${c.name.official}.`;
}

/**
 * Turns world-countries records into dataset entries, adding the curated patch.
 *
 * Two-letter ISO codes are not used as names: in policy prose "AI", "IT", "TV" or "PR" are far
 * more often acronyms than Anguilla, Italy, Tuvalu or Puerto Rico. A demonym shared by a state and
 * a dependent territory ("American", "Indian") is kept only for the state.
 *
 * @param countries The records of the `world-countries` package.
 * @param patch Curated aliases and demonyms (by lower-case ISO alpha-3 id).
 * @returns One `country` entry per record, id = lower-case ISO alpha-3.
 */
export function countryEntries(countries: readonly WorldCountry[], patch: CountryPatch): CountryEntry[] {
  const demonymOwners = new Map<string, WorldCountry[]>();
  for (const c of countries) {
    for (const d of new Set([c.demonyms?.eng?.m, c.demonyms?.eng?.f])) {
      if (d) demonymOwners.set(d, [...(demonymOwners.get(d) ?? []), c]);
    }
  }
  const keepDemonym = (d: string, c: WorldCountry): boolean => {
    const owners = demonymOwners.get(d) ?? [];
    const states = owners.filter((o) => o.independent);
    return owners.length === 1 || states.length === 0 || (!!c.independent && states.length >= 1);
  };
  return countries.map((c) => {
    const id = c.cca3.toLowerCase();
    const latin = (s: string): boolean => /^[\p{Script=Latin}\p{M}\s.'’()-]+$/u.test(s);
    const names = [c.name.official, ...c.altSpellings].filter((s) => latin(s) && !/^[A-Z]{2}$/.test(s) && s !== c.name.common);
    // Japanese drafts name countries in Japanese: world-countries' Japanese common and official names.
    const japanese = [c.translations?.jpn?.common, c.translations?.jpn?.official].filter((s): s is string => !!s && !latin(s));
    const aliases = [...new Set([...names, ...japanese, ...(patch.aliases?.[id] ?? [])])];
    const demonyms = [...new Set([c.demonyms?.eng?.m, c.demonyms?.eng?.f])].filter((d): d is string => !!d && keepDemonym(d, c));
    return {
      id,
      kind: 'country',
      type: 'country',
      label: c.name.common,
      aliases,
      summary: describe(c),
      sources: [SOURCE],
      iso2: c.cca2,
      iso3: c.cca3,
      officialName: c.name.official,
      commonName: c.name.common,
      demonyms: [...new Set([...demonyms, ...(patch.demonyms?.[id] ?? [])])],
      region: c.region,
      subregion: c.subregion,
      capital: c.capital,
      ...(c.flag ? { flag: c.flag } : {}),
    } satisfies CountryEntry;
  });
}
