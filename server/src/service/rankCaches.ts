// Per-model caches of what panel requests would otherwise recompute over every call: the slowest calls per ranking policy, and long call lists in time order.
import { rankedCalls, ranking, type RankPolicy, type TraceModel } from '../core/index';

/** Most slowest calls a request may ask for (ftrace/slowestCalls caps its count here). */
export const MAX_SLOWEST = 1000;

/** Lists up to this many calls are sorted per request; longer ones once per model, policy and list. */
const SORT_PER_REQUEST = 1000;

function policyKey(p: RankPolicy): string {
  return `${p.measure}/${p.includeIdle ? 1 : 0}/${p.includeSleep ? 1 : 0}`;
}

const slowestCache = new WeakMap<TraceModel, Map<string, readonly number[]>>();

/**
 * The `n` (at most {@link MAX_SLOWEST}) slowest calls under `policy`, slowest first (as
 * {@link rankedCalls} ranks them). The first request per model and policy ranks every call once
 * (tens of ms on a 1 GB trace's 10M calls); later ones take a prefix of that answer.
 */
export function slowestCached(model: TraceModel, n: number, policy: RankPolicy): readonly number[] {
  let m = slowestCache.get(model);
  if (m === undefined) slowestCache.set(model, (m = new Map()));
  const key = policyKey(policy);
  let top = m.get(key);
  if (top === undefined) m.set(key, (top = rankedCalls(model, MAX_SLOWEST, policy)));
  return top.slice(0, Math.max(0, Math.min(Math.floor(n), MAX_SLOWEST)));
}

const byTimeCache = new WeakMap<TraceModel, Map<string, readonly number[]>>();

/**
 * `ids` slowest first by `policy`'s measure; calls it leaves out (idle, sleeps) next by inclusive
 * time, then calls without a time, in trace order (a tree lists every call). `key` names the list
 * (`group:<key>`, `call:<id>`): lists longer than 1000 calls (a group's top-level calls, a call
 * with many children) are sorted once per model, policy and key.
 */
export function byTimeCached(model: TraceModel, key: string, ids: readonly number[], policy: RankPolicy): readonly number[] {
  if (ids.length <= SORT_PER_REQUEST) return byTime(model, ids, policy);
  let m = byTimeCache.get(model);
  if (m === undefined) byTimeCache.set(model, (m = new Map()));
  const k = `${policyKey(policy)} ${key}`;
  let sorted = m.get(k);
  if (sorted === undefined || sorted.length !== ids.length) m.set(k, (sorted = byTime(model, ids, policy)));
  return sorted;
}

function byTime(model: TraceModel, ids: readonly number[], policy: RankPolicy): number[] {
  const v = ranking(model, policy).valueNs;
  const incl = model.calls.inclusiveNs;
  const key = (id: number): number => {
    const x = v.at(id);
    if (x === x) return 2e15 + x;
    const inc = incl.at(id);
    return inc === inc ? 1e15 + inc : -1;
  };
  return [...ids].sort((a, b) => key(b) - key(a) || a - b);
}
