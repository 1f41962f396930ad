// Fast path of the line parser, read from an ASCII byte copy of the text: the default layout (` N) ` CPU column, duration column, plain call body), the other columns (fastColumns.ts), lines without any and banner lines (fastBare.ts, fastBanner.ts), exactly parseLine's result.
import { barStop } from '../parse/barSearch';
import { parseCallTail } from '../parse/bodyParser';
import { flagChar, irqsOffChar, readMicros, type Micros } from './fastPrefix';
import { BareWindow } from './fastBare';
import { TAIL_NONE, TAIL_TEXT, textEnd } from './fastWindow';
import type { Interner } from '../build/interner';
import type { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';

// Kinds as plain numbers: the hot loop must not read enum objects when run unbundled.
const KIND_ENTRY: number = LineKind.Entry;
const KIND_EXIT: number = LineKind.Exit;
const KIND_LEAF: number = LineKind.Leaf;

/**
 * Byte-level line parser: the default shape `[blanks]N) [mark] [value us] |[indent]body`
 * (parseDefault), the other layouts' columns (abstime, task, latency flags, no duration
 * column, trace-cmd funcgraph events; fastColumns.ts) with argument lists and tails (parseOther),
 * lines without any column (parseBare, fastBare.ts) and the lines of context-switch banners
 * (parseBannerLine, fastBanner.ts).
 *
 * It accepts a line only when {@link parseLine} would classify it the same way and fill the
 * same fields (it checks every byte it skips), so results never depend on which path read a
 * line; anything else (comments, arrows, headers, odd spacing, `[LINE TOO BIG]`, non-call
 * events) is left to parseLine. The caller guarantees `!inComment`.
 */
export class FastLayout extends BareWindow {
  /** Name id of the last accepted entry or leaf line (interned from the bytes), else -1. */
  nameId = -1;
  /**
   * True when the last accepted line was a plain call line (a CPU column, or none and a duration
   * column; nothing after `{`, `;` or `}` but a comment, which on an exit may name its function):
   * then `f` was not reset and only kind, cpu, pid, depth, durationNs, durationStepNs and tailStart
   * were set, with commStart and commEnd when pid >= 0 (a task column) and tailEnd and normalised
   * (null) when tailStart >= 0 (the exit's comment names its function). False: `f` is complete, as
   * parseLine leaves it (without spans).
   */
  simple = false;
  /** Scratch for readMicros. */
  private readonly micros: Micros = { ns: 0, step: 0 };
  /** True when the last line parseOther read has no arguments and nothing after its body (parseDefault would read its body). */
  private plainBody = false;
  constructor(interner: Interner) {
    super(interner);
  }

  /**
   * Parses the line at window offset p (text offset p + delta). On success fills `f` (offsets in
   * the text) and returns the window offset of the line's `\n`; returns -1 to defer the line to parseLine.
   */
  parse(p: number, f: LineFields): number {
    // Every reader gives parseLine's result or nothing, so the order only matters for speed:
    // first the one that read the last line it was given.
    const bare = this.bare;
    const banner = this.banner;
    let nl = bare ? this.parseBare(p, f) : banner ? this.parseBannerLine(p, f) : this.parseColumns(p, f);
    if (nl >= 0) return nl;
    if ((bare || banner) && (nl = this.parseColumns(p, f)) >= 0) {
      this.bare = this.banner = false;
      return nl;
    }
    if (!bare && (nl = this.parseBare(p, f)) >= 0) {
      this.bare = true;
      this.banner = false;
      return nl;
    }
    if (!banner && (nl = this.parseBannerLine(p, f)) >= 0) {
      this.bare = false;
      this.banner = true;
    }
    return nl;
  }

  /** {@link FastLayout.parse} for the lines with columns: parseDefault, parseOther. */
  private parseColumns(p: number, f: LineFields): number {
    if (this.other) {
      const nl = this.parseOther(p, f);
      if (nl >= 0) {
        // A line parseDefault reads (a CPU column and nothing else, no duration column; a CPU
        // column, latency flags, a duration column and a plain body; or no CPU column, a duration
        // column and a plain body): parseDefault reads the next such line first.
        const x = this.prefix;
        if (!x.event && !x.hash && (x.onlyFlags ? x.cpu >= 0 && x.barAt >= 0 && this.plainBody : !x.otherColumns && (x.cpu >= 0 ? x.barAt < 0 : x.barAt >= 0 && this.plainBody))) this.other = false;
        return nl;
      }
      const d = this.parseDefault(p, f);
      if (d >= 0) this.other = false;
      return d;
    }
    const nl = this.parseDefault(p, f);
    if (nl >= 0) return nl;
    const o = this.parseOther(p, f);
    if (o >= 0) this.other = true;
    return o;
  }

  /** {@link FastLayout.parse} for the default layout (` N) `, duration area, body). */
  private parseDefault(p: number, f: LineFields): number {
    const b = this.b;
    let q = p;
    let c = b[q];
    // Leading blanks: one before a CPU column (` 0) `), up to 14 before a duration area without one.
    if (c === 32) {
      c = b[++q];
      if (c === 32) {
        q = this.skipBlanks(q);
        c = b[q];
      }
    }
    // CPU: 1 to 4 digits, then `)`.
    const d0 = q;
    let cpu = 0;
    while (c >= 48 && c <= 57) {
      cpu = cpu * 10 + (c - 48);
      c = b[++q];
    }
    let paren = -1;
    if (q > d0 && q - d0 <= 4 && c === 41) {
      paren = q;
      // After the CPU column's blanks: the duration area, or the body when there is no such column.
      c = b[++q];
      if (c === 32) {
        q = this.skipBlanks(q);
        c = b[q];
      }
    } else if (this.noCpuStart(d0, q)) {
      // No CPU column (funcgraph-cpu off): the duration area from the first non-blank.
      cpu = -1;
      q = d0;
      c = b[q];
    } else return -1;
    // Latency flags (the latency-format option's `d.h2.`): 4 to 7 flag characters, the first an
    // irqs-off one (other lines are left to parseOther), blanks and `|` right after the CPU
    // column, a segment ColumnPrefix.kernel reads as flags (no `-`: not a task; no blank before
    // `us`: not a duration). The duration area follows.
    let flags = false;
    if (paren >= 0 && irqsOffChar(c)) {
      let r = q + 1;
      while (r - q < 8 && flagChar(b[r])) r++;
      if (r - q >= 4 && r - q <= 7) {
        let s = r;
        while (b[s] === 32) s++;
        if (b[s] === 124) {
          flags = true;
          q = s + 1;
          c = b[q];
          if (c === 32) {
            q = this.skipBlanks(q);
            c = b[q];
          }
        }
      }
    }
    let ns = -1;
    let step = 1;
    let mark = -1;
    // Where the duration column's `|` is (-1: none), and where the indent is counted from.
    let bar = -1;
    let base: number;
    if (paren >= 0 && !flags && ((c >= 97 && c <= 122) || c === 95 || c === 125 || (c >= 65 && c <= 90))) {
      // No duration column (funcgraph-duration off): the body right after the CPU column's
      // blanks, as ColumnPrefix.kernel reads it when no `|` follows (else the text before it is a
      // column) and no ` => ` (a banner's switch line, tried first there); not in an escaped window.
      if (this.escaped || !this.noColumnAfter(q)) return -1;
      base = paren + 2;
    } else {
      // Duration area up to `|`: blanks, or `[mark] value[.frac] us` padded with blanks.
      if (c !== 124) {
        mark = 32;
        if (c === 43 || c === 33 || c === 35 || c === 42 || c === 64 || c === 36) {
          mark = c;
          c = b[++q];
          while (c === 32) c = b[++q];
        }
        const v = this.micros;
        q = readMicros(b, q, Infinity, v);
        if (q < 0) return -1;
        ns = v.ns;
        step = v.step;
        c = b[q];
        // A blank before `us` (as the kernel prints): `1.51us` alone would read as latency flags.
        if (c !== 32) return -1;
        while (c === 32) c = b[++q];
        if (c !== 117 || b[q + 1] !== 115) return -1;
        q += 2;
        c = b[q];
        while (c === 32) c = b[++q];
        if (c !== 124) return -1;
      }
      bar = q;
      base = bar + 3;
      // Indent, then the body: `}`, or `name[ [module]]() {` / `name[ [module]]();`.
      c = b[++q];
      if (c === 32) {
        q = this.skipBlanks(q);
        c = b[q];
      }
    }
    const body = q;
    let kind: number;
    let end: number;
    if (c === 125) {
      kind = KIND_EXIT;
      end = q + 1;
    } else {
      q = this.name(q);
      if (q < 0 || b[q + 1] !== 41) return -1;
      c = b[q + 2];
      if (c === 59) {
        kind = KIND_LEAF;
        end = q + 3;
      } else if (c === 32 && b[q + 3] === 123) {
        if (ns >= 0) return -1;
        kind = KIND_ENTRY;
        end = q + 4;
      } else return -1;
    }
    const lp = q;
    const nl = this.lineEnd(p, end, kind === KIND_EXIT);
    if (nl < 0) return -1;
    const tail = this.tailState;
    // A tail after the body of a line without a duration column: the other layouts' reader's.
    if (bar < 0 && tail !== TAIL_NONE) return -1;
    const depth = body > base ? (body - base) >> 1 : 0;
    this.nameId = kind === KIND_EXIT ? -1 : this.intern(body, lp, this.known);
    if (tail !== TAIL_TEXT) {
      // A plain line: only the fields a call line's builder step reads (see `simple`).
      this.simple = true;
      f.kind = kind;
      f.cpu = cpu;
      f.pid = -1;
      f.depth = depth;
      f.durationNs = ns;
      f.durationStepNs = step;
      this.plainTail(tail, f);
      return nl;
    }
    const delta = this.delta;
    this.simple = false;
    f.reset();
    f.kind = kind;
    f.cpu = cpu;
    if (paren >= 0) f.cpuParenAt = paren + delta;
    f.barAt = bar + delta;
    f.bodyBase = base + delta;
    f.depth = depth;
    f.durationNs = ns;
    f.durationStepNs = step;
    f.mark = mark;
    f.otherColumns = flags;
    if (kind === KIND_EXIT) this.exitTail(tail, end, nl, f);
    else {
      f.nameStart = body + delta;
      f.nameEnd = lp + delta;
      parseCallTail(this.t, end + delta, textEnd(this.t, nl + delta), f);
    }
    return nl;
  }

  /**
   * True when a line whose first non-blank is at d0 (after spaces only) and whose leading digits
   * end at q, not at a CPU's `)`, may start with the duration area (no CPU column) as
   * ColumnPrefix.kernel reads it: a `|`, a mark other than `#`, or digits and a `.` (an abstime
   * `secs.usecs |` is rejected later by the duration's reader, and a REL TIME `N us` without a `.`
   * is left to parseLine, as kernel leaves it).
   */
  private noCpuStart(d0: number, q: number): boolean {
    const c = this.b[q];
    if (q > d0) return c === 46;
    return c === 124 || c === 43 || c === 33 || c === 42 || c === 64 || c === 36;
  }

  /** True when the line from window offset q holds no `|` and no ` => ` (see parseDefault's lines without a duration column). */
  private noColumnAfter(q: number): boolean {
    const b = this.b;
    const w = this.w;
    for (let k = q; ; k++) {
      k = barStop(b, w, k);
      const c = b[k];
      if (c === 124) return false;
      if (c === 10 || c === 0) return true;
      if (b[k + 1] === 62 && b[k - 1] === 32 && b[k + 2] === 32) return false;
    }
  }

  /**
   * {@link FastLayout.parse} for the other layouts: the columns ColumnPrefix reads (abstime,
   * CPU, task, latency flags, duration; or a trace-cmd funcgraph event prefix), then an entry,
   * leaf or exit body with arguments and tails as parseCall / parseExitTail read them.
   * Windows without text take lines with a CPU and no tail only.
   */
  private parseOther(p: number, f: LineFields): number {
    const x = this.prefix;
    let q = x.read(p);
    // Without text: no line without a CPU (the caller records a task's line when it knows the task's name).
    if (q < 0 || (this.textless && x.cpu < 0)) return -1;
    const b = this.b;
    let c = b[q];
    if (c === 32) {
      q = this.skipBlanks(q);
      c = b[q];
    }
    const body = q;
    let kind: number;
    let end: number;
    let lp = -1;
    if (c === 125) {
      kind = KIND_EXIT;
      end = q + 1;
    } else {
      q = this.name(q);
      if (q < 0) return -1;
      lp = q;
      // Arguments: parentheses matched as parseCall matches them (control bytes, and quotes and
      // backslashes in a JSON window, are left to parseLine).
      const esc = this.escaped;
      let depth = 0;
      for (;;) {
        c = b[q];
        if (c > 41) {
          if (c > 126 || (c === 92 && esc)) return -1;
        } else if (c === 40) depth++;
        else if (c === 41) {
          if (--depth === 0) break;
        } else if (c < 32 || (c === 34 && esc)) return -1;
        q++;
      }
      c = b[q + 1];
      if (c === 59) {
        kind = KIND_LEAF;
        end = q + 2;
      } else if (c === 32 && b[q + 2] === 123) {
        // A kernel line gives durations to leaves and exits only.
        if (x.ns >= 0 && !x.event) return -1;
        kind = KIND_ENTRY;
        end = q + 3;
      } else return -1;
    }
    const nl = this.lineEnd(p, end, kind === KIND_EXIT);
    if (nl < 0) return -1;
    const tail = this.tailState;
    this.plainBody = tail === TAIL_NONE && (lp < 0 || q === lp + 1);
    // Any text could end a `#` line as a header pattern does (`… FUNCTION CALLS`).
    if (tail === TAIL_TEXT && x.hash) return -1;
    const base = x.base;
    const depth = body > base ? (body - base) >> 1 : 0;
    this.nameId = kind === KIND_EXIT ? -1 : this.intern(body, lp, this.known);
    const delta = this.delta;
    if (tail !== TAIL_TEXT && x.cpu >= 0) {
      // A plain line, also with a task and an exit's comment naming the function (see `simple`).
      this.simple = true;
      f.kind = kind;
      f.cpu = x.cpu;
      const pid = x.pid;
      f.pid = pid;
      if (pid >= 0) {
        f.commStart = x.commStart >= 0 ? x.commStart + delta : -1;
        f.commEnd = x.commStart >= 0 ? x.commEnd + delta : -1;
      }
      f.depth = depth;
      f.durationNs = x.ns;
      f.durationStepNs = x.step;
      this.plainTail(tail, f);
      return nl;
    }
    this.simple = false;
    f.reset();
    f.kind = kind;
    f.cpu = x.cpu;
    f.pid = x.pid;
    if (x.commStart >= 0) {
      f.commStart = x.commStart + delta;
      f.commEnd = x.commEnd + delta;
    }
    f.depth = depth;
    f.durationNs = x.ns;
    f.durationStepNs = x.step;
    f.mark = x.mark;
    f.timeUs = x.timeUs;
    if (!x.event) {
      if (x.cpuParenAt >= 0) f.cpuParenAt = x.cpuParenAt + delta;
      if (x.barAt >= 0) f.barAt = x.barAt + delta;
      f.bodyBase = base + delta;
      f.otherColumns = x.otherColumns;
    }
    if (kind === KIND_EXIT) this.exitTail(tail, end, nl, f);
    else {
      f.nameStart = body + delta;
      f.nameEnd = lp + delta;
      if (tail === TAIL_TEXT) parseCallTail(this.t, end + delta, textEnd(this.t, nl + delta), f);
    }
    return nl;
  }
}
