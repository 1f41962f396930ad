// The context-switch banners of a trace as the parser read them (line, CPU, tasks switched from and to), so that slices need not read banner text back from disk.

/** What a context-switch banner says: its CPU (-1 when it names none) and the tasks switched from and to (-1 when not printed). */
export interface Banner {
  readonly cpu: number;
  readonly prevPid: number;
  readonly nextPid: number;
}

/** Read access to the banners of a trace by 0-based line. */
export interface BannerValues {
  /** Number of banners. */
  readonly count: number;
  /** The banner on 0-based `line` as the parser read it, or null when there is none on that line. */
  at(line: number): Banner | null;
  /** Bytes held. */
  bytes(): number;
}

/**
 * Banners appended in ascending line order by the parser (16 bytes each: a 1 GB capture has a few
 * tens of thousands); looked up by binary search.
 */
export class BannerTable implements BannerValues {
  private lines: Int32Array = new Int32Array(16);
  private cpus: Int32Array = new Int32Array(16);
  private prev: Int32Array = new Int32Array(16);
  private next: Int32Array = new Int32Array(16);
  count = 0;

  /** Records the banner on 0-based `line` (after every earlier one). */
  add(line: number, cpu: number, prevPid: number, nextPid: number): void {
    const i = this.count;
    if (i === this.lines.length) {
      const grow = (a: Int32Array): Int32Array => {
        const out = new Int32Array(a.length * 2);
        out.set(a);
        return out;
      };
      this.lines = grow(this.lines);
      this.cpus = grow(this.cpus);
      this.prev = grow(this.prev);
      this.next = grow(this.next);
    }
    this.lines[i] = line;
    this.cpus[i] = cpu;
    this.prev[i] = prevPid;
    this.next[i] = nextPid;
    this.count = i + 1;
  }

  at(line: number): Banner | null {
    const l = this.lines;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.count && l[lo] === line ? { cpu: this.cpus[lo], prevPid: this.prev[lo], nextPid: this.next[lo] } : null;
  }

  /** Drops spare room (call once the last line is in). */
  trim(): void {
    const n = this.count;
    this.lines = this.lines.slice(0, n);
    this.cpus = this.cpus.slice(0, n);
    this.prev = this.prev.slice(0, n);
    this.next = this.next.slice(0, n);
  }

  bytes(): number {
    return this.lines.byteLength + this.cpus.byteLength + this.prev.byteLength + this.next.byteLength;
  }
}
