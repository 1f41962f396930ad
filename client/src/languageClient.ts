// Language client: server module over IPC, client options, the one log output channel.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FoldingLimitFeature } from './foldingLimit';
import { LANGUAGE_ID, SETTINGS_SECTION } from './ids';

/** Creates (does not start) the client for the bundled server at `server/out/main.js`. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/main.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
  };
  const client = new LanguageClient('ftraceLens', 'Ftrace Lens', serverOptions, clientOptions);
  client.registerFeature(new FoldingLimitFeature());
  return client;
}
