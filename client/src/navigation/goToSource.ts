// Ftrace: Go to Source: a function's C definition from the Call Tree, Hot Functions or the editor, by name (tags files, else the workspace's symbol providers); says why when nothing is found.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FunctionSourceRequest, type FunctionSourceResult } from '../../../server/src/protocol';
import { Commands, Views } from '../shared/ids';
import { send } from '../shared/requests';
import type { TreeNode } from '../callTree/callTreeProvider';
import { workspaceDefinitions } from './sourceDefinition';
import { notFoundMessage } from './sourceMessages';

/** What the command gets from a view's context menu: a Call Tree call, or a Hot Functions row. */
type ViewArg = TreeNode | { readonly kind: 'function'; readonly uri: vscode.Uri; readonly stat: { readonly name: string } } | undefined;

/** One definition to open: where, the range to select, and what a list shows of it. */
interface Target {
  readonly uri: vscode.Uri;
  readonly selection: vscode.Range;
  readonly label: string;
  readonly detail?: string;
}

function range(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Where the server found `name`, else where the workspace's symbol providers say it is. */
async function targets(client: LanguageClient, trace: vscode.Uri, name: string): Promise<{ found: Target[]; answer: FunctionSourceResult }> {
  const answer = await send(client, FunctionSourceRequest, { uri: trace.toString(), name });
  const rel = (u: vscode.Uri): string => vscode.workspace.asRelativePath(u, false);
  let found: Target[] = answer.locations.map((l) => {
    const uri = vscode.Uri.parse(l.uri);
    return { uri, selection: range(l.selection), label: `${rel(uri)}:${l.range.start.line + 1}`, detail: l.text };
  });
  if (found.length === 0 && answer.names.length > 0) {
    found = (await workspaceDefinitions(answer.names, trace)).map((l) => ({ uri: l.uri, selection: l.range, label: `${rel(l.uri)}:${l.range.start.line + 1}` }));
  }
  return { found, answer };
}

/**
 * Registers Ftrace: Go to Source. From a view, the row's function (the Call Tree's trace via
 * `treeTrace`); from the palette in a trace editor, Go to Definition at the cursor.
 */
export function registerGoToSource(client: LanguageClient, treeTrace: () => vscode.Uri | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.goToSource, async (arg?: ViewArg) => {
    let trace: vscode.Uri | undefined;
    let name: string | undefined;
    if (arg?.kind === 'call') {
      trace = treeTrace();
      name = arg.call.name;
    } else if (arg?.kind === 'function') {
      trace = arg.uri;
      name = arg.stat.name;
    }
    if (trace === undefined || name === undefined) {
      // The palette: the editor's own Go to Definition at the cursor (this extension's provider answers it).
      if (vscode.window.activeTextEditor !== undefined) await vscode.commands.executeCommand('editor.action.revealDefinition');
      return;
    }
    const view = arg?.kind === 'call' ? Views.callTree : Views.hotFunctions;
    const { found, answer } = await vscode.window.withProgress({ location: { viewId: view } }, () => targets(client, trace, name));
    if (found.length === 0) {
      void vscode.window.showInformationMessage(notFoundMessage(name, answer));
      return;
    }
    const pick = found.length === 1 ? found[0] : await vscode.window.showQuickPick(found, { title: `Definitions of ${name}`, matchOnDetail: true });
    if (pick === undefined) return;
    await vscode.window.showTextDocument(pick.uri, { selection: pick.selection, preview: false });
  });
}
