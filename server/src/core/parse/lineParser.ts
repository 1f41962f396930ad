// Classifies one line of any function_graph text layout and fills a LineFields record (no allocation on the hot path).
import { parseBody } from './bodyParser';
import { isTraceHeaderLine } from './header';
import { LineFields, PasteKind } from './lineFields';
import { LineKind, SpanKind } from './lineKinds';
import {
  Ch, digitsValue, endsAt, findChar, findStr, isDigit, readDuration, skipBlanks, skipDigits,
  startsAt, trimEnd, type DurationOut,
} from './scan';
import { parseEventLine } from './traceCmdLine';

const dur: DurationOut = { ns: 0, step: 1, mark: 0, markAt: -1, numStart: 0, numEnd: 0 };
const LOST_RE = /^CPU:(\d+) \[(?:LOST (?:(\d+) )?EVENTS|(?:(\d+) )?EVENTS DROPPED)\]\s*$/;
const CPU_INFO_RE = /^CPU:\d+ \[SUBBUFFER START\]\s*$|^CPU \d+ is empty\s*$/;
const BUFFER_STARTED_RE = /^##### CPU (\d+) buffer started ####\s*$/;
const OVERRUN_RE = /^ \(Overruns: \d+\)\s*$/;
const FRAME_RE = /^ => \S/;
const INFO_RE = /^(?:cpus=\d+|version = \d+)\s*$/;
const CONSOLE_RE = /^(?:<\d>)?\[ *\d+\.\d+\] |^<\d>/;
const ZERO_WIDTH_RE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

/**
 * Parses the line [s, e) of `t` (e excludes the line break; a trailing CR is ignored) into `f`.
 * `inComment` says the previous line opened a multi-line comment.
 * Never throws; a line that is not trace text gets {@link LineKind.Unknown}.
 */
export function parseLine(t: string, s: number, e: number, f: LineFields, inComment = false): void {
  f.reset();
  if (e > s && t.charCodeAt(e - 1) === 13) e--;
  if (e > s && t.charCodeAt(s) === 0xfeff) s++;
  const b = skipBlanks(t, s, e);
  if (b === e) {
    f.kind = LineKind.Blank;
    return;
  }
  if (inComment && parseContinuation(t, s, e, f)) return;
  if (endsAt(t, '[LINE TOO BIG]', s, trimEnd(t, s, e))) {
    f.kind = LineKind.LineTooBig;
    f.span(SpanKind.Annotation, s, e);
    return;
  }
  const c = t.charCodeAt(s);
  if (c === Ch.Hash && parseHash(t, s, e, f)) return;
  if (c === 67 /* C */ && startsAt(t, 'CPU', s, e) && parseCpuNotice(t, s, e, f)) return;
  if ((c === 99 /* c */ || c === 118 /* v */) && INFO_RE.test(t.slice(s, e))) {
    f.kind = LineKind.Info;
    f.span(SpanKind.Header, s, e);
    return;
  }
  if (c === Ch.Space && parseSpaceSpecial(t, s, e, f)) return;
  if (parseTraceLine(t, s, e, f)) return;
  if ((c === Ch.LBracket || c === Ch.Lt || c === Ch.Gt) && parsePasted(t, s, e, f)) return;
  if (hasInvisible(t, s, e)) parseNormalised(t, s, e, f);
}

/** A graph line (kernel layouts) or an event-prefixed line (trace-cmd, default format). */
function parseTraceLine(t: string, s: number, e: number, f: LineFields): boolean {
  if (parseGraphLine(t, s, e, f)) return true;
  f.reset();
  if (parseEventLine(t, s, e, f)) return true;
  f.reset();
  return false;
}

/** Lines pasted from a console (`[ 812.114248] `, `<4>`) or quoted in mail (`> `). */
function parsePasted(t: string, s: number, e: number, f: LineFields): boolean {
  let p = s;
  let paste = PasteKind.Console;
  if (t.charCodeAt(s) === Ch.Gt) {
    paste = PasteKind.Quote;
    while (p < e && t.charCodeAt(p) === Ch.Gt) {
      p++;
      if (p < e && t.charCodeAt(p) === Ch.Space) p++;
    }
  } else {
    const m = CONSOLE_RE.exec(t.slice(s, Math.min(e, s + 40)));
    if (!m) return false;
    p = s + m[0].length;
  }
  if (p >= e) return false;
  if (!parseTraceLine(t, p, e, f) && !(t.charCodeAt(p) === Ch.Space && parseSpaceSpecial(t, p, e, f))) return false;
  f.paste = paste;
  f.span(SpanKind.PastePrefix, s, p);
  return true;
}

