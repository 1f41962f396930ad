// Extension entry: wires the language client, progress and log channel; returns a small API for tests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { watchParseProgress } from './parseProgress';

/** What `activate` returns (extension tests use it to wait for the server). */
export interface FtraceLensApi {
  /** Resolves when the language server is running; rejects if it failed to start. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
}

let client: LanguageClient | undefined;

/** Activates the extension on the first ftrace document. */
export function activate(context: vscode.ExtensionContext): FtraceLensApi {
  const output = vscode.window.createOutputChannel('Ftrace Lens', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  context.subscriptions.push(client);
  const started = client;
  const ready = started.start().then(
    () => {
      context.subscriptions.push(watchParseProgress(started, output));
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      output.error(`language server failed to start: ${msg}`);
      void vscode.window.showErrorMessage(`Ftrace Lens could not start its language server: ${msg}. See the "Ftrace Lens" output for details.`);
      throw e;
    },
  );
  return { ready, client: started };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
