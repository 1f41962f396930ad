// Extension entry: wires the language client, views, commands, status bar, big-trace regimes, disk indexes and slices; returns a small API for tests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallTreeView } from './callTree/callTreeView';
import { registerCommands } from './navigation/commands';
import { SleepsAndIdle } from './navigation/sleepsAndIdle';
import { HotFunctionsView } from './hotFunctions/hotFunctionsView';
import { createLanguageClient } from './connection/languageClient';
import { watchParseProgress } from './status/parseProgress';
import { watchTextTraces } from './documents/detectTraces';
import { watchLanguageDefaults } from './documents/languageDefaults';
import { warmUpRenderer } from './documents/rendererWarmUp';
import { TraceStatusBar } from './status/statusBar';
import { registerExportCommand } from './export/exportCommand';
import { registerCompareCommand } from './compare/compareCommand';
import { FlamePanel } from './flame/flamePanel';
import { DiskIndexes } from './bigTrace/diskIndex';
import { BigTraces } from './bigTrace/bigTraces';
import { TraceFocus } from './shared/traceFocus';
import { SliceDocuments } from './slices/sliceDocuments';
import { registerSliceCommands } from './slices/sliceCommands';
import { registerGoToSource } from './navigation/goToSource';
import { CallStackItem } from './status/callStackItem';
import { mark } from './shared/timing';

/** What `activate` returns (extension tests use it to wait for the server). */
export interface FtraceLensApi {
  /** Resolves when the language server is running; rejects if it failed to start. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
  /** The Call Tree view. */
  readonly callTree: CallTreeView;
  /** The Flame Graph view. */
  readonly flame: FlamePanel;
  /** Traces past 50 MB indexed from disk. */
  readonly diskIndexes: DiskIndexes;
  /** Regimes of the open traces. */
  readonly bigTraces: BigTraces;
  /** Slice documents. */
  readonly slices: SliceDocuments;
}

let client: LanguageClient | undefined;

/** Activates the extension on the first ftrace document or when its views open. */
export function activate(context: vscode.ExtensionContext): FtraceLensApi {
  mark('activate');
  const output = vscode.window.createOutputChannel('Ftrace Lens', { log: true });
  context.subscriptions.push(output);
  // The window loads the ftrace grammar and language configuration now rather than when a trace opens.
  context.subscriptions.push(warmUpRenderer(output));
  client = createLanguageClient(context, output);
  context.subscriptions.push(client);
  const started = client;
  // Also active for Plain Text and Log documents: a trace saved as .txt or .log is switched to ftrace.
  context.subscriptions.push(watchTextTraces());
  // Traces opened as the workbench started may miss the [ftrace] editor defaults: re-apply them (before the server sees them).
  const defaults = watchLanguageDefaults(output);
  context.subscriptions.push(defaults);
  const disk = new DiskIndexes(started, output);
  const focus = new TraceFocus(disk);
  const slices = new SliceDocuments(started);
  // Views and commands work at once: requests wait for the server to finish starting.
  const sleeps = new SleepsAndIdle();
  // Views name a slice's lines by the full trace's (one line map per slice).
  const lineNames = (uri: vscode.Uri) => slices.lineNames(uri);
  const tree = new CallTreeView(started, sleeps, focus, lineNames);
  const flame = new FlamePanel(context, started, focus, (uri) => slices.lineMap(uri));
  context.subscriptions.push(sleeps, disk, focus, slices, tree, flame, new HotFunctionsView(started, sleeps, focus, lineNames), new TraceStatusBar(started, sleeps, focus), new CallStackItem(started, lineNames), ...registerCommands(started, tree, sleeps, focus, lineNames), registerExportCommand(started, focus), registerCompareCommand(started, focus, disk));
  context.subscriptions.push(...registerSliceCommands(started, focus, slices, () => tree.provider.current?.uri));
  context.subscriptions.push(registerGoToSource(started, () => tree.provider.current?.uri));
  mark('client start');
  const ready = defaults.settled.then(() => started.start()).then(
    () => {
      mark('client ready');
      disk.listen();
      context.subscriptions.push(watchParseProgress(started, output));
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      output.error(`language server failed to start: ${msg}`);
      void vscode.window.showErrorMessage(`Ftrace Lens could not start its language server: ${msg}. See the "Ftrace Lens" output for details.`);
      throw e;
    },
  );
  // Regimes are known at once; indexing from disk waits for the server.
  const bigTraces = new BigTraces(disk, focus, output, ready);
  context.subscriptions.push(bigTraces);
  return { client: started, callTree: tree, flame, diskIndexes: disk, bigTraces, slices, ready };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
