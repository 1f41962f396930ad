// Parses the body of a function_graph line (after the prefix and indent): entry, leaf, exit, comment, arrow.
import type { LineFields } from './lineFields';
import { LineKind, SpanKind } from './lineKinds';
import { Ch, endsAt, findChar, findStr, isBlank, isDigit, skipBlanks, skipDigits, startsAt, trimEnd } from './scan';

const IRQ_IN = '==========>';
const IRQ_OUT = '<==========';

/**
 * Parses the body starting at `b` (first non-blank after the indent) up to `e`.
 * `strictNames` requires identifier-like function names (used for lines with no prefix at all).
 * Returns false when the body is not a graph body; fields are then partly filled and must be reset.
 */
export function parseBody(t: string, b: number, e: number, f: LineFields, strictNames: boolean): boolean {
  if (b >= e) return false;
  const c = t.charCodeAt(b);
  if (c === Ch.RBrace) {
    f.kind = LineKind.Exit;
    f.span(SpanKind.CloseBrace, b, b + 1);
    parseExitTail(t, b + 1, e, f);
    return true;
  }
  if (c === Ch.Slash && b + 1 < e && t.charCodeAt(b + 1) === Ch.Star) {
    f.kind = LineKind.Comment;
    const te = trimEnd(t, b, e);
    f.opensComment = !(te - b >= 4 && endsAt(t, '*/', b + 2, te));
    f.span(SpanKind.CommentText, b, te);
    return true;
  }
  if (c === Ch.Eq && startsAt(t, IRQ_IN, b, e)) {
    f.kind = LineKind.IrqEntry;
    f.span(SpanKind.Arrow, b, b + IRQ_IN.length);
    return true;
  }
  if (c === Ch.Lt && startsAt(t, IRQ_OUT, b, e)) {
    f.kind = LineKind.IrqExit;
    f.span(SpanKind.Arrow, b, b + IRQ_OUT.length);
    return true;
  }
  return parseCall(t, b, e, f, strictNames);
}

/** True for characters of a kernel symbol name. */
function isSymbolChar(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || isDigit(ch) || ch === 95 || ch === Ch.Dot || ch === Ch.Dollar;
}

/** Parses `name[ [module]](args) {` or `name[ [module]](args);` plus optional tail comment and notes. */
function parseCall(t: string, b: number, e: number, f: LineFields, strictNames: boolean): boolean {
  let p = b;
  let modStart = -1;
  for (; p < e; p++) {
    const ch = t.charCodeAt(p);
    if (ch === Ch.LParen) break;
    if (ch === Ch.Space) {
      // Only a ` [module]` suffix may follow the symbol.
      if (p + 1 >= e || t.charCodeAt(p + 1) !== Ch.LBracket) return false;
      const rb = findChar(t, Ch.RBracket, p + 2, e);
      if (rb < 0 || rb + 1 >= e || t.charCodeAt(rb + 1) !== Ch.LParen) return false;
      modStart = p + 1;
      p = rb + 1;
      break;
    }
    if (strictNames && !isSymbolChar(ch)) return false;
    if (ch < 33) return false;
  }
  if (p >= e || p === b) return false;
  const nameEnd = p;
  // Arguments: match parentheses (BTF args contain `(STRUCT)[…]`).
  let depth = 0;
  let q = p;
  for (; q < e; q++) {
    const ch = t.charCodeAt(q);
    if (ch === Ch.LParen) depth++;
    else if (ch === Ch.RParen && --depth === 0) break;
  }
  if (q >= e) return false;
  let r = q + 1;
  let kind: LineKind;
  if (r < e && t.charCodeAt(r) === Ch.Semi) {
    kind = LineKind.Leaf;
    r++;
  } else if (r + 1 < e && t.charCodeAt(r) === Ch.Space && t.charCodeAt(r + 1) === Ch.LBrace) {
    kind = LineKind.Entry;
    r += 2;
  } else return false;
  f.kind = kind;
  f.nameStart = b;
  f.nameEnd = nameEnd;
  if (f.spans !== null) {
    if (modStart >= 0) {
      f.span(SpanKind.FunctionName, b, modStart - 1);
      f.span(SpanKind.Module, modStart, nameEnd);
    } else f.span(SpanKind.FunctionName, b, nameEnd);
    f.span(SpanKind.Args, p, q + 1);
    f.span(kind === LineKind.Leaf ? SpanKind.Semicolon : SpanKind.OpenBrace, r - 1, r);
  }
  parseCallTail(t, r, e, f);
  return true;
}

