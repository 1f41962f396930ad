// Calls that never returned because their task exited inside them (exit_group → do_group_exit → do_exit).
import { CallFlag, type TraceModel } from './model';

/**
 * Kernel functions that never return (`__noreturn`): the task ends inside them. An open call to
 * one of them, or around one, did not outlive the capture: its task exited.
 */
export const TASK_EXIT_FUNCTIONS: ReadonlySet<string> = new Set([
  'do_exit', 'do_group_exit', 'make_task_dead', 'do_task_dead', 'kthread_exit', 'kthread_complete_and_exit',
]);

/** The function whose open calls nested inside never return either: the dead task's last schedule. */
const DEAD = 'do_task_dead';

/**
 * Given one stream's open calls (`open`, bottom first, as its stack holds them) and a way to read
 * a call's parent and name, returns the calls among them that never returned because their task
 * exited: the innermost open call to a {@link TASK_EXIT_FUNCTIONS} function and its ancestors,
 * and, when it is `do_task_dead` (the task is dead), the open calls nested inside it. Calls
 * nested in a `do_exit` that the capture ended in before the task reached `do_task_dead` (say
 * `mmput`) are not among them: they would have returned. Empty when no open call is one of those
 * functions. Linear in `open.length` plus the depth of that call.
 */
export function exitedCalls(open: readonly number[], parent: (id: number) => number, name: (id: number) => string | undefined): number[] {
  let exit = -1;
  for (let k = open.length - 1; k >= 0 && exit < 0; k--) {
    const n = name(open[k]);
    if (n !== undefined && TASK_EXIT_FUNCTIONS.has(n)) exit = open[k];
  }
  if (exit < 0) return [];
  const marked = new Set<number>();
  for (let p = exit; p >= 0 && !marked.has(p); p = parent(p)) marked.add(p);
  if (name(exit) === DEAD) {
    const inside = new Set<number>([exit]);
    for (const id of open) {
      if (id !== exit && inside.has(parent(id))) {
        inside.add(id);
        marked.add(id);
      }
    }
  }
  return [...marked];
}

/**
 * The call through which the task of call `id` exited, as people name it: the `do_exit` call
 * among `id`, its ancestors and the flagged calls nested inside it, else the innermost call to
 * another {@link TASK_EXIT_FUNCTIONS} function there; -1 when `id` is not flagged
 * {@link CallFlag.TaskExited}. Linear in the depth of the flagged chain.
 */
export function taskExitCall(model: TraceModel, id: number): number {
  const c = model.calls;
  if (id < 0 || id >= model.callCount || (c.flags[id] & CallFlag.TaskExited) === 0) return -1;
  const nameOf = (x: number): string | undefined => (c.name[x] >= 0 ? model.names[c.name[x]] : undefined);
  // The flagged chain: down from id through the last child while it is flagged, then up from id.
  let innermost = -1;
  let x = id;
  for (let guard = 0; guard < 100000; guard++) {
    const n = nameOf(x);
    if (n === 'do_exit') return x;
    if (n !== undefined && TASK_EXIT_FUNCTIONS.has(n)) innermost = x;
    const end = c.childStart[x + 1];
    if (end === c.childStart[x]) break;
    const last = c.childList[end - 1];
    if ((c.flags[last] & CallFlag.TaskExited) === 0) break;
    x = last;
  }
  for (let p = c.parent[id], guard = 0; p >= 0 && guard < 100000; p = c.parent[p], guard++) {
    const n = nameOf(p);
    if (n === 'do_exit') return p;
    if (innermost < 0 && n !== undefined && TASK_EXIT_FUNCTIONS.has(n)) innermost = p;
  }
  return innermost;
}

/**
 * `its task exited (do_exit at line 70121)`: why call `id` never returned, with the exit call's
 * 1-based entry line (mapped by `lineName` when given, e.g. to the full trace's line in a slice);
 * undefined when the call is not flagged {@link CallFlag.TaskExited}.
 */
export function taskExitText(model: TraceModel, id: number, lineName?: (line: number) => string): string | undefined {
  const exit = taskExitCall(model, id);
  if (exit < 0) return undefined;
  const line = model.calls.entryLine[exit];
  const where = line < 0 ? '' : ` at ${lineName !== undefined ? lineName(line) : `line ${line + 1}`}`;
  return `its task exited (${model.names[model.calls.name[exit]]}${where})`;
}
