// Extension entry: wires the language client, views, commands, status bar and progress; returns a small API for tests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallTreeView } from './callTree/callTreeView';
import { registerCommands } from './navigation/commands';
import { SleepsAndIdle } from './navigation/sleepsAndIdle';
import { HotFunctionsView } from './hotFunctions/hotFunctionsView';
import { createLanguageClient } from './connection/languageClient';
import { watchParseProgress } from './status/parseProgress';
import { watchTextTraces } from './documents/detectTraces';
import { TraceStatusBar } from './status/statusBar';
import { CallStackItem } from './status/callStackItem';

/** What `activate` returns (extension tests use it to wait for the server). */
export interface FtraceLensApi {
  /** Resolves when the language server is running; rejects if it failed to start. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
  /** The Call Tree view. */
  readonly callTree: CallTreeView;
}

let client: LanguageClient | undefined;

/** Activates the extension on the first ftrace document or when its views open. */
export function activate(context: vscode.ExtensionContext): FtraceLensApi {
  const output = vscode.window.createOutputChannel('Ftrace Lens', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  context.subscriptions.push(client);
  const started = client;
  // Also active for Plain Text and Log documents: a trace saved as .txt or .log is switched to ftrace.
  context.subscriptions.push(watchTextTraces());
  // Views and commands work at once: requests wait for the server to finish starting.
  const sleeps = new SleepsAndIdle();
  const tree = new CallTreeView(started, sleeps);
  context.subscriptions.push(sleeps, tree, new HotFunctionsView(started, sleeps), new TraceStatusBar(started, sleeps), new CallStackItem(started), ...registerCommands(started, tree, sleeps));
  const api: FtraceLensApi = {
    client: started,
    callTree: tree,
    ready: started.start().then(
      () => {
        context.subscriptions.push(watchParseProgress(started, output));
      },
      (e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        output.error(`language server failed to start: ${msg}`);
        void vscode.window.showErrorMessage(`Ftrace Lens could not start its language server: ${msg}. See the "Ftrace Lens" output for details.`);
        throw e;
      },
    ),
  };
  return api;
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
