// Members (numbers) each in at most one bucket, ordered by a priority: "the member of bucket b with the lowest priority" in O(1), moves in O(log n).

/**
 * Indexed min-heaps, one per bucket. A member (any number, here a stream key) is in at most one
 * bucket at a time with one priority; {@link BucketHeaps.set} moves it, {@link BucketHeaps.remove}
 * takes it out. No stale entries: memory is proportional to the members and buckets used.
 */
export class BucketHeaps {
  private readonly heaps = new Map<number, number[]>();
  private readonly slotOf = new Map<number, number>();
  /** Per slot: member, bucket (NaN: none), index in its heap, priority. */
  private readonly member: number[] = [];
  private readonly bucket: number[] = [];
  private readonly pos: number[] = [];
  private readonly prioOf: number[] = [];

  /** Member with the lowest priority in `bucket`, or undefined when the bucket is empty. */
  first(bucket: number): number | undefined {
    const h = this.heaps.get(bucket);
    return h === undefined || h.length === 0 ? undefined : this.member[h[0]];
  }

  /** Priority of a member (it must be in a bucket). */
  prio(member: number): number {
    return this.prioOf[this.slotOf.get(member)!];
  }

  /** Puts `member` in `bucket` with priority `prio` (moving it from its bucket, if any). */
  set(member: number, bucket: number, prio: number): void {
    let slot = this.slotOf.get(member);
    if (slot === undefined) {
      slot = this.member.length;
      this.slotOf.set(member, slot);
      this.member.push(member);
      this.bucket.push(NaN);
      this.pos.push(-1);
      this.prioOf.push(prio);
    } else if (this.bucket[slot] === bucket && this.prioOf[slot] === prio) return;
    else this.take(slot);
    let h = this.heaps.get(bucket);
    if (h === undefined) this.heaps.set(bucket, (h = []));
    this.bucket[slot] = bucket;
    this.prioOf[slot] = prio;
    h.push(slot);
    this.up(h, h.length - 1);
  }

  /** Takes `member` out of its bucket (nothing when it is in none). */
  remove(member: number): void {
    const slot = this.slotOf.get(member);
    if (slot !== undefined) this.take(slot);
  }

  private take(slot: number): void {
    const b = this.bucket[slot];
    if (Number.isNaN(b)) return;
    const h = this.heaps.get(b)!;
    const i = this.pos[slot];
    this.bucket[slot] = NaN;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.pos[last] = i;
      this.up(h, i);
      this.down(h, this.pos[last]);
    }
  }

  private up(h: number[], i: number): void {
    const prio = this.prioOf;
    const pos = this.pos;
    const s = h[i];
    const p = prio[s];
    while (i > 0) {
      const u = (i - 1) >> 1;
      if (prio[h[u]] <= p) break;
      h[i] = h[u];
      pos[h[i]] = i;
      i = u;
    }
    h[i] = s;
    pos[s] = i;
  }

  private down(h: number[], i: number): void {
    const prio = this.prioOf;
    const pos = this.pos;
    const s = h[i];
    const p = prio[s];
    const n = h.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && prio[h[c + 1]] < prio[h[c]]) c++;
      if (prio[h[c]] >= p) break;
      h[i] = h[c];
      pos[h[i]] = i;
      i = c;
    }
    h[i] = s;
    pos[s] = i;
  }
}
