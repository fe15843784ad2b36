import worldCountries from 'world-countries';
import { countryEntries, type CountryPatch } from './countries';
import { catalogueAreas } from './data/areas';
import patch from './data/countries-patch.json';
import stopPhrases from './data/stop-phrases.json';
import { loadDataset, type Dataset, type DatasetLayer } from './load';

let bundled: DatasetLayer[] | undefined;

/**
 * The bundled layers: countries (world-countries plus the curated patch), then policies.
 *
 * @returns Layers to pass to `loadDataset`, possibly followed by user layers.
 */
export function bundledLayers(): DatasetLayer[] {
  bundled ??= [
    {
      name: 'bundled:countries',
      data: {
        entries: [...countryEntries(worldCountries, patch), ...(patch as CountryPatch).entries!],
      },
    },
    ...catalogueAreas.map(({ area, data }) => ({ name: `bundled:${area}`, data })),
    { name: 'bundled:stop-phrases', data: stopPhrases },
  ];
  return bundled;
}

let cached: Dataset | undefined;

/**
 * Loads the bundled dataset once and keeps it.
 *
 * @returns The merged, validated bundled dataset.
 */
export function loadBundledDataset(): Dataset {
  cached ??= loadDataset(bundledLayers());
  return cached;
}
