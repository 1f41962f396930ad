// Completes a model after the last line: children index, self times, per-function aggregates.
import type { TraceIssues } from './issues';
import { CallFlag, type CallColumns, type FunctionColumns, type TraceModel } from './model';
import { trimmedTo, type CallTable } from './growable';

/** What the builder hands over: its call table and names. */
export interface BuiltCalls {
  readonly calls: CallTable;
  readonly names: string[];
  readonly tasks: Map<number, string>;
  readonly issues: TraceIssues;
}

/** Line-level results of the parse. */
export interface BuiltLines {
  readonly lineKinds: Uint8Array;
  readonly lineCall: Int32Array;
  readonly kindCounts: number[];
  readonly cpus: number[];
  readonly tracer: string | undefined;
  readonly hasDurations: boolean;
}

const STEP_NS = [1, 10, 100, 1000];

/** Builds the immutable model from the builder's columns. */
export function finishModel(b: BuiltCalls, lines: BuiltLines): TraceModel {
  const t = b.calls;
  const n = t.count;
  const parent = trimmedTo(t.parent, n);
  const incl = trimmedTo(t.inclusiveNs, n);
  const flags = trimmedTo(t.flags, n);
  const step = t.step;
  // Children in CSR form: counts, prefix sums, fill in call-id (= trace) order.
  // The counting pass also sums each call's timed children into self[] (in call-id order, as listed).
  const childStart = new Int32Array(n + 1);
  const self = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const p = parent[c];
    if (p < 0) continue;
    childStart[p]++;
    const v = incl[c];
    if (v === v) self[p] += v;
  }
  // childStart[c] = end of c's block; filling backwards moves it to the block start.
  let total = 0;
  for (let c = 0; c < n; c++) childStart[c] = total += childStart[c];
  childStart[n] = total;
  const childList = new Int32Array(total);
  for (let c = n - 1; c >= 0; c--) {
    const p = parent[c];
    if (p >= 0) childList[--childStart[p]] = c;
  }
  // Self time = inclusive − Σ children's inclusive; a deficit within the parent's print
  // resolution (the kernel truncates each printed value) is rounding, not negative time.
  for (let c = 0; c < n; c++) {
    const inc = incl[c];
    if (inc !== inc) {
      self[c] = NaN;
      continue;
    }
    let s = inc - self[c];
    if (s < 0 && -s < STEP_NS[step[c]]) s = 0;
    self[c] = s;
  }
  const calls: CallColumns = {
    entryLine: trimmedTo(t.entryLine, n),
    exitLine: trimmedTo(t.exitLine, n),
    parent,
    depth: trimmedTo(t.depth, n),
    cpu: trimmedTo(t.cpu, n),
    pid: trimmedTo(t.pid, n),
    name: trimmedTo(t.name, n),
    inclusiveNs: incl,
    selfNs: self,
    flags,
    childStart,
    childList,
  };
  return {
    lineCount: lines.lineKinds.length,
    lineKinds: lines.lineKinds,
    lineCall: lines.lineCall,
    callCount: n,
    calls,
    names: b.names,
    functions: aggregate(calls, n, b.names.length),
    tasks: b.tasks,
    cpus: lines.cpus,
    kindCounts: lines.kindCounts,
    tracer: lines.tracer,
    hasDurations: lines.hasDurations,
    issues: b.issues,
  };
}

/** Per-function count, totals and maximum. */
function aggregate(calls: CallColumns, n: number, nameCount: number): FunctionColumns {
  const count = new Int32Array(nameCount);
  const timedCount = new Int32Array(nameCount);
  const totalNs = new Float64Array(nameCount);
  const selfNs = new Float64Array(nameCount);
  const maxNs = new Float64Array(nameCount).fill(NaN);
  const maxCall = new Int32Array(nameCount).fill(-1);
  for (let c = 0; c < n; c++) {
    const id = calls.name[c];
    if (id < 0) continue;
    count[id]++;
    if ((calls.flags[c] & CallFlag.Timed) === 0) continue;
    const inc = calls.inclusiveNs[c];
    timedCount[id]++;
    totalNs[id] += inc;
    const s = calls.selfNs[c];
    if (!Number.isNaN(s)) selfNs[id] += s;
    if (!(inc <= maxNs[id])) {
      maxNs[id] = inc;
      maxCall[id] = c;
    }
  }
  return { count, timedCount, totalNs, selfNs, maxNs, maxCall };
}
