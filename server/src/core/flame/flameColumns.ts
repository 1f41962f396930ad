// The calls of a trace as compact columns for drawing: timeline order (lane by lane, each call before its children), start, length, level, name, line.
import { CallFlag, type TraceModel } from '../model';
import type { CallLayout } from '../export/callLayout';

/** Bits of {@link FlameColumns.flags}. */
export const enum FlameFlag {
  /** The kernel printed a duration for the call. */
  Timed = 1,
  /** Its length was derived from its children or timestamps. */
  Derived = 2,
}

/** One lane of the timeline: calls `first .. first + count - 1` of the columns. */
export interface FlameLane {
  /** `CPU 1 · qemu-kvm-17653`, or `CPU 1` when the trace names no tasks. */
  readonly label: string;
  readonly cpu: number;
  readonly pid: number;
  readonly first: number;
  readonly count: number;
}

/** Columns indexed by box (a call in timeline order). */
export interface FlameColumns {
  /** Start in ns from the earliest call's start. */
  readonly startNs: Float64Array;
  /** Length in ns (0 when nothing is known of it). */
  readonly durNs: Float64Array;
  /** Nesting level in its lane (0 for top-level calls). */
  readonly level: Uint16Array;
  /** Name id into the model's names, -1 when unknown. */
  readonly name: Int32Array;
  /** 0-based first line of the call (entry, or exit when the entry is missing). */
  readonly line: Int32Array;
  /** {@link FlameFlag} bits. */
  readonly flags: Uint8Array;
  readonly lanes: readonly FlameLane[];
  /** The layout's clock (see {@link CallLayout.source}). */
  readonly source: CallLayout['source'];
  /** Absolute ns of start 0 (the earliest start on the layout's clock). */
  readonly originNs: number;
}

/** Encodes `layout` of `model` as {@link FlameColumns}. */
export function flameColumns(model: TraceModel, layout: CallLayout): FlameColumns {
  const n = layout.order.length;
  const startNs = new Float64Array(n);
  const durNs = new Float64Array(n);
  const level = new Uint16Array(n);
  const name = new Int32Array(n);
  const line = new Int32Array(n);
  const flags = new Uint8Array(n);
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { flags: flagsOf, name: nameOf, entryLine, exitLine } = c;
  const origin = layout.minNs;
  for (let i = 0; i < n; i++) {
    const call = layout.order[i];
    startNs[i] = layout.startNs[call] - origin;
    durNs[i] = Math.max(0, layout.endNs[call] - layout.startNs[call]);
    level[i] = layout.level[call];
    name[i] = nameOf[call];
    line[i] = entryLine[call] >= 0 ? entryLine[call] : exitLine.at(call);
    flags[i] = (flagsOf[call] & CallFlag.Timed) !== 0 ? FlameFlag.Timed : FlameFlag.Derived;
  }
  const lanes: FlameLane[] = [];
  let first = 0;
  for (const lane of layout.lanes.lanes) {
    // Lanes are contiguous in the order: count this lane's calls from its first.
    let count = 0;
    while (first + count < n && layout.lanes.laneOf[layout.order[first + count]] === lane.index) count++;
    const label = lane.taskLabel === lane.cpuLabel ? lane.cpuLabel : `${lane.cpuLabel} · ${lane.taskLabel}`;
    lanes.push({ label, cpu: lane.cpu, pid: lane.pid, first, count });
    first += count;
  }
  return { startNs, durNs, level, name, line, flags, lanes, source: layout.source, originNs: origin };
}
