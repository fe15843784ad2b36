// The browser entry (package.json `browser`, dist/web/extension.js): vscode.dev and any other Web
// Worker extension host. No Node here (esbuild.js fails the build if a Node built-in gets in): the
// extension's own files are read through vscode.workspace.fs, whatever the scheme of its location
// (https: on vscode.dev, vscode-remote: when a server installed it).
import * as vscode from 'vscode';
import { activateWith, type PolicyLensApi } from './extension';
import { prebuiltDatasetLoader } from './vscode/dataset';
import { startWebWorker } from './worker/web-host';

export async function activate(context: vscode.ExtensionContext): Promise<PolicyLensApi> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  // workspace.fs hands out a fresh Uint8Array over an ArrayBuffer (never a SharedArrayBuffer), as Blob wants.
  const read = async (...parts: string[]) =>
    (await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, ...parts))) as Uint8Array<ArrayBuffer>;
  // Read now, since the loader is synchronous and can wait for nothing later; parsed only on first use, as on the desktop.
  const datasetJson = new TextDecoder().decode(await read('dataset.json'));
  return activateWith(context, {
    bundledDataset: prebuiltDatasetLoader(() => datasetJson),
    // A blob: URL, because the extension host refuses to start a worker from a vscode-remote: URL.
    startWorker: () =>
      startWebWorker(async () => URL.createObjectURL(new Blob([await read('web', 'analysis-worker.js')], { type: 'text/javascript' }))),
  });
}

export function deactivate(): void {}
