/**
 * The bundled dataset, validated and pre-indexed at build time. esbuild.js bundles this module, runs
 * it and writes the JSON to `dist/dataset.json`, which the extension loads on first use without
 * ajv, without world-countries and without compiling the matcher. A bundled layer with a schema
 * error fails the build.
 */
import { loadBundledDataset, prebuildDataset } from '../src/core';

export function prebuiltBundledDataset(): { json: string; errors: string[] } {
  const dataset = loadBundledDataset();
  const errors = dataset.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.layer}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`);
  return { json: JSON.stringify(prebuildDataset(dataset)), errors };
}
