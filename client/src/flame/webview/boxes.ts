// Boxes of the flame view in preorder (each box before its children) and the trees built from them: timeline, merged flame graph, sandwich.
import { CpuState, FLAME_IN_INTERRUPT } from '../../../../server/src/protocol';

/** Boxes in preorder: a box's descendants are the boxes after it up to `end`. */
export interface Boxes {
  readonly n: number;
  /** x start in ns (timeline: time; merged trees: offset among siblings, widest first). */
  readonly start: Float64Array;
  /** Width in ns. */
  readonly dur: Float64Array;
  /** Row below the top (0 for top-level boxes). */
  readonly level: Uint16Array;
  /** Name index, -1 unknown, {@link ALL} for the root of a merged tree. */
  readonly name: Int32Array;
  /** 0-based line of the call (timeline), or of the slowest merged call (merged trees). */
  readonly line: Int32Array;
  /** Index after the last descendant of box i. */
  readonly end: Int32Array;
  /** Width minus the children's widths, ns. */
  readonly self: Float64Array;
  /** Calls merged into box i; undefined on the timeline (one call a box: see {@link callsIn}). */
  readonly calls: Int32Array | undefined;
  /** CPU state bits of box i ({@link CpuState}; OR over merged calls). */
  readonly cpu: Uint8Array;
  /** Off-CPU part of box i's self time, ns (the self time of calls switched out in their own time). */
  readonly offSelf: Float64Array;
  /** Number of rows (largest level + 1). */
  readonly rows: number;
}

/** What a box's CPU bits say, for colors and the legend. */
export type CpuKind = 'on' | 'sleep' | 'waits' | 'idle' | 'irq';

/**
 * `irq` (an interrupt, or a call in one: also when it came during the idle task, as it is work),
 * `idle` (the idle task), `sleep` (its own time is off-CPU, or probably so), `waits` (a call inside
 * it was switched out), else `on` (on-CPU).
 */
export function cpuKind(bits: number): CpuKind {
  if ((bits & FLAME_IN_INTERRUPT) !== 0) return 'irq';
  if ((bits & CpuState.Idle) !== 0) return 'idle';
  if ((bits & CpuState.OwnSleep) !== 0) return 'sleep';
  if ((bits & (CpuState.Switched | CpuState.Inferred | CpuState.ProbableSleep)) !== 0) return 'waits';
  return 'on';
}

/** Name index of a merged tree's root box ("all calls"). */
export const ALL = -2;

/** Fills `end` (subtree ends), `self` and `offSelf` from preorder levels; `cpu` defaults to on-CPU, `offSelf` to the self time of {@link CpuState.OwnSleep} boxes. */
export function finishBoxes(start: Float64Array, dur: Float64Array, level: Uint16Array, name: Int32Array, line: Int32Array, calls?: Int32Array, cpu?: Uint8Array, offSelf?: Float64Array): Boxes {
  const n = start.length;
  const end = new Int32Array(n);
  const self = new Float64Array(n);
  const stack = new Int32Array(65537);
  let top = 0;
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const lv = level[i];
    if (lv + 1 > rows) rows = lv + 1;
    while (top > 0 && level[stack[top - 1]] >= lv) end[stack[--top]] = i;
    self[i] = dur[i];
    if (top > 0) self[stack[top - 1]] -= dur[i];
    stack[top++] = i;
  }
  while (top > 0) end[stack[--top]] = n;
  const bits = cpu ?? new Uint8Array(n);
  const off = offSelf ?? new Float64Array(n);
  const fillOff = offSelf === undefined;
  for (let i = 0; i < n; i++) {
    if (self[i] < 0) self[i] = 0;
    if (fillOff && (bits[i] & (CpuState.OwnSleep | CpuState.Unknown)) === CpuState.OwnSleep) off[i] = self[i];
  }
  return { n, start, dur, level, name, line, end, self, calls, cpu: bits, offSelf: off, rows };
}

