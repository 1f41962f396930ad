// Navigation commands: slowest call, slowest-calls picker with preview, next/previous slow call, parent, longest child, matching entry/exit.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { CallAtRequest, CallTreeRequest, SlowestCallsRequest, type CallNode } from '../../../server/src/protocol';
import { nsOf } from '../callTree/callPresentation';
import type { CallTreeView } from '../callTree/callTreeView';
import { Commands, LANGUAGE_ID } from '../shared/ids';
import { noIcons } from '../shared/noIcons';
import { activeTraceEditor, revealLine } from './navigation';
import { send } from '../shared/requests';

const SLOW_CALL_CODE = 'slow-call';

/** Registers every navigation command; returns their disposables. */
export function registerCommands(client: LanguageClient, tree: CallTreeView): vscode.Disposable[] {
  const need = (): vscode.TextEditor | undefined => {
    const e = activeTraceEditor(LANGUAGE_ID);
    if (e === undefined) void vscode.window.showInformationMessage('Ftrace: open an ftrace trace first.');
    return e;
  };
  const go = async (editor: vscode.TextEditor, line: number): Promise<void> => {
    await revealLine(editor.document.uri, line);
    // The panel follows in the background: the editor does not wait for the tree.
    void tree.revealLine(line).catch(() => undefined);
  };
  const callAt = (editor: vscode.TextEditor) => send(client, CallAtRequest, { uri: editor.document.uri.toString(), line: editor.selection.active.line });

  return [
    vscode.commands.registerCommand(Commands.jumpToSlowestCall, async () => {
      const editor = need();
      if (editor === undefined) return;
      const r = await send(client, SlowestCallsRequest, { uri: editor.document.uri.toString(), count: 1 });
      const top = r?.calls[0];
      if (top === undefined) return void vscode.window.showInformationMessage('Ftrace: this trace has no timed calls.');
      await go(editor, top.line);
    }),
    vscode.commands.registerCommand(Commands.showSlowestCalls, () => showSlowestCalls(client, need(), go)),
    vscode.commands.registerCommand(Commands.nextSlowCall, () => stepSlowCall(need(), 1, go)),
    vscode.commands.registerCommand(Commands.previousSlowCall, () => stepSlowCall(need(), -1, go)),
    vscode.commands.registerCommand(Commands.goToParentCall, async () => {
      const editor = need();
      if (editor === undefined) return;
      const at = await callAt(editor);
      const parent = at && at.path.length >= 2 ? at.path[at.path.length - 2] : undefined;
      if (parent === undefined) return void vscode.window.setStatusBarMessage('Ftrace: no enclosing call', 3000);
      await go(editor, parent.line);
    }),
    vscode.commands.registerCommand(Commands.goToLongestChild, async () => {
      const editor = need();
      if (editor === undefined) return;
      const at = await callAt(editor);
      if (!at?.call || at.call.childCount === 0) return void vscode.window.setStatusBarMessage('Ftrace: this call makes no calls', 3000);
      const kids = await send(client, CallTreeRequest, { uri: editor.document.uri.toString(), parent: at.call.id, order: 'time', limit: 1 });
      const child = kids?.calls?.[0];
      if (child !== undefined) await go(editor, child.line);
    }),
    vscode.commands.registerCommand(Commands.goToMatchingEntryExit, async () => {
      const editor = need();
      if (editor === undefined) return;
      const line = editor.selection.active.line;
      const at = await callAt(editor);
      const c = at?.call;
      if (!c || c.endLine === null || c.endLine === c.line) return void vscode.window.setStatusBarMessage('Ftrace: no matching entry or exit', 3000);
      await go(editor, line === c.line ? c.endLine : c.line);
    }),
  ];
}

/** Quick pick of the 50 slowest calls; moving through it previews each in the editor. */
async function showSlowestCalls(client: LanguageClient, editor: vscode.TextEditor | undefined, go: (e: vscode.TextEditor, line: number) => Promise<void>): Promise<void> {
  if (editor === undefined) return;
  const uri = editor.document.uri;
  const origin = editor.selection;
  const r = await send(client, SlowestCallsRequest, { uri: uri.toString(), count: 50 });
  const calls = r?.calls ?? [];
  if (calls.length === 0) return void vscode.window.showInformationMessage('Ftrace: this trace has no timed calls.');
  type Item = vscode.QuickPickItem & { call: CallNode };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'Slowest calls';
  qp.placeholder = 'Type to filter by function, CPU or task';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = calls.map((c, i) => ({
    label: `${formatDuration(nsOf(c.inclusiveUs))}  ${noIcons(c.name)}`,
    description: [c.cpu !== null ? `CPU ${c.cpu}` : '', c.task !== null ? `${noIcons(c.task)}-${c.pid}` : '', `line ${c.line + 1}`].filter(Boolean).join(' · '),
    detail: `#${i + 1} · self ${formatDuration(nsOf(c.selfUs))}${c.flags.includes('missingEntry') ? ' · entry before the trace start' : ''}`,
    call: c,
  }));
  let accepted = false;
  qp.onDidChangeActive((items) => {
    const c = items[0]?.call;
    if (c !== undefined) void revealLine(uri, c.line, { preserveFocus: true, preview: true });
  });
  qp.onDidAccept(() => {
    const c = qp.selectedItems[0]?.call;
    accepted = true;
    qp.hide();
    if (c !== undefined) void go(editor, c.line);
  });
  qp.onDidHide(() => {
    qp.dispose();
    if (!accepted) {
      editor.selection = origin;
      editor.revealRange(origin, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  });
  qp.show();
}

/** Moves to the next (dir 1) or previous (-1) slow-call diagnostic in file order, wrapping around. */
async function stepSlowCall(editor: vscode.TextEditor | undefined, dir: 1 | -1, go: (e: vscode.TextEditor, line: number) => Promise<void>): Promise<void> {
  if (editor === undefined) return;
  const lines = [...new Set(vscode.languages.getDiagnostics(editor.document.uri)
    .filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === SLOW_CALL_CODE)
    .map((d) => d.range.start.line))].sort((a, b) => a - b);
  if (lines.length === 0) return void vscode.window.setStatusBarMessage('Ftrace: no slow calls above the threshold', 3000);
  const cur = editor.selection.active.line;
  const next = dir > 0 ? (lines.find((l) => l > cur) ?? lines[0]) : ([...lines].reverse().find((l) => l < cur) ?? lines[lines.length - 1]);
  await go(editor, next);
}
