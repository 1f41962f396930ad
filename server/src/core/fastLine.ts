// Fast path for the dominant layout (` N) ` CPU column, duration column, plain call body), read from an ASCII byte copy of the text: exactly parseLine's result.
import { parseCallTail, parseExitTail } from './bodyParser';
import type { Interner } from './interner';
import type { LineFields } from './lineFields';
import { LineKind } from './lineKinds';
import { endsAt, trimEnd } from './scan';

// Kinds as plain numbers: the hot loop must not read enum objects when run unbundled.
const KIND_ENTRY: number = LineKind.Entry;
const KIND_EXIT: number = LineKind.Exit;
const KIND_LEAF: number = LineKind.Leaf;
/** Zero bytes after a window (the parser may look a few bytes past a line break). */
const PAD = 64;
const encoder = new TextEncoder();

/**
 * Parser of the common line shape `[blanks]N) [mark] [value us] |[indent]body` over bytes.
 *
 * It accepts a line only when {@link parseLine} would classify it the same way and fill the
 * same fields (it checks every byte it skips), so results never depend on which path read a
 * line; anything else (other columns, arguments, comments, arrows, odd spacing, tabs,
 * `[LINE TOO BIG]`) is left to parseLine. The caller guarantees `!inComment`.
 */
export class FastLayout {
  /** Name id of the last accepted entry or leaf line (interned from the bytes), else -1. */
  nameId = -1;
  /**
   * True when the last accepted line was a plain call line (nothing after `{`, `;` or `}`): then
   * `f` was not reset and only kind, cpu, pid (-1), depth, durationNs, durationStepNs and
   * tailStart (-1) were set. False: `f` is complete, as parseLine leaves it (without spans).
   */
  simple = false;
  /** The current window: text, its offset, and its bytes (b[i] = t.charCodeAt(i + delta)), also as 32-bit words. */
  private t = '';
  private delta = 0;
  private b = new Uint8Array(0);
  private w = new Int32Array(0);
  /**
   * The window holds JSON string content (loadEscaped): lines end at a `\n` escape; a line with
   * any other escape, a quote or a non-ASCII byte is left to the caller, which decodes it.
   */
  private escaped = false;

  /** Name id predicted for the next entry or leaf: the one that followed the previous name last time. */
  private guess = -1;
  private prevName = -1;
  /** next[id]: the name id that last followed name id (-1: none). Only names this parser scanned are stored. */
  private next = new Int32Array(1024).fill(-1);

  constructor(private readonly interner: Interner) {}

  /** Offset of the first non-blank at or after q (4 blanks at a time once aligned). */
  private skipBlanks(q: number): number {
    const b = this.b;
    while ((q & 3) !== 0) {
      if (b[q] !== 32) return q;
      q++;
    }
    const w = this.w;
    while (w[q >> 2] === 0x20202020) q += 4;
    while (b[q] === 32) q++;
    return q;
  }

  /** Notes that name `id` came after the previous name and predicts the next one. */
  private follow(id: number): void {
    let next = this.next;
    if (id >= next.length || this.prevName >= next.length) {
      const grown = new Int32Array(Math.max(id, this.prevName) * 2 + 2).fill(-1);
      grown.set(next);
      this.next = next = grown;
    }
    if (this.prevName >= 0) next[this.prevName] = id;
    this.prevName = id;
    this.guess = next[id];
  }

  /**
   * Loads t[s, e) (whole lines, e just after a line break) as the current window. Returns false,
   * loading nothing, when it holds a character outside ASCII (byte offsets would not be UTF-16 offsets).
   */
  load(t: string, s: number, e: number): boolean {
    const n = e - s;
    this.reserve(n);
    const r = encoder.encodeInto(s === 0 && e === t.length ? t : t.substring(s, e), this.b);
    if (r.read !== n || r.written !== n) return false;
    this.b.fill(0, n, n + PAD);
    this.t = t;
    this.delta = s;
    this.escaped = false;
    return true;
  }

  /**
   * Loads the bytes src[s, e) of JSON string content (whole escaped lines, e just after a `\n`
   * escape) as the current window; {@link FastLayout.parse} then returns the offset of the `n`.
   */
  loadEscaped(src: Uint8Array, s: number, e: number): void {
    const n = e - s;
    this.reserve(n);
    this.b.set(src.subarray(s, e));
    this.b.fill(0, n, n + PAD);
    this.t = '';
    this.delta = 0;
    this.escaped = true;
  }

  /** Makes the window hold n bytes plus the padding. */
  private reserve(n: number): void {
    if (this.b.length < n + PAD) {
      const cap = (n + PAD + 3) & ~3;
      this.b = new Uint8Array(cap);
      this.w = new Int32Array(this.b.buffer, 0, cap >> 2);
    }
  }

