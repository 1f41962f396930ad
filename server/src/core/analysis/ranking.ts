// What "slow" means: the time calls are ranked by (on-CPU, inclusive, self) and which sleeps and idle time are left out.
import { cpuTimes, CpuState, type CpuTimes } from './offCpu';
import type { TraceModel } from '../model/model';
import type { NsValues } from '../model/nsColumn';
import { usFromNs } from '../format';

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
  /** Of `calls`, those with a known time (none in a trace that prints no durations). */
  readonly timedCalls: number;
  /** Off-CPU time outside the idle task, each switch counted once (NaN when the trace does not say which task ran). */
  readonly offCpuNs: number;
  /** The idle task's time, each outermost idle call counted once. */
  readonly idleNs: number;
  /** Calls the policy left out of the ranking. */
  readonly leftOutCalls: number;
}

/**
 * Per-call ranking values under one policy, computed on each read from the model's columns and
 * {@link cpuTimes} (a few reads per call: nothing stored per call, where two float64 columns per
 * policy were 16 bytes per call).
 */
export interface Ranking {
  readonly policy: RankPolicy;
  /** The measured time per call (ns): `valueNs.at(id)`; NaN when unknown or left out. */
  readonly valueNs: NsValues;
  /** The call's own part of that time (self, or on-CPU self), for "which call explains it": `selfValueNs.at(id)`; NaN as valueNs. */
  readonly selfValueNs: NsValues;
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
  const value = new RankValues(model, t, policy, false);
  let calls = 0;
  let sleepCalls = 0;
  let idleCalls = 0;
  let leftOut = 0;
  let timed = 0;
  for (let c = 0; c < n; c++) {
    const st = t.state[c];
    const idle = (st & CpuState.Idle) !== 0;
    const sleep = (st & SLEEP) !== 0;
    if (idle || sleep) {
      calls++;
      if (incl.at(c) === incl.at(c)) timed++;
    }
    if (idle) idleCalls++;
    else if (sleep) sleepCalls++;
    const v = value.at(c);
    if (v !== v && incl.at(c) === incl.at(c)) leftOut++;
  }
  const summary: SleepIdleSummary = {
    calls, sleepCalls, idleCalls, timedCalls: timed, offCpuNs: t.hasTaskInfo ? t.offCpuTotalNs : NaN, idleNs: t.idleTotalNs, leftOutCalls: leftOut,
  };
  return { policy, valueNs: value, selfValueNs: new RankValues(model, t, policy, true), summary };
}

/** A call's ranking value (or its own part, `own`) under a policy, computed on each read. */
class RankValues implements NsValues {
  private readonly incl: NsValues;
  private readonly self: NsValues;
  private readonly state: Uint8Array;
  private readonly onCpu: NsValues;
  private readonly onCpuSelf: NsValues;
  private readonly measure: RankMeasure;
  private readonly includeIdle: boolean;
  private readonly includeSleep: boolean;

  constructor(model: TraceModel, t: CpuTimes, policy: RankPolicy, private readonly own: boolean) {
    this.incl = model.calls.inclusiveNs;
    this.self = model.calls.selfNs;
    this.state = t.state;
    this.onCpu = t.onCpuNs;
    this.onCpuSelf = t.onCpuSelfNs;
    this.measure = policy.measure;
    this.includeIdle = policy.includeIdle;
    this.includeSleep = policy.includeSleep;
  }

  get length(): number {
    return this.state.length;
  }

  at(c: number): number {
    if (!(c >= 0 && c < this.state.length)) return NaN;
    const st = this.state[c];
    if ((st & CpuState.Idle) !== 0 && !this.includeIdle) return NaN;
    // A partial call's self time holds what it called before the trace: not its own.
    if (this.own && (st & CpuState.Partial) !== 0) return NaN;
    if (this.measure === 'onCpu') {
      const v = this.onCpu.at(c);
      if (v === v) return this.own ? this.onCpuSelf.at(c) : v;
      const inc = this.incl.at(c);
      if (inc !== inc) return this.own ? this.onCpuSelf.at(c) : v;
      // Off-CPU time unknown: the inclusive time is all there is, unless the call slept, or
      // probably did, inside it.
      if ((st & SLEEP) !== 0 && !this.includeSleep) return NaN;
      return this.own ? this.self.at(c) : inc;
    }
    if (this.measure === 'self') return (st & CpuState.OwnSleep) !== 0 && !this.includeSleep ? NaN : (st & CpuState.Partial) !== 0 ? NaN : this.self.at(c);
    if ((st & SLEEP) !== 0 && !this.includeSleep) return NaN;
    const inc = this.incl.at(c);
    return !this.own ? inc : inc === inc ? this.self.at(c) : NaN;
  }

  bytes(): number {
    return 0;
  }
}

/**
 * The top-n search over values read by `get`: one instance per column type, so that each keeps its
 * reads monomorphic (inlined) in the loop over every call. Each value is read once; the heap keeps
 * the values beside the ids.
 */
function topSearch<V>(get: (values: V, i: number) => number): (values: V, count: number, n: number) => number[] {
  return (values, count, n) => {
    if (n <= 0) return [];
    // Min-heap of the best n: ids and their values.
    const heap: number[] = [];
    const hv: number[] = [];
    // a below b: smaller value, or the same value and a later call.
    const below = (va: number, a: number, vb: number, b: number): boolean => va < vb || (va === vb && a > b);
    const swap = (i: number, j: number): void => {
      [heap[i], heap[j]] = [heap[j], heap[i]];
      [hv[i], hv[j]] = [hv[j], hv[i]];
    };
    for (let c = 0; c < count; c++) {
      const x = get(values, c);
      if (x !== x) continue;
      if (heap.length < n) {
        heap.push(c);
        hv.push(x);
        for (let i = heap.length - 1; i > 0; ) {
          const p = (i - 1) >> 1;
          if (!below(hv[i], heap[i], hv[p], heap[p])) break;
          swap(i, p);
          i = p;
        }
      } else if (below(hv[0], heap[0], x, c)) {
        heap[0] = c;
        hv[0] = x;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && below(hv[l], heap[l], hv[m], heap[m])) m = l;
          if (r < heap.length && below(hv[r], heap[r], hv[m], heap[m])) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
    }
    const order = heap.map((_, i) => i);
    order.sort((i, j) => (below(hv[i], heap[i], hv[j], heap[j]) ? 1 : below(hv[j], heap[j], hv[i], heap[i]) ? -1 : 0));
    return order.map((i) => heap[i]);
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
  const state = cpuTimes(model).state;
  const incl = model.calls.inclusiveNs;
  const v: NsValues = { length: model.callCount, at: (c) => ((state[c] & (SLEEP | CpuState.Idle)) !== 0 ? incl.at(c) : NaN), bytes: () => 0 };
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
      timedCalls: s.timedCalls,
      /** Null when the trace has no task information (off-CPU time unknown). */
      offCpuUs: usFromNs(s.offCpuNs),
      idleUs: usFromNs(s.idleNs) ?? 0,
      leftOutCalls: s.leftOutCalls,
    },
  };
}
