/** Entry of `dist/web/analysis-worker.js`: the analysis worker as a browser's Web Worker (classic script). */
import { serveAnalyses } from './server';
import { hostPort } from './web-port';

serveAnalyses(hostPort());
