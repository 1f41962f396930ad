// One stream's open calls, indexed so that finding a parent or the frame an exit closes costs O(1), not a scan of the stack.
import type { CallTable } from '../model/growable';

/** Key of a (depth, name id) pair: depth as stored in the call table (Int16), name id or -1. */
export function frameKey(depth: number, nameId: number): number {
  return (nameId + 1) * 65536 + (depth + 32768);
}

/** Key of "any name at this depth" (a separate key space from {@link frameKey}: negative). */
export function depthKey(depth: number): number {
  return -1 - (depth + 32768);
}

/** Frames a search looks at from the top before it uses the index. */
const SCAN = 16;
/** Bit of {@link FrameStack.changed}: the set of (depth, name) keys the stack holds changed. */
export const HELD_NAME = 1;
/** Bit of {@link FrameStack.changed}: the set of depths the stack holds frames at changed. */
export const HELD_DEPTH = 2;

/**
 * The open calls (frames) of one stream, bottom first, with:
 * - `below[i]`: the index of the innermost frame under i that is shallower than frame i, or -1
 *   (the previous-smaller chain), so the parent of a new call is found in O(1);
 * - per (depth, name) and per depth, the stack indices of the frames with it, in stack order,
 *   so the innermost frame an exit closes is a lookup (built the first time a search would look
 *   past {@link SCAN} frames, or on request, then kept: real stacks are shallow and exits close
 *   the top frame, so most streams never need it);
 * - the number of places where a frame is shallower than the frame under it (none on a stack
 *   built by entries alone; moved streams can make some), which decides whether a found frame
 *   still needs the "not below a shallower frame" check.
 *
 * Depths are the call table's (capped at 32767); 0-based stack indices.
 */
export class FrameStack {
  /** Call ids, bottom first. */
  readonly ids: number[] = [];
  private readonly below: number[] = [];
  private readonly byKey = new Map<number, number[]>();
  /** byKey is built and kept up to date. */
  private indexed = false;
  private inversions = 0;
  /** Listed among the streams that had frames in this segment (see CallStacks). */
  listed = false;
  /**
   * Set by the last push or pop of an indexed stack: {@link HELD_NAME} when the stack held no
   * other frame with the (depth, name) key of the frame pushed or popped, {@link HELD_DEPTH} when
   * it held no other frame at its depth (so the set of keys the stack holds changed).
   */
  changed = 0;
  /** Waiting in the lane index for its top frame to be re-read (see LaneIndex.touched). */
  laneDirty = false;
  /**
   * The migration candidates this stream is a member of, else undefined (kept by
   * MigrationCandidates: a field read instead of a set lookup on every push and pop).
   */
  candidateOf: object | undefined = undefined;

  /**
   * @param key stream key (task or CPU fallback)
   * @param order creation order among the streams of a segment (first created = lowest)
   * @param calls the call table (depth and name of each frame; read through it as it grows)
   */
  constructor(
    readonly key: number,
    readonly order: number,
    private readonly calls: CallTable,
  ) {}

  get length(): number {
    return this.ids.length;
  }

  /** Call id of the top frame, or -1 when empty. */
  top(): number {
    const n = this.ids.length;
    return n > 0 ? this.ids[n - 1] : -1;
  }

  /** Depth of the top frame, or -1 when empty. */
  topDepth(): number {
    const n = this.ids.length;
    return n > 0 ? this.calls.depth[this.ids[n - 1]] : -1;
  }

  /** Name id of the top frame (-1 when unnamed or empty). */
  topName(): number {
    const n = this.ids.length;
    return n > 0 ? this.calls.name[this.ids[n - 1]] : -1;
  }

  /** True when the stack holds a frame with frame or depth key `k` (see {@link frameKey}). */
  holds(k: number): boolean {
    this.index();
    const l = this.byKey.get(k);
    return l !== undefined && l.length > 0;
  }

