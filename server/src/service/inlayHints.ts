// Inlay hints: at the end of every entry line, the call's inclusive and self time and an error it passed up (the kernel prints them far below).
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CallFlag, LineKind, callName, describeReturnValue, displayText, errnoOf, formatDuration, taskExitText, type ErrorLink, type TraceModel } from '../core/index';
import { documentErrorValues, passedUpError } from './returnValues';
import { lineText } from './lines';

/**
 * Hints for the entry lines in `range` (0-based lines, inclusive end line). Each tooltip names the
 * line the call's exit is printed on; in a slice `fullLine` maps a 0-based line of the document to
 * its 0-based line in the full trace (null for a line the slice added), and the tooltip names that.
 */
export function inlayHints(doc: TextDocument, model: TraceModel, range: Range, fullLine?: (line: number) => number | null): InlayHint[] {
  const out: InlayHint[] = [];
  if (!model.hasDurations) return out;
  const first = Math.max(0, range.start.line);
  const last = Math.min(model.lineCount - 1, range.end.line);
  const c = model.calls;
  const read = documentErrorValues(doc);
  for (let line = first; line <= last; line++) {
    if (model.lineKinds[line] !== LineKind.Entry) continue;
    const id = model.lineCall.at(line);
    if (id < 0 || c.exitLine.at(id) === line) continue;
    const flags = c.flags[id];
    let label: string;
    let error: ErrorLink[] | undefined;
    if ((flags & CallFlag.Timed) !== 0) {
      const self = c.selfNs.at(id);
      // An error passed up (funcgraph-retval): named where the call starts, as its time is.
      error = passedUpError(model, id, read);
      const name = error === undefined ? '' : ` · ${errnoOf(error[0].value.errno!)?.[0] ?? `error ${error[0].value.errno}`}`;
      label = `${formatDuration(c.inclusiveNs.at(id))}${Number.isNaN(self) ? '' : ` · self ${formatDuration(self)}`}${name}`;
    } else if ((flags & CallFlag.TaskExited) !== 0) label = 'never returned: task exited';
    else if ((flags & CallFlag.Open) !== 0) label = 'open at end of trace';
    else if ((flags & CallFlag.Unterminated) !== 0) label = 'exit lost';
    else continue;
    out.push({
      position: { line, character: lineText(doc, line).length },
      label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: c.exitLine.at(id) >= 0 ? `${printedOn(c.exitLine.at(id), fullLine)}${error === undefined ? '' : `; returned ${describeReturnValue(error[0].value)}, first returned by ${displayText(callName(model, error[error.length - 1].call))} (Go to Error Origin)`}` : exitedTooltip(model, id, fullLine),
    });
  }
  return out;
}

/** `Printed on line N` (1-based), of the full trace in a slice. */
function printedOn(exit: number, fullLine: ((line: number) => number | null) | undefined): string {
  if (fullLine === undefined) return `Printed on line ${exit + 1}`;
  const full = fullLine(exit);
  return full === null ? `Printed on slice line ${exit + 1}` : `Printed on line ${full + 1} of the full trace`;
}

/** `Never returned: its task exited (do_exit at line N)` for a call whose task exited inside it, else undefined. */
function exitedTooltip(model: TraceModel, id: number, fullLine: ((line: number) => number | null) | undefined): string | undefined {
  const text = taskExitText(model, id, fullLine === undefined ? undefined : (l) => {
    const full = fullLine(l);
    return full === null ? `slice line ${l + 1}` : `line ${full + 1} of the full trace`;
  });
  return text === undefined ? undefined : `Never returned: ${text}`;
}