/** After `{` or `;`: ` /* <-retaddr ret=v *\/`, ` /* = v *\/`, trace-cmd ` (N)` / ` (ret=v)`, then notes. */
export function parseCallTail(t: string, p: number, e: number, f: LineFields): void {
  for (;;) {
    const s = skipBlanks(t, p, e);
    if (s >= e) return;
    if (startsAt(t, '/*', s, e)) {
      const close = findStr(t, '*/', s + 2, e);
      if (close < 0) break;
      f.span(SpanKind.TailComment, s, close + 2);
      if (f.spans !== null) markTailPieces(t, s + 2, close, f, false);
      p = close + 2;
      continue;
    }
    const n = parseParenSuffix(t, s, e, f);
    if (n < 0) break;
    p = n;
  }
  noteRest(t, p, e, f);
}

/** trace-cmd suffixes ` (N)` (depth) and ` (ret=v)`; returns the offset after it or -1. */
function parseParenSuffix(t: string, s: number, e: number, f: LineFields): number {
  if (t.charCodeAt(s) !== Ch.LParen) return -1;
  const close = findChar(t, Ch.RParen, s + 1, e);
  if (close < 0) return -1;
  const d = skipDigits(t, s + 1, close);
  if (d === close && d > s + 1) {
    f.span(SpanKind.DepthSuffix, s, close + 1);
    return close + 1;
  }
  if (startsAt(t, 'ret=', s + 1, close)) {
    f.span(SpanKind.ReturnValue, s + 5, close);
    return close + 1;
  }
  return -1;
}

/** Marks `<-retaddr` and `ret=v` / `= v` pieces inside a tail comment [s, e). */
function markTailPieces(t: string, s: number, e: number, f: LineFields, isExit: boolean): void {
  let p = skipBlanks(t, s, e);
  const ce = trimEnd(t, p, e);
  if (startsAt(t, '<-', p, ce)) {
    let q = p;
    while (q < ce && !isBlank(t.charCodeAt(q))) q++;
    // Optional ` [module]` and ` <addr>` after the caller.
    for (;;) {
      const r = skipBlanks(t, q, ce);
      const ch = t.charCodeAt(r);
      if (r < ce && (ch === Ch.LBracket || ch === Ch.Lt)) {
        const end = findChar(t, ch === Ch.LBracket ? Ch.RBracket : Ch.Gt, r, ce);
        if (end < 0) break;
        q = end + 1;
      } else break;
    }
    f.span(SpanKind.ReturnAddress, p, q);
    p = skipBlanks(t, q, ce);
  }
  const ret = findStr(t, 'ret=', p, ce);
  if (ret >= 0) {
    if (isExit) f.span(SpanKind.TailName, p, trimEnd(t, p, ret));
    f.span(SpanKind.ReturnValue, ret + 4, ce);
    return;
  }
  const eq = findStr(t, '= ', p, ce);
  if (eq >= 0 && (eq === p || t.charCodeAt(eq - 1) === Ch.Space)) {
    if (isExit) f.span(SpanKind.TailName, p, trimEnd(t, p, eq));
    f.span(SpanKind.ReturnValue, eq + 2, ce);
    return;
  }
  if (isExit) f.span(SpanKind.TailName, p, ce);
}

/** After `}`: ` /* name [ret=v | = v] *\/`, trace-cmd suffixes, then notes. */
export function parseExitTail(t: string, p: number, e: number, f: LineFields): void {
  let s = skipBlanks(t, p, e);
  if (startsAt(t, '/*', s, e)) {
    const close = findStr(t, '*/', s + 2, e);
    if (close >= 0) {
      f.span(SpanKind.TailComment, s, close + 2);
      const ns = skipBlanks(t, s + 2, close);
      let ne = trimEnd(t, ns, close);
      const ret = findStr(t, ' ret=', ns, ne);
      if (ret >= 0) ne = ret;
      else {
        const eq = findStr(t, ' = ', ns, ne);
        if (eq >= 0) ne = eq;
      }
      if (ne > ns) {
        f.tailStart = ns;
        f.tailEnd = ne;
      }
      if (f.spans !== null) markTailPieces(t, s + 2, close, f, true);
      p = close + 2;
    }
  }
  for (;;) {
    s = skipBlanks(t, p, e);
    if (s >= e) return;
    const n = parseParenSuffix(t, s, e, f);
    if (n < 0) break;
    p = n;
  }
  noteRest(t, p, e, f);
}

/** Anything non-blank left after the body is a person's note: keep it, flag it. */
function noteRest(t: string, p: number, e: number, f: LineFields): void {
  const s = skipBlanks(t, p, e);
  if (s < e) {
    f.annotated = true;
    f.span(SpanKind.Annotation, s, trimEnd(t, s, e));
  }
}
