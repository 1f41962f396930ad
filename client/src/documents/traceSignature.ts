// Whether the first lines of a Plain Text or Log document are a function_graph trace (pure: no vscode import, unit-tested).

/** The kernel's trace header, as the language's `firstLine` pattern in package.json tests it. */
export const FIRST_LINE = /^\ufeff?#\s*tracer:\s*function_graph\b/;

/** The header lines `trace-cmd report` prints before its events (`version = 6`, `cpus=4`, `CPU 3 is empty`). */
const TRACE_CMD_HEADER = /^\ufeff?(?:version = \d+|cpus=\d+|CPU \d+ is empty)\s*$/;
/** A `trace-cmd report` function_graph event: `comm-pid [cpu] … ts: funcgraph_entry:` (or `_exit`). */
const TRACE_CMD_FUNCGRAPH = /\[\d+\].*\s\d+\.\d+:\s+funcgraph_(?:entry|exit):/;
/** Lines looked at (the header is a line or two; the first events may be other tracepoints). */
export const SIGNATURE_LINES = 16;

/**
 * True for the kernel's `# tracer: function_graph` header on the first line, and for `trace-cmd
 * report` output: it starts with its header (`cpus=N`, maybe `version = N` before it) and a
 * `funcgraph_entry`/`funcgraph_exit` event follows within the first {@link SIGNATURE_LINES} lines.
 */
export function looksLikeTrace(firstLines: readonly string[]): boolean {
  if (firstLines.length === 0) return false;
  if (FIRST_LINE.test(firstLines[0])) return true;
  if (!TRACE_CMD_HEADER.test(firstLines[0])) return false;
  return firstLines.slice(1, SIGNATURE_LINES).some((l) => TRACE_CMD_FUNCGRAPH.test(l));
}
