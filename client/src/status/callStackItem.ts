// Status bar item "call stack at the cursor": the cursor line's own task and its callers at any depth; clicking picks one to go to.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { CallAtRequest, type CallNode } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';
import { Commands, LANGUAGE_ID } from '../shared/ids';
import { activeTraceEditor, revealLine } from '../navigation/navigation';
import { send } from '../shared/requests';
import { PLAIN_LINE_NAMES, type LineNames } from '../slices/lineNames';

/** Longest function name shown in the status bar itself (the tooltip and the picker show it whole). */
const NAME_MAX = 48;

/** `sh-137 on CPU 0`, `<idle>-0 on CPU 2`, `CPU 1` (as the outline names a task's stretch of lines). */
export function taskLabel(c: CallNode): string {
  const on = c.cpu !== null ? ` on CPU ${c.cpu}` : '';
  if (c.pid === 0) return `${c.task ?? '<idle>'}-0${on}`;
  if (c.pid !== null) return `${c.task ?? 'pid'}-${c.pid}${on}`;
  return c.cpu !== null ? `CPU ${c.cpu}` : 'calls';
}

/**
 * Shows, for the cursor line of the active trace, its task and innermost call with the depth
 * (`$(list-tree) sh-137 on CPU 0 › mntput_no_expire · depth 14`), the whole stack in the tooltip,
 * and offers the stack in a picker ({@link Commands.showCallStack}). Unlike the outline it has no
 * symbol cap, so it names every caller on any trace.
 */
export class CallStackItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ftraceLens.callStack', vscode.StatusBarAlignment.Left, 49);
  private readonly subs: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private stack: { uri: vscode.Uri; path: readonly CallNode[]; names: LineNames } | undefined;
  /** The trace editor the item last described (still the one shown while focus is in a quick input or a panel). */
  private editor: vscode.TextEditor | undefined;
  /** Failed requests in a row for the current position (retried a few times: the server may be busy). */
  private failures = 0;

  /** `lineNames` names a document's lines (full-trace lines in a slice). */
  constructor(private readonly client: LanguageClient, private readonly lineNames: (uri: vscode.Uri) => Promise<LineNames> = async () => PLAIN_LINE_NAMES) {
    this.item.name = 'Ftrace Lens: call stack at the cursor';
    this.item.command = Commands.showCallStack;
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.follows(e.textEditor) && this.schedule(150)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule(500)),
      vscode.commands.registerCommand(Commands.showCallStack, () => this.pick()),
    );
    this.schedule(0);
  }

  /** True when `e` is the editor the item describes: the active one, or while no editor is active (focus in a quick input, such as Go to Line, or a panel) the last one. */
  private follows(e: vscode.TextEditor): boolean {
    const active = vscode.window.activeTextEditor;
    return e === active || (active === undefined && e === this.editor);
  }

  private schedule(ms: number, retry = false): void {
    if (!retry) this.failures = 0;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private async update(): Promise<void> {
    const active = vscode.window.activeTextEditor;
    // No active editor: focus is in a quick input or a panel, and the trace editor is still the one
    // shown (VS Code's own Ln/Col item stays too); the item goes with its editor's tab.
    const editor = active === undefined && this.editor !== undefined && vscode.window.visibleTextEditors.includes(this.editor) ? this.editor : activeTraceEditor(LANGUAGE_ID);
    this.editor = editor;
    const seq = ++this.seq;
    if (editor === undefined) {
      this.stack = undefined;
      return void this.item.hide();
    }
    const uri = editor.document.uri;
    const [r, names] = await Promise.all([
      send(this.client, CallAtRequest, { uri: uri.toString(), line: editor.selection.active.line }).then((x) => x, () => undefined),
      this.lineNames(uri).catch(() => PLAIN_LINE_NAMES),
    ]);
    if (seq !== this.seq) return;
    if ((r === undefined || r === null) && ++this.failures <= 3) {
      // The request failed, or the server has no model of the document yet (restarting, busy, the
      // document still arriving): ask again in a moment, a few times.
      return this.schedule(1000, true);
    }
    if (r === undefined || r === null || r.call === null || r.path.length === 0) {
      this.stack = undefined;
      return void this.item.hide();
    }
    this.stack = { uri, path: r.path, names };
    const name = r.call.name.length > NAME_MAX ? `${r.call.name.slice(0, NAME_MAX - 1)}…` : r.call.name;
    this.item.text = `$(list-tree) ${taskLabel(r.call)} › ${name} · depth ${r.call.depth}`;
    const lines = [taskLabel(r.call), ...r.path.map((c, i) => `${'  '.repeat(i + 1)}${c.name}  ${c.inclusiveUs !== null ? formatDuration(nsOf(c.inclusiveUs)) : '?'}  (${names.line(c.line)})`)];
    this.item.tooltip = `${lines.join('\n')}\n\nClick to go to one of these calls.`;
    this.item.show();
  }

  /** A picker of the stack, outermost first; choosing a call selects its line. */
  private async pick(): Promise<void> {
    const s = this.stack;
    if (s === undefined) return void vscode.window.showInformationMessage('Ftrace: the cursor is not inside a call.');
    type Item = vscode.QuickPickItem & { line: number };
    const items: Item[] = s.path.map((c, i) => ({
      label: `${'  '.repeat(i)}${c.name}`,
      description: `${c.inclusiveUs !== null ? formatDuration(nsOf(c.inclusiveUs)) : 'no time'} · ${s.names.line(c.line)}`,
      line: c.line,
    }));
    const chosen = await vscode.window.showQuickPick(items, { title: `Call stack of ${taskLabel(s.path[s.path.length - 1])}`, placeHolder: 'Go to a call' });
    if (chosen !== undefined) await revealLine(s.uri, chosen.line);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.subs) d.dispose();
  }
}