/** Retries a line after mapping NBSP to space and dropping zero-width characters (editor and mail damage). */
function parseNormalised(t: string, s: number, e: number, f: LineFields): void {
  const fixed = t.slice(s, e).replace(/\u00a0/g, ' ').replace(ZERO_WIDTH_RE, '');
  const g = new LineFields();
  parseLine(fixed, 0, fixed.length, g);
  if (g.kind === LineKind.Unknown) return;
  // Only the classification and the numbers carry over: offsets refer to the repaired copy.
  f.reset();
  f.kind = g.kind;
  f.cpu = g.cpu;
  f.pid = g.pid;
  f.depth = g.depth;
  f.durationNs = g.durationNs;
  f.durationStepNs = g.durationStepNs;
  f.mark = g.mark;
  f.annotated = true;
  f.normalised = fixed;
  f.nameStart = g.nameStart;
  f.nameEnd = g.nameEnd;
  f.tailStart = g.tailStart;
  f.tailEnd = g.tailEnd;
  f.commStart = g.commStart;
  f.commEnd = g.commEnd;
}

/** True when the line holds NBSP or zero-width characters. */
function hasInvisible(t: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = t.charCodeAt(p);
    if (c === 0xa0 || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) return true;
  }
  return false;
}

/** Continuation of a multi-line comment, unless the line is clearly a new trace line. */
function parseContinuation(t: string, s: number, e: number, f: LineFields): boolean {
  const p = skipBlanks(t, s, e);
  const d = skipDigits(t, p, e);
  if (d > p && d < e && t.charCodeAt(d) === Ch.RParen && findChar(t, Ch.Bar, d, e) >= 0) return false;
  const te = trimEnd(t, s, e);
  f.kind = LineKind.CommentContinuation;
  f.opensComment = !endsAt(t, '*/', s, te);
  f.span(SpanKind.CommentText, s, te);
  return true;
}

/**
 * `#` lines: buffer-started notices and headers. Returns false for other `#` lines: a `#` duration
 * mark without the CPU column, or text that is not trace (Markdown headings, root prompts).
 */
function parseHash(t: string, s: number, e: number, f: LineFields): boolean {
  const line = t.slice(s, e);
  const m = BUFFER_STARTED_RE.exec(line);
  if (m) {
    f.kind = LineKind.BufferStarted;
    f.cpu = Number(m[1]);
  } else if (isTraceHeaderLine(line)) {
    f.kind = LineKind.Header;
  } else return false;
  f.span(SpanKind.Header, s, e);
  return true;
}

/** `CPU:n [LOST N EVENTS]`, `CPU:n [N EVENTS DROPPED]` and trace-cmd's other CPU notices. */
function parseCpuNotice(t: string, s: number, e: number, f: LineFields): boolean {
  const line = t.slice(s, e);
  const m = LOST_RE.exec(line);
  if (m) {
    f.kind = LineKind.LostEvents;
    f.cpu = Number(m[1]);
    const n = m[2] ?? m[3];
    f.lostCount = n === undefined ? -1 : Number(n);
    f.span(SpanKind.Cpu, s, s + 4 + m[1].length);
    f.span(SpanKind.LostCount, s + 4 + m[1].length + 1, trimEnd(t, s, e));
    return true;
  }
  if (CPU_INFO_RE.test(line)) {
    f.kind = LineKind.Info;
    f.span(SpanKind.Header, s, e);
    return true;
  }
  return false;
}

