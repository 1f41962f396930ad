// Fast path, line prefix part: the optional kernel columns (abstime, CPU, task, latency flags, duration) or the trace-cmd event prefix, read from ASCII bytes exactly as lineParser.ts / traceCmdLine.ts read them.

/** Where a window's line ends (text window: `\n` or NUL padding; escaped window: `\` of the `\n` escape). */
const NL = 10;
const CR = 13;
const BAR = 124;

/** True for the digits. */
function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for a latency-flags character `[.A-Za-z0-9]`. */
function flagChar(c: number): boolean {
  return c === 46 || digit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Reader of the prefix of one line (everything before the indent of the call body) over the
 * fast path's byte window. It accepts a prefix only when lineParser.ts would read the same
 * columns with the same values (its skipBlanks/trimEnd blanks are space and tab, and NBSP,
 * which an ASCII window cannot hold); anything else is deferred (returns -1), never guessed.
 * Offsets are window offsets.
 */
export class ColumnPrefix {
  /** The window, and the blank other than space (tab; none in an escaped window, where a raw tab is not string content). */
  b = new Uint8Array(0);
  tab = 9;
  escaped = false;

  /** Results of {@link ColumnPrefix.read} (meaning as in LineFields; -1 absent). */
  cpu = -1;
  pid = -1;
  commStart = -1;
  commEnd = -1;
  timeUs = -1;
  ns = -1;
  step = 1;
  mark = -1;
  cpuParenAt = -1;
  barAt = -1;
  /** Where the indent is counted from (LineFields.bodyBase for kernel lines). */
  base = -1;
  otherColumns = false;
  /** True: a trace-cmd / default-format event line (`comm-pid [cpu] ts: funcgraph_…:`). */
  event = false;

  private skipBlanks(p: number, e: number): number {
    const b = this.b;
    while (p < e && (b[p] === 32 || b[p] === this.tab)) p++;
    return p;
  }

  private trimEnd(s: number, e: number): number {
    const b = this.b;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === this.tab)) e--;
    return e;
  }

  private skipDigits(p: number, e: number): number {
    const b = this.b;
    while (p < e && digit(b[p])) p++;
    return p;
  }

  private value(s: number, e: number): number {
    const b = this.b;
    let v = 0;
    for (let i = s; i < e; i++) v = v * 10 + (b[i] - 48);
    return v;
  }

  /**
   * Offset of the first `|` from p on this line, or -1 at the line end (or at a byte that is
   * no string content in an escaped window). Text windows hold whole lines, so `\n` comes.
   */
  private bar(p: number): number {
    const b = this.b;
    for (;;) {
      const c = b[p];
      if (c === BAR) return p;
      if (c === NL || c === 0) return -1;
      if (this.escaped && (c < 32 || c === 92 || c === 34 || c > 126)) return -1;
      p++;
    }
  }

  /** True when ` => ` occurs from p to the line end. */
  private hasArrow(p: number): boolean {
    const b = this.b;
    for (;;) {
      const c = b[p];
      if (c === NL || c === 0) return false;
      if (c === 61 && b[p + 1] === 62 && b[p - 1] === 32 && b[p + 2] === 32) return true;
      p++;
    }
  }

  /** lineParser's readDuration over [p, e): sets ns, step, mark; false when [p, e) is anything else. */
  private duration(p: number, e: number): boolean {
    const b = this.b;
    const tab = this.tab;
    let c = b[p];
    while (p < e && (c === 32 || c === tab)) c = b[++p];
    let mark = 32;
    if (p < e && (c === 43 || c === 33 || c === 35 || c === 42 || c === 64 || c === 36)) {
      mark = c;
      c = b[++p];
      while (p < e && (c === 32 || c === tab)) c = b[++p];
    }
    const ds = p;
    let whole = 0;
    while (p < e && c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      c = b[++p];
    }
    if (p === ds || p - ds > 15) return false;
    let ns = whole * 1000;
    let step = 1000;
    if (p < e && b[p] === 46) {
      const fs = p + 1;
      p = this.skipDigits(fs, e);
      const n = p - fs;
      if (n === 0 || n > 3) return false;
      let frac = this.value(fs, p);
      if (n === 1) {
        frac *= 100;
        step = 100;
      } else if (n === 2) {
        frac *= 10;
        step = 10;
      } else step = 1;
      ns += frac;
    }
    const u = this.skipBlanks(p, e);
    if (u + 2 > e || b[u] !== 117 || b[u + 1] !== 115) return false;
    if (this.skipBlanks(u + 2, e) !== e) return false;
    this.ns = ns;
    this.step = step;
    this.mark = mark;
    return true;
  }

  /** lineParser's isLatencyFlags over [s, e). */
  private flags(s: number, e: number): boolean {
    const ts = this.skipBlanks(s, e);
    const te = this.trimEnd(ts, e);
    const n = te - ts;
    if (n < 4 || n > 7) return false;
    for (let p = ts; p < te; p++) if (!flagChar(this.b[p])) return false;
    return true;
  }

  private clear(): void {
    this.cpu = -1;
    this.pid = -1;
    this.commStart = -1;
    this.commEnd = -1;
    this.timeUs = -1;
    this.ns = -1;
    this.step = 1;
    this.mark = -1;
    this.cpuParenAt = -1;
    this.barAt = -1;
    this.base = -1;
    this.otherColumns = false;
    this.event = false;
  }

  /**
   * Reads the prefix of the line starting at s: returns the offset just after the `|` that ends
   * the duration area, or after the last column when there is none (the indent starts there),
   * or -1 to leave the line to the general parser.
   */
  read(s: number): number {
    const b = this.b;
    this.clear();
    const c0 = b[s];
    // Lines lineParser classifies before trying the trace layouts.
    if (c0 === 35) return -1;
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
    if (digit(c) || c === BAR || c === 43 || c === 33 || c === 42 || c === 64 || c === 36 || c === 9) return this.kernel(s);
    return this.traceCmd(s, q);
  }

  /** parseGraphLine's columns (its helpers written out over the bytes: this runs on every line). */
  private kernel(s: number): number {
    const b = this.b;
    const tab = this.tab;
    let p = s;
    let c: number;
    // ABSTIME `secs.usecs |` (twice at most; REL TIME `N us |` is deferred).
    for (let k = 0; k < 2; k++) {
      let q = p;
      while ((c = b[q]) === 32 || c === tab) q++;
      let d = q;
      let secs = 0;
      while ((c = b[d]) >= 48 && c <= 57) {
        secs = secs * 10 + (c - 48);
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
        this.timeUs = secs * 1e6 + us;
        this.otherColumns = true;
        p = r + 1;
      } else if (c === 32 && b[d + 1] === 117 && b[d + 2] === 115) return -1;
      else break;
      this.base = p + 2;
    }
    // CPU ` N) `.
    {
      let q = p;
      while ((c = b[q]) === 32 || c === tab) q++;
      let d = q;
      let cpu = 0;
      while ((c = b[d]) >= 48 && c <= 57) {
        cpu = cpu * 10 + (c - 48);
        d++;
      }
      if (d > q && d - q <= 4 && c === 41) {
        this.cpu = cpu;
        this.cpuParenAt = d;
        p = d + 1;
        this.base = p + 1;
      }
    }
    // Bar-terminated segments: task, latency flags, then the duration area.
    let sawTask = false;
    let sawFlags = false;
    for (let k = 0; ; k++) {
      let bar = p;
      if (this.escaped) bar = this.bar(p);
      else {
        while ((c = b[bar]) !== BAR) {
          if (c === NL || c === 0) {
            bar = -1;
            break;
          }
          bar++;
        }
      }
      if (bar < 0) {
        // No duration column (nofuncgraph-duration): the body follows the last column. Not
        // read here: a line without any column, and an escaped window (bar stops at `\`).
        if (this.escaped || this.base < 0) return -1;
        // With a CPU and no `|` at all, lineParser tries the context-switch banner first.
        if (k === 0 && this.cpu >= 0 && this.hasArrow(p)) return -1;
        return p;
      }
      if (!sawTask && !sawFlags && b[bar + 1] !== BAR) {
        // splitTask: `comm-pid`, trimmed, split at the last `-` before 1 to 9 digits.
        let te = bar;
        while (te > p && ((c = b[te - 1]) === 32 || c === tab)) te--;
        let d = te;
        while (d > p && (c = b[d - 1]) >= 48 && c <= 57) d--;
        if (d < te && te - d <= 9 && b[d - 1] === 45) {
          let ts = p;
          while (ts < te && ((c = b[ts]) === 32 || c === tab)) ts++;
          if (d - 1 > ts) {
            this.commStart = ts;
            this.commEnd = d - 1;
            let pid = 0;
            for (let i = d; i < te; i++) pid = pid * 10 + (b[i] - 48);
            this.pid = pid;
            sawTask = true;
            this.otherColumns = true;
            p = bar + 1;
            this.base = p + 1;
            continue;
          }
        }
      }
      if (!sawFlags && this.flags(p, bar)) {
        sawFlags = true;
        this.otherColumns = true;
        p = bar + 1;
        this.base = p + 1;
        continue;
      }
      // A duration or blanks; anything else (irq arrows, text) is deferred.
      if (!this.duration(p, bar) && this.skipBlanks(p, bar) !== bar) return -1;
      this.barAt = bar;
      this.base = bar + 3;
      return bar + 1;
    }
  }

  /**
   * parseEventLine's prefix (after parseGraphLine has failed on the line, which it does when the
   * comm does not start like a graph body: checked here), up to the `|` of a funcgraph event.
   */
  private traceCmd(s: number, cs0: number): number {
    // Escaped windows take task-less lines only (see FastLayout.parseOther).
    if (this.escaped) return -1;
    const b = this.b;
    const tab = this.tab;
    // parseGraphLine would read a bare body here: `}`, `/*`, arrows, or a strict name before
    // any other character; defer those (the comm-pid has a `-`, which ends a strict name).
    let c = b[cs0];
    if (c === 125 || c === 47 || c === 40 || c === 61 || (c === 60 && b[cs0 + 1] === 61)) return -1;
    for (let k = cs0; ; k++) {
      c = b[k];
      if (c === 40 || c === 32) return -1;
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36)) break;
    }
    // `[cpu]` preceded by a blank, within 200 characters (none before cs0, a non-blank).
    let lb = -1;
    let rb = -1;
    let cpu = 0;
    for (let p = cs0, limit = s + 200; p < limit; p++) {
      c = b[p];
      if (c === 91) {
        let d = p + 1;
        let v = 0;
        while ((c = b[d]) >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          d++;
        }
        if (d > p + 1 && c === 93 && ((c = b[p - 1]) === 32 || c === tab)) {
          lb = p;
          rb = d;
          cpu = v;
          break;
        }
      } else if (c === NL || c === CR || c === 0 || c === BAR) return -1;
    }
    if (lb < 0) return -1;
    let te = lb;
    while ((c = b[te - 1]) === 32 || c === tab) te--;
    let pd = te;
    while (pd > s && (c = b[pd - 1]) >= 48 && c <= 57) pd--;
    if (pd === te || pd - 1 <= cs0 || b[pd - 1] !== 45) return -1;
    this.commStart = cs0;
    this.commEnd = pd - 1;
    this.pid = this.value(pd, te);
    this.cpu = cpu;
    // Optional flags, then the timestamp `secs.frac:` (or `ticks:`).
    let p = rb + 1;
    while ((c = b[p]) === 32 || c === tab) p++;
    let tsEnd = -1;
    for (let k = 0; k < 2; k++) {
      let q = p;
      let whole = 0;
      while ((c = b[q]) >= 48 && c <= 57) {
        whole = whole * 10 + (c - 48);
        q++;
      }
      let r = q;
      let frac = 0;
      if (q > p && c === 46) {
        r = q + 1;
        while ((c = b[r]) >= 48 && c <= 57) {
          frac = frac * 10 + (c - 48);
          r++;
        }
      }
      if (q > p && c === 58) {
        if (r > q) {
          const n = r - q - 1;
          this.timeUs = whole * 1e6 + (n === 6 ? frac : frac / Math.pow(10, n - 6));
        } else this.timeUs = whole;
        tsEnd = r + 1;
        break;
      }
      let w = p;
      while ((c = b[w]) !== 32 && c !== tab) {
        if (c === NL || c === CR || c === 0 || c === BAR) return -1;
        w++;
      }
      if (w - p > 8) return -1;
      p = w;
      while ((c = b[p]) === 32 || c === tab) p++;
    }
    if (tsEnd < 0) return -1;
    // The event name, one of the graph events.
    p = tsEnd;
    while ((c = b[p]) === 32 || c === tab) p++;
    const colon = this.graphEvent(p);
    if (colon < 0) return -1;
    let bar = colon + 1;
    while ((c = b[bar]) !== BAR) {
      if (c === NL || c === 0) return -1;
      bar++;
    }
    if (!this.duration(colon + 1, bar) && this.skipBlanks(colon + 1, bar) !== bar) return -1;
    this.base = bar + 3;
    this.event = true;
    return bar + 1;
  }

  /** When `funcgraph_entry:`, `funcgraph_exit:` or `fgraph_retaddr_entry:` starts at p, the offset of its `:`; else -1. */
  private graphEvent(p: number): number {
    const b = this.b;
    if (b[p] === 102 && b[p + 1] === 117) {
      if (matches(b, p, FUNCGRAPH_ENTRY)) return p + FUNCGRAPH_ENTRY.length - 1;
      return matches(b, p, FUNCGRAPH_EXIT) ? p + FUNCGRAPH_EXIT.length - 1 : -1;
    }
    return matches(b, p, RETADDR_ENTRY) ? p + RETADDR_ENTRY.length - 1 : -1;
  }
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const FUNCGRAPH_ENTRY = ascii('funcgraph_entry:');
const FUNCGRAPH_EXIT = ascii('funcgraph_exit:');
const RETADDR_ENTRY = ascii('fgraph_retaddr_entry:');

/** True when the bytes `lit` start at p. */
function matches(b: Uint8Array, p: number, lit: Uint8Array): boolean {
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  return true;
}
