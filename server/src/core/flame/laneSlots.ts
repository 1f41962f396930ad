// Top-level calls grouped into timeline lanes (CPU, then task) as flat arrays: the lanes of core/export/lanes.ts without a lane per call.
import type { TraceModel } from '../model/model';

/** One lane's identity and label. */
export interface SlotLane {
  /** CPU, -1 when unknown. */
  readonly cpu: number;
  /** Task pid, -1 when unknown. */
  readonly pid: number;
  /** `CPU 1 · qemu-kvm-17653`, `CPU 1 · pid 42`, or `CPU 1` when the trace names no task. */
  readonly label: string;
}

/** The top-level calls and their lanes. */
export interface LaneSlots {
  /** Top-level call ids in trace (id) order. */
  readonly roots: Int32Array;
  /** Lane index (into {@link LaneSlots.lanes}) of `roots[r]`. */
  readonly rootLane: Int32Array;
  /** Ordered by CPU (unknown last), then pid. */
  readonly lanes: readonly SlotLane[];
  /** Indexes into `roots`, lane by lane, trace order within a lane. */
  readonly byLane: Int32Array;
  /** Lane i's roots are `byLane[laneFirst[i] .. laneFirst[i + 1])`. */
  readonly laneFirst: Int32Array;
}

/** Groups the top-level calls of `model` by (CPU, pid), in the lane order and with the labels of `callLanes` (core/export). */
export function laneSlots(model: TraceModel): LaneSlots {
  const { parent, cpu: cpuOf, pid: pidOf } = model.calls;
  const n = model.callCount;
  let count = 0;
  for (let id = 0; id < n; id++) if (parent[id] < 0) count++;
  const roots = new Int32Array(count);
  const seen = new Int32Array(count);
  const found: { cpu: number; pid: number }[] = [];
  const byKey = new Map<number, number>();
  let lastCpu = -2;
  let lastPid = -2;
  let last = -1;
  let r = 0;
  for (let id = 0; id < n; id++) {
    if (parent[id] >= 0) continue;
    const cpu = cpuOf[id];
    const pid = pidOf[id];
    // Consecutive top-level calls are mostly of one lane: look the map up only on a change.
    if (cpu !== lastCpu || pid !== lastPid) {
      // cpu and pid are at least -1: one number per pair.
      const key = (cpu + 1) * 4294967296 + (pid + 1);
      let k = byKey.get(key);
      if (k === undefined) {
        byKey.set(key, (k = found.length));
        found.push({ cpu, pid });
      }
      last = k;
      lastCpu = cpu;
      lastPid = pid;
    }
    roots[r] = id;
    seen[r++] = last;
  }
  const sorted = found.map((_, i) => i).sort((a, b) => cpuOrder(found[a].cpu) - cpuOrder(found[b].cpu) || found[a].pid - found[b].pid);
  const rank = new Int32Array(found.length);
  sorted.forEach((f, i) => { rank[f] = i; });
  const lanes = sorted.map((f) => ({ cpu: found[f].cpu, pid: found[f].pid, label: laneLabel(model, found[f].cpu, found[f].pid) }));
  // Counting sort of the roots by lane (stable: trace order within a lane).
  const rootLane = new Int32Array(count);
  const laneFirst = new Int32Array(lanes.length + 1);
  for (let i = 0; i < count; i++) {
    rootLane[i] = rank[seen[i]];
    laneFirst[rootLane[i] + 1]++;
  }
  for (let l = 0; l < lanes.length; l++) laneFirst[l + 1] += laneFirst[l];
  const fill = laneFirst.slice(0, lanes.length);
  const byLane = new Int32Array(count);
  for (let i = 0; i < count; i++) byLane[fill[rootLane[i]]++] = i;
  return { roots, rootLane, lanes, byLane, laneFirst };
}

/** The label `callLanes` gives a lane: the CPU, then the task when known. */
function laneLabel(model: TraceModel, cpu: number, pid: number): string {
  const cpuLabel = cpu >= 0 ? `CPU ${cpu}` : 'CPU ?';
  const task = pid >= 0 ? model.tasks.get(pid) : undefined;
  const taskLabel = task !== undefined ? `${task}-${pid}` : pid >= 0 ? `pid ${pid}` : cpuLabel;
  return taskLabel === cpuLabel ? cpuLabel : `${cpuLabel} · ${taskLabel}`;
}

/** Unknown CPUs sort last. */
function cpuOrder(cpu: number): number {
  return cpu >= 0 ? cpu : 1 << 20;
}
