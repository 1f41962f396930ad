// The call of every line at about 1.5 bytes per line: a line whose call is the next new call id (entry and leaf lines) is one bit; the others keep their call in a list.

/** Read access to the call of each line (0-based lines). */
export interface LineCallValues {
  /** Number of lines. */
  readonly length: number;
  /** The call id of 0-based line `line`, or -1 (none, or out of range). */
  at(line: number): number;
  /** Bytes the index holds. */
  bytes(): number;
  /** The calls of lines [from, from + out.length) into `out` (see {@link LineCalls.decode}); returns the number written. */
  decode(from: number, out: Int32Array): number;
}

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function grown<T extends Int32Array | Uint32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(n, a.length + (a.length >> 1)));
  out.set(a);
  return out;
}

/** A copy of a[0, n), or a view when the spare room is at most 1/8 (no second allocation). */
function trimmed<T extends Int32Array | Uint32Array>(a: T, n: number): T {
  if (a.length === n) return a;
  return (a.length - n <= a.length >> 3 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/**
 * Calls by line, appended in line order. Call ids are given in the order of the lines that create
 * the calls, so the call of an entry or leaf line is the number of such lines before it: those
 * lines ("in sequence": their call is the next id not yet seen in sequence) are a set bit, and
 * their call is the rank of that bit. Any other line (an exit, a comment, a header: -1 or an
 * earlier call) is a clear bit and keeps its call in `others`, at the rank of the clear bit.
 * Exact for any sequence of values: only the size depends on the order.
 */
export class LineCalls implements LineCallValues {
  /** Bit `line & 31` of word `line >> 5`: the line is in sequence. */
  private bits: Uint32Array;
  /** Lines in sequence before word w's first line. */
  private before: Uint32Array;
  /** Calls of the lines not in sequence, in line order. */
  private others: Int32Array;
  private otherCount = 0;
  /** Lines in sequence so far (= the call id the next line in sequence has). */
  private inSequence = 0;
  /** Number of lines. */
  length = 0;

  constructor(capacity = 256) {
    const words = (capacity + 31) >>> 5;
    this.bits = new Uint32Array(words);
    this.before = new Uint32Array(words);
    this.others = new Int32Array(Math.max(64, capacity >> 2));
  }

  /** Makes room for at least n lines, `otherShare` (0..1) of them expected out of sequence. */
  reserve(n: number, otherShare = 0.5): void {
    const words = (n + 31) >>> 5;
    if (words > this.bits.length) {
      this.bits = grown(this.bits, words);
      this.before = grown(this.before, words);
    }
    const others = this.otherCount + Math.ceil((n - this.length) * otherShare);
    if (others > this.others.length) this.others = grown(this.others, others);
  }

  /** Share of the lines so far that are out of sequence (for size estimates). */
  get otherShare(): number {
    return this.length === 0 ? 0.5 : this.otherCount / this.length;
  }

  /** Appends the call of the next line (-1 for none). */
  push(call: number): void {
    const line = this.length;
    const w = line >>> 5;
    if (w >= this.bits.length) this.reserve(line + 1);
    if ((line & 31) === 0) this.before[w] = this.inSequence;
    if (call === this.inSequence) {
      this.bits[w] |= 1 << (line & 31);
      this.inSequence++;
    } else {
      if (this.otherCount === this.others.length) this.others = grown(this.others, this.otherCount + 1);
      this.others[this.otherCount++] = call;
    }
    this.length = line + 1;
  }

  at(line: number): number {
    if (!(line >= 0 && line < this.length)) return -1;
    const w = line >>> 5;
    const b = line & 31;
    const word = this.bits[w];
    const rank = this.before[w] + (b === 0 ? 0 : popcount(word << (32 - b)));
    return ((word >>> b) & 1) !== 0 ? rank : this.others[line - rank];
  }

  /**
   * The calls of lines [from, from + out.length) into `out` (-1 for none), as {@link LineCalls.at}
   * gives them, in one pass (a scan over many lines: no rank per line); lines past the end are not
   * written. Returns the number of lines written (0 for a negative `from`).
   */
  decode(from: number, out: Int32Array): number {
    const start = from;
    const end = Math.min(this.length, from + out.length);
    if (!(start >= 0 && start < end)) return 0;
    const bits = this.bits;
    const others = this.others;
    const b = start & 31;
    let rank = this.before[start >>> 5] + (b === 0 ? 0 : popcount(bits[start >>> 5] << (32 - b)));
    let other = start - rank;
    for (let l = start; l < end; l++) out[l - start] = ((bits[l >>> 5] >>> (l & 31)) & 1) !== 0 ? rank++ : others[other++];
    return end - start;
  }

  /** Drops spare room (call once the last line is in). */
  trim(): void {
    const words = (this.length + 31) >>> 5;
    this.bits = trimmed(this.bits, words);
    this.before = trimmed(this.before, words);
    this.others = trimmed(this.others, this.otherCount);
  }

  /** Bytes held (whole buffers). */
  bytes(): number {
    return this.bits.buffer.byteLength + this.before.buffer.byteLength + this.others.buffer.byteLength;
  }
}
