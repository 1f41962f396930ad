// Fast path, kernel line prefix: the optional columns (abstime, CPU, task, latency flags, duration) before the call body, read from ASCII bytes exactly as lineParser.ts reads them; trace-cmd prefixes in fastEvent.ts.
import { barStop } from '../parse/barSearch';
import { readEventPrefix } from './fastEvent';
import { BAR, NL, PrefixFields } from './fastPrefix';

/**
 * Reader of the prefix of one line (everything before the indent of the call body) over the
 * fast path's byte window. It accepts a prefix only when lineParser.ts would read the same
 * columns with the same values; anything else is deferred (returns -1), never guessed.
 */
export class ColumnPrefix extends PrefixFields {
  /**
   * Set by {@link ColumnPrefix.read} when the line has no `|` after its CPU column and its text
   * holds ` => ` (lineParser then tries the context-switch banner first).
   */
  private arrow = false;
  /** True when the line {@link ColumnPrefix.read} read starts with `#` (then FastLayout takes no tail read from the text). */
  hash = false;

  /**
   * Offset of the first `|` from p on this line, or -1 at the line end (or at a byte that is
   * no string content in an escaped window). Text windows hold whole lines, so `\n` comes.
   * In a text window, notes an ` => ` passed on the way in `arrow`.
   */
  private bar(p: number): number {
    const b = this.b;
    if (this.escaped) {
      for (;;) {
        const c = b[p];
        if (c === BAR) return p;
        if (c < 32 || c === 92 || c === 34 || c > 126) return -1;
        p++;
      }
    }
    const w = this.w;
    for (;;) {
      p = barStop(b, w, p);
      const c = b[p];
      if (c === BAR) return p;
      if (c === NL || c === 0) return -1;
      // `=`: an arrow when it is ` => `.
      if (b[p + 1] === 62 && b[p - 1] === 32 && b[p + 2] === 32) this.arrow = true;
      p++;
    }
  }

  /**
   * Reads the prefix of the line starting at s: returns the offset just after the `|` that ends
   * the duration area (the indent starts there), or when there is none the first non-blank after
   * the last column (the body), or -1 to leave the line to the general parser.
   */
  read(s: number): number {
    const b = this.b;
    this.clear();
    const c0 = b[s];
    // Lines lineParser classifies before trying the trace layouts. A `#` line is a header or
    // a notice unless it is `# N.N us |` and a call body (the `#` duration mark without a CPU
    // column): no header pattern matches that start, nor a line ending in `{`, `;`, `}` or `*/`
    // (kernel() reads only that duration area after a `#`; FastLayout takes no other tail).
    this.hash = c0 === 35;
    if (this.hash) return b[s + 1] === 32 && b[s + 2] >= 48 && b[s + 2] <= 57 ? this.kernel(s) : -1;
    if (c0 === 67 && b[s + 1] === 80 && b[s + 2] === 85) return -1;
    if (c0 === 99 && b[s + 1] === 112 && b[s + 2] === 117 && b[s + 3] === 115 && b[s + 4] === 61) return -1;
    if (c0 === 118 && b[s + 1] === 101 && b[s + 2] === 114) return -1;
    if (c0 === 32) {
      const c1 = b[s + 1];
      if (c1 === 45 || c1 === 40 || c1 === 61) return -1;
    }
    let q = s;
    while (b[q] === 32) q++;
    const c = b[q];
    if ((c >= 48 && c <= 57) || c === BAR || c === 43 || c === 33 || c === 42 || c === 64 || c === 36 || c === 9) return this.kernel(s);
    return readEventPrefix(this, s, q);
  }

