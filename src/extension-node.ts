// The desktop entry (package.json `main`, dist/extension.js): the Node extension host.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activateWith, type PolicyLensApi } from './extension';
import { prebuiltDatasetLoader } from './vscode/dataset';
import { startNodeWorker } from './worker/node-host';

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  return activateWith(context, {
    bundledDataset: prebuiltDatasetLoader(() => readFileSync(path.join(__dirname, 'dataset.json'), 'utf8')),
    startWorker: () => startNodeWorker(path.join(__dirname, 'analysis-worker.js')),
  });
}

export function deactivate(): void {}
