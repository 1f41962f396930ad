// Two traces compared per function (before and after a change, as uftrace's `report --diff`): calls, total, self, mean and longest time under one ranking policy.
import { rankedFunctionStats, type RankedFunctionStat } from './rankedFunctions';
import { ranking, type RankPolicy } from './ranking';
import type { TraceModel } from '../model/model';

/** What a comparison sorts its rows by: the change (after − before) of this figure, largest first by size. */
export type CompareKey = 'total' | 'self' | 'calls' | 'mean' | 'max';

export const COMPARE_KEYS: readonly CompareKey[] = ['total', 'self', 'calls', 'mean', 'max'];

/** One function in one trace: the counted calls (the policy leaves some out) and their times in the policy's measure (ns; NaN when none is timed). */
export interface FunctionSide {
  readonly calls: number;
  readonly timedCalls: number;
  readonly totalNs: number;
  readonly selfNs: number;
  readonly meanNs: number;
  readonly maxNs: number;
}

/** One function of either trace; `before` or `after` is null when that trace has no counted call of it. */
export interface FunctionChange {
  readonly name: string;
  readonly before: FunctionSide | null;
  readonly after: FunctionSide | null;
}

/** A trace's totals for the header: calls counted, and the sum of every counted call's self time (the traced work in the policy's measure; NaN when no call is timed). */
export interface TraceTotals {
  readonly calls: number;
  readonly functions: number;
  readonly selfNs: number;
}

export interface TraceComparison {
  /** Every function of either trace, sorted by the size of the change of `sortBy`, largest first (ties: name). */
  readonly rows: readonly FunctionChange[];
  readonly before: TraceTotals;
  readonly after: TraceTotals;
  /** Functions counted in one trace only. */
  readonly onlyBefore: number;
  readonly onlyAfter: number;
}

function side(s: RankedFunctionStat): FunctionSide {
  const timed = s.timedCount > 0;
  return {
    calls: s.count,
    timedCalls: s.timedCount,
    totalNs: timed ? s.totalNs : NaN,
    selfNs: timed ? s.selfNs : NaN,
    meanNs: s.meanNs,
    maxNs: s.maxNs,
  };
}

/** The figure `key` of one side: 0 for a function the trace does not have (it went from nothing, or to nothing); NaN when untimed. */
export function sideValue(s: FunctionSide | null, key: CompareKey): number {
  if (s === null) return 0;
  switch (key) {
    case 'calls':
      return s.calls;
    case 'total':
      return s.totalNs;
    case 'self':
      return s.selfNs;
    case 'mean':
      return s.meanNs;
    case 'max':
      return s.maxNs;
  }
}

/** after − before of figure `key` (NaN when either side is untimed). */
export function changeOf(row: FunctionChange, key: CompareKey): number {
  return sideValue(row.after, key) - sideValue(row.before, key);
}

function totals(model: TraceModel, policy: RankPolicy, stats: readonly RankedFunctionStat[]): TraceTotals {
  const r = ranking(model, policy);
  let selfNs = 0;
  let timed = false;
  for (let c = 0; c < model.callCount; c++) {
    const v = r.selfValueNs.at(c);
    if (v === v) {
      selfNs += v;
      timed = true;
    }
  }
  let calls = 0;
  for (const s of stats) calls += s.count;
  return { calls, functions: stats.length, selfNs: timed ? selfNs : NaN };
}

/**
 * Compares `before` and `after` function by function (names matched exactly: a clone suffix such as
 * `.isra.0` is part of the name) under the same ranking policy (idle and sleeps left out as the
 * policy says, times in its measure), rows sorted by the size of the change of `sortBy`.
 */
export function compareTraces(before: TraceModel, after: TraceModel, policy: RankPolicy, sortBy: CompareKey = 'total'): TraceComparison {
  const a = rankedFunctionStats(before, policy, 'name');
  const b = rankedFunctionStats(after, policy, 'name');
  const rows = new Map<string, { before: FunctionSide | null; after: FunctionSide | null }>();
  for (const s of a) rows.set(s.name, { before: side(s), after: null });
  for (const s of b) {
    const r = rows.get(s.name);
    if (r !== undefined) r.after = side(s);
    else rows.set(s.name, { before: null, after: side(s) });
  }
  const list: FunctionChange[] = [...rows].map(([name, r]) => ({ name, before: r.before, after: r.after }));
  // Unknown changes (no durations on one side) last, then by name.
  const size = (r: FunctionChange): number => {
    const d = Math.abs(changeOf(r, sortBy));
    return d === d ? d : -1;
  };
  list.sort((x, y) => size(y) - size(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  let onlyBefore = 0;
  let onlyAfter = 0;
  for (const r of list) {
    if (r.after === null) onlyBefore++;
    else if (r.before === null) onlyAfter++;
  }
  return { rows: list, before: totals(before, policy, a), after: totals(after, policy, b), onlyBefore, onlyAfter };
}
