import { datasetFromPrebuilt, type Dataset } from '../core';

/**
 * The bundled dataset as the editor loads it: from `dist/dataset.json`, which the build writes
 * already validated, merged and indexed (see esbuild.js). One `JSON.parse` on first use, instead
 * of converting world-countries, compiling the JSON Schema and compiling the matcher; it equals
 * `loadBundledDataset()` (a unit test holds it to that).
 *
 * @param read Returns the text of `dist/dataset.json`, the platform's way (see `Platform`).
 * @returns A loader that reads and parses the text on its first call and then returns the same dataset.
 */
export function prebuiltDatasetLoader(read: () => string): () => Dataset {
  let dataset: Dataset | undefined;
  return () => (dataset ??= datasetFromPrebuilt(JSON.parse(read())));
}
