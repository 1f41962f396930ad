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

  /** `lineNames` names a document's lines (full-trace lines in a slice). */
  constructor(private readonly client: LanguageClient, private readonly lineNames: (uri: vscode.Uri) => Promise<LineNames> = async () => PLAIN_LINE_NAMES) {
    this.item.name = 'Ftrace Lens: call stack at the cursor';
    this.item.command = Commands.showCallStack;
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.schedule(150)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule(500)),
      vscode.commands.registerCommand(Commands.showCallStack, () => this.pick()),
    );
    this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private async update(): Promise<void> {
    const editor = activeTraceEditor(LANGUAGE_ID);
    const seq = ++this.seq;
    if (editor === undefined) {
      this.stack = undefined;
      return void this.item.hide();
    }
    const uri = editor.document.uri;
    const [r, names] = await Promise.all([
      send(this.client, CallAtRequest, { uri: uri.toString(), line: editor.selection.active.line }).catch(() => null),
      this.lineNames(uri).catch(() => PLAIN_LINE_NAMES),
    ]);
    if (seq !== this.seq) return;
    if (r === null || r.call === null || r.path.length === 0) {
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
