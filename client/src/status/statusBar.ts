// Status bar item for the active trace: calls, CPUs, slowest call; clicking jumps to it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { SummaryRequest } from '../../../server/src/protocol';
import { nsOf } from '../callTree/callPresentation';
import { Commands, LANGUAGE_ID } from '../shared/ids';
import { activeTraceEditor } from '../navigation/navigation';
import { send } from '../shared/requests';

/** Keeps the status bar item in step with the active trace editor. */
export class TraceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ftraceLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Ftrace Lens';
    this.item.command = Commands.jumpToSlowestCall;
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule()),
    );
    this.update();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 500);
  }

  private async update(): Promise<void> {
    const editor = activeTraceEditor(LANGUAGE_ID);
    const seq = ++this.seq;
    if (editor === undefined) return void this.item.hide();
    const s = await send(this.client, SummaryRequest, { uri: editor.document.uri.toString() }).catch(() => null);
    if (seq !== this.seq) return;
    if (s === null) return void this.item.hide();
    const slow = s.slowest;
    this.item.text = `$(pulse) ${s.calls.toLocaleString('en-US')} calls · ${s.cpus.length} CPU${s.cpus.length === 1 ? '' : 's'}${slow && slow.inclusiveUs !== null ? ` · slowest ${formatDuration(nsOf(slow.inclusiveUs))}` : ''}`;
    this.item.tooltip = slow ? `Slowest call: ${slow.name} (${formatDuration(nsOf(slow.inclusiveUs))}) on line ${slow.line + 1}. Click to jump there.` : 'No timed calls in this trace.';
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
