// Tells function_graph output from other text by its first lines: the kernel's header, trace-cmd's preamble, graph lines of trace_pipe and per-instance captures.

/**
 * First lines that make a file a function_graph trace on their own, as the language's `firstLine`
 * pattern in package.json (which has the same source without the optional BOM):
 * the kernel's `# tracer: function_graph`; `cpus=N`, the first line `trace-cmd report` prints;
 * `CPU N is empty`, trace-cmd's message when its stderr is saved too; and a kernel graph line with a
 * CPU column, the first line of a `trace_pipe` capture (which has no header).
 */
export const FIRST_LINE =
  /^\ufeff?(?:#\s*tracer:\s*function_graph\b|cpus=\d+\s*$|CPU \d+ is empty\s*$|\s*\d+\)\s+(?:[+!#*@$] +)?(?:\d+(?:\.\d+)? us\s+)?\|\s+(?:[A-Za-z_.$][\w.$]*(?: \[[\w-]+\])?\(.*\)\s*(?:\{|;)|\}))/;

/** How many characters of a document the content check reads at most. */
export const HEAD_CHARS = 8192;
/** How many lines of a document the content check reads at most. */
export const HEAD_LINES = 64;

/** The kernel's header line naming the function_graph tracer (possibly after a pasted shell prompt). */
const GRAPH_HEADER = /^\s*#\s*tracer:\s*function_graph\b/;

/** Lines that open other captures without saying what follows: trace-cmd's preamble, other tracers' headers. */
const PREAMBLE = /^(?:cpus=\d+|version = \d+|CPU \d+ is empty|#.*)?\s*$/;

/** What a graph line's text after the last column bar starts with: an entry, a leaf, an exit (each with optional trailing comments, trace-cmd's ` (N)` and ` (ret=…)`), or a comment. */
const TAIL = String.raw`(?:\s*(?:/\*.*?\*/|\([^()]*\)))*\s*$`;
const BODY = String.raw`(?:[A-Za-z_.$][\w.$]*(?: \[[\w-]+\])?\(.*\)\s*[{;]` + TAIL + String.raw`|\}` + TAIL + String.raw`|/\*)`;

/** A kernel graph line with a CPU column (optionally after an absolute or relative time, with task, flag and duration columns; without the bar under nofuncgraph-duration). */
const KERNEL_LINE = new RegExp(String.raw`^(?:\s*\d+(?:\.\d+)?(?: us)?\s+\|)?\s*\d+\)(?:(?:[^|]*\|)*?\s*(?:[+!#*@$] +)?(?:\d+(?:\.\d+)? us\s*)?\|)?\s+` + BODY);

/** A kernel graph line without the CPU column (nofuncgraph-cpu): a duration or its blank fill, then the bar. */
const NO_CPU_LINE = new RegExp(String.raw`^\s*(?:[+!#*@$] +)?(?:\d+\.\d+ us)?\s+\|\s+` + BODY);

/** A `trace-cmd report` line of a function-graph event. */
const TRACE_CMD_LINE = /^\s*\S.*-\d+\s+\[\d+\]\s.*?\d+\.\d+:\s+(?:funcgraph_entry|funcgraph_exit|fgraph_retaddr_entry):/;

/** Lines that belong to graph output but say nothing either way: banners, lost-event marks, irq arrows. */
const NEUTRAL = /^\s*(?:-{10,}|\d+\)\s+.*=>.*|CPU:\s*\d+ \[.*\]|\d+\)\s+(?:={10}>|<={10}).*)\s*$/;

/** How a line of the head counts. */
function kindOf(line: string): 'graph' | 'neutral' | 'other' {
  if (KERNEL_LINE.test(line) || NO_CPU_LINE.test(line) || TRACE_CMD_LINE.test(line)) return 'graph';
  if (NEUTRAL.test(line) || PREAMBLE.test(line)) return 'neutral';
  return 'other';
}

/**
 * True when `head` (the first characters of a document) is unambiguously function_graph output:
 * the kernel's `# tracer: function_graph` on one of its first three lines, or, after at most a
 * preamble (trace-cmd's `cpus=N`, `version = N`, `CPU N is empty`, another tracer's `# tracer:`
 * header such as `nop` for a per-instance capture, `#` comments, blank lines), a graph line first
 * and then at least `minGraphLines` graph lines making up at least 80% of the lines that are not
 * preamble, banners or blank. `truncated` says the head was cut, so its last line may be partial and
 * is ignored. Reads at most {@link HEAD_LINES} lines; never throws.
 */
export function looksLikeFunctionGraph(head: string, truncated = false, minGraphLines = 3): boolean {
  const lines = head.replace(/^\ufeff/, '').split(/\r?\n/, HEAD_LINES + 1);
  if (truncated || lines.length > HEAD_LINES) lines.pop();
  if (lines.slice(0, 3).some((l) => GRAPH_HEADER.test(l))) return true;
  let graph = 0;
  let other = 0;
  let first: 'graph' | 'other' | undefined;
  for (const line of lines) {
    const kind = kindOf(line.length > 1000 ? line.slice(0, 1000) : line);
    if (kind === 'neutral') continue;
    first ??= kind;
    if (kind === 'graph') graph++;
    else other++;
  }
  return first === 'graph' && graph >= minGraphLines && graph >= 0.8 * (graph + other);
}

/**
 * Whether a file that has no document (VS Code does not give extensions one past 50 MB) is a trace
 * by its first characters `head` (at most {@link HEAD_CHARS}; `truncated` when the file goes on), as
 * a smaller file of the same name would be: by VS Code's `firstLine` rule ({@link FIRST_LINE}) when
 * `firstLineApplies` (no language claims the file's extension), and by the content check of
 * {@link looksLikeFunctionGraph} when `detect` (the `ftraceLens.detectTraces` setting) is on.
 */
export function headIsTrace(head: string, truncated: boolean, detect: boolean, firstLineApplies: boolean): boolean {
  if (firstLineApplies && FIRST_LINE.test(head.split('\n', 1)[0])) return true;
  return detect && looksLikeFunctionGraph(head, truncated);
}
