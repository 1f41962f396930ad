// Selection ranges: from the function name to its whole call, then to each enclosing call (the nearest 62 and the top-level one).
import type { Position, Range, SelectionRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callAtLine, callSpan, type TraceModel } from '../core/index';
import { ancestry } from './ancestors';
import { focusRange, lineRange } from './lines';

/**
 * Enclosing calls in one chain: the nearest ones, then the top-level call. The chain is a linked
 * list the JSON layer serialises recursively, so its length stays bounded at any depth.
 */
export const MAX_SELECTION_CALLS = 62;

/** One selection-range chain per position: name, line, the call, its nearest enclosing calls, the top-level call. */
export function selectionRanges(doc: TextDocument, model: TraceModel, positions: readonly Position[]): SelectionRange[] {
  return positions.map((pos) => {
    const line = Math.min(Math.max(0, pos.line), Math.max(0, model.lineCount - 1));
    const id = callAtLine(model, line);
    if (id < 0) return { range: lineRange(doc, line) };
    const a = ancestry(model, id, MAX_SELECTION_CALLS);
    const calls = a.complete ? a.path : [a.root, ...a.path];
    // Innermost first: the name on the cursor's own call line, the line, then the calls outwards.
    const ranges: Range[] = [];
    if (model.lineCall.at(line) === id) ranges.push(focusRange(doc, line));
    ranges.push(lineRange(doc, line));
    for (let i = calls.length - 1; i >= 0; i--) {
      const { first, last } = callSpan(model, calls[i]);
      ranges.push({ start: { line: first, character: 0 }, end: lineRange(doc, last).end });
    }
    let sel: SelectionRange = { range: ranges[ranges.length - 1] };
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
