// Document highlight: a call's entry and exit lines light up together.
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineKind, type TraceModel } from '../core/index';
import { focusRange } from './lines';

/** Entry and exit of the call on `pos`'s line (nothing for other lines). */
export function documentHighlights(doc: TextDocument, model: TraceModel, pos: Position): DocumentHighlight[] {
  const line = pos.line;
  if (line < 0 || line >= model.lineCount) return [];
  const kind = model.lineKinds[line];
  if (kind !== LineKind.Entry && kind !== LineKind.Exit && kind !== LineKind.Leaf) return [];
  const id = model.lineCall.at(line);
  if (id < 0) return [];
  const out: DocumentHighlight[] = [];
  const entry = model.calls.entryLine[id];
  const exit = model.calls.exitLine.at(id);
  if (entry >= 0) out.push({ range: focusRange(doc, entry), kind: DocumentHighlightKind.Read });
  if (exit >= 0 && exit !== entry) out.push({ range: focusRange(doc, exit), kind: DocumentHighlightKind.Write });
  return out;
}
