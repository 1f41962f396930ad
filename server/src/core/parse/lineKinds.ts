// Line kinds and column-span kinds of the ftrace function_graph text formats.

/** What one input line is. Stored as a byte per line in the model. */
export const enum LineKind {
  /** Not trace text: shell prompts, Markdown, prose, binary junk. */
  Unknown = 0,
  /** Empty or whitespace-only line. */
  Blank = 1,
  /** `#` header, column header, latency banner or legend line. */
  Header = 2,
  /** Call entry `f() {`. */
  Entry = 3,
  /** Call exit `}` (optionally `} /* f *\/`). */
  Exit = 4,
  /** Leaf call `f();` with its duration. */
  Leaf = 5,
  /** Comment event `/* … *\/` (trace_printk, trace_marker, other events). */
  Comment = 6,
  /** Second or later line of a multi-line comment event. */
  CommentContinuation = 7,
  /** IRQ entry arrow `==========>`. */
  IrqEntry = 8,
  /** IRQ return arrow `<==========`. */
  IrqExit = 9,
  /** Dashed rule around a context-switch banner. */
  BannerRule = 10,
  /** Context-switch banner ` N) prev-1 => next-2`. */
  ContextSwitch = 11,
  /** `CPU:n [LOST N EVENTS]` or trace-cmd `CPU:n [N EVENTS DROPPED]`. */
  LostEvents = 12,
  /** `##### CPU n buffer started ####`. */
  BufferStarted = 13,
  /** ` (Overruns: N)` after an exit (funcgraph-overrun). */
  Overrun = 14,
  /** trace-cmd's `cpus=N` / `version = N` lines. */
  Info = 15,
  /** A non-graph event line (trace-cmd event, kernel default-format line, function tracer line). */
  Event = 16,
  /** A ` => func` stack-trace frame line. */
  StackFrame = 17,
  /** A line the kernel cut and marked `[LINE TOO BIG]`. */
  LineTooBig = 18,
}

/** Number of distinct line kinds. */
export const LINE_KIND_COUNT = 19;

/** Stable lower-camel-case names of the line kinds, indexed by {@link LineKind}. */
export const LINE_KIND_NAMES: readonly string[] = [
  'unknown', 'blank', 'header', 'entry', 'exit', 'leaf', 'comment', 'commentContinuation',
  'irqEntry', 'irqExit', 'bannerRule', 'contextSwitch', 'lostEvents', 'bufferStarted', 'overrun',
  'info', 'event', 'stackFrame', 'lineTooBig',
];

/** Kind of a column span within one line (for hovers and coloring-independent features). */
export const enum SpanKind {
  PastePrefix = 0,
  AbsTime = 1,
  RelTime = 2,
  Cpu = 3,
  Task = 4,
  Pid = 5,
  LatencyFlags = 6,
  Mark = 7,
  Duration = 8,
  Separator = 9,
  FunctionName = 10,
  Module = 11,
  Args = 12,
  OpenBrace = 13,
  CloseBrace = 14,
  Semicolon = 15,
  TailComment = 16,
  TailName = 17,
  ReturnValue = 18,
  ReturnAddress = 19,
  CommentText = 20,
  Arrow = 21,
  Annotation = 22,
  Timestamp = 23,
  EventName = 24,
  DepthSuffix = 25,
  Header = 26,
  LostCount = 27,
  BannerArrow = 28,
}

/** Stable names of the span kinds, indexed by {@link SpanKind}. */
export const SPAN_KIND_NAMES: readonly string[] = [
  'pastePrefix', 'absTime', 'relTime', 'cpu', 'task', 'pid', 'latencyFlags', 'mark', 'duration',
  'separator', 'functionName', 'module', 'args', 'openBrace', 'closeBrace', 'semicolon', 'tailComment',
  'tailName', 'returnValue', 'returnAddress', 'commentText', 'arrow', 'annotation', 'timestamp',
  'eventName', 'depthSuffix', 'header', 'lostCount', 'bannerArrow',
];
