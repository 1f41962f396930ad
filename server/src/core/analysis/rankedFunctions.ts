// Per-function totals under a ranking policy (Hot Functions, the CLI's function table): idle and sleeps left out, times in the policy's measure.
import { cpuTimes } from './offCpu';
import { ranking, type RankPolicy } from './ranking';
import type { TraceModel } from '../model/model';
import type { FunctionSortKey, FunctionStat } from './queries';

/** One function's statistics under a policy: `totalNs`, `selfNs`, `maxNs`, `meanNs` are in the policy's measure (ns). */
export interface RankedFunctionStat extends FunctionStat {
  /** Calls left out by the policy (idle, sleeps). */
  readonly leftOut: number;
  /** Sum of the printed inclusive time of the counted calls. */
  readonly inclusiveNs: number;
  /** Sum of the on-CPU time of the counted calls, NaN when any is unknown. */
  readonly onCpuNs: number;
  /** Sum of the off-CPU time of the counted calls, NaN when any is unknown. */
  readonly offCpuNs: number;
}

/**
 * Per-function statistics under `policy`, sorted by `sortBy` (descending; `name` ascending), the
 * first `limit`. Calls the policy leaves out are not counted (their number is in `leftOut`);
 * functions with no counted call are omitted.
 */
export function rankedFunctionStats(model: TraceModel, policy: RankPolicy, sortBy: FunctionSortKey = 'self', limit = Infinity): RankedFunctionStat[] {
  const m = model.names.length;
  const r = ranking(model, policy);
  const t = cpuTimes(model);
  const { name, inclusiveNs: incl } = model.calls;
  const count = new Int32Array(m);
  const timed = new Int32Array(m);
  const left = new Int32Array(m);
  const total = new Float64Array(m);
  const self = new Float64Array(m);
  const inc = new Float64Array(m);
  const on = new Float64Array(m);
  const off = new Float64Array(m);
  const max = new Float64Array(m).fill(NaN);
  const maxCall = new Int32Array(m).fill(-1);
  for (let c = 0; c < model.callCount; c++) {
    const id = name[c];
    if (id < 0) continue;
    const v = r.valueNs.at(c);
    if (v !== v) {
      if (!Number.isNaN(incl.at(c))) left[id]++;
      else count[id]++;
      continue;
    }
    count[id]++;
    timed[id]++;
    total[id] += v;
    const s = r.selfValueNs.at(c);
    if (s === s) self[id] += s;
    inc[id] += incl.at(c);
    on[id] += t.onCpuNs.at(c);
    off[id] += t.offCpuNs.at(c);
    if (!(v <= max[id])) {
      max[id] = v;
      maxCall[id] = c;
    }
  }
  const all: RankedFunctionStat[] = [];
  for (let id = 0; id < m; id++) {
    if (count[id] === 0) continue;
    all.push({
      nameId: id,
      name: model.names[id],
      count: count[id],
      timedCount: timed[id],
      totalNs: total[id],
      selfNs: self[id],
      maxNs: max[id],
      meanNs: timed[id] > 0 ? total[id] / timed[id] : NaN,
      maxCall: maxCall[id],
      leftOut: left[id],
      inclusiveNs: inc[id],
      onCpuNs: on[id],
      offCpuNs: off[id],
    });
  }
  const key = (s: RankedFunctionStat): number =>
    sortBy === 'self' ? s.selfNs : sortBy === 'total' ? s.totalNs : sortBy === 'count' ? s.count : sortBy === 'max' ? s.maxNs : s.meanNs;
  const nz = (v: number): number => (v !== v ? -1 : v);
  if (sortBy === 'name') all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Ties (every time unknown, in a trace without durations) go to the most called function first.
  else all.sort((a, b) => nz(key(b)) - nz(key(a)) || b.count - a.count || a.nameId - b.nameId);
  return Number.isFinite(limit) ? all.slice(0, limit) : all;
}
