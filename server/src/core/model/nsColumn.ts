// A column of times in ns, exact, at 4 bytes per row: whole ns below 2^32 - 2 stored as such, anything else (NaN aside) in a side map.

/** Stored for NaN (unknown). */
const UNKNOWN = 0xffffffff;
/** Stored for a value kept in the side map (too large, negative or fractional). */
const ESCAPE = 0xfffffffe;
/** Side-map entries beyond which the column keeps every row as a float64 (a Map holds at most 2^24 entries; bad input must not break it). */
const MAX_ESCAPES = 1 << 20;

/** Read access to a column of times in ns (index = call id). */
export interface NsValues {
  /** Number of rows. */
  readonly length: number;
  /** The time of row `i` in ns, exactly as set; NaN when unknown (or `i` out of range). */
  at(i: number): number;
  /** Bytes the column holds. */
  bytes(): number;
}

/**
 * Times in ns, one per row, read back exactly as written. The kernel prints durations in whole
 * ns, so nearly every value is a whole number below 2^32 - 2 (4.29 s) and takes 4 bytes; NaN takes
 * 4 bytes too; any other value (longer, negative, fractional) is kept in a map by row. When more
 * than {@link MAX_ESCAPES} rows need the map (input that is not a kernel's), every row is kept as
 * a float64 instead.
 */
export class NsColumn implements NsValues {
  private rows: Uint32Array;
  private readonly escapes = new Map<number, number>();
  /** Every row as a float64, once too many values needed the side map (rows and escapes unused then). */
  private wide: Float64Array | undefined;

  /** `length` rows, all NaN (all 0 with `zeros`). */
  constructor(length: number, zeros = false) {
    this.rows = new Uint32Array(length);
    if (!zeros) this.rows.fill(UNKNOWN);
  }

  get length(): number {
    return this.wide === undefined ? this.rows.length : this.wide.length;
  }

  at(i: number): number {
    if (this.wide !== undefined) return i >= 0 && i < this.wide.length ? this.wide[i] : NaN;
    const r = this.rows[i];
    if (r < ESCAPE) return r;
    if (r === ESCAPE) return this.escapes.get(i)!;
    return NaN;
  }

  /** Sets row `i` (< length) to `ns` (any number; NaN means unknown). */
  set(i: number, ns: number): void {
    if (this.wide !== undefined) {
      this.wide[i] = ns;
      return;
    }
    if (ns >= 0 && ns < ESCAPE && Math.floor(ns) === ns) {
      if (this.rows[i] === ESCAPE) this.escapes.delete(i);
      this.rows[i] = ns;
    } else if (ns === ns) {
      this.rows[i] = ESCAPE;
      this.escapes.set(i, ns);
      if (this.escapes.size > MAX_ESCAPES) this.widen();
    } else {
      if (this.rows[i] === ESCAPE) this.escapes.delete(i);
      this.rows[i] = UNKNOWN;
    }
  }

  /**
   * Changes the number of rows to n (rows past the old length are NaN, rows past n are dropped).
   * With `view`, when the spare room is at most 1/8, shrinks to a view on the same buffer (no copy).
   */
  resize(n: number, view = false): void {
    if (this.wide !== undefined) {
      const w = this.wide;
      if (n < w.length) this.wide = view && w.length - n <= w.length >> 3 ? w.subarray(0, n) : w.slice(0, n);
      else if (n > w.length) {
        this.wide = new Float64Array(n).fill(NaN);
        this.wide.set(w);
      }
      return;
    }
    const old = this.rows;
    if (n === old.length) return;
    if (n < old.length) {
      for (const k of this.escapes.keys()) if (k >= n) this.escapes.delete(k);
      this.rows = view && old.length - n <= old.length >> 3 ? old.subarray(0, n) : old.slice(0, n);
      return;
    }
    const rows = new Uint32Array(n);
    rows.set(old);
    rows.fill(UNKNOWN, old.length);
    this.rows = rows;
  }

  /** Moves every row to float64 storage. */
  private widen(): void {
    const wide = new Float64Array(this.rows.length);
    for (let i = 0; i < wide.length; i++) wide[i] = this.at(i);
    this.wide = wide;
    this.rows = new Uint32Array(0);
    this.escapes.clear();
  }

  /** A copy (rows and side map). */
  clone(): NsColumn {
    const c = new NsColumn(0);
    if (this.wide !== undefined) {
      c.wide = this.wide.slice();
      return c;
    }
    c.rows = this.rows.slice();
    for (const [k, v] of this.escapes) c.escapes.set(k, v);
    return c;
  }

  /** Bytes held: the whole buffer behind the rows and the side map (a V8 map entry is about 3 slots). */
  bytes(): number {
    return this.wide !== undefined ? this.wide.buffer.byteLength : this.rows.buffer.byteLength + this.escapes.size * 24;
  }

  /** Number of rows kept in the side map. */
  get escaped(): number {
    return this.escapes.size;
  }
}