/** Calls merged into box i of `b` (1 on the timeline). */
export function callsIn(b: Boxes, i: number): number {
  return b.calls === undefined ? 1 : b.calls[i];
}

/** Off-CPU time inside each box (its subtree's {@link Boxes.offSelf}), ns. */
export function offCpuTotals(b: Boxes): Float64Array {
  const sum = Float64Array.from(b.offSelf);
  const p = parents(b);
  for (let i = b.n - 1; i > 0; i--) if (p[i] >= 0) sum[p[i]] += sum[i];
  return sum;
}

/** Parent box of every box (-1 for top-level boxes). */
export function parents(b: Boxes): Int32Array {
  const p = new Int32Array(b.n).fill(-1);
  for (let i = 0; i < b.n; i++) for (let j = i + 1; j < b.end[i]; j = b.end[j]) p[j] = i;
  return p;
}

/** A tree under construction: nodes keyed by (parent, name). */
class MergeTree {
  parent: number[] = [-1];
  name: number[] = [ALL];
  total: number[] = [0];
  self: number[] = [0];
  calls: number[] = [0];
  line: number[] = [-1];
  best: number[] = [0];
  cpu: number[] = [0];
  offSelf: number[] = [0];
  private readonly index = new Map<number, number>();
  private readonly width: number;

  constructor(nameCount: number) {
    this.width = nameCount + 3;
  }

  /** The child of `p` named `name`, created when missing. */
  child(p: number, name: number): number {
    const key = p * this.width + (name + 2);
    let k = this.index.get(key);
    if (k === undefined) {
      k = this.parent.length;
      this.index.set(key, k);
      this.parent.push(p);
      this.name.push(name);
      this.total.push(0);
      this.self.push(0);
      this.calls.push(0);
      this.line.push(-1);
      this.best.push(-1);
      this.cpu.push(0);
      this.offSelf.push(0);
    }
    return k;
  }

  add(node: number, total: number, self: number, line: number, cpu = 0, offSelf = 0): void {
    this.total[node] += total;
    this.self[node] += self;
    this.calls[node]++;
    this.cpu[node] |= cpu;
    this.offSelf[node] += offSelf;
    if (total > this.best[node]) {
      this.best[node] = total;
      this.line[node] = line;
    }
  }

  /** Preorder boxes, children widest first, x offsets packed from the parent's start. */
  toBoxes(): Boxes {
    const m = this.parent.length;
    const kids: number[][] = Array.from({ length: m }, () => []);
    for (let k = 1; k < m; k++) kids[this.parent[k]].push(k);
    for (const list of kids) list.sort((a, b) => this.total[b] - this.total[a] || this.name[a] - this.name[b]);
    const start = new Float64Array(m);
    const dur = new Float64Array(m);
    const level = new Uint16Array(m);
    const name = new Int32Array(m);
    const line = new Int32Array(m);
    const calls = new Int32Array(m);
    const cpu = new Uint8Array(m);
    const offSelf = new Float64Array(m);
    let i = 0;
    const stack: [number, number, number][] = [[0, 0, 0]];
    while (stack.length > 0) {
      const [k, x, lv] = stack.pop()!;
      start[i] = x;
      dur[i] = this.total[k];
      level[i] = Math.min(lv, 65535);
      name[i] = this.name[k];
      line[i] = this.line[k];
      calls[i] = this.calls[k];
      cpu[i] = this.cpu[k];
      offSelf[i] = this.offSelf[k];
      i++;
      let cx = x;
      const placed: [number, number, number][] = [];
      for (const c of kids[k]) {
        placed.push([c, cx, lv + 1]);
        cx += this.total[c];
      }
      for (let j = placed.length - 1; j >= 0; j--) stack.push(placed[j]);
    }
    return finishBoxes(start, dur, level, name, line, calls, cpu, offSelf);
  }
}

