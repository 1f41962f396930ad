// Character-level scanning helpers shared by the line parsers (bounded by the line end, never past it).

/** Character codes used by the parsers. */
export const enum Ch {
  Tab = 9,
  Space = 32,
  Bang = 33,
  Hash = 35,
  Dollar = 36,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Colon = 58,
  Semi = 59,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  At = 64,
  LBracket = 91,
  RBracket = 93,
  LBrace = 123,
  Bar = 124,
  RBrace = 125,
}

/** True for a decimal digit code. */
export function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}

/** True for the blanks the parsers skip (space, tab, NBSP). */
export function isBlank(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === 0xa0;
}

/** First offset in [p, e) that is not a blank, or e. */
export function skipBlanks(t: string, p: number, e: number): number {
  while (p < e && isBlank(t.charCodeAt(p))) p++;
  return p;
}

/** Offset just after the last non-blank in [s, e), or s. */
export function trimEnd(t: string, s: number, e: number): number {
  while (e > s && isBlank(t.charCodeAt(e - 1))) e--;
  return e;
}

/** First offset in [p, e) holding `code`, or -1. */
export function findChar(t: string, code: number, p: number, e: number): number {
  for (; p < e; p++) if (t.charCodeAt(p) === code) return p;
  return -1;
}

/** First offset in [p, e) where `needle` starts, or -1 (bounded by e). */
export function findStr(t: string, needle: string, p: number, e: number): number {
  const c0 = needle.charCodeAt(0);
  const last = e - needle.length;
  for (; p <= last; p++) if (t.charCodeAt(p) === c0 && t.startsWith(needle, p)) return p;
  return -1;
}

/** Offset just after the run of digits starting at p (p itself when none). */
export function skipDigits(t: string, p: number, e: number): number {
  while (p < e && isDigit(t.charCodeAt(p))) p++;
  return p;
}

/** Value of the digits in [s, e) (assumed digits only). */
export function digitsValue(t: string, s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (t.charCodeAt(i) - Ch.D0);
  return v;
}

/** True when [s, e) of t equals the string `lit`. */
export function startsAt(t: string, lit: string, s: number, e: number): boolean {
  return s + lit.length <= e && t.startsWith(lit, s);
}

/** True when the text in [s, e) ends with `lit`. */
export function endsAt(t: string, lit: string, s: number, e: number): boolean {
  return e - lit.length >= s && t.startsWith(lit, e - lit.length);
}

/** Scratch result of {@link readDuration}. */
export interface DurationOut {
  ns: number;
  step: number;
  mark: number;
  /** Offsets of the mark character (or -1) and of the number+unit. */
  markAt: number;
  numStart: number;
  numEnd: number;
}

/**
 * Reads a duration area `[mark] value us` filling all of [p, e) (blanks allowed around).
 * Returns false when [p, e) is anything else.
 */
export function readDuration(t: string, p: number, e: number, out: DurationOut): boolean {
  p = skipBlanks(t, p, e);
  out.mark = Ch.Space;
  out.markAt = -1;
  if (p < e) {
    const c = t.charCodeAt(p);
    if (c === Ch.Plus || c === Ch.Bang || c === Ch.Hash || c === Ch.Star || c === Ch.At || c === Ch.Dollar) {
      out.mark = c;
      out.markAt = p;
      p = skipBlanks(t, p + 1, e);
    }
  }
  const ds = p;
  p = skipDigits(t, p, e);
  if (p === ds || p - ds > 15) return false;
  let ns = digitsValue(t, ds, p) * 1000;
  let step = 1000;
  if (p < e && t.charCodeAt(p) === Ch.Dot) {
    const fs = p + 1;
    p = skipDigits(t, fs, e);
    const n = p - fs;
    if (n === 0 || n > 3) return false;
    let frac = digitsValue(t, fs, p);
    if (n === 1) { frac *= 100; step = 100; } else if (n === 2) { frac *= 10; step = 10; } else step = 1;
    ns += frac;
  }
  out.numStart = ds;
  const u = skipBlanks(t, p, e);
  if (u + 2 > e || t.charCodeAt(u) !== 117 /* u */ || t.charCodeAt(u + 1) !== 115 /* s */) return false;
  out.numEnd = u + 2;
  if (skipBlanks(t, u + 2, e) !== e) return false;
  out.ns = ns;
  out.step = step;
  return true;
}
