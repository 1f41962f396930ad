// Document symbols: per CPU/task groups of top-level calls, nested by call, capped so huge traces answer fast.
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callInfo, callSpan, formatUs, rootGroups, type TraceModel } from '../core/index';
import { groupLabel } from './callNodes';
import { focusRange, lineRange } from './lines';

/** The call hierarchy as document symbols, at most `cap` symbols in all (breadth of shallow levels first). */
export function documentSymbols(doc: TextDocument, model: TraceModel, cap = 5000): DocumentSymbol[] {
  let budget = cap;
  const c = model.calls;
  const make = (id: number): DocumentSymbol => {
    const info = callInfo(model, id);
    const { first, last } = callSpan(model, id);
    const range: Range = { start: { line: first, character: 0 }, end: lineRange(doc, last).end };
    const sel = focusRange(doc, info.line);
    return {
      name: info.name,
      detail: Number.isNaN(info.inclusiveNs) ? undefined : formatUs(info.inclusiveNs),
      kind: SymbolKind.Function,
      range,
      selectionRange: sel,
      children: [],
    };
  };
  const groups: DocumentSymbol[] = [];
  // Level by level so that a cap keeps the shallow structure of the whole file.
  let level: [number, DocumentSymbol][] = [];
  for (const g of rootGroups(model)) {
    if (budget <= 0 || g.roots.length === 0) break;
    const firstLine = callSpan(model, g.roots[0]).first;
    const lastLine = callSpan(model, g.roots[g.roots.length - 1]).last;
    const sym: DocumentSymbol = {
      name: groupLabel(g),
      detail: `${g.roots.length} top-level calls`,
      kind: SymbolKind.Namespace,
      range: { start: { line: firstLine, character: 0 }, end: lineRange(doc, lastLine).end },
      selectionRange: { start: { line: firstLine, character: 0 }, end: { line: firstLine, character: 0 } },
      children: [],
    };
    groups.push(sym);
    budget--;
    for (const r of g.roots) {
      if (budget <= 0) break;
      const s = make(r);
      sym.children!.push(s);
      level.push([r, s]);
      budget--;
    }
  }
  while (level.length > 0 && budget > 0) {
    const next: [number, DocumentSymbol][] = [];
    for (const [id, sym] of level) {
      for (let k = c.childStart[id]; k < c.childStart[id + 1] && budget > 0; k++) {
        const kid = c.childList[k];
        const s = make(kid);
        sym.children!.push(s);
        next.push([kid, s]);
        budget--;
      }
      if (budget <= 0) break;
    }
    level = next;
  }
  return groups;
}
