// The CPUs that banners name in a trace without a CPU column (lanes), indexed by the top frame of each lane's stream, so choosing a lane does not score every CPU.
import { BucketHeaps } from './bucketHeaps';
import { HELD_DEPTH, HELD_NAME, depthKey, frameKey, type FrameStack } from './frameStack';
import { LineKind } from '../parse/lineKinds';
import { LANES } from './cpuCaches';

/**
 * Lanes (lane -1 included) up to which {@link LaneIndex.choose} scores every lane instead of keeping
 * the index: a real capture names a few CPUs, and keeping the index on every push and pop cost more
 * than scoring 3 lanes (no-cpu capture: ~20% of its parse).
 */
export const SCAN_LANES = 8;

/** Lane CPUs + 1 below this have their stream's stack cached (see LaneIndex.laneStacks). */
const CACHED_LANES = LANES + 1;

/** The lower of two lane orders where -1 means none. */
function minOrder(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

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
  /**
   * Per lane CPU + 1 below CACHED_LANES: the stack of the stream it runs, once that stream has one
   * (a stream keeps its stack until the segment ends: clearHolders). score reads it on every line.
   */
  private laneStacks: (FrameStack | undefined)[] = [];
  private readonly lanesOf = new Map<number, Set<number>>();
  private readonly minOrder = new Map<number, number>();
  private readonly byTopDepth = new BucketHeaps();
  private readonly byTopKey = new BucketHeaps();
  /**
   * Frame keys and depth keys (see frameStack.ts) -> streams that hold, or held, a frame with that
   * key. A stream that gives a key up stays listed (stale) until a search meets it or a sweep
   * drops it: the searches check each stream's frames anyway, and a stream that takes the key
   * again (every call of a loop at the same depth does) then changes no set.
   */
  private holders = new Map<number, Set<number>>();
  /** Listed (stream, key) pairs whose stream holds the key, and those whose stream no longer does. */
  private liveHolders = 0;
  private staleHolders = 0;
  /** Streams whose frames changed since the top-frame heaps last read them (each once: FrameStack.laneDirty). */
  private dirty: FrameStack[] = [];

  /** The index is kept (more than `scanUpTo` lanes were named); until then choose scores every lane. */
  private indexed: boolean;

  /**
   * @param stackOf the stack of a stream key, if it has one
   * @param sweepFrom stale holder pairs below which no sweep runs (tests make it small)
   * @param withFrames the streams that may hold frames (read when the index starts)
   * @param scanUpTo lanes up to which no index is kept ({@link SCAN_LANES}; tests vary it)
   */
  constructor(
    private readonly stackOf: (key: number) => FrameStack | undefined,
    private readonly sweepFrom = 1024,
    private readonly withFrames: () => Iterable<FrameStack> = () => [],
    private readonly scanUpTo = SCAN_LANES,
  ) {
    this.indexed = false;
    if (this.laneCpu.length > scanUpTo) this.startIndex();
  }

  /** True once the index is kept: the streams' stacks must then be indexed (FrameStack.index) and report their changes. */
  get keepsIndex(): boolean {
    return this.indexed;
  }

  /** Starts keeping the index: every stream's held keys and every lane stream's top frame, read now. */
  private startIndex(): void {
    this.indexed = true;
    for (const st of this.withFrames()) {
      st.index();
      for (const k of st.heldKeys()) this.gained(st.key, k);
    }
    for (const key of this.lanesOf.keys()) this.refresh(key);
  }

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
    if (!this.indexed && this.laneCpu.length > this.scanUpTo) this.startIndex();
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
    if (cpu + 1 < CACHED_LANES) this.laneStacks[cpu + 1] = undefined;
    let set = this.lanesOf.get(key);
    if (set === undefined) this.lanesOf.set(key, (set = new Set()));
    set.add(order);
    const m = this.minOrder.get(key);
    if (m === undefined || order < m) this.minOrder.set(key, order);
    this.refresh(key);
  }

  /**
   * Stack `s` (indexed) just pushed (`pushed`) or popped a frame at `depth` named `nameId`. Its
   * top frame is re-read before the next question that needs it (once, however many pushes and
   * pops came before: most lines continue the lane of the previous line and ask none); the keys
   * it gained or gave up (FrameStack.changed) update the holders.
   */
  framesChanged(s: FrameStack, depth: number, nameId: number, pushed: boolean): void {
    if (!this.indexed) return;
    if (!s.laneDirty) {
      s.laneDirty = true;
      this.dirty.push(s);
    }
    const changed = s.changed;
    if (changed === 0) return;
    if (pushed) {
      if ((changed & HELD_NAME) !== 0) this.gained(s.key, frameKey(depth, nameId));
      if ((changed & HELD_DEPTH) !== 0) this.gained(s.key, depthKey(depth));
    } else this.lost((changed & HELD_NAME) !== 0 && (changed & HELD_DEPTH) !== 0 ? 2 : 1);
  }

  /** Re-reads the top frames of the streams {@link LaneIndex.framesChanged} named. */
  private flush(): void {
    const d = this.dirty;
    if (d.length === 0) return;
    for (let i = 0; i < d.length; i++) {
      d[i].laneDirty = false;
      this.refresh(d[i].key);
    }
    d.length = 0;
  }

  /** Re-reads the top frame of stream `key` now (after any change to its stack or lanes). */
  refresh(key: number): void {
    if (!this.indexed) return;
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
    if (!this.indexed) return;
    let set = this.holders.get(k);
    if (set === undefined) this.holders.set(k, (set = new Set()));
    if (set.has(key)) this.staleHolders--;
    else set.add(key);
    this.liveHolders++;
  }

  /** A stream no longer holds a frame with `n` keys it held (their pairs stay listed, stale). */
  private lost(n: number): void {
    this.liveHolders -= n;
    this.staleHolders += n;
    // Amortised: a sweep visits at most twice as many pairs as became stale since the last one.
    if (this.staleHolders > this.sweepFrom && this.staleHolders > this.liveHolders) this.sweep();
  }

  /** Drops the stale pairs of `holders`. */
  private sweep(): void {
    for (const [k, set] of this.holders) {
      for (const key of set) {
        const s = this.stackOf(key);
        if (s === undefined || !s.holds(k)) set.delete(key);
      }
      if (set.size === 0) this.holders.delete(k);
    }
    this.staleHolders = 0;
  }

  /** Forgets every holder and every lane's stack (the segment ended: every stream starts a new, empty stack). */
  clearHolders(): void {
    this.laneStacks = [];
    this.holders = new Map();
    this.liveHolders = 0;
    this.staleHolders = 0;
  }

  /** Order of the first lane whose stream's top frame is at `depth` (-1: empty stream), or -1. */
  private firstTopDepth(depth: number): number {
    const m = this.byTopDepth.first(depth);
    return m === undefined ? -1 : this.byTopDepth.prio(m);
  }

  /** Order of the first lane whose stream's top frame has frame key `k`, or -1. */
  private firstTopKey(k: number): number {
    const m = this.byTopKey.first(k);
    return m === undefined ? -1 : this.byTopKey.prio(m);
  }

  /** Order of the first lane whose stream holds a frame with key `k` and passes `test`, or -1. */
  private firstHolder(k: number, test: (s: FrameStack) => boolean): number {
    const set = this.holders.get(k);
    if (set === undefined) return -1;
    let best = -1;
    for (const key of set) {
      const s = this.stackOf(key);
      if (s === undefined || !s.holds(k)) {
        // Stale: met once, then gone.
        set.delete(key);
        this.staleHolders--;
        continue;
      }
      const o = this.minOrder.get(key);
      if (o === undefined || (best >= 0 && o >= best)) continue;
      if (test(s)) best = o;
    }
    return best;
  }


  /**
   * The lane (CPU) of a call line at depth `d` of `kind` (exits: naming `nameId`, or -1) in a
   * trace without a CPU column. Each lane scores as {@link LaneIndex.score} says, the lane of the
   * previous line (`last`) half a point more; the first lane with the best score wins. Lanes
   * above the lowest score are found through the index; every lane scores at least that, and
   * lane -1 (order 0) comes first.
   */
  choose(kind: LineKind, d: number, nameId: number, last: number): number {
    // No lane scores more than the top score of the kind: then the previous line's lane wins.
    const lastScore = this.score(last, kind, d, nameId);
    if (lastScore === (kind === LineKind.Exit ? 4 : kind === LineKind.Entry || kind === LineKind.Leaf ? 3 : 2)) return last;
    if (!this.indexed) return this.scoreEvery(kind, d, nameId, last, lastScore);
    this.flush();
    const inRange = d >= -32768 && d <= 32767;
    let best = -1;
    let bestScore: number;
    if (kind === LineKind.Exit) {
      if (inRange) {
        if (nameId < 0) best = this.firstTopDepth(d);
        else best = minOrder(this.firstTopKey(frameKey(d, nameId)), this.firstTopKey(frameKey(d, -1)));
      }
      bestScore = 4;
      if (best < 0 && inRange) {
        const found = (s: FrameStack): boolean => s.findFrame(d, nameId) >= 0;
        if (nameId < 0) best = this.firstHolder(depthKey(d), found);
        else best = minOrder(this.firstHolder(frameKey(d, nameId), found), this.firstHolder(frameKey(d, -1), found));
        bestScore = 2;
      }
      if (best < 0) bestScore = 0;
    } else if (kind === LineKind.Entry || kind === LineKind.Leaf) {
      best = this.firstTopDepth(d - 1);
      bestScore = best >= 0 ? 3 : 1;
    } else {
      best = this.firstTopDepth(d);
      bestScore = best >= 0 ? 2 : 1;
    }
    if (lastScore >= bestScore) return last;
    return this.laneCpu[best < 0 ? 0 : best];
  }

  /** {@link LaneIndex.choose} without the index: every lane scored, in order (`last` scored `lastScore`, half a point more). */
  private scoreEvery(kind: LineKind, d: number, nameId: number, last: number, lastScore: number): number {
    let best = last;
    let bestScore = lastScore + 0.5;
    const lanes = this.laneCpu;
    for (let o = 0; o < lanes.length; o++) {
      const cpu = lanes[o];
      if (cpu === last) continue;
      const s = this.score(cpu, kind, d, nameId);
      if (s > bestScore) {
        best = cpu;
        bestScore = s;
      }
    }
    return best;
  }

  /**
   * Score of lane `cpu` for a line: an exit closing its stream's top frame 4, a deeper frame 2,
   * none 0; an entry or leaf one level below its top frame 3, else 1; an interrupt arrow at its
   * top frame's depth 2, else 1.
   */
  score(cpu: number, kind: LineKind, d: number, nameId: number): number {
    const st = this.laneStack(cpu);
    const n = st === undefined ? 0 : st.length;
    const td = n > 0 ? st!.topDepth() : -1;
    if (kind === LineKind.Exit) {
      const i = n > 0 ? st!.findFrame(d, nameId) : -1;
      return i < 0 ? 0 : i === n - 1 ? 4 : 2;
    }
    if (kind === LineKind.Entry || kind === LineKind.Leaf) return td === d - 1 ? 3 : 1;
    return td === d ? 2 : 1;
  }

  /** The stack of the stream lane `cpu` runs, if it has one (cached: see laneStacks). */
  private laneStack(cpu: number): FrameStack | undefined {
    const i = cpu + 1;
    if (i < CACHED_LANES) {
      const st = this.laneStacks[i];
      if (st !== undefined) return st;
    }
    const key = this.keyOfLane.get(cpu);
    const st = key === undefined ? undefined : this.stackOf(key);
    if (st !== undefined && i < CACHED_LANES) this.laneStacks[i] = st;
    return st;
  }
}
