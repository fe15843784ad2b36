import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { datasetFromPrebuilt, type Dataset } from '../core';

/**
 * The bundled dataset as the editor loads it: from `dist/dataset.json`, which the build writes
 * already validated, merged and indexed (see esbuild.js). One `JSON.parse` on first use, instead
 * of converting world-countries, compiling the JSON Schema and compiling the matcher; it equals
 * `loadBundledDataset()` (a unit test holds it to that).
 *
 * @param file The pre-built dataset; by default the one beside the extension bundle.
 * @returns A loader that reads the file on its first call and then returns the same dataset.
 */
export function prebuiltDatasetLoader(file = path.join(__dirname, 'dataset.json')): () => Dataset {
  let dataset: Dataset | undefined;
  return () => (dataset ??= datasetFromPrebuilt(JSON.parse(readFileSync(file, 'utf8'))));
}
