// Language client: server module over stdio, client options, the one log output channel.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FoldingLimitFeature } from './foldingLimit';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../shared/ids';
import { noIcons } from '../shared/noIcons';

/** Creates (does not start) the client for the bundled server at `server/out/main.js`. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/main.js');
  // stdio rather than node IPC: over a byte stream the server parses a big trace while its didOpen
  // arrives (about 0.3 to 0.4 s sooner for a 50 MB trace than over IPC, which hands the server the
  // whole message only once Node has decoded it).
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    middleware: {
      // Go to Symbol in Editor renders `$(name)` in symbol names as icons (names come from the trace).
      provideDocumentSymbols: async (document, token, next) => {
        const symbols = await next(document, token);
        const stack = [...(symbols ?? [])];
        for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
          s.name = noIcons(s.name);
          if ('children' in s) stack.push(...s.children);
        }
        return symbols;
      },
    },
  };
  const client = new LanguageClient('ftraceLens', 'Ftrace Lens', serverOptions, clientOptions);
  client.registerFeature(new FoldingLimitFeature());
  return client;
}