  /**
   * Parses the line at window offset p (text offset p + delta). On success fills `f` (offsets in
   * the text) and returns the window offset of the line's `\n`; returns -1 to defer the line to parseLine.
   */
  parse(p: number, f: LineFields): number {
    const b = this.b;
    const t = this.t;
    const delta = this.delta;
    let q = p;
    let c = b[q];
    while (c === 32) c = b[++q];
    // CPU: 1 to 4 digits, then `)`.
    const d0 = q;
    let cpu = 0;
    while (c >= 48 && c <= 57) {
      cpu = cpu * 10 + (c - 48);
      c = b[++q];
    }
    if (q === d0 || q - d0 > 4 || c !== 41) return -1;
    const paren = q;
    // Duration area up to `|`: blanks, or `[mark] value[.frac] us` padded with blanks.
    c = b[++q];
    if (c === 32) {
      q = this.skipBlanks(q);
      c = b[q];
    }
    let ns = -1;
    let step = 1;
    let mark = -1;
    if (c !== 124) {
      mark = 32;
      if (c === 43 || c === 33 || c === 35 || c === 42 || c === 64 || c === 36) {
        mark = c;
        c = b[++q];
        while (c === 32) c = b[++q];
      }
      const ds = q;
      let whole = 0;
      while (c >= 48 && c <= 57) {
        whole = whole * 10 + (c - 48);
        c = b[++q];
      }
      if (q === ds || q - ds > 15) return -1;
      ns = whole * 1000;
      step = 1000;
      if (c === 46) {
        const fs = ++q;
        c = b[q];
        let frac = 0;
        while (c >= 48 && c <= 57) {
          frac = frac * 10 + (c - 48);
          c = b[++q];
        }
        const n = q - fs;
        if (n === 0 || n > 3) return -1;
        if (n === 1) {
          frac *= 100;
          step = 100;
        } else if (n === 2) {
          frac *= 10;
          step = 10;
        } else step = 1;
        ns += frac;
      }
      // A blank before `us` (as the kernel prints): `1.51us` alone would read as latency flags.
      if (c !== 32) return -1;
      while (c === 32) c = b[++q];
      if (c !== 117 || b[q + 1] !== 115) return -1;
      q += 2;
      c = b[q];
      while (c === 32) c = b[++q];
      if (c !== 124) return -1;
    }
    const bar = q;
    // Indent, then the body.
    c = b[++q];
    if (c === 32) {
      q = this.skipBlanks(q);
      c = b[q];
    }
    const body = q;
    const base = bar + 3;
    let kind: number;
    let end: number;
    let known = -1;
    if (c === 125) {
      kind = KIND_EXIT;
      end = q + 1;
    } else {
      // `name[ [module]]() {` or `name[ [module]]();`
      if (c < 33 || c === 47 || c === 61 || c === 60 || c === 40) return -1;
      // The name that followed the previous one last time, verified in place; else scan for `(`.
      // Only names this scan accepted are ever predicted, so a matched guess holds no quote,
      // backslash, control or non-ASCII byte either (in a JSON window those are not the name).
      const guess = this.guess;
      if (guess >= 0 && this.interner.matchBytes(b, q, guess)) {
        known = guess;
        q += this.interner.lengthOf(guess);
      } else while (c !== 40) {
        // Quotes, backslashes and non-ASCII bytes go to parseLine (in a JSON window they are escapes).
        if (c < 33 || c === 34 || c === 92 || c > 126) {
          if (c !== 32 || b[q + 1] !== 91) return -1;
          // ` [module]` right before `(`.
          c = b[++q];
          while (c !== 93) {
            if (c < 32 || c === 34 || c === 92 || c > 126) return -1;
            c = b[++q];
          }
          c = b[++q];
          if (c !== 40) return -1;
          break;
        }
        c = b[++q];
      }
      if (b[q + 1] !== 41) return -1;
      c = b[q + 2];
      if (c === 59) {
        kind = KIND_LEAF;
        end = q + 3;
      } else if (c === 32 && b[q + 3] === 123) {
        if (ns >= 0) return -1;
        kind = KIND_ENTRY;
        end = q + 4;
      } else return -1;
    }
    const lp = q;
    // Line end right after the body (optionally CR LF), else a tail to parse from the text.
    c = b[end];
    let nl: number;
    let tail = false;
    if (this.escaped) {
      // `\n` or `\r\n` escapes (nl at the `n`); anything else (a tail, or raw control bytes,
      // which are not valid string content) is decoded, and judged, by the caller.
      if (c !== 92) return -1;
      c = b[end + 1];
      if (c === 110) nl = end + 1;
      else if (c === 114 && b[end + 2] === 92 && b[end + 3] === 110) nl = end + 3;
      else return -1;
    } else if (c === 10) nl = end;
    else if (c === 13 && b[end + 1] === 10) nl = end + 1;
    else {
      tail = true;
      nl = t.indexOf('\n', end + delta) - delta;
      let e = nl + delta;
      if (t.charCodeAt(e - 1) === 13) e--;
      if (endsAt(t, '[LINE TOO BIG]', p + delta, trimEnd(t, p + delta, e))) return -1;
    }
    const depth = body > base ? (body - base) >> 1 : 0;
    if (kind === KIND_EXIT) this.nameId = -1;
    else {
      const id = known >= 0 ? known : this.interner.idOfBytes(b, body, lp - body, this.escaped ? undefined : t, body + delta);
      this.nameId = id;
      this.follow(id);
    }
    if (!tail) {
      // A plain line: only the fields a call line's builder step reads (see `simple`).
      this.simple = true;
      f.kind = kind;
      f.cpu = cpu;
      f.pid = -1;
      f.depth = depth;
      f.durationNs = ns;
      f.durationStepNs = step;
      f.tailStart = -1;
      return nl;
    }
    this.simple = false;
    f.reset();
    f.kind = kind;
    f.cpu = cpu;
    f.cpuParenAt = paren + delta;
    f.barAt = bar + delta;
    f.bodyBase = base + delta;
    f.depth = depth;
    f.durationNs = ns;
    f.durationStepNs = step;
    f.mark = mark;
    if (kind === KIND_EXIT) parseExitTail(t, end + delta, lineEnd(t, nl + delta), f);
    else {
      f.nameStart = body + delta;
      f.nameEnd = lp + delta;
      parseCallTail(t, end + delta, lineEnd(t, nl + delta), f);
    }
    return nl;
  }
}

/** End of the line whose `\n` is at nl, without a CR before it. */
function lineEnd(t: string, nl: number): number {
  return t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}
