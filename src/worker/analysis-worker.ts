/**
 * Entry of `dist/analysis-worker.js`: the Markdown analysis, off the editor's thread. It bundles
 * the core and nothing of the editor; the port shim is the only platform-specific part.
 */
import { hostPort } from './node-port';
import { serveAnalyses } from './server';

serveAnalyses(hostPort());
