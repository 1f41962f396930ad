// Extension entry: starts the Ftrace Lens language server over IPC for ftrace documents.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Activates the extension and returns a small API for tests. */
export async function activate(context: vscode.ExtensionContext): Promise<{ ready: Promise<void>; client: LanguageClient }> {
  const module = context.asAbsolutePath('server/out/main.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Ftrace Lens', { log: true });
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'ftrace' }],
    outputChannel: output,
  };
  client = new LanguageClient('ftraceLens', 'Ftrace Lens', serverOptions, clientOptions);
  context.subscriptions.push(client);
  const ready = client.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`Ftrace Lens: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  });
  return { ready, client };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
