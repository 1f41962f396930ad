// The ftrace/* custom requests over a model: call tree pages, call at line, slowest calls, function stats, summary.
import {
  DEFAULT_RANK_POLICY, callAtLine, childrenPage, displayText, rankedFunctionStats, rootGroups, usFromNs,
  type RankPolicy, type TraceModel,
} from '../core/index';
import type {
  CallAtResult, CallTreeParams, TreeOrder, CallTreeResult, FunctionStatsParams, FunctionStatsResult, SlowestCallsParams,
  SlowestCallsResult, SummaryResult,
} from '../protocol';
import { ancestry } from './ancestors';
import { callGroup, callNode } from './callNodes';
import { rankingInfo } from './ranking';
import { MAX_SLOWEST, byTimeCached, slowestCached } from './rankCaches';

const MAX_PAGE = 500;

/** Groups, a group's top-level calls, or a call's children, one page at a time; `time` order is by `policy`'s measure. */
export function callTree(model: TraceModel, version: number, p: CallTreeParams, policy: RankPolicy = DEFAULT_RANK_POLICY): CallTreeResult {
  const offset = Math.max(0, Math.floor(p.offset ?? 0));
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(p.limit ?? 200)));
  const groups = rootGroups(model);
  if (p.parent === undefined && p.group === undefined) {
    return { version, groups: groups.slice(offset, offset + limit).map((g) => callGroup(model, g)), offset, total: groups.length };
  }
  let ids: readonly number[];
  let key: string;
  if (p.parent !== undefined) {
    if (!(p.parent >= 0 && p.parent < model.callCount)) return { version, calls: [], offset, total: 0 };
    if (p.order !== 'time') {
      const page = childrenPage(model, p.parent, offset, limit);
      return { version, calls: page.ids.map((id) => callNode(model, id)), offset, total: page.total };
    }
    ids = childrenPage(model, p.parent, 0, Number.MAX_SAFE_INTEGER).ids;
    key = `call:${p.parent}`;
  } else {
    ids = groups.find((g) => g.key === p.group)?.roots ?? [];
    key = `group:${p.group}`;
  }
  if (p.order === 'time') ids = byTimeCached(model, key, ids, policy);
  return { version, calls: ids.slice(offset, offset + limit).map((id) => callNode(model, id)), offset, total: ids.length };
}

/** Longest path in a {@link callAt} answer (calls); deeper calls get their innermost part only. */
export const MAX_CALL_PATH = 256;

/**
 * The call covering 0-based `line`, its path from the top-level call and each path call's index
 * among its siblings. Deeper than {@link MAX_CALL_PATH} calls, the path holds the innermost ones
 * only and `group` is null (the panel cannot reveal such a call).
 */
export function callAt(model: TraceModel, version: number, line: number, order: TreeOrder = 'trace', policy: RankPolicy = DEFAULT_RANK_POLICY): CallAtResult {
  const id = callAtLine(model, line);
  if (id < 0) return { version, call: null, path: [], group: null, indices: [] };
  const { path, complete } = ancestry(model, id, MAX_CALL_PATH);
  const g = complete ? rootGroups(model).find((x) => indexOf(model, x.roots, path[0], 'trace', '') >= 0) : undefined;
  const indices = path.map((c, i) => {
    const parent = i > 0 ? path[i - 1] : model.calls.parent[c];
    const siblings = parent < 0 ? (g?.roots ?? []) : childrenPage(model, parent, 0, Number.MAX_SAFE_INTEGER).ids;
    return indexOf(model, siblings, c, order, parent < 0 ? `group:${g?.key}` : `call:${parent}`, policy);
  });
  return { version, call: callNode(model, id), path: path.map((c) => callNode(model, c)), group: g?.key ?? null, indices };
}

/** Index of call `id` in `ids` (ascending ids = trace order; `key` names the list for the time-order cache) under `order`, -1 if absent. */
function indexOf(model: TraceModel, ids: readonly number[], id: number, order: TreeOrder, key: string, policy: RankPolicy = DEFAULT_RANK_POLICY): number {
  if (order === 'time') return byTimeCached(model, key, ids, policy).indexOf(id);
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The top calls under `policy` (on-CPU time, idle and sleeps left out, by default); `p.by` overrides its measure. */
export function slowest(model: TraceModel, version: number, p: SlowestCallsParams, policy: RankPolicy = DEFAULT_RANK_POLICY): SlowestCallsResult {
  const n = Math.min(MAX_SLOWEST, Math.max(0, Math.floor(p.count ?? 50)));
  const pol = p.by !== undefined && p.by !== policy.measure ? { ...policy, measure: p.by } : policy;
  return { version, calls: slowestCached(model, n, pol).map((id) => callNode(model, id)), ranking: rankingInfo(model, pol) };
}

/** Per-function aggregates under `policy`. */
export function functionTable(model: TraceModel, version: number, p: FunctionStatsParams, policy: RankPolicy = DEFAULT_RANK_POLICY): FunctionStatsResult {
  const all = rankedFunctionStats(model, policy, p.sortBy ?? 'self');
  const limit = Math.min(5000, Math.max(1, Math.floor(p.limit ?? 500)));
  return {
    version,
    total: all.length,
    ranking: rankingInfo(model, policy),
    functions: all.slice(0, limit).map((s) => ({
      name: displayText(s.name),
      calls: s.count,
      leftOut: s.leftOut,
      inclusiveUs: s.timedCount > 0 ? usFromNs(s.inclusiveNs) : null,
      onCpuUs: s.timedCount > 0 ? usFromNs(s.onCpuNs) : null,
      offCpuUs: s.timedCount > 0 ? usFromNs(s.offCpuNs) : null,
      totalUs: s.timedCount > 0 ? usFromNs(s.totalNs) : null,
      selfUs: s.timedCount > 0 ? usFromNs(s.selfNs) : null,
      maxUs: usFromNs(s.maxNs),
      meanUs: Number.isNaN(s.meanNs) ? null : Math.round(s.meanNs) / 1000,
      slowestCall: s.maxCall >= 0 ? s.maxCall : null,
      slowestLine: s.maxCall >= 0 ? (model.calls.entryLine[s.maxCall] >= 0 ? model.calls.entryLine[s.maxCall] : model.calls.exitLine.at(s.maxCall)) : null,
    })),
  };
}

/** CPUs, tasks, calls, the slowest call under `policy` and issue counts. */
export function summary(model: TraceModel, version: number, policy: RankPolicy = DEFAULT_RANK_POLICY): SummaryResult {
  const top = slowestCached(model, 1, policy);
  return {
    version,
    lines: model.lineCount,
    cpus: model.cpus,
    tasks: model.tasks.size,
    calls: model.callCount,
    hasDurations: model.hasDurations,
    slowest: top.length > 0 ? callNode(model, top[0]) : null,
    ranking: rankingInfo(model, policy),
    issues: model.issues.countsByCode(),
  };
}
