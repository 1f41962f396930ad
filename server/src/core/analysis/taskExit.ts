// Calls that never returned because their task exited inside them (exit_group → do_group_exit → do_exit).
import { CallFlag, type TraceModel } from '../model/model';

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

const ends = new WeakMap<TraceModel, Map<number, number>>();

/**
 * Last 0-based line of the open call `id`: for a call whose task exited inside it
 * ({@link CallFlag.TaskExited}), the last line of its own subtree (the dead task's last traced
 * line there: its fold and span stop where the task stopped, not at the end of the trace); for any
 * other open call, the trace's last line. Computed once per model for the flagged calls (a walk of
 * their subtrees), only when the model has some.
 */
export function openCallEnd(model: TraceModel, id: number): number {
  if ((model.calls.flags[id] & CallFlag.TaskExited) === 0) return model.lineCount - 1;
  let m = ends.get(model);
  if (m === undefined) {
    m = exitedSubtreeEnds(model);
    ends.set(model, m);
  }
  return m.get(id) ?? model.lineCount - 1;
}

/** For every call flagged TaskExited, the last line of any call in its subtree (iterative post-order from each outermost flagged call). */
function exitedSubtreeEnds(model: TraceModel): Map<number, number> {
  const c = model.calls;
  const out = new Map<number, number>();
  const lastOf = (x: number): number => Math.max(c.entryLine[x], c.exitLine.at(x));
  for (let root = 0; root < model.callCount; root++) {
    if ((c.flags[root] & CallFlag.TaskExited) === 0) continue;
    const p = c.parent[root];
    if (p >= 0 && (c.flags[p] & CallFlag.TaskExited) !== 0) continue;
    // Post-order over the subtree: a stack of (call, next child index) and the max line so far per level.
    const stack = [root];
    const next = [c.childStart[root]];
    const max = [lastOf(root)];
    while (stack.length > 0) {
      const top = stack.length - 1;
      const x = stack[top];
      if (next[top] < c.childStart[x + 1]) {
        const child = c.childList[next[top]++];
        stack.push(child);
        next.push(c.childStart[child]);
        max.push(lastOf(child));
        continue;
      }
      const m = max.pop()!;
      stack.pop();
      next.pop();
      if ((c.flags[x] & CallFlag.TaskExited) !== 0) out.set(x, m);
      if (max.length > 0 && m > max[max.length - 1]) max[max.length - 1] = m;
    }
  }
  return out;
}
