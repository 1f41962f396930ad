// Places every call on a time axis: from the printed timestamps when the trace has them, else from the durations in print order per CPU.
import { CallFlag, type TraceModel } from '../model/model';
import type { CallLineTimes } from './lineTimes';
import { callLanes, type Lanes } from './lanes';

/** Where the start times come from. */
export type ClockSource = 'abstime' | 'durations';

/** Every call's span on one time axis (ns), nested: a call lies within its parent, after its previous sibling. */
export interface CallLayout {
  /**
   * `abstime`: starts are the printed timestamps (ns since the trace clock's origin);
   * `durations`: no timestamps were printed, so each CPU's top-level calls follow each other from 0
   * in print order, each as long as its printed duration, and children follow each other from
   * their parent's start (idle gaps between calls are unknown and left out).
   */
  readonly source: ClockSource;
  /** Start of call i, ns. */
  readonly startNs: Float64Array;
  /** End of call i, ns (equal to the start when nothing is known of its length). */
  readonly endNs: Float64Array;
  /** Nesting level of call i within its lane (0 for top-level calls). */
  readonly level: Uint16Array;
  /** All calls, lane by lane, each before its children, children in trace order. */
  readonly order: Int32Array;
  readonly lanes: Lanes;
  /** Earliest start and latest end over all calls, ns (0 and 0 for a trace without calls). */
  readonly minNs: number;
  readonly maxNs: number;
  /** Calls without a printed duration, whose span was derived from their children or timestamps. */
  readonly derived: number;
  /** Calls moved or shortened so that they nest (timestamp rounding, children longer than the parent). */
  readonly adjusted: number;
}

/** The walk's stack as parallel columns (no object per call), grown by doubling. */
class FrameStack {
  call = new Int32Array(256);
  next = new Int32Array(256);
  /** Position of the next child. */
  cursor = new Float64Array(256);
  /** Children end by here. */
  hi = new Float64Array(256);
  start = new Float64Array(256);
  end = new Float64Array(256);
  size = 0;

  push(call: number, next: number, cursor: number, hi: number, start: number, end: number): void {
    if (this.size === this.call.length) this.grow();
    const k = this.size++;
    this.call[k] = call;
    this.next[k] = next;
    this.cursor[k] = cursor;
    this.hi[k] = hi;
    this.start[k] = start;
    this.end[k] = end;
  }

  private grow(): void {
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.call = g(this.call);
    this.next = g(this.next);
    this.cursor = g(this.cursor);
    this.hi = g(this.hi);
    this.start = g(this.start);
    this.end = g(this.end);
  }
}

/**
 * Lays out the calls of `model` on a time axis. With `times` that carry at least one timestamp
 * the clock is `abstime`, else `durations` (see {@link CallLayout.source}). Printed durations are
 * kept unless a call would otherwise stick out of its parent.
 */
