// Language client: server module over stdio, client options, the one log output channel.
import * as vscode from 'vscode';
import {
  DidOpenTextDocumentNotification, LanguageClient, TransportKind, type DidOpenTextDocumentParams, type LanguageClientOptions, type Middleware, type ServerOptions,
} from 'vscode-languageclient/node';
import { FoldingLimitFeature } from './foldingLimit';
import { SharedSymbols } from './sharedSymbols';
import { StartupSettings } from './startupSettings';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../shared/ids';
import { DOCUMENT_SETTINGS_NOTIFICATION, SLICE_SCHEME, type DocumentSettingsParams } from '../../../server/src/protocol';
import { hugePagesTunables } from '../../../server/src/hugePages';
import { noIcons } from '../shared/noIcons';
import { mark, timed, timingOn } from '../shared/timing';
import { isWarmUpDocument } from '../documents/rendererWarmUp';
import { definitionWithSymbols } from '../navigation/sourceDefinition';

/** With the timing log on (shared/timing.ts): when each feature request leaves and its answer is back. */
const timingMiddleware: Middleware = {
  didOpen: (document, next) => timed('didOpen', document.uri.toString(), () => next(document)),
  provideFoldingRanges: (document, context, token, next) => timed('foldingRange', document.uri.toString(), () => next(document, context, token)),
  provideInlayHints: (document, range, token, next) => timed('inlayHint', document.uri.toString(), () => next(document, range, token), { lines: `${range.start.line}-${range.end.line}` }),
  provideHover: (document, position, token, next) => timed('hover', document.uri.toString(), () => next(document, position, token)),
  handleDiagnostics: (uri, diagnostics, next) => {
    mark('diagnostics received', { uri: uri.toString(), items: diagnostics.length });
    next(uri, diagnostics);
  },
};

/** The `ftraceLens` settings of a document, exactly as the client library answers workspace/configuration for that scope. */
function documentSettings(uri: string): DocumentSettingsParams {
  const value: unknown = vscode.workspace.getConfiguration(undefined, vscode.Uri.parse(uri)).get(SETTINGS_SECTION);
  return { uri, settings: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
}

/** Creates (does not start) the client for the bundled server at `server/out/main.js`. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/main.js');
  const shared = new SharedSymbols();
  context.subscriptions.push(shared);
  const startup = new StartupSettings();
  // stdio rather than node IPC: over a byte stream the server parses a big trace while its didOpen
  // arrives (about 0.3 to 0.4 s sooner for a 50 MB trace than over IPC, which hands the server the
  // whole message only once Node has decoded it).
  // On Linux the server's big columns get transparent huge pages (hugePages.ts: 13-28% less parse
  // time measured where page faults are dear); the client library adds this to its own environment.
  const tunables = hugePagesTunables(process.env, process.platform);
  const env = tunables === undefined ? undefined : { GLIBC_TUNABLES: tunables };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { env } },
    debug: { module, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every ftrace document, slices included (read-only virtual documents of part of a trace).
    documentSelector: [{ language: LANGUAGE_ID }, { scheme: SLICE_SCHEME, language: LANGUAGE_ID }],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    middleware: {
      ...(timingOn ? timingMiddleware : {}),
      // The editor's warm-up document (documents/rendererWarmUp.ts) is not a trace: the server never sees it.
      didOpen: (document, next) => (isWarmUpDocument(document.uri) ? Promise.resolve() : timingOn ? timingMiddleware.didOpen!(document, next) : next(document)),
      didClose: (document, next) => (isWarmUpDocument(document.uri) ? Promise.resolve() : next(document)),
      // A document's settings go to the writer just before its didOpen, in the same turn (see
      // DOCUMENT_SETTINGS_NOTIFICATION): nothing can come between them.
      sendNotification: (type, next, params) => {
        if (typeof type !== 'string' && type.method === DidOpenTextDocumentNotification.method) {
          const uri = (params as DidOpenTextDocumentParams).textDocument.uri;
          (next as (t: string, p: DocumentSettingsParams) => Promise<void>)(DOCUMENT_SETTINGS_NOTIFICATION, documentSettings(uri)).catch(() => undefined);
        }
        return next(type, params);
      },
      // The notification the library sends as it starts says nothing new to this server (startupSettings.ts).
      workspace: { didChangeConfiguration: (sections, next) => (startup.starting ? Promise.resolve() : next(sections)) },
      // Tags files in the server first, then the workspace's symbol providers (a C language server).
      // (The client is made below; the editor asks only once it runs.)
      provideDefinition: (document, position, token, next) => definitionWithSymbols(() => client, document, position, token, next),
      // Go to Symbol in Editor renders `$(name)` in symbol names as icons (names come from the trace).
      // VS Code asks twice for the same version when a trace opens: one answer serves both (sharedSymbols.ts).
      provideDocumentSymbols: (document, token, next) => shared.get(document, async () => {
        const symbols = await timed('documentSymbol', document.uri.toString(), () => next(document, token));
        const stack = [...(symbols ?? [])];
        for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
          s.name = noIcons(s.name);
          if ('children' in s) stack.push(...s.children);
        }
        return symbols;
      }),
    },
  };
  const client = new LanguageClient('ftraceLens', 'Ftrace Lens', serverOptions, clientOptions);
  client.registerFeature(new FoldingLimitFeature());
  // After the library's own features: initialized last (see startupSettings.ts).
  client.registerFeature(startup);
  return client;
}
