// Queries over a parsed trace: call at line, slowest calls, path to root, children by page, roots, function statistics.
import { CallFlag, type TraceModel } from '../model/model';
import { LineKind } from '../parse/lineKinds';
import { topCalls } from './ranking';
import { callSpan } from './spanLines';

/** Flag names, in bit order, for reports. */
const FLAG_NAMES: readonly [CallFlag, string][] = [
  [CallFlag.Leaf, 'leaf'],
  [CallFlag.MissingEntry, 'missingEntry'],
  [CallFlag.Open, 'open'],
  [CallFlag.Unterminated, 'unterminated'],
  [CallFlag.Migrated, 'migrated'],
  [CallFlag.TaskExited, 'taskExited'],
];

/** A call described with plain values (lines 0-based, times in ns, NaN when unknown). */
export interface CallInfo {
  readonly id: number;
  /** Entry line, or the exit line when the entry is missing. */
  readonly line: number;
  /** Exit line, -1 for leaves and open calls. */
  readonly endLine: number;
  readonly entryLine: number;
  readonly name: string;
  /** Symbol without the ` [module]` suffix. */
  readonly symbol: string;
  readonly module: string | undefined;
  readonly cpu: number;
  readonly pid: number;
  readonly task: string | undefined;
  readonly depth: number;
  readonly parent: number;
  readonly inclusiveNs: number;
  readonly selfNs: number;
  /** Duration printed for this call (same as inclusive when printed), NaN if none. */
  readonly printedNs: number;
  readonly childCount: number;
  readonly flags: number;
  readonly flagNames: readonly string[];
}

/** Name of a call (`?` when its exit did not say). */
export function callName(model: TraceModel, call: number): string {
  const id = model.calls.name[call];
  return id >= 0 ? model.names[id] : '?';
}

/** Splits `sym [module]` into symbol and module. */
export function splitModule(name: string): { symbol: string; module: string | undefined } {
  // As / \[([^\]]+)\]$/ would match, in one pass (the regex retries from every ` [`: quadratic on long names).
  const end = name.length - 1;
  if (end < 0 || name.charCodeAt(end) !== 93 /* ] */) return { symbol: name, module: undefined };
  const open = name.indexOf(' [', name.lastIndexOf(']', end - 1) + 1);
  if (open < 0 || open + 2 >= end) return { symbol: name, module: undefined };
  return { symbol: name.slice(0, open), module: name.slice(open + 2, end) };
}

/** The first line of a call: its entry line, or its exit line when the entry is missing. */
export function callLine(model: TraceModel, call: number): number {
  const e = model.calls.entryLine[call];
  return e >= 0 ? e : model.calls.exitLine.at(call);
}

/** Plain description of call `call`. */
export function callInfo(model: TraceModel, call: number): CallInfo {
  const c = model.calls;
  const name = callName(model, call);
  const { symbol, module } = splitModule(name);
  const flags = c.flags[call];
  const pid = c.pid[call];
  return {
    id: call,
    line: callLine(model, call),
    endLine: c.exitLine.at(call),
    entryLine: c.entryLine[call],
    name,
    symbol,
    module,
    cpu: c.cpu[call],
    pid,
    task: pid >= 0 ? model.tasks.get(pid) : undefined,
    depth: c.depth[call],
    parent: c.parent[call],
    inclusiveNs: c.inclusiveNs.at(call),
    selfNs: c.selfNs.at(call),
    printedNs: (flags & CallFlag.Timed) !== 0 ? c.inclusiveNs.at(call) : NaN,
    childCount: c.childStart[call + 1] - c.childStart[call],
    flags,
    flagNames: FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n),
  };
}

/** Number of children of `call`. */
export function childCount(model: TraceModel, call: number): number {
  return model.calls.childStart[call + 1] - model.calls.childStart[call];
}

/** Children of `call` (trace order) from `offset`, at most `limit`, with the total. */
export function childrenPage(model: TraceModel, call: number, offset: number, limit: number): { ids: number[]; total: number } {
  const c = model.calls;
  const s = c.childStart[call];
  const total = c.childStart[call + 1] - s;
  const ids: number[] = [];
  for (let k = Math.max(0, offset); k < total && ids.length < limit; k++) ids.push(c.childList[s + k]);
  return { ids, total };
}

/** Ancestors of `call` from the root down to `call` itself. */
export function pathToRoot(model: TraceModel, call: number): number[] {
  const out: number[] = [];
  for (let c = call; c >= 0 && out.length < 100000; c = model.calls.parent[c]) out.push(c);
  return out.reverse();
}

/** True when 0-based `line` is inside call `call` ({@link callSpan}). */
export function callCovers(model: TraceModel, call: number, line: number): boolean {
  const span = callSpan(model, call);
  return line >= span.first && line <= span.last;
}

/**
 * The call at 0-based `line`: the call of an entry, exit or leaf line, the enclosing call of a
 * comment or arrow, else the innermost call of the nearest call line above that still covers it; -1 if none.
 */
