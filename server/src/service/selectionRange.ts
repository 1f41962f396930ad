// Selection ranges: from the function name to its whole call, then to each enclosing call.
import type { Position, Range, SelectionRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callAtLine, callSpan, pathToRoot, type TraceModel } from '../core/index';
import { focusRange, lineRange } from './lines';

/** One selection-range chain per position. */
export function selectionRanges(doc: TextDocument, model: TraceModel, positions: readonly Position[]): SelectionRange[] {
  return positions.map((pos) => {
    const line = Math.min(Math.max(0, pos.line), Math.max(0, model.lineCount - 1));
    let sel: SelectionRange = { range: lineRange(doc, line) };
    const id = callAtLine(model, line);
    if (id < 0) return sel;
    const chain: Range[] = [];
    for (const c of pathToRoot(model, id).reverse()) {
      const { first, last } = callSpan(model, c);
      chain.push({ start: { line: first, character: 0 }, end: lineRange(doc, last).end });
    }
    // Innermost: the name on the cursor's own call line, then the line, then the calls.
    const ranges: Range[] = [];
    if (model.lineCall[line] === id) ranges.push(focusRange(doc, line));
    ranges.push(lineRange(doc, line), ...chain);
    sel = { range: ranges[ranges.length - 1] };
    for (let i = ranges.length - 2; i >= 0; i--) {
      if (!contains(sel.range, ranges[i])) continue;
      sel = { range: ranges[i], parent: sel };
    }
    return sel;
  });
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