  /** parseGraphLine's columns (its helpers written out over the bytes: this runs on every line). */
  private kernel(s: number): number {
    const b = this.b;
    const tab = this.tab;
    let p = s;
    let c: number;
    // ABSTIME `secs.usecs |` (twice at most; REL TIME `N us |` is deferred). The digits read
    // last, [q, d) with value v, start the CPU column when the loop stops on them.
    let q = s;
    let d = s;
    let v = 0;
    let k = 0;
    for (; k < 2; k++) {
      q = p;
      while ((c = b[q]) === 32 || c === tab) q++;
      d = q;
      v = 0;
      while ((c = b[d]) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        d++;
      }
      if (d === q) break;
      if (c === 46) {
        let fe = d + 1;
        let us = 0;
        while ((c = b[fe]) >= 48 && c <= 57) {
          if (fe < d + 7) us = us * 10 + (c - 48);
          fe++;
        }
        let r = fe;
        while ((c = b[r]) === 32 || c === tab) r++;
        if (fe === d + 1 || c !== BAR) break;
        this.timeUs = v * 1e6 + us;
        this.otherColumns = true;
        p = r + 1;
      } else if (c === 32 && b[d + 1] === 117 && b[d + 2] === 115) return -1;
      else break;
      this.base = p + 2;
    }
    // CPU ` N) `: the digits the loop stopped on (it read them from p), else read from p.
    if (k === 2) {
      q = p;
      while ((c = b[q]) === 32 || c === tab) q++;
      d = q;
      v = 0;
      while ((c = b[d]) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        d++;
      }
    }
    if (d > q && d - q <= 4 && b[d] === 41) {
      this.cpu = v;
      this.cpuParenAt = d;
      p = d + 1;
      this.base = p + 1;
    }
    // Bar-terminated segments: task, latency flags, then the duration area.
    let sawTask = false;
    let sawFlags = false;
    this.arrow = false;
    for (let seg = 0; ; seg++) {
      // Blanks before the segment's first non-blank nb (lineParser's segment tests skip them).
      const nb = this.blanksFrom(p);
      // The duration area (the last segment; neither a task nor flags) read in one pass.
      const db = this.durationBar(nb);
      if (db >= 0) {
        this.barAt = db;
        this.base = db + 3;
        return db + 1;
      }
      // After `#`, only the duration area (a header pattern could match anything else).
      if (this.hash) return -1;
      const bar = this.bar(nb);
      if (bar < 0) {
        // No duration column (nofuncgraph-duration): the body follows the last column (at nb,
        // where lineParser's skipBlanks takes it). Not read here: a line without any column,
        // and an escaped window (bar stops at `\`).
        if (this.escaped || this.base < 0) return -1;
        // With a CPU and no `|` at all, lineParser tries the context-switch banner first.
        if (seg === 0 && this.cpu >= 0 && this.arrow) return -1;
        return nb;
      }
      if (!sawTask && !sawFlags && b[bar + 1] !== BAR) {
        // splitTask: `comm-pid`, trimmed, split at the last `-` before 1 to 9 digits.
        let te = bar;
        while (te > nb && ((c = b[te - 1]) === 32 || c === tab)) te--;
        let pd = te;
        while (pd > nb && (c = b[pd - 1]) >= 48 && c <= 57) pd--;
        // The comm starts at nb (the segment's first non-blank).
        if (pd < te && te - pd <= 9 && b[pd - 1] === 45 && pd - 1 > nb) {
          this.commStart = nb;
          this.commEnd = pd - 1;
          this.pid = this.value(pd, te);
          sawTask = true;
          this.otherColumns = true;
          p = bar + 1;
          this.base = p + 1;
          continue;
        }
      }
      if (!sawFlags && this.flags(p, bar)) {
        sawFlags = true;
        this.onlyFlags = !sawTask && !this.otherColumns;
        this.otherColumns = true;
        p = bar + 1;
        this.base = p + 1;
        continue;
      }
      // A duration or blanks (not read by durationBar: no blank before `us`, tabs); anything
      // else (irq arrows, text) is deferred.
      if (!this.duration(p, bar) && this.skipBlanks(p, bar) !== bar) return -1;
      this.barAt = bar;
      this.base = bar + 3;
      return bar + 1;
    }
  }
}
