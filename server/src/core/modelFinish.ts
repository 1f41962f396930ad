// Completes a model after the last line: children index, self times, per-function aggregates.
import type { TraceIssues } from './issues';
import { CallFlag, type CallColumns, type FunctionColumns, type TraceModel } from './model';
import type { Column } from './growable';

/** What the builder hands over: its call columns and names. */
export interface BuiltCalls {
  readonly entryLine: Column<Int32Array>;
  readonly exitLine: Column<Int32Array>;
  readonly parent: Column<Int32Array>;
  readonly depth: Column<Int16Array>;
  readonly cpu: Column<Int16Array>;
  readonly pid: Column<Int32Array>;
  readonly name: Column<Int32Array>;
  readonly inclusiveNs: Column<Float64Array>;
  readonly flags: Column<Uint8Array>;
  readonly step: Column<Uint8Array>;
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
  const n = b.entryLine.length;
  const parent = b.parent.trimmed();
  const incl = b.inclusiveNs.trimmed();
  const flags = b.flags.trimmed();
  const step = b.step.data;
  // Children in CSR form: counts, prefix sums, fill in call-id (= trace) order.
  const childStart = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) if (parent[c] >= 0) childStart[parent[c] + 1]++;
  for (let c = 0; c < n; c++) childStart[c + 1] += childStart[c];
  const childList = new Int32Array(childStart[n]);
  const fill = childStart.slice(0, n);
  for (let c = 0; c < n; c++) if (parent[c] >= 0) childList[fill[parent[c]]++] = c;
  // Self time = inclusive − Σ children's inclusive; a deficit within the parent's print
  // resolution (the kernel truncates each printed value) is rounding, not negative time.
  const self = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const inc = incl[c];
    if (Number.isNaN(inc)) {
      self[c] = NaN;
      continue;
    }
    let sum = 0;
    for (let k = childStart[c]; k < childStart[c + 1]; k++) {
      const v = incl[childList[k]];
      if (!Number.isNaN(v)) sum += v;
    }
    let s = inc - sum;
    if (s < 0 && -s < STEP_NS[step[c]]) s = 0;
    self[c] = s;
  }
  const calls: CallColumns = {
    entryLine: b.entryLine.trimmed(),
    exitLine: b.exitLine.trimmed(),
    parent,
    depth: b.depth.trimmed(),
    cpu: b.cpu.trimmed(),
    pid: b.pid.trimmed(),
    name: b.name.trimmed(),
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
