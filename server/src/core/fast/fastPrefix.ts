// Fast path, line prefix results and the pieces every prefix reader shares: blanks, the duration area, latency flags, read from ASCII bytes exactly as lineParser.ts / scan.ts read them.
import { skipSpaces } from '../parse/skipSpaces';

/** Where a window's line ends (text window: `\n` or NUL padding; escaped window: `\` of the `\n` escape). */
export const NL = 10;
export const CR = 13;
export const BAR = 124;

/** True for the digits. */
function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True for a character the kernel prints first in a latency-flags column, its irqs-off position
 * (`.`, `d`, `D`, `b`, `X`: trace_print_lat_fmt). A reader may try flags only where one starts:
 * the duration that follows a CPU column starts with a digit, a body with a name, and reading
 * their first characters as flags cost the no-duration layout ~3% of its parse.
 */
export function irqsOffChar(c: number): boolean {
  return c === 46 || c === 100 || c === 68 || c === 98 || c === 88;
}

/** True for a latency-flags character `[.A-Za-z0-9]`. */
export function flagChar(c: number): boolean {
  return c === 46 || digit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A duration value read by {@link readMicros}. */
export interface Micros {
  /** The value in ns. */
  ns: number;
  /** ns of one unit of its last printed digit (1000, 100, 10 or 1). */
  step: number;
}

/**
 * Reads a duration value as the kernel prints it, `digits[.d[d[d]]]` in µs, from b[p, e) (e may
 * be past the window: its NUL padding ends the digits). Returns the offset just after it with
 * out.ns and out.step set, or -1 when there is no digit, more than 15 of them, or a `.` not
 * followed by 1 to 3 digits (readDuration's rules; fixed point, so the value is exact).
 */
export function readMicros(b: Uint8Array, p: number, e: number, out: Micros): number {
  const ds = p;
  let whole = 0;
  let c = b[p];
  while (p < e && c >= 48 && c <= 57) {
    whole = whole * 10 + (c - 48);
    c = b[++p];
  }
  if (p === ds || p - ds > 15) return -1;
  let ns = whole * 1000;
  let step = 1000;
  if (p < e && c === 46) {
    const fs = ++p;
    c = b[p];
    let frac = 0;
    while (p < e && c >= 48 && c <= 57) {
      frac = frac * 10 + (c - 48);
      c = b[++p];
    }
    const n = p - fs;
    if (n === 0 || n > 3) return -1;
    if (n === 1) {
      frac *= 100;
      step = 100;
    } else if (n === 2) {
      frac *= 10;
      step = 10;
    } else step = 1;
    ns += frac;
  }
  out.ns = ns;
  out.step = step;
  return p;
}

/**
 * The columns read from one line's prefix (everything before the indent of the call body) over
 * the fast path's byte window, and the readers' shared helpers. Blanks are space and tab, as
 * lineParser's skipBlanks/trimEnd read them (NBSP, their third blank, is not ASCII: a window
 * cannot hold it). Offsets are window offsets; -1 means absent, as in LineFields.
 */
export class PrefixFields {
  /** The window (also as 32-bit words), and the blank other than space (tab; none in an escaped window, where a raw tab is not string content). */
  b = new Uint8Array(0);
  w = new Int32Array(0);
  tab = 9;
  escaped = false;

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
  /** Scratch for readMicros: a value read, not yet accepted. */
  private readonly micros: Micros = { ns: 0, step: 0 };
  /** Where the indent is counted from (LineFields.bodyBase for kernel lines). */
  base = -1;
  otherColumns = false;
  /** True when the only column besides the CPU and duration columns is latency flags (parseDefault reads those). */
  onlyFlags = false;
  /** True: a trace-cmd / default-format event line (`comm-pid [cpu] ts: funcgraph_…:`). */
  event = false;

  /** Resets every result for the next line. */
  protected clear(): void {
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
    this.onlyFlags = false;
    this.event = false;
  }

  /** First offset at or after p that is not a blank (spaces 4 at a time: skipSpaces; the window ends in NUL padding). */
  blanksFrom(p: number): number {
    const b = this.b;
    const tab = this.tab;
    for (;;) {
      p = skipSpaces(b, this.w, p);
      if (b[p] !== tab) return p;
      p++;
    }
  }

  /** First offset in [p, e) that is not a blank, or e. */
  skipBlanks(p: number, e: number): number {
    const b = this.b;
    while (p < e && (b[p] === 32 || b[p] === this.tab)) p++;
    return p;
  }

  /** Offset just after the last non-blank in [s, e), or s. */
  trimEnd(s: number, e: number): number {
    const b = this.b;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === this.tab)) e--;
    return e;
  }

  /** Value of the digits b[s, e). */
  value(s: number, e: number): number {
    const b = this.b;
    let v = 0;
    for (let i = s; i < e; i++) v = v * 10 + (b[i] - 48);
    return v;
  }

  /**
   * The duration area read forward from p up to its `|`: `[mark] value[.frac] us` with at least
   * one blank before `us`, or blanks only. Returns the offset of the `|` (setting ns, step, mark),
   * or -1 when the bytes from p are anything else. Such an area is never a task (it does not end
   * in digits) nor latency flags (it holds a blank, or nothing), so a kernel line's segment loop
   * may try it before those; it is what readDuration accepts over [p, bar), or blanks.
   */
  durationBar(p: number): number {
    const b = this.b;
    const tab = this.tab;
    let c = b[p];
    while (c === 32 || c === tab) c = b[++p];
    if (c === BAR) return p;
    let mark = 32;
    if (c === 43 || c === 33 || c === 35 || c === 42 || c === 64 || c === 36) {
      mark = c;
      c = b[++p];
      while (c === 32 || c === tab) c = b[++p];
    }
    const v = this.micros;
    p = readMicros(b, p, Infinity, v);
    if (p < 0) return -1;
    c = b[p];
    if (c !== 32 && c !== tab) return -1;
    while (c === 32 || c === tab) c = b[++p];
    if (c !== 117 || b[p + 1] !== 115) return -1;
    p += 2;
    c = b[p];
    while (c === 32 || c === tab) c = b[++p];
    if (c !== BAR) return -1;
    this.ns = v.ns;
    this.step = v.step;
    this.mark = mark;
    return p;
  }

  /** lineParser's readDuration over [p, e): sets ns, step, mark; false when [p, e) is anything else. */
  duration(p: number, e: number): boolean {
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
    const v = this.micros;
    p = readMicros(b, p, e, v);
    if (p < 0) return false;
    const u = this.skipBlanks(p, e);
    if (u + 2 > e || b[u] !== 117 || b[u + 1] !== 115) return false;
    if (this.skipBlanks(u + 2, e) !== e) return false;
    this.ns = v.ns;
    this.step = v.step;
    this.mark = mark;
    return true;
  }

  /** lineParser's isLatencyFlags over [s, e). */
  flags(s: number, e: number): boolean {
    const ts = this.skipBlanks(s, e);
    const te = this.trimEnd(ts, e);
    const n = te - ts;
    if (n < 4 || n > 7) return false;
    for (let p = ts; p < te; p++) if (!flagChar(this.b[p])) return false;
    return true;
  }
}
