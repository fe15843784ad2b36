/**
 * Entry of `dist/analysis-worker.js`: the Markdown analysis, off the editor's thread. It bundles
 * the core and nothing of the editor; `node-port.ts` is the only platform-specific part (the port, and
 * the time budget per region that only Node can keep).
 */
import { hostPort, nodeRegionBudget } from './node-port';
import { serveAnalyses } from './server';

serveAnalyses(hostPort(), { regionBudget: nodeRegionBudget });
