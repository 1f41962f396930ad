// Sparse line-start index of a file read in blocks: the 0-based line number and byte offset where each block starts.

/**
 * Checkpoints `(line, byte offset)` in ascending order, one per block the indexer fed (every few
 * KB). Finding the text of a line means reading from the checkpoint at or before it; the table
 * is about 16 bytes per 64 KB of file.
 */
export class LineCheckpoints {
  private lines = new Float64Array(256);
  private offsets = new Float64Array(256);
  /** Number of checkpoints. */
  count = 0;

  /** Appends a checkpoint; `line` and `offset` must not be below the last one's. */
  add(line: number, offset: number): void {
    const n = this.count;
    if (n > 0 && this.lines[n - 1] === line) {
      // A block without a line break of its own (part of a long line) adds nothing.
      return;
    }
    if (n === this.lines.length) {
      const l = new Float64Array(n * 2);
      l.set(this.lines);
      this.lines = l;
      const o = new Float64Array(n * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    this.lines[n] = line;
    this.offsets[n] = offset;
    this.count = n + 1;
  }

  /** Index of the last checkpoint whose line is at or before 0-based `line` (0 when none is). */
  indexFor(line: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid] <= line) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /** 0-based line of checkpoint `i`. */
  lineOf(i: number): number {
    return this.lines[i];
  }

  /** Byte offset of checkpoint `i`. */
  offsetOf(i: number): number {
    return this.offsets[i];
  }

  /** Bytes the table holds. */
  bytes(): number {
    return this.lines.byteLength + this.offsets.byteLength;
  }
}
