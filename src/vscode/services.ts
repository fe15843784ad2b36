import type { Dataset } from '../core';
import type { AnalysisCache } from './analysis-cache';

/** What every feature adapter receives: the shared analysis cache and the current dataset. */
export interface Services {
  analyses: AnalysisCache;
  dataset: () => Dataset;
}
