// The exit line of every call at 2 bytes per call: the distance from its entry line, with calls that span more lines (or have no entry line) kept aside.

/** Read access to a column of 0-based lines by call id (-1: none). */
export interface LineValues {
  /** Number of rows. */
  readonly length: number;
  /** The 0-based line of row `i`, or -1 (none, or `i` out of range). */
  at(i: number): number;
  /** Bytes the column holds. */
  bytes(): number;
}

/** Stored for "no exit line" (-1). */
const NONE = 0;
/** Stored for a line kept in the side map. */
const ESCAPE = 0xffff;
/** Side-map entries beyond which every row is kept as an Int32 (a Map holds at most 2^24 entries; bad input must not break it). */
const MAX_ESCAPES = 1 << 20;

/**
 * Exit lines by call id, read back exactly: an exit line `d` lines after the call's entry line
 * (0 < d < 65535) is `d` in a Uint16; no exit line (-1) is 0; any other (a call spanning 65,535
 * lines or more, an exit whose entry is not in the trace) is kept in a map by call, or, past
 * {@link MAX_ESCAPES} of those, every row as an Int32.
 */
export class ExitLines implements LineValues {
  private readonly deltas: Uint16Array;
  private readonly escapes = new Map<number, number>();
  private readonly wide: Int32Array | undefined;

  /** The exit lines exit[0, n) of calls whose entry lines are entry[0, n) (`entry` is kept: read, never changed). */
  constructor(private readonly entry: Int32Array, exit: Int32Array, n: number) {
    const deltas = new Uint16Array(n);
    let wide = false;
    for (let c = 0; c < n; c++) {
      const x = exit[c];
      if (x === -1) continue;
      const e = entry[c];
      const d = x - e;
      if (e >= 0 && d > NONE && d < ESCAPE) deltas[c] = d;
      else {
        deltas[c] = ESCAPE;
        this.escapes.set(c, x);
        if (this.escapes.size > MAX_ESCAPES) {
          wide = true;
          break;
        }
      }
    }
    if (wide) {
      this.escapes.clear();
      this.wide = exit.slice(0, n);
      this.deltas = new Uint16Array(0);
    } else this.deltas = deltas;
  }

  get length(): number {
    return this.wide === undefined ? this.deltas.length : this.wide.length;
  }

  at(i: number): number {
    if (this.wide !== undefined) return i >= 0 && i < this.wide.length ? this.wide[i] : -1;
    const d = this.deltas[i];
    if (!(d > NONE)) return -1;
    return d !== ESCAPE ? this.entry[i] + d : this.escapes.get(i)!;
  }

  bytes(): number {
    return this.wide !== undefined ? this.wide.buffer.byteLength : this.deltas.buffer.byteLength + this.escapes.size * 24;
  }

  /** Number of rows kept in the side map. */
  get escaped(): number {
    return this.escapes.size;
  }
}
