// The calls of a trace as compact columns for drawing, in one buffer: timeline order (lane by lane, each call before its children), start, length, name, line, level, flags, CPU state.
import { CallFlag, type TraceModel } from '../model/model';
import type { CallLineTimes } from '../export/lineTimes';
import type { ClockSource } from '../export/callLayout';
import { laneSlots, type LaneSlots } from './laneSlots';

/** Bits of {@link FlameColumns.flags}. */
export const enum FlameFlag {
  /** The kernel printed a duration for the call. */
  Timed = 1,
  /** Its length was derived from its children or timestamps. */
  Derived = 2,
}

/**
 * Bit of the `cpu` column set for a call that is, or runs in, an interrupt (core/analysis/interrupts:
 * the time it took is not the work of the call it came during). CpuState uses the bits below it.
 */
export const FLAME_IN_INTERRUPT = 128;

/** One lane of the timeline: calls `first .. first + count - 1` of the columns. */
export interface FlameLane {
  /** `CPU 1 · qemu-kvm-17653`, or `CPU 1` when the trace names no tasks. */
  readonly label: string;
  readonly cpu: number;
  readonly pid: number;
  readonly first: number;
  readonly count: number;
}

/** Byte offsets of the columns in {@link FlameColumns.buffer} for `n` boxes (each aligned to its element size). */
export function flameBufferLayout(n: number): { startNs: number; durNs: number; name: number; line: number; level: number; flags: number; cpu: number; byteLength: number } {
  return { startNs: 0, durNs: 8 * n, name: 16 * n, line: 20 * n, level: 24 * n, flags: 26 * n, cpu: 27 * n, byteLength: 28 * n };
}

/** Columns indexed by box (a call in timeline order), all views into one buffer (see {@link flameBufferLayout}). */
export interface FlameColumns {
  /** The columns' bytes, in the order of {@link flameBufferLayout}, platform (little-endian) byte order. */
  readonly buffer: ArrayBuffer;
  /** Start in ns from the earliest call's start. */
  readonly startNs: Float64Array;
  /** Length in ns (0 when nothing is known of it). */
  readonly durNs: Float64Array;
  /** Name id into the model's names, -1 when unknown. */
  readonly name: Int32Array;
  /** 0-based first line of the call (entry, or exit when the entry is missing). */
  readonly line: Int32Array;
  /** Nesting level in its lane (0 for top-level calls, at most 65535). */
  readonly level: Uint16Array;
  /** {@link FlameFlag} bits. */
  readonly flags: Uint8Array;
  /** The call's CPU state bits (CpuState of core/offCpu: switched out inside it, its own time off-CPU, idle, …; {@link FLAME_IN_INTERRUPT}); 0 when not given. */
  readonly cpu: Uint8Array;
  readonly lanes: readonly FlameLane[];
  /** The clock of the x axis (see CallLayout.source of core/export). */
  readonly source: ClockSource;
  /** Absolute ns of start 0 (the earliest start on the layout's clock). */
  readonly originNs: number;
}

/** The walk's stack as parallel columns (no object per call), grown by doubling. */
class Frames {
  call = new Int32Array(256);
  next = new Int32Array(256);
  /** Box position of the call. */
  pos = new Int32Array(256);
  /** Position of the next child, ns. */
  cursor = new Float64Array(256);
  /** Children end by here, ns. */
  hi = new Float64Array(256);
  start = new Float64Array(256);
  end = new Float64Array(256);
  size = 0;

  grow(): void {
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.call = g(this.call);
    this.next = g(this.next);
    this.pos = g(this.pos);
    this.cursor = g(this.cursor);
    this.hi = g(this.hi);
    this.start = g(this.start);
    this.end = g(this.end);
  }
}

/**
 * Lays out the calls of `model` on a time axis and encodes them as {@link FlameColumns}: the same
 * placement as `layoutCalls` of core/export (printed timestamps when `times` has any, else the
 * printed durations in print order per CPU; calls moved or shortened only to nest), in one walk
 * over the call tree in trace order that writes each box at its place in timeline order. `cpuState` (CpuTimes.state, by call
 * id) fills {@link FlameColumns.cpu}.
 */
