// Recognises the `#` lines the kernel and perf print (tracer line, column header, latency banner, legend).

const HEADER_PATTERNS: readonly RegExp[] = [
  /^#\s*$/,
  /^# tracer: \S/,
  /^#[\s|]+$/,
  /FUNCTION CALLS\s*$/,
  /^#[\s|]*\|[\s|]*\|/,
  /^# ?-{10,}\s*$/,
  /^#\s+-{5,}\s*$/,
  /^# \S+ latency trace v\d/,
  /^# latency: \d+ us, #\d+\/\d+, CPU#\d+/,
  /^#\s+\| task: /,
  /^#\s+=> (?:started|ended) at:/,
  /^#[\s|/]*_*-*=> (?:irqs-off|need-resched|hardirq\/softirq|preempt-depth|migrate-disable|CPU#)/,
  /^#[\s|]*\/\s*$/,
  /^#\s+\|\|\|\s*\/\s*$/,
  /^# WARNING: FUNCTION TRACING IS CORRUPTED/,
  /^#\s+MAY BE MISSING FUNCTION EVENTS/,
  /^# entries-in-buffer\/entries-written: /,
  /^#\s+TASK-PID\s/,
  /^# ?\*\* /,
  // The notes ftrace-lens writes into a slice (its header comment, where it was cut).
  /^# ftrace-lens: /,
];

/**
 * True when a line that starts with `#` is one the tracer prints (not a Markdown heading or a
 * root shell prompt pasted around a trace).
 */
export function isTraceHeaderLine(line: string): boolean {
  for (const re of HEADER_PATTERNS) if (re.test(line)) return true;
  return false;
}

/** The tracer name of a `# tracer: name` line, or undefined. */
export function tracerName(line: string): string | undefined {
  const m = /^# tracer: (\S+)/.exec(line);
  return m ? m[1] : undefined;
}