/** The flame graph: identical call paths (by name, from the top-level call) merged over all lanes, under one root box. */
export function mergeBoxes(b: Boxes, nameCount: number): Boxes {
  const t = new MergeTree(nameCount);
  const node = new Int32Array(b.n);
  const stack: number[] = [];
  for (let i = 0; i < b.n; i++) {
    while (stack.length > 0 && b.end[stack[stack.length - 1]] <= i) stack.pop();
    const p = stack.length > 0 ? node[stack[stack.length - 1]] : 0;
    const k = t.child(p, b.name[i]);
    node[i] = k;
    t.add(k, b.dur[i], b.self[i], b.line[i], b.cpu[i], b.offSelf[i]);
    if (stack.length === 0) t.total[0] += b.dur[i];
    stack.push(i);
  }
  t.calls[0] = 0;
  return t.toBoxes();
}

/** Sandwich of one function: its callers (inverted, the function at level 0) and its callees (the function at level 0). */
export interface Sandwich {
  readonly callers: Boxes;
  readonly callees: Boxes;
  /** Calls of the function not nested in another call of it. */
  readonly outermost: number;
  readonly totalNs: number;
  readonly selfNs: number;
}

/** Builds the sandwich of name index `fn` from timeline boxes. */
export function sandwich(b: Boxes, fn: number, nameCount: number): Sandwich {
  const up = new MergeTree(nameCount);
  const down = new MergeTree(nameCount);
  const parent = parents(b);
  up.name[0] = fn;
  down.name[0] = fn;
  let outermost = 0;
  let selfNs = 0;
  for (let i = 0; i < b.n; i++) {
    if (b.name[i] !== fn) continue;
    selfNs += b.self[i];
    let nested = false;
    for (let p = parent[i]; p >= 0 && !nested; p = parent[p]) nested = b.name[p] === fn;
    if (nested) continue;
    outermost++;
    const d = b.dur[i];
    up.add(0, d, b.self[i], b.line[i], b.cpu[i], b.offSelf[i]);
    down.add(0, d, b.self[i], b.line[i], b.cpu[i], b.offSelf[i]);
    // Callers: from the function up to its top-level call.
    let k = 0;
    for (let p = parent[i]; p >= 0; p = parent[p]) {
      k = up.child(k, b.name[p]);
      up.add(k, d, 0, b.line[p], b.cpu[p] & ~CpuState.OwnSleep);
    }
    // Callees: the function's subtree, merged by path.
    const nodeOf = new Map<number, number>([[i, 0]]);
    for (let j = i + 1; j < b.end[i]; j++) {
      const pk = nodeOf.get(parent[j])!;
      const ck = down.child(pk, b.name[j]);
      nodeOf.set(j, ck);
      down.add(ck, b.dur[j], b.self[j], b.line[j], b.cpu[j], b.offSelf[j]);
    }
  }
  up.calls[0] = outermost;
  down.calls[0] = outermost;
  return { callers: up.toBoxes(), callees: down.toBoxes(), outermost, totalNs: up.total[0], selfNs };
}

/**
 * Calls `box(i)` for each box that overlaps [x0, x1) and is at least `minNs` wide, and `sliver(i)`
 * for each visible box narrower than that (its descendants are skipped: they are narrower still).
 * Boxes outside the range are skipped with their subtrees. `maxLevel` cuts off deeper rows.
 */
export function visitVisible(b: Boxes, first: number, last: number, x0: number, x1: number, minNs: number, maxLevel: number, box: (i: number) => void, sliver: (i: number) => void): void {
  let i = first;
  while (i < last) {
    const s = b.start[i];
    const e = s + b.dur[i];
    if (e < x0 || s > x1 || b.level[i] > maxLevel) {
      i = b.end[i];
      continue;
    }
    if (b.dur[i] < minNs) {
      sliver(i);
      i = b.end[i];
      continue;
    }
    box(i);
    i++;
  }
}