export function callAtLine(model: TraceModel, line: number): number {
  if (line < 0 || line >= model.lineCount) return -1;
  const own = model.lineCall.at(line);
  if (own >= 0) return own;
  const kind = model.lineKinds[line];
  if (kind === LineKind.Header || kind === LineKind.Unknown) return -1;
  for (let l = line - 1, n = 0; l >= 0 && n < 2000; l--, n++) {
    let c = model.lineCall.at(l);
    if (c < 0) continue;
    while (c >= 0 && !callCovers(model, c, line)) c = model.calls.parent[c];
    return c;
  }
  return -1;
}

/** Which time to rank calls by. */
export type TimeMeasure = 'inclusive' | 'self';

/** The `n` calls with the largest inclusive or self time, slowest first (ties: earlier call first). */
export function slowestCalls(model: TraceModel, n: number, by: TimeMeasure = 'inclusive'): number[] {
  return topCalls(by === 'self' ? model.calls.selfNs : model.calls.inclusiveNs, model.callCount, n);
}

/** Statistics of one function over the whole trace (times in ns). */
export interface FunctionStat {
  readonly nameId: number;
  readonly name: string;
  readonly count: number;
  readonly timedCount: number;
  readonly totalNs: number;
  readonly selfNs: number;
  readonly maxNs: number;
  readonly meanNs: number;
  /** The slowest call of this function, -1 when none is timed. */
  readonly maxCall: number;
}

/** Sort keys for {@link functionStats}. */
export type FunctionSortKey = 'self' | 'total' | 'count' | 'max' | 'mean' | 'name';

/** Statistics of the name id `id`. */
export function functionStat(model: TraceModel, id: number): FunctionStat {
  const f = model.functions;
  return {
    nameId: id,
    name: model.names[id],
    count: f.count[id],
    timedCount: f.timedCount[id],
    totalNs: f.totalNs[id],
    selfNs: f.selfNs[id],
    maxNs: f.maxNs[id],
    meanNs: f.timedCount[id] > 0 ? f.totalNs[id] / f.timedCount[id] : NaN,
    maxCall: f.maxCall[id],
  };
}

/** Per-function statistics sorted by `sortBy` (descending; `name` ascending), first `limit`. */
export function functionStats(model: TraceModel, sortBy: FunctionSortKey = 'self', limit = Infinity): FunctionStat[] {
  const all: FunctionStat[] = [];
  for (let id = 0; id < model.names.length; id++) if (model.functions.count[id] > 0) all.push(functionStat(model, id));
  const key = (s: FunctionStat): number =>
    sortBy === 'self' ? s.selfNs : sortBy === 'total' ? s.totalNs : sortBy === 'count' ? s.count : sortBy === 'max' ? s.maxNs : s.meanNs;
  if (sortBy === 'name') all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  else all.sort((a, b) => (nz(key(b)) - nz(key(a))) || a.nameId - b.nameId);
  return Number.isFinite(limit) ? all.slice(0, limit) : all;
}

function nz(v: number): number {
  return Number.isNaN(v) ? -1 : v;
}

/** Top-level calls of one CPU or task. */
export interface RootGroup {
  /** `cpu:N`, `task:PID` or `unknown`. */
  readonly key: string;
  readonly cpu: number;
  readonly pid: number;
  readonly task: string | undefined;
  /** Root call ids in trace order. */
  readonly roots: readonly number[];
}

const rootCache = new WeakMap<TraceModel, RootGroup[]>();

/**
 * Root calls grouped per task when the trace names tasks (proc column, trace-cmd, banners),
 * else per CPU. Groups are ordered by CPU, then pid.
 */
export function rootGroups(model: TraceModel): readonly RootGroup[] {
  const hit = rootCache.get(model);
  if (hit !== undefined) return hit;
  const c = model.calls;
  const groups = new Map<string, { cpu: number; pid: number; roots: number[] }>();
  for (let id = 0; id < model.callCount; id++) {
    if (c.parent[id] >= 0) continue;
    const pid = c.pid[id];
    const cpu = c.cpu[id];
    // The idle task runs on every CPU with pid 0: keep one group per CPU for it.
    const key = pid > 0 ? `task:${pid}` : pid === 0 ? `task:0/cpu:${cpu}` : cpu >= 0 ? `cpu:${cpu}` : 'unknown';
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { cpu, pid, roots: [] }));
    g.roots.push(id);
  }
  const out: RootGroup[] = [...groups].map(([key, g]) => ({
    key,
    cpu: g.cpu,
    pid: g.pid,
    task: g.pid >= 0 ? model.tasks.get(g.pid) : undefined,
    roots: g.roots,
  }));
  out.sort((a, b) => a.cpu - b.cpu || a.pid - b.pid || (a.key < b.key ? -1 : 1));
  rootCache.set(model, out);
  return out;
}