export function layoutCalls(model: TraceModel, times?: CallLineTimes): CallLayout {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, inclusiveNs, parent: parentOf, flags: flagsOf, cpu: cpuOf } = c;
  const n = model.callCount;
  const lanes = callLanes(model);
  const abs = times !== undefined && times.stamped > 0;
  const startNs = new Float64Array(n);
  const endNs = new Float64Array(n);
  const width = abs ? undefined : subtreeWidths(model);
  let derived = 0;
  let adjusted = 0;
  const first = abs ? earliest(times) : 0;
  // Where the next top-level call may start: per lane with timestamps, per CPU without.
  const rootCursor = new Map<number, number>();
  const st = new FrameStack();

  const enter = (call: number, lo: number, hi: number): void => {
    const inc = inclusiveNs.at(call);
    const timed = inc === inc && inc >= 0;
    let raw = NaN;
    if (abs) {
      const en = times.entryNs[call];
      const ex = times.exitNs[call];
      if (en === en) raw = en;
      else if (ex === ex && timed) raw = ex - inc;
    }
    let start = raw === raw ? Math.max(raw, lo) : lo;
    let moved = raw === raw && raw < lo;
    let end = NaN;
    if (timed) {
      if (start + inc > hi) {
        start = Math.max(lo, hi - inc);
        moved = true;
      }
      end = Math.min(start + inc, hi);
    }
    if (moved) adjusted++;
    let childLo = start;
    // A call whose entry is before the trace start: its printed children happened at its end.
    if (width !== undefined && timed && (flagsOf[call] & CallFlag.MissingEntry) !== 0) childLo = Math.max(start, end - childWidth(model, width, call));
    st.push(call, childStart[call], childLo, timed ? end : hi, start, end);
  };

  /** Pops the top frame and returns the call's end. */
  const leave = (): number => {
    const k = --st.size;
    const call = st.call[k];
    let end = st.end[k];
    if (end !== end) {
      end = Math.max(st.start[k], st.cursor[k]);
      const ex = abs ? times.exitNs[call] : NaN;
      if (ex === ex) end = Math.max(end, Math.min(ex, st.hi[k]));
      derived++;
    }
    startNs[call] = st.start[k];
    endNs[call] = end;
    return end;
  };

  for (let root = 0; root < n; root++) {
    if (parentOf[root] >= 0) continue;
    const key = abs ? lanes.laneOf[root] : cpuOf[root];
    const lo = rootCursor.get(key) ?? first;
    enter(root, lo, Infinity);
    let last = lo;
    while (st.size > 0) {
      const k = st.size - 1;
      const call = st.call[k];
      if (st.next[k] < childStart[call + 1]) {
        const ch = childList[st.next[k]++];
        enter(ch, st.cursor[k], st.hi[k]);
        continue;
      }
      const end = leave();
      if (st.size > 0) st.cursor[st.size - 1] = end;
      else last = end;
    }
    rootCursor.set(key, last);
  }

  const { order, level } = laneOrder(model, lanes);
  let minNs = Infinity;
  let maxNs = -Infinity;
  for (let i = 0; i < n; i++) {
    if (startNs[i] < minNs) minNs = startNs[i];
    if (endNs[i] > maxNs) maxNs = endNs[i];
  }
  if (n === 0) minNs = maxNs = 0;
  return { source: abs ? 'abstime' : 'durations', startNs, endNs, level, order, lanes, minNs, maxNs, derived, adjusted };
}

/** Earliest printed timestamp (ns). */
function earliest(times: CallLineTimes): number {
  let m = Infinity;
  for (const a of [times.entryNs, times.exitNs]) for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m === Infinity ? 0 : m;
}

/** Length of each call on the durations clock: its printed duration, else the sum of its children's. */
function subtreeWidths(model: TraceModel): Float64Array {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, inclusiveNs, parent: parentOf } = c;
  const w = new Float64Array(model.callCount);
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < model.callCount; root++) {
    if (parentOf[root] >= 0) continue;
    stack.push(root);
    next.push(childStart[root]);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const call = stack[top];
      if (next[top] < childStart[call + 1]) {
        const ch = childList[next[top]++];
        stack.push(ch);
        next.push(childStart[ch]);
        continue;
      }
      stack.pop();
      next.pop();
      const inc = inclusiveNs.at(call);
      w[call] = inc === inc && inc >= 0 ? inc : childWidth(model, w, call);
    }
  }
  return w;
}

function childWidth(model: TraceModel, w: Float64Array, call: number): number {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList } = c;
  let s = 0;
  for (let k = childStart[call]; k < childStart[call + 1]; k++) s += w[childList[k]];
  return s;
}

/** Calls lane by lane in pre-order, with their nesting level. */
function laneOrder(model: TraceModel, lanes: Lanes): { order: Int32Array; level: Uint16Array } {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList } = c;
  const order = new Int32Array(model.callCount);
  const level = new Uint16Array(model.callCount);
  let k = 0;
  // Every call is pushed once: a stack of callCount entries cannot overflow.
  const stack = new Int32Array(model.callCount + 1);
  let top = 0;
  for (const lane of lanes.lanes) {
    for (const r of lane.roots) {
      stack[top++] = r;
      level[r] = 0;
      while (top > 0) {
        const call = stack[--top];
        order[k++] = call;
        const lv = Math.min(level[call] + 1, 65535);
        for (let j = childStart[call + 1] - 1; j >= childStart[call]; j--) {
          const ch = childList[j];
          level[ch] = lv;
          stack[top++] = ch;
        }
      }
    }
  }
  return { order: k === order.length ? order : order.subarray(0, k), level };
}
