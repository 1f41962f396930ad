// The ftrace/* custom requests over a model: call tree pages, call at line, slowest calls, function stats, summary.
import {
  callAtLine, childrenPage, displayText, functionStats, rootGroups, slowestCalls, usFromNs, type TraceModel,
} from '../core/index';
import type {
  CallAtResult, CallTreeParams, TreeOrder, CallTreeResult, FunctionStatsParams, FunctionStatsResult, SlowestCallsParams,
  SlowestCallsResult, SummaryResult,
} from '../protocol';
import { ancestry } from './ancestors';
import { callGroup, callNode } from './callNodes';

const MAX_PAGE = 500;

/** Groups, a group's top-level calls, or a call's children, one page at a time. */
export function callTree(model: TraceModel, version: number, p: CallTreeParams): CallTreeResult {
  const offset = Math.max(0, Math.floor(p.offset ?? 0));
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(p.limit ?? 200)));
  const groups = rootGroups(model);
  if (p.parent === undefined && p.group === undefined) {
    return { version, groups: groups.slice(offset, offset + limit).map((g) => callGroup(model, g)), offset, total: groups.length };
  }
  let ids: readonly number[];
  if (p.parent !== undefined) {
    if (!(p.parent >= 0 && p.parent < model.callCount)) return { version, calls: [], offset, total: 0 };
    if (p.order !== 'time') {
      const page = childrenPage(model, p.parent, offset, limit);
      return { version, calls: page.ids.map((id) => callNode(model, id)), offset, total: page.total };
    }
    ids = childrenPage(model, p.parent, 0, Number.MAX_SAFE_INTEGER).ids;
  } else {
    ids = groups.find((g) => g.key === p.group)?.roots ?? [];
  }
  if (p.order === 'time') ids = byTime(model, ids);
  return { version, calls: ids.slice(offset, offset + limit).map((id) => callNode(model, id)), offset, total: ids.length };
}

/** Slowest first; calls without a time last, in trace order. */
function byTime(model: TraceModel, ids: readonly number[]): number[] {
  const v = model.calls.inclusiveNs;
  const key = (id: number): number => (Number.isNaN(v[id]) ? -1 : v[id]);
  return [...ids].sort((a, b) => key(b) - key(a) || a - b);
}

/** Longest path in a {@link callAt} answer (calls); deeper calls get their innermost part only. */
export const MAX_CALL_PATH = 256;

/**
 * The call covering 0-based `line`, its path from the top-level call and each path call's index
 * among its siblings. Deeper than {@link MAX_CALL_PATH} calls, the path holds the innermost ones
 * only and `group` is null (the panel cannot reveal such a call).
 */
export function callAt(model: TraceModel, version: number, line: number, order: TreeOrder = 'trace'): CallAtResult {
  const id = callAtLine(model, line);
  if (id < 0) return { version, call: null, path: [], group: null, indices: [] };
  const { path, complete } = ancestry(model, id, MAX_CALL_PATH);
  const g = complete ? rootGroups(model).find((x) => indexOf(model, x.roots, path[0], 'trace') >= 0) : undefined;
  const indices = path.map((c, i) => {
    const parent = i > 0 ? path[i - 1] : model.calls.parent[c];
    const siblings = parent < 0 ? (g?.roots ?? []) : childrenPage(model, parent, 0, Number.MAX_SAFE_INTEGER).ids;
    return indexOf(model, siblings, c, order);
  });
  return { version, call: callNode(model, id), path: path.map((c) => callNode(model, c)), group: g?.key ?? null, indices };
}

/** Index of call `id` in `ids` (ascending ids = trace order) under `order`, -1 if absent. */
function indexOf(model: TraceModel, ids: readonly number[], id: number, order: TreeOrder): number {
  if (order === 'time') return byTime(model, ids).indexOf(id);
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

/** The top calls by inclusive or self time. */
export function slowest(model: TraceModel, version: number, p: SlowestCallsParams): SlowestCallsResult {
  const n = Math.min(1000, Math.max(0, Math.floor(p.count ?? 50)));
  return { version, calls: slowestCalls(model, n, p.by ?? 'inclusive').map((id) => callNode(model, id)) };
}

/** Per-function aggregates. */
export function functionTable(model: TraceModel, version: number, p: FunctionStatsParams): FunctionStatsResult {
  const all = functionStats(model, p.sortBy ?? 'self');
  const limit = Math.min(5000, Math.max(1, Math.floor(p.limit ?? 500)));
  return {
    version,
    total: all.length,
    functions: all.slice(0, limit).map((s) => ({
      name: displayText(s.name),
      calls: s.count,
      totalUs: s.timedCount > 0 ? usFromNs(s.totalNs) : null,
      selfUs: s.timedCount > 0 ? usFromNs(s.selfNs) : null,
      maxUs: usFromNs(s.maxNs),
      meanUs: Number.isNaN(s.meanNs) ? null : Math.round(s.meanNs) / 1000,
      slowestCall: s.maxCall >= 0 ? s.maxCall : null,
      slowestLine: s.maxCall >= 0 ? (model.calls.entryLine[s.maxCall] >= 0 ? model.calls.entryLine[s.maxCall] : model.calls.exitLine[s.maxCall]) : null,
    })),
  };
}

/** CPUs, tasks, calls, the slowest call and issue counts. */
export function summary(model: TraceModel, version: number): SummaryResult {
  const top = slowestCalls(model, 1, 'inclusive');
  return {
    version,
    lines: model.lineCount,
    cpus: model.cpus,
    tasks: model.tasks.size,
    calls: model.callCount,
    hasDurations: model.hasDurations,
    slowest: top.length > 0 ? callNode(model, top[0]) : null,
    issues: model.issues.countsByCode(),
  };
}
