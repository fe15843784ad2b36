import * as vscode from 'vscode';
import type { Services } from '../services';

/** The Output channel's name, as users see it in the Output view's list. */
export const LOG_NAME = 'Policy Lens';

/**
 * The extension's one log: a `LogOutputChannel`, so that its level follows "Developer: Set Log
 * Level…" like VS Code's own logs. Created once, with the services; every feature and the analysis
 * workers write to it (never to the console, which users do not see).
 */
export function createLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const log = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  context.subscriptions.push(log);
  return log;
}

/** "Policy Lens: Show Log": opens the log in the Output view. */
export function showLog(services: Services): void {
  services.log.show(true);
}

/** Registers "Policy Lens: Show Log". */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('policyLens.showLog', () => showLog(services)));
}
