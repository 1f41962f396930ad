// Contiguous runs of one task's lines and, in each, the calls open there clipped to the run: ranges that always nest.
import { resized } from '../model/growable';
import { LineKind } from '../parse/lineKinds';
import type { TraceModel } from '../model/model';
import { callSpan } from './spanLines';

/**
 * Which stack a call belongs to, as one number: the pid for tasks (pid > 0), the idle task per
 * CPU (pid 0 runs on every CPU), else the CPU (traces that name no task), else unknown.
 */
export function ownerKey(model: TraceModel, call: number): number {
  const pid = model.calls.pid[call];
  const cpu = model.calls.cpu[call];
  if (pid > 0) return pid;
  return pid === 0 ? -1 - 2 * (cpu + 1) : -2 - 2 * (cpu + 1);
}

/**
 * The run forest as columns indexed by node, in document order (a parent before its children,
 * siblings by line). A node is a run (call -1, depth 0) or a call clipped to its run (depth ≥ 1).
 * Lines are 0-based and inclusive.
 */
export interface TaskRuns {
  /** Number of nodes. */
  readonly count: number;
  /** Call id, -1 for a run. */
  readonly call: Int32Array;
  /** Index of the parent node, -1 for a run. */
  readonly parent: Int32Array;
  /** 0 for a run, 1 for the calls open at its top level, and so on. */
  readonly depth: Int32Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** Node indexes of the runs, in line order. */
  readonly runs: Int32Array;
}

/** True when node `k` is a call that started before its run (or before the trace): its range is a continuation. */
export function isContinued(model: TraceModel, runs: TaskRuns, k: number): boolean {
  const id = runs.call[k];
  return id >= 0 && model.calls.entryLine[id] < runs.first[k];
}

const cache = new WeakMap<TraceModel, TaskRuns>();

/** Growable node columns. */
class Nodes {
  count = 0;
  call: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  first: Int32Array;
  last: Int32Array;
  constructor(capacity: number) {
    this.call = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.last = new Int32Array(capacity);
  }
  add(call: number, parent: number, depth: number, line: number): number {
    if (this.count === this.call.length) {
      const n = this.count * 2;
      this.call = resized(this.call, n, this.count);
      this.parent = resized(this.parent, n, this.count);
      this.depth = resized(this.depth, n, this.count);
      this.first = resized(this.first, n, this.count);
      this.last = resized(this.last, n, this.count);
    }
    const k = this.count++;
    this.call[k] = call;
    this.parent[k] = parent;
    this.depth[k] = depth;
    this.first[k] = line;
    this.last[k] = line;
    return k;
  }
}

/**
 * Where a run whose first call line is `line` (stream `key`) starts: at the context-switch line of
 * the banner just above it when that banner switches to this task (` 1) <idle>-0 => sh-123`:
 * sticky scroll and the outline then show the switch as the run's first line), else at `line`.
 * Only blank and rule lines may stand between them, and the line must be after `after`.
 */
function bannerStart(model: TraceModel, line: number, key: number, after: number): number {
  for (let l = line - 1; l > after && l >= line - 4; l--) {
    const kind = model.lineKinds[l];
    if (kind === LineKind.ContextSwitch) {
      const b = model.banners?.at(l);
      if (b === null || b === undefined) return line;
      const next = b.nextPid > 0 ? b.nextPid : b.nextPid === 0 ? -1 - 2 * (b.cpu + 1) : NaN;
      return next === key ? l : line;
    }
    if (kind !== LineKind.Blank && kind !== LineKind.BannerRule) return line;
  }
  return line;
}

/**
 * Splits the trace into runs: maximal stretches of lines in which every line that belongs to a
 * call belongs to the same task ({@link ownerKey}); lines that belong to no call (banners,
 * events, blanks) extend the run they follow, except the context-switch banner that switches to
 * the next run's task, which starts that run ({@link bannerStart}). Inside each run the calls that own a line of it,
 * and their callers, become nodes whose ranges are clipped to the run, so that, unlike whole
 * call spans on an interleaved multi-CPU trace, any two node ranges are either nested or
 * disjoint and every line's innermost node is a call of that line's own task.
 * O(lines + nodes); no recursion whatever the depth. Cached per model.
 */