/** Lines that start with a blank and are not graph lines: banner rule, overruns, stack frames. */
function parseSpaceSpecial(t: string, s: number, e: number, f: LineFields): boolean {
  const c1 = s + 1 < e ? t.charCodeAt(s + 1) : 0;
  if (c1 === Ch.Minus) {
    const te = trimEnd(t, s, e);
    let p = s + 1;
    while (p < te && t.charCodeAt(p) === Ch.Minus) p++;
    if (p === te && te - s > 20) {
      f.kind = LineKind.BannerRule;
      f.span(SpanKind.Separator, s + 1, te);
      return true;
    }
    return false;
  }
  if (c1 === Ch.LParen && OVERRUN_RE.test(t.slice(s, e))) {
    f.kind = LineKind.Overrun;
    f.span(SpanKind.Annotation, s + 1, trimEnd(t, s, e));
    return true;
  }
  if (c1 === Ch.Eq && FRAME_RE.test(t.slice(s, Math.min(e, s + 8)))) {
    f.kind = LineKind.StackFrame;
    f.span(SpanKind.FunctionName, s + 4, trimEnd(t, s, e));
    return true;
  }
  return false;
}

/** Splits `comm-pid` in [s, e) on the last `-digits`; returns the pid or -1, filling comm offsets. */
function splitTask(t: string, s: number, e: number, out: { cs: number; ce: number }): number {
  const te = trimEnd(t, s, e);
  const ts = skipBlanks(t, s, te);
  let d = te;
  while (d > ts && isDigit(t.charCodeAt(d - 1))) d--;
  if (d === te || d - 1 <= ts || t.charCodeAt(d - 1) !== Ch.Minus || te - d > 9) return -1;
  out.cs = ts;
  out.ce = d - 1;
  return digitsValue(t, d, te);
}

const task = { cs: 0, ce: 0 };

