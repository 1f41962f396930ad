// Document symbols: per CPU/task groups of top-level calls, nested by call, capped in count and in nesting depth.
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callInfo, callSpan, displayText, formatUs, rootGroups, type TraceModel } from '../core/index';
import { groupLabel } from './callNodes';
import { focusRange, lineRange } from './lines';

/**
 * Deepest call level nested as symbols (top-level calls are level 1). The kernel's return stack
 * holds 50 calls, so real traces never reach it; deeper calls are listed flat in one symbol under
 * the call at this level, so that the answer's nesting (serialised recursively by the JSON layer)
 * stays bounded whatever the trace.
 */
export const MAX_SYMBOL_DEPTH = 64;

/** One call waiting for its children: the symbol its children go into and its level. */
interface Pending {
  readonly id: number;
  readonly into: DocumentSymbol;
  readonly level: number;
}

/**
 * The call hierarchy as document symbols, at most `cap` symbols in all (breadth of shallow levels
 * first), nested at most {@link MAX_SYMBOL_DEPTH} calls deep (plus the group level and one
 * "deeper calls" level). Names are cut and neutralised by `displayText`.
 */
export function documentSymbols(doc: TextDocument, model: TraceModel, cap = 5000, maxDepth = MAX_SYMBOL_DEPTH): DocumentSymbol[] {
  let budget = cap;
  const c = model.calls;
  const callRange = (id: number): Range => {
    const { first, last } = callSpan(model, id);
    return { start: { line: first, character: 0 }, end: lineRange(doc, last).end };
  };
  const make = (id: number, level: number): DocumentSymbol => {
    const info = callInfo(model, id);
    const time = Number.isNaN(info.inclusiveNs) ? undefined : formatUs(info.inclusiveNs);
    return {
      name: displayText(info.name),
      detail: level > maxDepth ? `level ${level}${time !== undefined ? ` · ${time}` : ''}` : time,
      kind: SymbolKind.Function,
      range: callRange(id),
      selectionRange: focusRange(doc, info.line),
      children: [],
    };
  };
  const groups: DocumentSymbol[] = [];
  /** Symbols holding flattened deeper calls, sorted into trace order at the end. */
  const flat: DocumentSymbol[] = [];
  // Level by level so that a cap keeps the shallow structure of the whole file.
  let level: Pending[] = [];
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
      const s = make(r, 1);
      sym.children!.push(s);
      level.push({ id: r, into: s, level: 1 });
      budget--;
    }
  }
  while (level.length > 0 && budget > 0) {
    const next: Pending[] = [];
    for (const p of level) {
      const first = c.childStart[p.id];
      const end = c.childStart[p.id + 1];
      if (first === end) continue;
      let into = p.into;
      if (p.level === maxDepth) {
        // The deepest nested level: its descendants go flat into one symbol saying so.
        if (budget <= 0) break;
        into = {
          name: `Deeper calls (below nesting level ${maxDepth}, listed flat)`,
          detail: undefined,
          kind: SymbolKind.Namespace,
          range: callRange(p.id),
          selectionRange: focusRange(doc, callInfo(model, p.id).line),
          children: [],
        };
        p.into.children!.push(into);
        flat.push(into);
        budget--;
      }
      for (let k = first; k < end && budget > 0; k++) {
        const kid = c.childList[k];
        const s = make(kid, p.level + 1);
        into.children!.push(s);
        // Below the limit a call's children join the same flat list as the call.
        next.push({ id: kid, into: p.level >= maxDepth ? into : s, level: p.level + 1 });
        budget--;
      }
      if (budget <= 0) break;
    }
    level = next;
  }
  for (const f of flat) {
    f.children!.sort((a, b) => a.range.start.line - b.range.start.line || b.range.end.line - a.range.end.line);
    f.detail = `${f.children!.length} calls`;
  }
  return groups;
}
