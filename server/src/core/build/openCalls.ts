// The calls still open when a trace segment ends: open, or ended with their task (the trace shows the task exit), each with its issue.
import type { CallTable } from '../model/growable';
import { CallFlag } from '../model/model';
import { exitedCalls } from '../analysis/taskExit';
import type { TraceIssues } from './issues';

/** Marks the open calls `ids` of one stack (outermost first) Open, or Open and TaskExited when their task exited inside them, with an issue each. */
export function markOpenCalls(ids: readonly number[], calls: CallTable, names: readonly string[], issues: TraceIssues): void {
  const parentOf = (id: number): number => calls.parent[id];
  const nameOf = (id: number): string | undefined => (calls.name[id] >= 0 ? names[calls.name[id]] : undefined);
  const exited = new Set(exitedCalls(ids, parentOf, nameOf));
  for (const c of ids) {
    const taskExited = exited.has(c);
    calls.flags[c] |= taskExited ? CallFlag.Open | CallFlag.TaskExited : CallFlag.Open;
    issues.add(taskExited ? 'task-exited' : 'open-call', calls.entryLine[c], c);
  }
}
