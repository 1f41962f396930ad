// Fast path for the dominant layout (CPU + duration columns at fixed offsets): same results as parseLine, far fewer character reads.
import { parseCallTail, parseExitTail } from './bodyParser';
import type { LineFields } from './lineFields';
import { LineKind } from './lineKinds';
import { Ch } from './scan';

/**
 * Column offsets learned from a line the general parser read (` N) ` + 14-column duration area + `|`),
 * reused while lines keep that shape. Any line that does not fit exactly falls back to parseLine.
 */
export class FastLayout {
  /** Offset of `)` and of `|` from the line start; -1 until learned. */
  private parenOff = -1;
  private barOff = -1;
  /** Per CPU: the body column of its previous line and whether that line opened a call. */
  private readonly lastBody = new Int32Array(256).fill(-1);
  private readonly lastOpened = new Uint8Array(256);
  /** Offset of the next `(` at or after the last search (keeps the searches linear overall). */
  private nextParen = -1;

  /** Learns the layout from a line the general parser classified. */
  learn(s: number, f: LineFields): void {
    if (f.otherColumns || f.cpuParenAt < 0 || f.barAt < 0 || f.paste !== 0 || f.normalised !== null) return;
    if (f.kind !== LineKind.Entry && f.kind !== LineKind.Leaf && f.kind !== LineKind.Exit) return;
    const paren = f.cpuParenAt - s;
    const bar = f.barAt - s;
    if (bar - paren !== 16) return;
    this.parenOff = paren;
    this.barOff = bar;
    this.note(f, f.bodyBase + 2 * f.depth);
  }

  private note(f: LineFields, bodyAt: number): void {
    if (f.cpu < 256) {
      this.lastBody[f.cpu] = bodyAt;
      this.lastOpened[f.cpu] = f.kind === LineKind.Entry ? 1 : 0;
    }
  }

  /** Parses [s, e) when it has the learned shape and a plain body; returns false to defer to parseLine. */
  parse(t: string, s: number, e: number, f: LineFields): boolean {
    if (this.barOff < 0) return false;
    if (e > s && t.charCodeAt(e - 1) === 13) e--;
    const bar = s + this.barOff;
    const paren = s + this.parenOff;
    if (bar + 3 >= e || t.charCodeAt(bar) !== Ch.Bar || t.charCodeAt(paren) !== Ch.RParen) return false;
    // CPU digits right before `)`, blanks before them.
    let q = paren - 1;
    let cpu = 0;
    let mul = 1;
    while (q >= s) {
      const c = t.charCodeAt(q);
      if (c < Ch.D0 || c > Ch.D9) break;
      cpu += (c - Ch.D0) * mul;
      mul *= 10;
      q--;
    }
    if (mul === 1) return false;
    for (; q >= s; q--) if (t.charCodeAt(q) !== Ch.Space) return false;
    if (t.charCodeAt(paren + 1) !== Ch.Space || t.charCodeAt(bar - 1) !== Ch.Space || t.charCodeAt(bar + 1) !== Ch.Space || t.charCodeAt(bar + 2) !== Ch.Space) return false;
    // Duration area: `M VALUE us` or 14 blanks.
    const mark = t.charCodeAt(paren + 2);
    let ns = -1;
    let step = 1;
    const v = paren + 4;
    if (t.charCodeAt(v) !== Ch.Space) {
      if (t.charCodeAt(paren + 3) !== Ch.Space) return false;
      let p = v;
      let c = t.charCodeAt(p);
      let whole = 0;
      while (c >= Ch.D0 && c <= Ch.D9) {
        whole = whole * 10 + (c - Ch.D0);
        c = t.charCodeAt(++p);
      }
      if (p === v) return false;
      let frac = 0;
      let n = 0;
      if (c === Ch.Dot) {
        c = t.charCodeAt(++p);
        while (c >= Ch.D0 && c <= Ch.D9 && n < 3) {
          frac = frac * 10 + (c - Ch.D0);
          n++;
          c = t.charCodeAt(++p);
        }
        if (n === 0) return false;
      }
      if (c !== Ch.Space || t.charCodeAt(p + 1) !== 117 || t.charCodeAt(p + 2) !== 115 || p + 3 > bar) return false;
      if (n === 3) step = 1;
      else if (n === 2) { frac *= 10; step = 10; } else if (n === 1) { frac *= 100; step = 100; } else step = 1000;
      ns = whole * 1000 + frac;
    } else if (mark !== Ch.Space) return false;
    // Body column: try where this CPU's previous line suggests, else scan the indent.
    const base = bar + 3;
    let b = -1;
    if (cpu < 256 && this.lastBody[cpu] >= base) {
      const prev = this.lastBody[cpu];
      const first = this.lastOpened[cpu] === 1 ? prev + 2 : prev;
      if (fits(t, first, base, e)) b = first;
      else if (fits(t, prev - 2, base, e)) b = prev - 2;
      else if (fits(t, prev, base, e)) b = prev;
    }
    if (b < 0) {
      b = base;
      while (b < e && t.charCodeAt(b) === Ch.Space) b++;
      if (b >= e) return false;
    }
    const c0 = t.charCodeAt(b);
    f.cpu = cpu;
    f.depth = (b - base) >> 1;
    if (c0 === Ch.RBrace) {
      if (ns < 0) return false;
      f.kind = LineKind.Exit;
      if (b + 1 < e) parseExitTail(t, b + 1, e, f);
    } else {
      if (c0 === Ch.Slash || c0 === Ch.Eq || c0 === Ch.Lt || c0 === Ch.Space) return false;
      let lp = this.nextParen;
      if (lp < b) {
        lp = t.indexOf('(', b);
        if (lp < 0) lp = t.length;
        this.nextParen = lp;
      }
      if (lp >= e || t.charCodeAt(lp + 1) !== Ch.RParen) return false;
      const r = lp + 2;
      let end: number;
      if (t.charCodeAt(r) === Ch.Semi) {
        if (ns < 0) return false;
        f.kind = LineKind.Leaf;
        end = r + 1;
      } else if (t.charCodeAt(r) === Ch.Space && t.charCodeAt(r + 1) === Ch.LBrace) {
        if (ns >= 0) return false;
        f.kind = LineKind.Entry;
        end = r + 2;
      } else return false;
      // A name with a blank must be `sym [module]`.
      const sp = t.lastIndexOf(' ', lp);
      if (sp >= b && t.charCodeAt(sp + 1) !== Ch.LBracket) return false;
      f.nameStart = b;
      f.nameEnd = lp;
      if (end < e) parseCallTail(t, end, e, f);
    }
    f.durationNs = ns;
    f.durationStepNs = step;
    f.mark = ns >= 0 ? mark : -1;
    f.cpuParenAt = paren;
    f.barAt = bar;
    f.bodyBase = base;
    this.note(f, b);
    return true;
  }
}

/** True when column b (at or after base) starts a body: a non-blank after a blank. */
function fits(t: string, b: number, base: number, e: number): boolean {
  return b >= base && b < e && t.charCodeAt(b) !== Ch.Space && t.charCodeAt(b - 1) === Ch.Space;
}
