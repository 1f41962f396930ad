// What "slow" means: the time calls are ranked by (on-CPU, inclusive, self) and which sleeps and idle time are left out.
import { cpuTimes, CpuState } from './offCpu';
import type { TraceModel } from './model';
import type { NsValues } from './nsColumn';
import { usFromNs } from './format';

/** Which time ranks calls: on-CPU (inclusive minus off-CPU), inclusive (as printed) or self. */
export type RankMeasure = 'onCpu' | 'inclusive' | 'self';

/** The ranking every slow-call feature uses. */
export interface RankPolicy {
  readonly measure: RankMeasure;
  /** Rank the idle task's calls too (left out by default). */
  readonly includeIdle: boolean;
  /**
   * Rank calls whose measured time includes time switched out (left out by default). With
   * `onCpu` the off-CPU part is taken away already, so this only matters for calls whose
   * off-CPU time is unknown but which probably slept (they then rank by inclusive time).
   */
  readonly includeSleep: boolean;
}

/** On-CPU time, idle and sleeps left out. */
export const DEFAULT_RANK_POLICY: RankPolicy = { measure: 'onCpu', includeIdle: false, includeSleep: false };

/** The old ranking: inclusive time with sleeps and idle counted (what "Sleeps and Idle" shows). */
export const ALL_TIME_POLICY: RankPolicy = { measure: 'inclusive', includeIdle: true, includeSleep: true };

/** Calls whose time is sleep or idle, and what a policy leaves out (times in ns). */
export interface SleepIdleSummary {
  /** Calls that slept inside (off-CPU time, measured, inferred or probable) or are the idle task's. */
  readonly calls: number;
  /** Calls outside the idle task that slept inside. */
  readonly sleepCalls: number;
  /** The idle task's calls. */
  readonly idleCalls: number;
  /** Off-CPU time outside the idle task, each switch counted once (NaN when the trace does not say which task ran). */
  readonly offCpuNs: number;
  /** The idle task's time, each outermost idle call counted once. */
  readonly idleNs: number;
  /** Calls the policy left out of the ranking. */
  readonly leftOutCalls: number;
}

/** Per-call ranking values under one policy. */
export interface Ranking {
  readonly policy: RankPolicy;
  /** The measured time per call (ns); NaN when unknown or left out. */
  readonly valueNs: Float64Array;
  /** The call's own part of that time (self, or on-CPU self), for "which call explains it"; NaN as valueNs. */
  readonly selfValueNs: Float64Array;
  readonly summary: SleepIdleSummary;
}

const SLEEP = CpuState.Switched | CpuState.Inferred | CpuState.ProbableSleep;
const rankings = new WeakMap<TraceModel, Map<string, Ranking>>();

/** Ranking values of every call under `policy` (computed once per model and policy). */
export function ranking(model: TraceModel, policy: RankPolicy = DEFAULT_RANK_POLICY): Ranking {
  const key = `${policy.measure}/${policy.includeIdle ? 1 : 0}/${policy.includeSleep ? 1 : 0}`;
  let byPolicy = rankings.get(model);
  if (byPolicy === undefined) rankings.set(model, (byPolicy = new Map()));
  let r = byPolicy.get(key);
  if (r === undefined) byPolicy.set(key, (r = computeRanking(model, { ...policy })));
  return r;
}

