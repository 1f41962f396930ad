// Lanes of a timeline: one per (CPU, task) of a top-level call; every call sits in the lane of its top-level call.
import type { TraceModel } from '../model/model';

/** One lane: the calls of one task on one CPU (or of one CPU when the trace names no tasks). */
export interface Lane {
  /** Index into {@link Lanes.lanes}. */
  readonly index: number;
  /** CPU, -1 when unknown. */
  readonly cpu: number;
  /** Task pid, -1 when unknown. */
  readonly pid: number;
  /** Task name as printed, undefined when unknown. */
  readonly task: string | undefined;
  /** `CPU 1`, or `CPU ?` when the CPU is unknown. */
  readonly cpuLabel: string;
  /** `qemu-kvm-17653`, `pid 42`, or the CPU label when the task is unknown. */
  readonly taskLabel: string;
  /** Top-level call ids in trace order. */
  readonly roots: readonly number[];
}

/** The lanes of a trace and the lane of every call. */
export interface Lanes {
  /** Ordered by CPU, then pid. */
  readonly lanes: readonly Lane[];
  /** Lane index of call i. */
  readonly laneOf: Int32Array;
}

/** Groups the top-level calls by (CPU, pid) and gives every call its top-level call's lane. */
export function callLanes(model: TraceModel): Lanes {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, parent: parentOf, cpu: cpuOf, pid: pidOf } = c;
  const byKey = new Map<number, { cpu: number; pid: number; roots: number[] }>();
  let last: { cpu: number; pid: number; roots: number[] } | undefined;
  for (let id = 0; id < model.callCount; id++) {
    if (parentOf[id] >= 0) continue;
    const cpu = cpuOf[id];
    const pid = pidOf[id];
    // Consecutive top-level calls are mostly of one lane: look the map up only on a change.
    if (last === undefined || last.cpu !== cpu || last.pid !== pid) {
      // cpu and pid are at least -1: one number per pair.
      const key = (cpu + 1) * 4294967296 + (pid + 1);
      last = byKey.get(key);
      if (last === undefined) byKey.set(key, (last = { cpu, pid, roots: [] }));
    }
    last.roots.push(id);
  }
  const groups = [...byKey.values()].sort((a, b) => cpuOrder(a.cpu) - cpuOrder(b.cpu) || a.pid - b.pid);
  const laneOf = new Int32Array(model.callCount).fill(-1);
  const lanes: Lane[] = groups.map((g, index) => {
    const task = g.pid >= 0 ? model.tasks.get(g.pid) : undefined;
    const cpuLabel = g.cpu >= 0 ? `CPU ${g.cpu}` : 'CPU ?';
    const taskLabel = task !== undefined ? `${task}-${g.pid}` : g.pid >= 0 ? `pid ${g.pid}` : cpuLabel;
    for (const r of g.roots) laneOf[r] = index;
    return { index, cpu: g.cpu, pid: g.pid, task, cpuLabel, taskLabel, roots: g.roots };
  });
  // Children after their top-level call: walk down from the roots.
  // Every call is pushed at most once: a stack of callCount entries cannot overflow.
  const stack = new Int32Array(model.callCount + 1);
  for (const lane of lanes) {
    for (const r of lane.roots) {
      let top = 0;
      stack[top++] = r;
      while (top > 0) {
        const p = stack[--top];
        for (let k = childStart[p]; k < childStart[p + 1]; k++) {
          const ch = childList[k];
          if (laneOf[ch] < 0) {
            laneOf[ch] = lane.index;
            stack[top++] = ch;
          }
        }
      }
    }
  }
  return { lanes, laneOf };
}

/** Unknown CPUs sort last. */
function cpuOrder(cpu: number): number {
  return cpu >= 0 ? cpu : 1 << 20;
}
