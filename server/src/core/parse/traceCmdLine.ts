// Parses lines with the generic event prefix `comm-pid [cpu] flags timestamp: event:` (trace-cmd report,
// kernel default-format lines such as `<stack trace>` and function-tracer lines).
import { parseBody } from './bodyParser';
import type { LineFields } from './lineFields';
import { LineKind, SpanKind } from './lineKinds';
import { Ch, digitsValue, findChar, isBlank, isDigit, readDuration, skipBlanks, skipDigits, trimEnd, type DurationOut } from './scan';

const dur: DurationOut = { ns: 0, step: 1, mark: 0, markAt: -1, numStart: 0, numEnd: 0 };

/** Finds `[ddd]` preceded by `comm-pid` and blanks; returns the offset of `[` or -1. */
function findCpuBracket(t: string, s: number, e: number): number {
  let p = s;
  const limit = Math.min(e, s + 200);
  while (p < limit) {
    const lb = findChar(t, Ch.LBracket, p, limit);
    if (lb < 0) return -1;
    const d = skipDigits(t, lb + 1, e);
    if (d > lb + 1 && d < e && t.charCodeAt(d) === Ch.RBracket && lb > s && isBlank(t.charCodeAt(lb - 1))) return lb;
    p = lb + 1;
  }
  return -1;
}

/**
 * Parses a trace-cmd report line or a kernel default-format line starting at s.
 * Returns false when the line does not have the generic event prefix.
 */
export function parseEventLine(t: string, s: number, e: number, f: LineFields): boolean {
  const lb = findCpuBracket(t, s, e);
  if (lb < 0) return parseCutGraphEvent(t, s, e, f);
  // comm-pid before the bracket: split on the last '-' followed by digits.
  const te = trimEnd(t, s, lb);
  let pd = te;
  while (pd > s && isDigit(t.charCodeAt(pd - 1))) pd--;
  if (pd === te || pd - 1 <= s || t.charCodeAt(pd - 1) !== Ch.Minus) return false;
  const cs = skipBlanks(t, s, pd - 1);
  if (cs >= pd - 1) return false;
  const rb = skipDigits(t, lb + 1, e);
  f.commStart = cs;
  f.commEnd = pd - 1;
  f.pid = digitsValue(t, pd, te);
  f.cpu = digitsValue(t, lb + 1, rb);
  f.span(SpanKind.Task, cs, pd - 1);
  f.span(SpanKind.Pid, pd, te);
  f.span(SpanKind.Cpu, lb, rb + 1);
  // Optional flags, then the timestamp `secs.frac:` (or `ticks:`).
  let p = skipBlanks(t, rb + 1, e);
  let tsEnd = -1;
  for (let k = 0; k < 2 && p < e; k++) {
    const q = skipDigits(t, p, e);
    let r = q;
    if (q > p && r < e && t.charCodeAt(r) === Ch.Dot) r = skipDigits(t, r + 1, e);
    if (q > p && r < e && t.charCodeAt(r) === Ch.Colon) {
      const dot = findChar(t, Ch.Dot, p, r);
      f.timeUs = dot >= 0 ? digitsValue(t, p, dot) * 1e6 + fracMicros(t, dot + 1, r) : digitsValue(t, p, r);
      f.span(SpanKind.Timestamp, p, r);
      tsEnd = r + 1;
      break;
    }
    // A flags token such as `d..2.` (and `(+N)` ts-diff) comes before the timestamp.
    let w = p;
    while (w < e && !isBlank(t.charCodeAt(w))) w++;
    if (w - p > 8) return false;
    f.span(SpanKind.LatencyFlags, p, w);
    p = skipBlanks(t, w, e);
  }
  if (tsEnd < 0) return false;
  p = skipBlanks(t, tsEnd, e);
  // Event name up to ':'.
  const ns = p;
  while (p < e && !isBlank(t.charCodeAt(p)) && t.charCodeAt(p) !== Ch.Colon) p++;
  if (p < e && t.charCodeAt(p) === Ch.Colon && p > ns) {
    f.span(SpanKind.EventName, ns, p);
    const name = t.slice(ns, p);
    if (name === 'funcgraph_entry' || name === 'funcgraph_exit' || name === 'fgraph_retaddr_entry') {
      if (parseGraphInfo(t, p + 1, e, f)) return true;
    }
    f.kind = LineKind.Event;
    f.span(SpanKind.CommentText, skipBlanks(t, p + 1, e), trimEnd(t, p + 1, e));
    return true;
  }
  // Kernel default-format line without an event label: `<stack trace>`, `func <-parent`, `tracing_mark_write: …`.
  f.kind = LineKind.Event;
  f.span(SpanKind.CommentText, ns, trimEnd(t, ns, e));
  return true;
}

