// Places every call on a time axis: from the printed timestamps when the trace has them, else from the durations in print order per CPU.
import { CallFlag, type TraceModel } from '../model';
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

interface Frame {
  readonly call: number;
  /** Position of the next child. */
  cursor: number;
  /** Children end by here. */
  readonly hi: number;
  readonly start: number;
  readonly end: number;
  next: number;
}

/**
 * Lays out the calls of `model` on a time axis. With `times` that carry at least one timestamp
 * the clock is `abstime`, else `durations` (see {@link CallLayout.source}). Printed durations are
 * kept unless a call would otherwise stick out of its parent.
 */
export function layoutCalls(model: TraceModel, times?: CallLineTimes): CallLayout {
  const c = model.calls;
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
  const stack: Frame[] = [];

  const enter = (call: number, lo: number, hi: number): Frame => {
    const inc = c.inclusiveNs[call];
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
    if (width !== undefined && timed && (c.flags[call] & CallFlag.MissingEntry) !== 0) childLo = Math.max(start, end - childWidth(model, width, call));
    return { call, cursor: childLo, hi: timed ? end : hi, start, end, next: c.childStart[call] };
  };

  const leave = (f: Frame): number => {
    let end = f.end;
    if (end !== end) {
      end = Math.max(f.start, f.cursor);
      const ex = abs ? times.exitNs[f.call] : NaN;
      if (ex === ex) end = Math.max(end, Math.min(ex, f.hi));
      derived++;
    }
    startNs[f.call] = f.start;
    endNs[f.call] = end;
    return end;
  };

  for (let root = 0; root < n; root++) {
    if (c.parent[root] >= 0) continue;
    const key = abs ? lanes.laneOf[root] : c.cpu[root];
    const lo = rootCursor.get(key) ?? first;
    stack.push(enter(root, lo, Infinity));
    let last = lo;
    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      if (f.next < c.childStart[f.call + 1]) {
        const ch = c.childList[f.next++];
        stack.push(enter(ch, f.cursor, f.hi));
        continue;
      }
      stack.pop();
      const end = leave(f);
      if (stack.length > 0) stack[stack.length - 1].cursor = end;
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
  const w = new Float64Array(model.callCount);
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < model.callCount; root++) {
    if (c.parent[root] >= 0) continue;
    stack.push(root);
    next.push(c.childStart[root]);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const call = stack[top];
      if (next[top] < c.childStart[call + 1]) {
        const ch = c.childList[next[top]++];
        stack.push(ch);
        next.push(c.childStart[ch]);
        continue;
      }
      stack.pop();
      next.pop();
      const inc = c.inclusiveNs[call];
      w[call] = inc === inc && inc >= 0 ? inc : childWidth(model, w, call);
    }
  }
  return w;
}

function childWidth(model: TraceModel, w: Float64Array, call: number): number {
  const c = model.calls;
  let s = 0;
  for (let k = c.childStart[call]; k < c.childStart[call + 1]; k++) s += w[c.childList[k]];
  return s;
}

/** Calls lane by lane in pre-order, with their nesting level. */
function laneOrder(model: TraceModel, lanes: Lanes): { order: Int32Array; level: Uint16Array } {
  const c = model.calls;
  const order = new Int32Array(model.callCount);
  const level = new Uint16Array(model.callCount);
  let k = 0;
  const stack: number[] = [];
  for (const lane of lanes.lanes) {
    for (const r of lane.roots) {
      stack.push(r);
      level[r] = 0;
      while (stack.length > 0) {
        const call = stack.pop()!;
        order[k++] = call;
        const lv = Math.min(level[call] + 1, 65535);
        for (let j = c.childStart[call + 1] - 1; j >= c.childStart[call]; j--) {
          const ch = c.childList[j];
          level[ch] = lv;
          stack.push(ch);
        }
      }
    }
  }
  return { order: k === order.length ? order : order.subarray(0, k), level };
}
