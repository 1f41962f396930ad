// Per-model caches of what every panel request would otherwise recompute over all calls: the slowest calls, and children or top-level calls ranked by time.
import { slowestCalls, type TimeMeasure, type TraceModel } from '../core/index';

/** Most slowest calls a request may ask for (ftrace/slowestCalls caps its count here). */
export const MAX_SLOWEST = 1000;

const slowestCache = new WeakMap<TraceModel, Map<TimeMeasure, number[]>>();

/**
 * The `n` (at most {@link MAX_SLOWEST}) slowest calls by `by`, slowest first: one pass over every
 * call the first time per model and measure (tens of ms on 15M calls), a slice afterwards.
 */
export function slowestCached(model: TraceModel, n: number, by: TimeMeasure): number[] {
  let m = slowestCache.get(model);
  if (m === undefined) slowestCache.set(model, (m = new Map()));
  let top = m.get(by);
  if (top === undefined) m.set(by, (top = slowestCalls(model, MAX_SLOWEST, by)));
  return top.slice(0, Math.max(0, Math.min(n, MAX_SLOWEST)));
}

const byTimeCache = new WeakMap<TraceModel, Map<string, readonly number[]>>();

/**
 * `ids` slowest first (calls without a time last, in trace order). Lists of more than 1000 calls
 * (a group's top-level calls, a call with many children) are sorted once per model and `key`.
 */
export function byTimeCached(model: TraceModel, key: string, ids: readonly number[]): readonly number[] {
  if (ids.length <= 1000) return byTime(model, ids);
  let m = byTimeCache.get(model);
  if (m === undefined) byTimeCache.set(model, (m = new Map()));
  let sorted = m.get(key);
  if (sorted === undefined || sorted.length !== ids.length) {
    sorted = byTime(model, ids);
    m.set(key, sorted);
  }
  return sorted;
}

function byTime(model: TraceModel, ids: readonly number[]): number[] {
  const v = model.calls.inclusiveNs;
  const key = (id: number): number => (Number.isNaN(v[id]) ? -1 : v[id]);
  return [...ids].sort((a, b) => key(b) - key(a) || a - b);
}