/**
 * A trace-cmd graph line cut down to its timestamp, as people paste them:
 * `380.620150: funcgraph_entry:        0.285 us   |    iommu_get_dma_domain();`. Only the graph
 * events are accepted without the `comm-pid [cpu]` prefix (any `N.N: word:` text would match a
 * looser rule); task and CPU stay unknown.
 */
function parseCutGraphEvent(t: string, s: number, e: number, f: LineFields): boolean {
  const p = skipBlanks(t, s, e);
  const q = skipDigits(t, p, e);
  if (q === p || q >= e || t.charCodeAt(q) !== Ch.Dot) return false;
  const r = skipDigits(t, q + 1, e);
  if (r === q + 1 || r >= e || t.charCodeAt(r) !== Ch.Colon) return false;
  const ns = skipBlanks(t, r + 1, e);
  if (ns === r + 1) return false;
  let ne = ns;
  while (ne < e && !isBlank(t.charCodeAt(ne)) && t.charCodeAt(ne) !== Ch.Colon) ne++;
  if (ne >= e || t.charCodeAt(ne) !== Ch.Colon) return false;
  const name = t.slice(ns, ne);
  if (name !== 'funcgraph_entry' && name !== 'funcgraph_exit' && name !== 'fgraph_retaddr_entry') return false;
  f.timeUs = digitsValue(t, p, q) * 1e6 + fracMicros(t, q + 1, r);
  f.span(SpanKind.Timestamp, p, r);
  f.span(SpanKind.EventName, ns, ne);
  return parseGraphInfo(t, ne + 1, e, f);
}

/** Microseconds from fractional-second digits [s, e) (6 digits, or 9 for nanoseconds). */
function fracMicros(t: string, s: number, e: number): number {
  const v = digitsValue(t, s, e);
  const n = e - s;
  return n === 6 ? v : v / Math.pow(10, n - 6);
}

/** The part after `funcgraph_entry:` / `funcgraph_exit:`: duration area, `|`, indent, body. */
function parseGraphInfo(t: string, p: number, e: number, f: LineFields): boolean {
  const bar = findChar(t, Ch.Bar, p, e);
  if (bar < 0) return false;
  if (readDuration(t, p, bar, dur)) {
    f.durationNs = dur.ns;
    f.durationStepNs = dur.step;
    f.mark = dur.mark;
    if (dur.markAt >= 0) f.span(SpanKind.Mark, dur.markAt, dur.markAt + 1);
    f.span(SpanKind.Duration, dur.numStart, dur.numEnd);
  } else if (skipBlanks(t, p, bar) !== bar) return false;
  f.span(SpanKind.Separator, bar, bar + 1);
  const base = bar + 3;
  const b = skipBlanks(t, bar + 1, e);
  if (!parseBody(t, b, e, f, false)) return false;
  f.depth = b > base ? (b - base) >> 1 : 0;
  return f.kind === LineKind.Entry || f.kind === LineKind.Exit || f.kind === LineKind.Leaf;
}
