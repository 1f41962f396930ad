// Status bar item for the active trace: calls, CPUs, slowest call (on-CPU by default) and what is set aside; clicking jumps to it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { SummaryRequest } from '../../../server/src/protocol';
import { Commands } from '../shared/ids';
import { send } from '../shared/requests';
import { measureText, sleepsAndIdleText, type SleepsAndIdle } from '../navigation/sleepsAndIdle';
import { rankedTime, rankedTimeText } from '../navigation/rankedTime';
import type { TraceFocus } from '../shared/traceFocus';
import { mark, timed } from '../shared/timing';

/** Keeps the status bar item in step with the active trace editor. */
export class TraceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ftraceLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor(private readonly client: LanguageClient, private readonly sleeps: SleepsAndIdle, private readonly focus: TraceFocus) {
    this.item.name = 'Ftrace Lens';
    this.item.command = Commands.jumpToSlowestCall;
    this.subs.push(
      this.item,
      focus.onDidChange(() => this.update()),
      sleeps.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule()),
    );
    this.update();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 500);
  }

  private async update(): Promise<void> {
    const trace = this.focus.current();
    const seq = ++this.seq;
    if (trace === undefined) return void this.item.hide();
    const uri = trace.uri.toString();
    const s = await timed('status summary', uri, () => send(this.client, SummaryRequest, { uri, sleepsAndIdle: this.sleeps.on })).catch(() => null);
    if (seq !== this.seq) return;
    if (s === null) {
      mark('status hidden', { uri });
      return void this.item.hide();
    }
    const slow = s.slowest;
    const t = slow === null ? { ns: NaN, measure: s.ranking.measure } : rankedTime(slow, s.ranking.measure);
    const ns = t.ns;
    const measure = this.sleeps.on ? `${measureText(s.ranking)}, sleeps and idle counted` : measureText(s.ranking);
    this.item.text = `$(pulse) ${s.calls.toLocaleString('en-US')} calls · ${s.cpus.length} CPU${s.cpus.length === 1 ? '' : 's'}${!Number.isNaN(ns) ? ` · slowest ${rankedTimeText(t, s.ranking.measure)}` : ''}`;
    // A call whose off-CPU time is unknown ranks by its inclusive time: say so rather than call it on-CPU.
    const unknown = t.measure !== s.ranking.measure ? ' inclusive (its on-CPU time is unknown: the trace does not show all of it)' : '';
    const lines = [slow !== null && !Number.isNaN(ns) ? `Slowest call (${measure}): ${slow.name}, ${formatDuration(ns)}${unknown}, on line ${slow.line + 1}. Click to jump there.` : 'No timed calls in this trace.'];
    const left = sleepsAndIdleText(s.ranking);
    if (left !== undefined) lines.push(this.sleeps.on ? `Counted: ${left}.` : `Set aside: ${left}. Run "Ftrace: Show Sleeps and Idle" to count them.`);
    this.item.tooltip = lines.join('\n');
    this.item.show();
    mark('status shown', { uri });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
