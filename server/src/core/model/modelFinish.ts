// Completes a model after the last line: trimmed columns now; children index, self times and per-function aggregates on first use.
import type { TraceIssues } from '../build/issues';
import { CallFlag, type CallColumns, type FunctionColumns, type TraceModel } from './model';
import { trimmedTo, type CallTable } from './growable';
import type { LineCalls } from './lineCalls';
import { ExitLines } from './exitLines';
import type { NsValues } from './nsColumn';
import type { BannerValues } from '../build/bannerTable';

/** What the builder hands over: its call table and names. */
export interface BuiltCalls {
  readonly calls: CallTable;
  readonly names: string[];
  readonly tasks: Map<number, string>;
  /** Context-switch banners as parsed (absent: read from the text when needed). */
  readonly banners?: BannerValues;
  readonly issues: TraceIssues;
}

/** Line-level results of the parse. */
export interface BuiltLines {
  readonly lineKinds: Uint8Array;
  readonly lineCall: LineCalls;
  readonly kindCounts: number[];
  readonly cpus: number[];
  readonly tracer: string | undefined;
  readonly hasDurations: boolean;
}

const STEP_NS = [1, 10, 100, 1000];

/** The columns finishModel derives from the call table (children index, self times, per-function aggregates). */
interface Derived {
  readonly selfNs: NsValues;
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  readonly functions: FunctionColumns;
}

/**
 * Builds the immutable model from the builder's columns. The derived columns (children, self
 * times, per-function aggregates: a few passes over every call) are computed on first use, so
 * the first answer after a parse, folding ranges, does not wait for them.
 */
export function finishModel(b: BuiltCalls, lines: BuiltLines): TraceModel {
  const t = b.calls;
  const n = t.count;
  const parent = trimmedTo(t.parent, n);
  t.inclusiveNs.resize(n, true);
  const incl = t.inclusiveNs;
  const flags = trimmedTo(t.flags, n);
  const name = trimmedTo(t.name, n);
  const step = trimmedTo(t.step, n);
  // The closure holds these columns only (not the builder: it would keep every growable column alive).
  const nameCount = b.names.length;
  let derived: Derived | undefined;
  // The print resolutions are needed only to derive the self times: dropped afterwards (a byte per call).
  let steps: Uint8Array | undefined = step;
  const derive = (): Derived => {
    if (derived === undefined) {
      derived = deriveColumns(n, parent, incl, flags, name, steps!, nameCount);
      steps = undefined;
    }
    return derived;
  };
  const entryLine = trimmedTo(t.entryLine, n);
  const columns: Omit<CallColumns, 'selfNs' | 'childStart' | 'childList'> = {
    entryLine,
    exitLine: new ExitLines(entryLine, t.exitLine, n),
    parent,
    depth: trimmedTo(t.depth, n),
    cpu: trimmedTo(t.cpu, n),
    pid: trimmedTo(t.pid, n),
    name,
    inclusiveNs: incl,
    flags,
  };
  const calls = columns as CallColumns;
  lazy(calls, 'selfNs', () => derive().selfNs);
  lazy(calls, 'childStart', () => derive().childStart);
  lazy(calls, 'childList', () => derive().childList);
  const base: Omit<TraceModel, 'functions'> = {
    lineCount: lines.lineKinds.length,
    lineKinds: lines.lineKinds,
    lineCall: lines.lineCall,
    callCount: n,
    calls,
    names: b.names,
    tasks: b.tasks,
    banners: b.banners,
    cpus: lines.cpus,
    kindCounts: lines.kindCounts,
    tracer: lines.tracer,
    hasDurations: lines.hasDurations,
    issues: b.issues,
  };
  const model = base as TraceModel;
  lazy(model, 'functions', () => derive().functions);
  return model;
}