  /** Pushes call `id` (its depth and name are the call table's). */
  push(id: number): void {
    const ids = this.ids;
    const depth = this.calls.depth;
    const d = depth[id];
    const n = ids.length;
    let j = n - 1;
    if (j >= 0) {
      if (d < depth[ids[j]]) this.inversions++;
      while (j >= 0 && depth[ids[j]] >= d) j = this.below[j];
    }
    ids.push(id);
    this.below.push(j);
    if (this.indexed) {
      const a = this.listOf(frameKey(d, this.calls.name[id]));
      const b = this.listOf(depthKey(d));
      a.push(n);
      b.push(n);
      this.changed = (a.length === 1 ? HELD_NAME : 0) | (b.length === 1 ? HELD_DEPTH : 0);
    }
  }

  /** Builds the (depth, name) index now (the lane index needs every stream's keys). */
  index(): void {
    if (this.indexed) return;
    this.indexed = true;
    const { depth, name } = this.calls;
    for (let i = 0; i < this.ids.length; i++) {
      const c = this.ids[i];
      this.listOf(depthKey(depth[c])).push(i);
      this.listOf(frameKey(depth[c], name[c])).push(i);
    }
  }

  /** Pops the top frame; returns its call id, or -1 when empty. */
  pop(): number {
    const ids = this.ids;
    const n = ids.length;
    if (n === 0) return -1;
    const id = ids[n - 1];
    const depth = this.calls.depth;
    const d = depth[id];
    if (n > 1 && d < depth[ids[n - 2]]) this.inversions--;
    if (this.indexed) {
      const a = this.byKey.get(frameKey(d, this.calls.name[id]))!;
      const b = this.byKey.get(depthKey(d))!;
      a.pop();
      b.pop();
      this.changed = (a.length === 0 ? HELD_NAME : 0) | (b.length === 0 ? HELD_DEPTH : 0);
    }
    this.below.pop();
    ids.pop();
    return id;
  }

  /** The frame and depth keys this stack holds frames with. */
  heldKeys(): number[] {
    this.index();
    const out: number[] = [];
    for (const [k, l] of this.byKey) if (l.length > 0) out.push(k);
    return out;
  }

  private listOf(k: number): number[] {
    let l = this.byKey.get(k);
    if (l === undefined) this.byKey.set(k, (l = []));
    return l;
  }

  private last(k: number): number {
    const l = this.byKey.get(k);
    return l === undefined || l.length === 0 ? -1 : l[l.length - 1];
  }

  /**
   * Innermost frame shallower than `d`, given that no frame is deeper than `d` (the caller has
   * ended deeper frames): the parent of a new call at depth `d`. Call id, or -1.
   */
  parentAt(d: number): number {
    const ids = this.ids;
    const depth = this.calls.depth;
    let i = ids.length - 1;
    while (i >= 0 && depth[ids[i]] >= d) i = this.below[i];
    return i >= 0 ? ids[i] : -1;
  }

  /**
   * Index of the innermost open frame at depth `d` named `nameId` (any name when -1; an
   * unnamed frame matches any name), not below a shallower frame; -1 if none.
   */
  findFrame(d: number, nameId: number): number {
    // Most exits close the top frame: look at a few frames first, as the plain scan would.
    const ids = this.ids;
    const { depth, name } = this.calls;
    let i = ids.length - 1;
    for (const stop = i - SCAN; i >= 0 && i > stop; i--) {
      const cd = depth[ids[i]];
      if (cd > d) continue;
      if (cd < d) return -1;
      const cn = name[ids[i]];
      if (nameId < 0 || cn === nameId || cn < 0) return i;
    }
    if (i < 0) return -1;
    this.index();
    let p: number;
    if (nameId < 0) p = this.last(depthKey(d));
    else {
      const a = this.last(frameKey(d, nameId));
      const b = this.last(frameKey(d, -1));
      p = a > b ? a : b;
    }
    if (p < 0 || d < -32768 || d > 32767) return -1;
    if (this.inversions === 0) return p;
    // Some frame may be shallower than one under it: walk the previous-smaller chain from the
    // top down to p; a frame shallower than d above p is on it.
    let j = ids.length - 1;
    while (j > p && depth[ids[j]] >= d) j = this.below[j];
    return j > p ? -1 : p;
  }
}
