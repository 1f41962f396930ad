// The mutable scratch record one line parse fills in (no allocation per line).
import { LineKind, SpanKind } from './lineKinds';

/** Where a line came from when it was pasted with an outer prefix (console dump, mail quote). */
export const enum PasteKind {
  None = 0,
  /** `[  812.114248] ` printk timestamp or `<4>` log level (ftrace_dump_on_oops, dmesg). */
  Console = 1,
  /** `> ` mail quoting. */
  Quote = 2,
}

/**
 * Result of parsing one line. All offsets are absolute UTF-16 offsets into the parsed text;
 * `-1` means absent. Durations are in nanoseconds.
 */
export class LineFields {
  kind: LineKind = LineKind.Unknown;
  /** CPU number, or -1 when the line does not say. */
  cpu = -1;
  /** Task pid from the proc column or a trace-cmd prefix, or -1. */
  pid = -1;
  commStart = -1;
  commEnd = -1;
  /** Call depth (indent / 2) for entry, exit, leaf and comment lines; -1 otherwise. */
  depth = -1;
  /** Function name including a ` [module]` suffix (entry, leaf). */
  nameStart = -1;
  nameEnd = -1;
  /** Name printed in an exit's tail comment `} /* name *\/`, including a module suffix. */
  tailStart = -1;
  tailEnd = -1;
  /** True when the tail name is in the fast path's current window as ASCII bytes (see ByteWindow.tailIsName). */
  tailInWindow = false;
  /** Printed duration in ns, or -1. */
  durationNs = -1;
  /** Resolution of the printed duration in ns (1, 10, 100 or 1000). */
  durationStepNs = 1;
  /** The overhead mark character code (space when none), or -1 without a duration. */
  mark = -1;
  /** Absolute timestamp in µs (abstime column or trace-cmd timestamp), or -1. */
  timeUs = -1;
  /** Context switch: previous and next task. */
  prevPid = -1;
  prevCommStart = -1;
  prevCommEnd = -1;
  nextPid = -1;
  nextCommStart = -1;
  nextCommEnd = -1;
  /** Lost-event count, -1 when the line does not give it. */
  lostCount = -1;
  /** Offset of the `)` of the CPU column, of the duration area's `|`, and where indentation starts (-1 when absent). */
  cpuParenAt = -1;
  barAt = -1;
  bodyBase = -1;
  /** True when the line had prefix pieces besides the CPU and duration columns (abstime, task, flags). */
  otherColumns = false;
  /** True when the line starts a comment that continues on the next lines. */
  opensComment = false;
  /** True when text was found after the recognised body (a user's note). */
  annotated = false;
  /** Outer paste prefix of the line. */
  paste: PasteKind = PasteKind.None;
  /** When non-null, spans are recorded here as flat triples (kind, start, end). */
  spans: number[] | null = null;
  /**
   * Set when the line only parsed after repairing NBSP and zero-width characters: the name and
   * comm offsets then refer to this repaired copy instead of the parsed text.
   */
  normalised: string | null = null;

  /** Clears every field for the next line (keeps `spans` mode). */
  reset(): void {
    this.kind = LineKind.Unknown;
    this.cpu = -1;
    this.pid = -1;
    this.commStart = -1;
    this.commEnd = -1;
    this.depth = -1;
    this.nameStart = -1;
    this.nameEnd = -1;
    this.tailStart = -1;
    this.tailEnd = -1;
    this.tailInWindow = false;
    this.durationNs = -1;
    this.durationStepNs = 1;
    this.mark = -1;
    this.timeUs = -1;
    this.prevPid = -1;
    this.prevCommStart = -1;
    this.prevCommEnd = -1;
    this.nextPid = -1;
    this.nextCommStart = -1;
    this.nextCommEnd = -1;
    this.lostCount = -1;
    this.cpuParenAt = -1;
    this.barAt = -1;
    this.bodyBase = -1;
    this.otherColumns = false;
    this.opensComment = false;
    this.annotated = false;
    this.paste = PasteKind.None;
    this.normalised = null;
    if (this.spans !== null) this.spans.length = 0;
  }

  /** Records a span when span recording is on. */
  span(kind: SpanKind, start: number, end: number): void {
    if (this.spans !== null && end > start) this.spans.push(kind, start, end);
  }
}