/** Defines `key` on `o` as computed by `get` on first read, a plain value from then on. */
function lazy<T extends object, K extends keyof T>(o: T, key: K, get: () => T[K]): void {
  Object.defineProperty(o, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = get();
      Object.defineProperty(o, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

function deriveColumns(n: number, parent: Int32Array, incl: NsValues, flags: Uint8Array, name: Int32Array, step: Uint8Array, m: number): Derived {
  // Children in CSR form, filled in call-id (= trace) order. Counts go to cursor[p + 2]: after
  // the prefix sums cursor[p + 1] is where p's children start, and the filling pass below leaves
  // it where they end, which is where p + 1's start (the CSR index).
  const cursor = new Int32Array(n + 2);
  for (let c = 0; c < n; c++) {
    const p = parent[c];
    if (p >= 0) cursor[p + 2]++;
  }
  for (let c = 2; c <= n + 1; c++) cursor[c] += cursor[c - 1];
  const childList = new Int32Array(cursor[n + 1]);
  for (let c = 0; c < n; c++) {
    const p = parent[c];
    if (p >= 0) childList[cursor[p + 1]++] = c;
  }
  const childStart = cursor.subarray(0, n + 1);
  // Self time = inclusive − Σ children's inclusive, computed on each read (no column: 4 bytes per
  // call); a deficit within the call's print resolution (the kernel truncates each printed value)
  // is rounding, not negative time: those calls are listed. The same pass adds up the
  // per-function count, totals and maximum.
  const raw = new SelfValues(incl, childStart, childList, new Int32Array(0));
  const rounded: number[] = [];
  const fn: FunctionColumns = {
    count: new Int32Array(m),
    timedCount: new Int32Array(m),
    totalNs: new Float64Array(m),
    selfNs: new Float64Array(m),
    maxNs: new Float64Array(m).fill(NaN),
    maxCall: new Int32Array(m).fill(-1),
  };
  const { count, timedCount, totalNs, selfNs, maxNs, maxCall } = fn;
  for (let c = 0; c < n; c++) {
    const inc = incl.at(c);
    let s = raw.at(c);
    if (s < 0 && -s < STEP_NS[step[c]]) {
      rounded.push(c);
      s = 0;
    }
    const id = name[c];
    if (id < 0) continue;
    count[id]++;
    if ((flags[c] & CallFlag.Timed) === 0) continue;
    timedCount[id]++;
    totalNs[id] += inc;
    // A call whose entry precedes the trace: its self time holds what it called before, not its own.
    if (s === s && (flags[c] & CallFlag.MissingEntry) === 0) selfNs[id] += s;
    if (!(inc <= maxNs[id])) {
      maxNs[id] = inc;
      maxCall[id] = c;
    }
  }
  return { selfNs: new SelfValues(incl, childStart, childList, Int32Array.from(rounded)), childStart, childList, functions: fn };
}

/**
 * Self times, computed on each read: the inclusive time minus the children's known inclusive
 * times (subtracted in trace order, as a column was filled), 0 for the `rounded` calls (ascending
 * ids) whose deficit is within their print resolution; NaN when the inclusive time is unknown.
 */
class SelfValues implements NsValues {
  constructor(
    private readonly incl: NsValues,
    private readonly childStart: Int32Array,
    private readonly childList: Int32Array,
    private readonly rounded: Int32Array,
  ) {}

  get length(): number {
    return this.childStart.length - 1;
  }

  at(c: number): number {
    if (!(c >= 0 && c < this.childStart.length - 1)) return NaN;
    let s = this.incl.at(c);
    if (s !== s) return s;
    for (let k = this.childStart[c], end = this.childStart[c + 1]; k < end; k++) {
      const v = this.incl.at(this.childList[k]);
      if (v === v) s -= v;
    }
    return s < 0 && this.isRounded(c) ? 0 : s;
  }

  private isRounded(c: number): boolean {
    const r = this.rounded;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid] < c) lo = mid + 1;
      else hi = mid;
    }
    return lo < r.length && r[lo] === c;
  }

  /** Bytes held of its own (the rounded calls; the columns it reads belong to the model). */
  bytes(): number {
    return this.rounded.byteLength;
  }
}