/** True when [s, e) trimmed is a latency-flags field such as `d..2.` (4 to 7 of `[.A-Za-z0-9]`). */
function isLatencyFlags(t: string, s: number, e: number): boolean {
  const ts = skipBlanks(t, s, e);
  const te = trimEnd(t, ts, e);
  const n = te - ts;
  if (n < 4 || n > 7) return false;
  for (let p = ts; p < te; p++) {
    const c = t.charCodeAt(p);
    if (!(c === Ch.Dot || isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/**
 * Kernel graph line: `[abstime |][reltime |][ N)][ comm-pid |][ flags |][ duration |]  indent body`,
 * every piece optional; also the context-switch banner line.
 */
function parseGraphLine(t: string, s: number, e: number, f: LineFields): boolean {
  let p = s;
  let base = -1;
  // ABSTIME `secs.usecs |` or REL TIME `N us |`.
  for (let k = 0; k < 2; k++) {
    const q = skipBlanks(t, p, e);
    const d = skipDigits(t, q, e);
    if (d === q || d >= e) break;
    const c = t.charCodeAt(d);
    if (c === Ch.Dot) {
      const fe = skipDigits(t, d + 1, e);
      const r = skipBlanks(t, fe, e);
      if (fe === d + 1 || r >= e || t.charCodeAt(r) !== Ch.Bar) break;
      f.timeUs = digitsValue(t, q, d) * 1e6 + digitsValue(t, d + 1, Math.min(fe, d + 7));
      f.span(SpanKind.AbsTime, q, fe);
      f.otherColumns = true;
      f.span(SpanKind.Separator, r, r + 1);
      p = r + 1;
    } else if (c === Ch.Space && startsAt(t, ' us', d, e)) {
      const r = skipBlanks(t, d + 3, e);
      if (r >= e || t.charCodeAt(r) !== Ch.Bar) break;
      f.span(SpanKind.RelTime, q, d + 3);
      f.otherColumns = true;
      f.span(SpanKind.Separator, r, r + 1);
      p = r + 1;
    } else break;
    base = p + 2;
  }
  // CPU ` N) `.
  {
    const q = skipBlanks(t, p, e);
    const d = skipDigits(t, q, e);
    if (d > q && d - q <= 4 && d < e && t.charCodeAt(d) === Ch.RParen) {
      f.cpu = digitsValue(t, q, d);
      f.cpuParenAt = d;
      f.span(SpanKind.Cpu, q, d + 1);
      p = d + 1;
      base = p + 1;
      if (findChar(t, Ch.Bar, p, e) < 0 && parseBanner(t, p, e, f)) return true;
    }
  }
  // Bar-terminated segments: task, latency flags, duration area (or irq arrow).
  let sawTask = false;
  let sawFlags = false;
  for (;;) {
    const bar = findChar(t, Ch.Bar, p, e);
    if (bar < 0) break;
    if (!sawTask && !sawFlags) {
      const pid = splitTask(t, p, bar, task);
      if (pid >= 0 && !(bar + 1 < e && t.charCodeAt(bar + 1) === Ch.Bar)) {
        f.pid = pid;
        f.commStart = task.cs;
        f.commEnd = task.ce;
        f.span(SpanKind.Task, task.cs, task.ce);
        f.span(SpanKind.Pid, task.ce + 1, trimEnd(t, task.ce, bar));
        f.span(SpanKind.Separator, bar, bar + 1);
        sawTask = true;
        f.otherColumns = true;
        p = bar + 1;
        base = p + 1;
        continue;
      }
    }
    if (!sawFlags && isLatencyFlags(t, p, bar)) {
      const ts = skipBlanks(t, p, bar);
      f.span(SpanKind.LatencyFlags, ts, trimEnd(t, ts, bar));
      f.span(SpanKind.Separator, bar, bar + 1);
      sawFlags = true;
      f.otherColumns = true;
      p = bar + 1;
      base = p + 1;
      continue;
    }
    if (readDuration(t, p, bar, dur)) {
      f.durationNs = dur.ns;
      f.durationStepNs = dur.step;
      f.mark = dur.mark;
      if (dur.markAt >= 0) f.span(SpanKind.Mark, dur.markAt, dur.markAt + 1);
      f.span(SpanKind.Duration, dur.numStart, dur.numEnd);
    } else if (skipBlanks(t, p, bar) !== bar) {
      const a = skipBlanks(t, p, bar);
      if (startsAt(t, '==========>', a, bar) || startsAt(t, '<==========', a, bar)) {
        if (skipBlanks(t, bar + 1, e) !== e) return false;
        f.kind = t.charCodeAt(a) === Ch.Eq ? LineKind.IrqEntry : LineKind.IrqExit;
        f.span(SpanKind.Arrow, a, a + 11);
        f.span(SpanKind.Separator, bar, bar + 1);
        return true;
      }
      break;
    }
    f.span(SpanKind.Separator, bar, bar + 1);
    f.barAt = bar;
    p = bar + 1;
    base = p + 2;
    break;
  }
  const bare = base < 0;
  if (bare) base = s;
  const b = skipBlanks(t, p, e);
  if (!parseBody(t, b, e, f, bare)) return false;
  if (f.kind === LineKind.IrqEntry || f.kind === LineKind.IrqExit) return true;
  f.depth = b > base ? (b - base) >> 1 : 0;
  f.bodyBase = base;
  // A duration belongs only on leaf and exit lines; a prefix-less line must look like a graph body.
  if (f.durationNs >= 0 && f.kind !== LineKind.Leaf && f.kind !== LineKind.Exit) return false;
  return true;
}

/** Context-switch banner line 2: ` N) prev-pid => next-pid` (p is just after `)`). */
function parseBanner(t: string, p: number, e: number, f: LineFields): boolean {
  const arrow = findStr(t, ' => ', p, e);
  if (arrow < 0) return false;
  const prev = splitTask(t, p, arrow, task);
  if (prev < 0) return false;
  f.prevPid = prev;
  f.prevCommStart = task.cs;
  f.prevCommEnd = task.ce;
  const next = splitTask(t, arrow + 4, e, task);
  if (next < 0) return false;
  f.nextPid = next;
  f.nextCommStart = task.cs;
  f.nextCommEnd = task.ce;
  f.kind = LineKind.ContextSwitch;
  f.span(SpanKind.Task, f.prevCommStart, f.prevCommEnd);
  f.span(SpanKind.Pid, f.prevCommEnd + 1, trimEnd(t, f.prevCommEnd, arrow));
  f.span(SpanKind.BannerArrow, arrow + 1, arrow + 3);
  f.span(SpanKind.Task, f.nextCommStart, f.nextCommEnd);
  f.span(SpanKind.Pid, f.nextCommEnd + 1, trimEnd(t, f.nextCommEnd, e));
  return true;
}
