// The streams an exit on another CPU may close a call of (§6.4 migration), in creation order, so the search visits only them and stops at the first that has the call.
import { frameKey, type FrameStack } from './frameStack';

/**
 * Non-empty streams whose task is known to be off its CPU (see CallStacks.onCall), kept in
 * creation order (the order the migration rule searches). Removal is lazy: removed streams stay
 * in the ordered list, are skipped, and are dropped once they are half of it. A search that finds
 * nothing is remembered per (depth, name) until a candidate or a candidate's frames change.
 */
export class MigrationCandidates {
  /** Number of members; a member points back here ({@link FrameStack.candidateOf}: a field read, not a set lookup, on every push and pop). */
  private members = 0;
  private list: FrameStack[] = [];
  /** list[0, head) is dropped (removed streams that were first). */
  private head = 0;
  private readonly listed = new Set<FrameStack>();
  /** Changes whenever the set or the frames of a member change. */
  private version = 0;
  private readonly notFound = new Map<number, number>();

  get size(): number {
    return this.members;
  }

  has(s: FrameStack): boolean {
    return s.candidateOf === this;
  }

  /** The frames of `s` changed (a member's search result may differ). */
  touched(s: FrameStack): void {
    if (s.candidateOf === this) this.version++;
  }

  add(s: FrameStack): void {
    if (s.candidateOf === this) return;
    this.members++;
    s.candidateOf = this;
    this.version++;
    if (this.listed.has(s)) return;
    this.listed.add(s);
    const list = this.list;
    let lo = this.head;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].order < s.order) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, s);
  }

  delete(s: FrameStack): void {
    if (s.candidateOf !== this) return;
    this.members--;
    s.candidateOf = undefined;
    this.version++;
    if (this.list.length - this.head > 64 && this.members * 2 < this.list.length - this.head) this.compact();
  }

  private compact(): void {
    this.list = this.list.slice(this.head).filter((x) => x.candidateOf === this);
    this.head = 0;
    this.listed.clear();
    for (const x of this.list) this.listed.add(x);
  }

  /**
   * The first member (in creation order) other than `exclude` whose top frame is at depth `d`
   * and named `nameId` (or unnamed), with that frame's stack index; undefined if none.
   */
  first(exclude: FrameStack, d: number, nameId: number): { stack: FrameStack; index: number } | undefined {
    const key = frameKey(d, nameId);
    if (this.notFound.get(key) === this.version) return undefined;
    const list = this.list;
    while (this.head < list.length && list[this.head].candidateOf !== this) this.listed.delete(list[this.head++]);
    if (this.head > 64 && this.head * 2 > list.length) this.compact();
    for (let k = this.head; k < this.list.length; k++) {
      const s = this.list[k];
      if (s === exclude || s.candidateOf !== this) continue;
      // Only the top frame: a task that wakes on another CPU returns through its stack in order
      // (its `} /* schedule */` first), so an exit that would skip open frames of a sleeping task
      // belongs to another task (one whose CPU's banner comes later: seen closing a sleeping
      // shell's wait4 syscall with another task's execve return, 40 ms of wrong time).
      const i = s.findFrame(d, nameId);
      if (i >= 0 && i === s.length - 1) return { stack: s, index: i };
    }
    if (this.notFound.size >= 4096) this.notFound.clear();
    this.notFound.set(key, this.version);
    return undefined;
  }
}
