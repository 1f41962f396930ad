// The CPUs that banners name in a trace without a CPU column (lanes), indexed by the top frame of each lane's stream, so choosing a lane does not score every CPU.
import { BucketHeaps } from './bucketHeaps';
import { frameKey, type FrameStack } from './frameStack';

/**
 * Lanes in order (order 0 is CPU -1, the lines before any banner; then CPUs in the order
 * banners first named them), the stream each lane runs now, and per stream the lowest order of
 * its lanes, indexed by the stream's top depth, its top (depth, name) and the (depth, name) and
 * depth keys of all its frames. Answers "the first lane, in order, whose stream ..." without
 * visiting every lane. Streams are named by their stream keys; depths are the call table's.
 */
export class LaneIndex {
  private readonly laneCpu: number[] = [-1];
  private readonly orderOf = new Map<number, number>([[-1, 0]]);
  private readonly keyOfLane = new Map<number, number>();
  private readonly lanesOf = new Map<number, Set<number>>();
  private readonly minOrder = new Map<number, number>();
  private readonly byTopDepth = new BucketHeaps();
  private readonly byTopKey = new BucketHeaps();
  /** Frame keys and depth keys (see frameStack.ts) -> streams holding a frame with that key. */
  private holders = new Map<number, Set<number>>();

  constructor(private readonly stackOf: (key: number) => FrameStack | undefined) {}

  /** True when `cpu` is a lane. */
  isLane(cpu: number): boolean {
    return this.orderOf.has(cpu);
  }

  /** Adds CPU `cpu` as the next lane, running stream `key`. */
  addLane(cpu: number, key: number): void {
    if (this.orderOf.has(cpu)) return;
    this.orderOf.set(cpu, this.laneCpu.length);
    this.laneCpu.push(cpu);
    this.attach(cpu, key);
  }

  /** Stream key lane `cpu` runs now. */
  streamOfLane(cpu: number): number | undefined {
    return this.keyOfLane.get(cpu);
  }

  /** Lane `cpu` now runs stream `key`. */
  attach(cpu: number, key: number): void {
    const order = this.orderOf.get(cpu);
    if (order === undefined) return;
    const old = this.keyOfLane.get(cpu);
    if (old === key) return;
    if (old !== undefined) {
      const set = this.lanesOf.get(old)!;
      set.delete(order);
      if (set.size === 0) {
        this.lanesOf.delete(old);
        this.minOrder.delete(old);
      } else if (this.minOrder.get(old) === order) {
        let m = Infinity;
        for (const o of set) if (o < m) m = o;
        this.minOrder.set(old, m);
      }
      this.refresh(old);
    }
    this.keyOfLane.set(cpu, key);
    let set = this.lanesOf.get(key);
    if (set === undefined) this.lanesOf.set(key, (set = new Set()));
    set.add(order);
    const m = this.minOrder.get(key);
    if (m === undefined || order < m) this.minOrder.set(key, order);
    this.refresh(key);
  }

  /** Re-reads the top frame of stream `key` (after any change to its stack). */
  refresh(key: number): void {
    const o = this.minOrder.get(key);
    if (o === undefined) {
      this.byTopDepth.remove(key);
      this.byTopKey.remove(key);
      return;
    }
    const s = this.stackOf(key);
    const n = s === undefined ? 0 : s.length;
    this.byTopDepth.set(key, n > 0 ? s!.topDepth() : -1, o);
    if (n > 0) this.byTopKey.set(key, frameKey(s!.topDepth(), s!.topName()), o);
    else this.byTopKey.remove(key);
  }

  /** Stream `key` now holds a frame with frame or depth key `k` (it held none). */
  gained(key: number, k: number): void {
    let set = this.holders.get(k);
    if (set === undefined) this.holders.set(k, (set = new Set()));
    set.add(key);
  }

  /** Stream `key` no longer holds a frame with key `k`. */
  lost(key: number, k: number): void {
    const set = this.holders.get(k);
    if (set === undefined) return;
    set.delete(key);
    if (set.size === 0) this.holders.delete(k);
  }

  /** Forgets every holder (all stacks were emptied). */
  clearHolders(): void {
    this.holders = new Map();
  }

  /** Order of the first lane whose stream's top frame is at `depth` (-1: empty stream), or -1. */
  firstTopDepth(depth: number): number {
    const m = this.byTopDepth.first(depth);
    return m === undefined ? -1 : this.byTopDepth.prio(m);
  }

  /** Order of the first lane whose stream's top frame has frame key `k`, or -1. */
  firstTopKey(k: number): number {
    const m = this.byTopKey.first(k);
    return m === undefined ? -1 : this.byTopKey.prio(m);
  }

  /** Order of the first lane whose stream holds a frame with key `k` and passes `test`, or -1. */
  firstHolder(k: number, test: (s: FrameStack) => boolean): number {
    const set = this.holders.get(k);
    if (set === undefined) return -1;
    let best = -1;
    for (const key of set) {
      const o = this.minOrder.get(key);
      if (o === undefined || (best >= 0 && o >= best)) continue;
      const s = this.stackOf(key);
      if (s !== undefined && test(s)) best = o;
    }
    return best;
  }

  /** CPU of the lane with order `order`. */
  cpuOf(order: number): number {
    return this.laneCpu[order];
  }
}
