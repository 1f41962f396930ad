// Inlay hints: at the end of every entry line, the call's inclusive and self time (the kernel prints them far below).
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CallFlag, LineKind, formatDuration, type TraceModel } from '../core/index';
import { lineText } from './lines';

/** Hints for the entry lines in `range` (0-based lines, inclusive end line). */
export function inlayHints(doc: TextDocument, model: TraceModel, range: Range): InlayHint[] {
  const out: InlayHint[] = [];
  if (!model.hasDurations) return out;
  const first = Math.max(0, range.start.line);
  const last = Math.min(model.lineCount - 1, range.end.line);
  const c = model.calls;
  for (let line = first; line <= last; line++) {
    if (model.lineKinds[line] !== LineKind.Entry) continue;
    const id = model.lineCall.at(line);
    if (id < 0 || c.exitLine.at(id) === line) continue;
    const flags = c.flags[id];
    let label: string;
    if ((flags & CallFlag.Timed) !== 0) {
      const self = c.selfNs.at(id);
      label = `${formatDuration(c.inclusiveNs.at(id))}${Number.isNaN(self) ? '' : ` · self ${formatDuration(self)}`}`;
    } else if ((flags & CallFlag.Open) !== 0) label = 'open at end of trace';
    else if ((flags & CallFlag.Unterminated) !== 0) label = 'exit lost';
    else continue;
    out.push({
      position: { line, character: lineText(doc, line).length },
      label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: c.exitLine.at(id) >= 0 ? `Printed on line ${c.exitLine.at(id) + 1}` : undefined,
    });
  }
  return out;
}