export function flameColumns(model: TraceModel, times?: CallLineTimes, cpuState?: Uint8Array): FlameColumns {
  const n = model.callCount;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, inclusiveNs, flags: flagsOf, cpu: cpuOf, name: nameOf, entryLine, exitLine } = model.calls;
  const abs = times !== undefined && times.stamped > 0;
  const entryNs = abs ? times.entryNs : undefined;
  const exitNs = abs ? times.exitNs : undefined;
  const slots = laneSlots(model);
  const at = flameBufferLayout(n);
  const buffer = new ArrayBuffer(at.byteLength);
  const startNs = new Float64Array(buffer, at.startNs, n);
  const durNs = new Float64Array(buffer, at.durNs, n);
  const name = new Int32Array(buffer, at.name, n);
  const line = new Int32Array(buffer, at.line, n);
  const level = new Uint16Array(buffer, at.level, n);
  const flags = new Uint8Array(buffer, at.flags, n);
  const cpu = new Uint8Array(buffer, at.cpu, n);
  // Box position of every call (lane by lane, pre-order); the layout walk below goes in trace order.
  const { posOf, lanes } = boxPositions(model, slots);
  const first = abs ? earliest(times) : 0;
  // Where the next top-level call may start: per lane with timestamps, per CPU without (NaN: not yet).
  const cursorOf = new Float64Array(abs ? slots.lanes.length : 32769).fill(NaN);
  let widths: Float64Array | undefined;
  let minNs = Infinity;
  const st = new Frames();

  for (let r = 0; r < slots.roots.length; r++) {
    const root = slots.roots[r];
    const key = abs ? slots.rootLane[r] : cpuOf[root] + 1;
    const c0 = cursorOf[key];
    let lo = c0 === c0 ? c0 : first;
    let hi = Infinity;
    let call = root;
    // enter(call, lo, hi) … leave(), iteratively.
    for (;;) {
      const inc = inclusiveNs.at(call);
      const timed = inc === inc && inc >= 0;
      let raw = NaN;
      if (entryNs !== undefined && exitNs !== undefined) {
        const en = entryNs[call];
        const ex = exitNs[call];
        if (en === en) raw = en;
        else if (ex === ex && timed) raw = ex - inc;
      }
      let start = raw === raw ? Math.max(raw, lo) : lo;
      let end = NaN;
      if (timed) {
        if (start + inc > hi) start = Math.max(lo, hi - inc);
        end = Math.min(start + inc, hi);
      }
      let childLo = start;
      // A call whose entry is before the trace start: its printed children happened at its end.
      if (!abs && timed && (flagsOf[call] & CallFlag.MissingEntry) !== 0) childLo = Math.max(start, end - childWidth(model, (widths ??= new Float64Array(n).fill(NaN)), call));
      if (st.size === st.call.length) st.grow();
      const k = st.size++;
      const pos = posOf[call];
      st.call[k] = call;
      st.next[k] = childStart[call];
      st.pos[k] = pos;
      st.cursor[k] = childLo;
      st.hi[k] = timed ? end : hi;
      st.start[k] = start;
      st.end[k] = end;
      if (start < minNs) minNs = start;
      startNs[pos] = start;
      name[pos] = nameOf[call];
      const el = entryLine[call];
      line[pos] = el >= 0 ? el : exitLine.at(call);
      level[pos] = k < 65535 ? k : 65535;
      flags[pos] = (flagsOf[call] & CallFlag.Timed) !== 0 ? FlameFlag.Timed : FlameFlag.Derived;
      if (cpuState !== undefined) cpu[pos] = cpuState[call];
      // Descend to the next child, or leave finished calls until one has a next child.
      let descended = false;
      while (st.size > 0) {
        const top = st.size - 1;
        const c = st.call[top];
        if (st.next[top] < childStart[c + 1]) {
          call = childList[st.next[top]++];
          lo = st.cursor[top];
          hi = st.hi[top];
          descended = true;
          break;
        }
        st.size--;
        let e = st.end[top];
        if (e !== e) {
          e = Math.max(st.start[top], st.cursor[top]);
          const ex = exitNs !== undefined ? exitNs[c] : NaN;
          if (ex === ex) e = Math.max(e, Math.min(ex, st.hi[top]));
        }
        const d = e - st.start[top];
        durNs[st.pos[top]] = d > 0 ? d : 0;
        if (top > 0) st.cursor[top - 1] = e;
        else cursorOf[key] = e;
      }
      if (!descended) break;
    }
  }
  if (n === 0) minNs = 0;
  for (let i = 0; i < n; i++) startNs[i] -= minNs;
  return { buffer, startNs, durNs, name, line, level, flags, cpu, lanes, source: abs ? 'abstime' : 'durations', originNs: minNs };
}

/** The box position of every call (lane by lane, each call before its children, children in trace order) and the lanes' box ranges. */
function boxPositions(model: TraceModel, slots: LaneSlots): { posOf: Int32Array; lanes: FlameLane[] } {
  const { childStart, childList } = model.calls;
  const n = model.callCount;
  const posOf = new Int32Array(n);
  // Every call is pushed once: a stack of n entries cannot overflow.
  const stack = new Int32Array(n + 1);
  const lanes: FlameLane[] = [];
  let pos = 0;
  for (let li = 0; li < slots.lanes.length; li++) {
    const laneFirst = pos;
    for (let k = slots.laneFirst[li]; k < slots.laneFirst[li + 1]; k++) {
      let top = 0;
      stack[top++] = slots.roots[slots.byLane[k]];
      while (top > 0) {
        const call = stack[--top];
        posOf[call] = pos++;
        for (let j = childStart[call + 1] - 1; j >= childStart[call]; j--) stack[top++] = childList[j];
      }
    }
    const lane = slots.lanes[li];
    lanes.push({ label: lane.label, cpu: lane.cpu, pid: lane.pid, first: laneFirst, count: pos - laneFirst });
  }
  return { posOf, lanes };
}

/** Earliest printed timestamp (ns). */
function earliest(times: CallLineTimes): number {
  let m = Infinity;
  for (const a of [times.entryNs, times.exitNs]) for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m === Infinity ? 0 : m;
}

/** Sum of the widths of `call`'s children on the durations clock (a width: the printed duration, else its children's), memoised in `w` (NaN: not yet). */
function childWidth(model: TraceModel, w: Float64Array, call: number): number {
  const { childStart, childList, inclusiveNs } = model.calls;
  // Post-order over the subtree without recursion (deep traces): a frame per unfinished call.
  const stack = [call];
  while (stack.length > 0) {
    const c = stack[stack.length - 1];
    let pending = false;
    for (let k = childStart[c]; k < childStart[c + 1]; k++) {
      const ch = childList[k];
      const inc = inclusiveNs.at(ch);
      if (inc === inc && inc >= 0) w[ch] = inc;
      else if (w[ch] !== w[ch]) {
        stack.push(ch);
        pending = true;
      }
    }
    if (pending) continue;
    stack.pop();
    if (c !== call) {
      let s = 0;
      for (let k = childStart[c]; k < childStart[c + 1]; k++) s += w[childList[k]];
      w[c] = s;
    }
  }
  let s = 0;
  for (let k = childStart[call]; k < childStart[call + 1]; k++) s += w[childList[k]];
  return s;
}
