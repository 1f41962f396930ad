// The "Sleeps and Idle" switch: slow-call features rank on-CPU work (the default) or count sleeps and idle time too.
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../shared/ids';

export { measureText, noSlowestCallText, sleepsAndIdleText } from './setAsideText';

/**
 * Whether Jump to Slowest Call, Show Slowest Calls, the status bar, Hot Functions and the Call
 * Tree's time order count sleeps and idle (the server's "all time" ranking) for this session.
 */
export class SleepsAndIdle implements vscode.Disposable {
  private shown = false;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with the new state. */
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.subs.push(
      this.changed,
      vscode.commands.registerCommand(Commands.showSleepsAndIdle, () => this.set(true)),
      vscode.commands.registerCommand(Commands.hideSleepsAndIdle, () => this.set(false)),
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.sleepsAndIdle, false);
  }

  /** True while sleeps and idle count. */
  get on(): boolean {
    return this.shown;
  }

  set(on: boolean): void {
    if (on === this.shown) return;
    this.shown = on;
    void vscode.commands.executeCommand('setContext', ContextKeys.sleepsAndIdle, on);
    vscode.window.setStatusBarMessage(on ? 'Ftrace: slow calls now count sleeps and idle time' : 'Ftrace: slow calls rank on-CPU work', 3000);
    this.changed.fire(on);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
