// Navigation commands: slowest call, slowest-calls picker with preview, next/previous slow call, parent, longest child, matching entry/exit.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { CallAtRequest, CallTreeRequest, ErrorOriginRequest, SlowestCallsRequest, type CallNode, type RankingInfo } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';
import type { CallTreeView } from '../callTree/callTreeView';
import { Commands } from '../shared/ids';
import { noIcons } from '../shared/noIcons';
import { selfText } from '../shared/selfTime';
import { revealLine } from './navigation';
import { send } from '../shared/requests';
import { measureText, noSlowestCallText, sleepsAndIdleText, type SleepsAndIdle } from './sleepsAndIdle';
import { rankedTime, rankedTimeText } from './rankedTime';
import type { FocusedTrace, TraceFocus } from '../shared/traceFocus';
import { PLAIN_LINE_NAMES, type LineNames } from '../slices/lineNames';

const SLOW_CALL_CODE = 'slow-call';

/** Registers every navigation command (`lineNames` names a document's lines: full-trace lines in a slice); returns their disposables. */
export function registerCommands(client: LanguageClient, tree: CallTreeView, sleeps: SleepsAndIdle, focus: TraceFocus, lineNames: (uri: vscode.Uri) => Promise<LineNames> = async () => PLAIN_LINE_NAMES): vscode.Disposable[] {
  const needTrace = (): FocusedTrace | undefined => {
    const t = focus.current();
    if (t === undefined) void vscode.window.showInformationMessage('Ftrace: open an ftrace trace first.');
    return t;
  };
  /** Commands that start from the cursor need an editor, which VS Code gives extensions only up to 50 MB. */
  const need = (): vscode.TextEditor | undefined => {
    const t = needTrace();
    if (t !== undefined && t.editor === undefined) void vscode.window.showInformationMessage('Ftrace: past 50 MB VS Code does not tell extensions where the cursor is. Use the Call Tree, Jump to Slowest Call or Show Slowest Calls, or open a slice.');
    return t?.editor;
  };
  const goTrace = async (trace: FocusedTrace, line: number): Promise<void> => {
    await revealLine(trace.uri, line, { fromDisk: trace.fromDisk });
    // The panel follows in the background: the editor does not wait for the tree.
    void tree.revealLine(line).catch(() => undefined);
  };
  const go = (editor: vscode.TextEditor, line: number): Promise<void> => goTrace({ uri: editor.document.uri, version: editor.document.version, editor, fromDisk: false }, line);
  const callAt = (editor: vscode.TextEditor) => send(client, CallAtRequest, { uri: editor.document.uri.toString(), line: editor.selection.active.line });

  return [
    vscode.commands.registerCommand(Commands.jumpToSlowestCall, async () => {
      const trace = needTrace();
      if (trace === undefined) return;
      const r = await send(client, SlowestCallsRequest, { uri: trace.uri.toString(), count: 1, sleepsAndIdle: sleeps.on });
      const top = r?.calls[0];
      if (top === undefined) return void vscode.window.showInformationMessage(noSlowestCallText(r === null ? null : r.ranking));
      await goTrace(trace, top.line);
    }),
    vscode.commands.registerCommand(Commands.showSlowestCalls, () => showSlowestCalls(client, needTrace(), goTrace, sleeps, lineNames)),
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
    vscode.commands.registerCommand(Commands.goToErrorOrigin, async () => {
      const editor = need();
      if (editor === undefined) return;
      const r = await send(client, ErrorOriginRequest, { uri: editor.document.uri.toString(), line: editor.selection.active.line });
      if (r === null || r.call === null) return void vscode.window.setStatusBarMessage('Ftrace: no call on this line', 3000);
      const origin = r.chain.at(-1);
      if (origin === undefined) {
        const why = r.returned === null ? 'the trace prints no return value for it (funcgraph-retval was off)' : `it returned ${r.returned}, no error code`;
        return void vscode.window.setStatusBarMessage(`Ftrace: ${noIcons(r.call.name)}: ${why}`, 5000);
      }
      await go(editor, origin.call.line);
      const via = r.chain.length > 1 ? `, passed up by ${r.chain.length - 1} call${r.chain.length > 2 ? 's' : ''}` : ' (no call inside it returned it first)';
      vscode.window.setStatusBarMessage(`Ftrace: ${r.error ?? 'the error'} first returned by ${noIcons(origin.call.name)}${via}`, 8000);
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

/** The Show Slowest Calls entry of the `i`-th (0-based) slowest call `c`; its line named by `names` (the full trace's in a slice). */
export function slowestCallItem(c: CallNode, i: number, ranking: RankingInfo, names: LineNames): { label: string; description: string; detail: string } {
  return {
    label: `${rankedTimeText(rankedTime(c, ranking.measure), ranking.measure)}  ${noIcons(c.name)}`,
    description: [c.cpu !== null ? `CPU ${c.cpu}` : '', c.task !== null ? `${noIcons(c.task)}-${c.pid}` : '', names.line(c.line)].filter(Boolean).join(' · '),
    detail: [`#${i + 1}`, otherTimes(c, ranking), c.flags.includes('missingEntry') ? 'entry before the trace start' : ''].filter(Boolean).join(' · '),
  };
}

/** `self 1 µs · 2.7 ms inclusive · off-CPU 187.6 s (inferred)`: the times a ranked call's label does not show. */
function otherTimes(c: CallNode, r: RankingInfo): string {
  const parts: string[] = [];
  if (rankedTime(c, r.measure).measure !== 'inclusive') parts.push(`${formatDuration(nsOf(c.inclusiveUs))} inclusive`);
  if (r.measure !== 'self') parts.push(selfText(c, false) ?? 'self ?');
  if (c.offCpu === 'unknown') parts.push('off-CPU unknown');
  else if (c.offCpuUs !== null && c.offCpuUs > 0) parts.push(`off-CPU ${formatDuration(nsOf(c.offCpuUs))}${c.offCpu === 'inferred' ? ' (inferred)' : ''}`);
  if (c.idle) parts.push('idle task');
  return parts.join(' · ');
}

/**
 * Quick pick of the 50 slowest calls; moving through it previews each in the editor. Its last
 * entry switches between on-CPU work and counting sleeps and idle (and reopens the list).
 */
async function showSlowestCalls(client: LanguageClient, trace: FocusedTrace | undefined, go: (t: FocusedTrace, line: number) => Promise<void>, sleeps: SleepsAndIdle, lineNames: (uri: vscode.Uri) => Promise<LineNames>): Promise<void> {
  if (trace === undefined) return;
  const { uri, editor, fromDisk } = trace;
  const origin = editor?.selection;
  const [r, names] = await Promise.all([
    send(client, SlowestCallsRequest, { uri: uri.toString(), count: 50, sleepsAndIdle: sleeps.on }),
    lineNames(uri).catch(() => PLAIN_LINE_NAMES),
  ]);
  const calls = r?.calls ?? [];
  const left = r === null ? undefined : sleepsAndIdleText(r.ranking);
  if (r === null || (calls.length === 0 && left === undefined)) return void vscode.window.showInformationMessage('Ftrace: this trace has no timed calls.');
  type Item = vscode.QuickPickItem & { call?: CallNode; toggle?: boolean };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = sleeps.on ? 'Slowest calls (sleeps and idle counted)' : `Slowest calls (${measureText(r.ranking)})`;
  qp.placeholder = 'Type to filter by function, CPU or task';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const items: Item[] = calls.map((c, i) => ({ ...slowestCallItem(c, i, r.ranking, names), call: c }));
  if (left !== undefined || sleeps.on) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push(sleeps.on
      ? { label: '$(pulse) Rank On-CPU Work Only', description: 'sleeps and idle set aside again', toggle: true }
      : { label: '$(debug-pause) Show Sleeps and Idle', description: left, detail: 'Count the time tasks spent switched out and the idle task\'s time', toggle: true });
  }
  qp.items = items;
  let accepted = false;
  qp.onDidChangeActive((items) => {
    const c = items[0]?.call;
    if (c !== undefined) void revealLine(uri, c.line, { preserveFocus: true, preview: !fromDisk, fromDisk });
  });
  qp.onDidAccept(() => {
    const item = qp.selectedItems[0];
    accepted = true;
    qp.hide();
    if (item?.toggle === true) {
      sleeps.set(!sleeps.on);
      void showSlowestCalls(client, trace, go, sleeps, lineNames);
    } else if (item?.call !== undefined) void go(trace, item.call.line);
  });
  qp.onDidHide(() => {
    qp.dispose();
    if (!accepted && editor !== undefined && origin !== undefined) {
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