export function taskRuns(model: TraceModel): TaskRuns {
  const hit = cache.get(model);
  if (hit !== undefined) return hit;
  // About one node per call (1.00-1.03 on the corpus: a call split between runs is one node per
  // run) plus the runs: sized once, so that the columns are not copied a dozen times as they double.
  const nodes = new Nodes(model.callCount + (model.callCount >> 4) + 256);
  const runs: number[] = [];
  const c = model.calls;
  // Position + 1 on the current stack of each call (0: not on it).
  const onStack = new Int32Array(model.callCount);
  // The stack: node indexes, and per entry the last line seen of its subtree.
  const stack: number[] = [];
  const seen: number[] = [];

  const callLast = (id: number): number => callSpan(model, id).last;
  // Pops the stack down to `keep` entries; `hi` is the last line the popped nodes may cover.
  const popTo = (keep: number, hi: number): void => {
    while (stack.length > keep) {
      const k = stack.pop()!;
      const lo = seen.pop()!;
      onStack[nodes.call[k]] = 0;
      const last = Math.max(lo, Math.min(callLast(nodes.call[k]), hi));
      nodes.last[k] = last;
      const up = seen.length - 1;
      if (up >= 0 && seen[up] < last) seen[up] = last;
    }
  };

  let run = -1;
  let runKey = NaN;
  const path: number[] = [];
  for (let line = 0; line < model.lineCount; line++) {
    const owner = model.lineCall.at(line);
    if (owner < 0) continue;
    const key = ownerKey(model, owner);
    if (run < 0 || key !== runKey) {
      const start = bannerStart(model, line, key, run >= 0 ? nodes.first[run] : -1);
      if (run >= 0) {
        popTo(0, start - 1);
        nodes.last[run] = start - 1;
      }
      run = nodes.add(-1, -1, 0, start);
      runs.push(run);
      runKey = key;
    }
    // Walk up from the owner to the first call already on the stack: path[0, nPath) (a count, not
    // path.length = 0 per line: the length setter is a runtime call).
    let nPath = 0;
    let a = owner;
    while (a >= 0 && onStack[a] === 0 && nPath <= model.callCount) {
      path[nPath++] = a;
      a = c.parent[a];
    }
    popTo(a >= 0 ? onStack[a] : 0, line - 1);
    for (let i = nPath - 1; i >= 0; i--) {
      const parent = stack.length > 0 ? stack[stack.length - 1] : run;
      onStack[path[i]] = stack.length + 1;
      stack.push(nodes.add(path[i], parent, nodes.depth[parent] + 1, line));
      seen.push(line);
    }
    seen[seen.length - 1] = line;
  }
  if (run >= 0) {
    popTo(0, model.lineCount - 1);
    nodes.last[run] = model.lineCount - 1;
  }
  const n = nodes.count;
  const out: TaskRuns = {
    count: n,
    call: nodes.call.subarray(0, n),
    parent: nodes.parent.subarray(0, n),
    depth: nodes.depth.subarray(0, n),
    first: nodes.first.subarray(0, n),
    last: nodes.last.subarray(0, n),
    runs: Int32Array.from(runs),
  };
  cache.set(model, out);
  return out;
}

/** Index of the run that covers 0-based `line`, or -1 (lines before the first call line). */
export function runAtLine(runs: TaskRuns, line: number): number {
  let lo = 0;
  let hi = runs.runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs.first[runs.runs[mid]] <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return -1;
  return line <= runs.last[runs.runs[found]] ? runs.runs[found] : -1;
}

/**
 * The innermost node covering 0-based `line` (a call of the line's own task, or the run itself
 * on a line that belongs to no call), or -1 outside every run. O(nodes of that run).
 */
export function nodeAtLine(runs: TaskRuns, line: number): number {
  const run = runAtLine(runs, line);
  if (run < 0) return -1;
  let best = run;
  for (let k = run + 1; k < runs.count && runs.depth[k] > 0 && runs.first[k] <= line; k++) {
    if (runs.last[k] >= line) best = k;
  }
  return best;
}