function computeRanking(model: TraceModel, policy: RankPolicy): Ranking {
  const n = model.callCount;
  const t = cpuTimes(model);
  const incl = model.calls.inclusiveNs;
  const self = model.calls.selfNs;
  const value = new Float64Array(n);
  const selfValue = new Float64Array(n);
  let calls = 0;
  let sleepCalls = 0;
  let idleCalls = 0;
  let leftOut = 0;
  for (let c = 0; c < n; c++) {
    const st = t.state[c];
    const idle = (st & CpuState.Idle) !== 0;
    const sleep = (st & SLEEP) !== 0;
    if (idle || sleep) calls++;
    if (idle) idleCalls++;
    else if (sleep) sleepCalls++;
    const inc = incl.at(c);
    let v: number;
    let sv: number;
    if (idle && !policy.includeIdle) v = sv = NaN;
    else if (policy.measure === 'onCpu') {
      v = t.onCpuNs[c];
      sv = t.onCpuSelfNs[c];
      if (v !== v && inc === inc) {
        // Off-CPU time unknown: the inclusive time is all there is, unless the call probably slept.
        const probable = (st & CpuState.ProbableSleep) !== 0;
        v = probable && !policy.includeSleep ? NaN : inc;
        sv = v === v ? self.at(c) : NaN;
      }
    } else if (policy.measure === 'self') {
      v = sv = (st & CpuState.OwnSleep) !== 0 && !policy.includeSleep ? NaN : self.at(c);
    } else {
      v = sleep && !policy.includeSleep ? NaN : inc;
      sv = v === v ? self.at(c) : NaN;
    }
    if (v !== v && inc === inc) leftOut++;
    value[c] = v;
    selfValue[c] = sv;
  }
  const summary: SleepIdleSummary = {
    calls, sleepCalls, idleCalls, offCpuNs: t.hasTaskInfo ? t.offCpuTotalNs : NaN, idleNs: t.idleTotalNs, leftOutCalls: leftOut,
  };
  return { policy, valueNs: value, selfValueNs: selfValue, summary };
}

/**
 * The top-n search over values read by `get`: one instance per column type, so that each keeps its
 * reads monomorphic (inlined) in the loop over every call.
 */
function topSearch<V>(get: (values: V, i: number) => number): (values: V, count: number, n: number) => number[] {
  return (values, count, n) => {
    if (n <= 0) return [];
    // Min-heap of the best n.
    const heap: number[] = [];
    const less = (a: number, b: number): boolean => {
      const x = get(values, a);
      const y = get(values, b);
      return x < y || (x === y && a > b);
    };
    for (let c = 0; c < count; c++) {
      const x = get(values, c);
      if (x !== x) continue;
      if (heap.length < n) {
        heap.push(c);
        for (let i = heap.length - 1; i > 0; ) {
          const p = (i - 1) >> 1;
          if (!less(heap[i], heap[p])) break;
          [heap[i], heap[p]] = [heap[p], heap[i]];
          i = p;
        }
      } else if (less(heap[0], c)) {
        heap[0] = c;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l], heap[m])) m = l;
          if (r < heap.length && less(heap[r], heap[m])) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m], heap[i]];
          i = m;
        }
      }
    }
    return heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
  };
}

const topOfArray = topSearch<Float64Array>((v, i) => v[i]);
const topOfColumn = topSearch<NsValues>((v, i) => v.at(i));

/** The `n` calls with the largest `values` (NaN skipped), largest first; ties: earlier call first. */
export function topCalls(values: Float64Array | NsValues, count: number, n: number): number[] {
  return values instanceof Float64Array ? topOfArray(values, count, n) : topOfColumn(values, count, n);
}

/** The `n` slowest calls under `policy`, slowest first. */
export function rankedCalls(model: TraceModel, n: number, policy: RankPolicy = DEFAULT_RANK_POLICY): number[] {
  return topCalls(ranking(model, policy).valueNs, model.callCount, n);
}

/** The `n` longest calls that slept or are the idle task's, by inclusive time (what the default ranking sets aside). */
export function sleepsAndIdle(model: TraceModel, n: number): number[] {
  const t = cpuTimes(model);
  const v = new Float64Array(model.callCount).fill(NaN);
  const incl = model.calls.inclusiveNs;
  for (let c = 0; c < model.callCount; c++) if ((t.state[c] & (SLEEP | CpuState.Idle)) !== 0) v[c] = incl.at(c);
  return topCalls(v, model.callCount, n);
}

/** How calls were ranked under `policy` and what it set aside, in µs (the `ranking` of answers and of `report --json`). */
export function rankingSummary(model: TraceModel, policy: RankPolicy) {
  const s = ranking(model, policy).summary;
  return {
    measure: policy.measure,
    includeIdle: policy.includeIdle,
    includeSleep: policy.includeSleep,
    sleepsAndIdle: {
      calls: s.calls,
      sleepCalls: s.sleepCalls,
      idleCalls: s.idleCalls,
      /** Null when the trace has no task information (off-CPU time unknown). */
      offCpuUs: usFromNs(s.offCpuNs),
      idleUs: usFromNs(s.idleNs) ?? 0,
      leftOutCalls: s.leftOutCalls,
    },
  };
}
