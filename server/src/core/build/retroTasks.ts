// The task a CPU ran before its first context-switch banner, given to the calls recorded on that CPU before the banner.
import type { CallTable } from '../model/growable';

/**
 * Per CPU, the task its first banner says was running before it (the banner's previous task)
 * and how many calls existed then: calls of that CPU recorded before it, without a task, are
 * that task's.
 */
export class RetroTasks {
  private readonly byCpu = new Map<number, { readonly pid: number; readonly before: number }>();

  /** CPU `cpu`'s first banner names `pid` as the task before it; `before` calls exist. */
  note(cpu: number, pid: number, before: number): void {
    this.byCpu.set(cpu, { pid, before });
  }

  /** Gives those calls of `calls` their task. */
  apply(calls: CallTable): void {
    if (this.byCpu.size === 0) return;
    const pid = calls.pid;
    const cpu = calls.cpu;
    for (let c = 0; c < calls.count; c++) {
      if (pid[c] !== -1) continue;
      const r = this.byCpu.get(cpu[c]);
      if (r !== undefined && c < r.before) pid[c] = r.pid;
    }
  }
}
