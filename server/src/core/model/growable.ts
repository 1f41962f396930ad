// Growable typed-array storage for the compact model: the call table (struct of arrays, one capacity check per row) and per-line columns.
import { LineCalls } from './lineCalls';
import { NsColumn } from './nsColumn';

type TypedArray = Int32Array | Int16Array | Uint8Array | Float64Array;

/** A copy of a[0, keep) in a new array of the same type and length n (n >= keep). */
export function resized<T extends TypedArray>(a: T, n: number, keep: number): T {
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a.subarray(0, keep) as never);
  return out;
}

/**
 * a[0, n) for the finished model: a view when the spare capacity is at most 1/8 of the array
 * (no copy, so no second allocation of a large column; the builder's size estimate from the
 * first lines is often 5 to 10% high), else a copy of exactly n elements.
 */
export function trimmedTo<T extends TypedArray>(a: T, n: number): T {
  if (a.length === n) return a;
  return a.length - n <= a.length >> 3 ? (a.subarray(0, n) as T) : resized(a, n, n);
}

/**
 * New capacity for at least n elements when cap is too small: n, but at least 1.5 times cap, or
 * with `tight` 1.125 times cap (still amortised; a column that ends within an eighth of its
 * capacity is kept as a view by trimmedTo, not copied).
 */
function grownCapacity(cap: number, n: number, tight = false): number {
  return Math.max(n, cap + (tight ? cap >> 3 : cap >> 1));
}

/**
 * The calls being built, as parallel typed arrays indexed by call id. Arrays are replaced when
 * they grow: read them through the table, never keep one across {@link CallTable.add}.
 */
export class CallTable {
  /** Number of calls. */
  count = 0;
  entryLine: Int32Array;
  exitLine: Int32Array;
  parent: Int32Array;
  depth: Int16Array;
  cpu: Int16Array;
  pid: Int32Array;
  name: Int32Array;
  /** Printed durations (NaN until set). */
  readonly inclusiveNs: NsColumn;
  flags: Uint8Array;
  /** Duration resolution per call: 0..3 for 1, 10, 100, 1000 ns. */
  step: Uint8Array;

  constructor(capacity = 64) {
    this.entryLine = new Int32Array(capacity);
    this.exitLine = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.depth = new Int16Array(capacity);
    this.cpu = new Int16Array(capacity);
    this.pid = new Int32Array(capacity);
    this.name = new Int32Array(capacity);
    this.inclusiveNs = new NsColumn(capacity);
    this.flags = new Uint8Array(capacity);
    this.step = new Uint8Array(capacity);
  }

  /** Capacity in calls. */
  get capacity(): number {
    return this.entryLine.length;
  }

  /** Makes room for at least n calls (grows by half at least, or an eighth when `tight`: amortised). */
  reserve(n: number, tight = false): void {
    if (n <= this.entryLine.length) return;
    const cap = grownCapacity(this.entryLine.length, n, tight);
    const k = this.count;
    this.entryLine = resized(this.entryLine, cap, k);
    this.exitLine = resized(this.exitLine, cap, k);
    this.parent = resized(this.parent, cap, k);
    this.depth = resized(this.depth, cap, k);
    this.cpu = resized(this.cpu, cap, k);
    this.pid = resized(this.pid, cap, k);
    this.name = resized(this.name, cap, k);
    this.inclusiveNs.resize(cap);
    this.flags = resized(this.flags, cap, k);
    this.step = resized(this.step, cap, k);
  }

  /** Appends a call with every column set (one capacity check); returns its id. */
  add(entryLine: number, parent: number, depth: number, cpu: number, pid: number, name: number): number {
    const id = this.count;
    if (id === this.entryLine.length) this.reserve(id + 1);
    this.entryLine[id] = entryLine;
    this.exitLine[id] = -1;
    this.parent[id] = parent;
    this.depth[id] = depth;
    this.cpu[id] = cpu;
    this.pid[id] = pid;
    this.name[id] = name;
    // inclusiveNs of a new row is NaN, flags and step are 0 already: rows are appended once, the arrays start so.
    this.count = id + 1;
    return id;
  }
}

/** Per-line columns: the kind byte and the call of every line. */
export class LineTable {
  /** Number of lines. */
  count = 0;
  kinds: Uint8Array;
  /** Appended by the builder, one per line, in step with `count`. */
  readonly call: LineCalls;

  constructor(capacity = 256) {
    this.kinds = new Uint8Array(capacity);
    this.call = new LineCalls(capacity);
  }

  /** Makes room for at least n lines (grows by half at least, or an eighth when `tight`: amortised). */
  reserve(n: number, tight = false): void {
    if (n <= this.kinds.length) return;
    const cap = grownCapacity(this.kinds.length, n, tight);
    this.kinds = resized(this.kinds, cap, this.count);
    this.call.reserve(cap, this.call.otherShare * 1.05);
  }
}
