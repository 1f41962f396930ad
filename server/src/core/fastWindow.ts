// The fast path's byte window: an ASCII copy of whole lines of the text (or JSON string content), and the name prediction the readers share.
import { ColumnPrefix } from './fastColumns';
import type { Interner } from './interner';

/** Zero bytes after a window (the parser may look a few bytes past a line break). */
const PAD = 64;
const encoder = new TextEncoder();

/** State of the fast path (see FastLayout): the loaded window and what the readers learned from earlier lines. */
export abstract class ByteWindow {
  /** The current window: text, its offset, and its bytes (b[i] = t.charCodeAt(i + delta)), also as 32-bit words. */
  protected t = '';
  protected delta = 0;
  protected b = new Uint8Array(0);
  protected w = new Int32Array(0);
  /**
   * The window holds JSON string content (loadEscaped): lines end at a `\n` escape; a line with
   * any other escape, a quote or a non-ASCII byte is left to the caller, which decodes it.
   */
  protected escaped = false;

  /** Name id predicted for the next entry or leaf: the one that followed the previous name last time. */
  protected guess = -1;
  protected prevName = -1;
  /** next[id]: the name id that last followed name id (-1: none). Only names this parser scanned are stored. */
  protected next = new Int32Array(1024).fill(-1);

  /** True when parseOther read the last line either reader took (tried first then). */
  protected other = false;
  /** Reader of the other layouts' line prefixes (see parseOther). */
  protected readonly prefix = new ColumnPrefix();

  constructor(protected readonly interner: Interner) {}

  /** Offset of the first non-blank at or after q (4 blanks at a time once aligned). */
  protected skipBlanks(q: number): number {
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
  protected follow(id: number): void {
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
    this.prefix.b = this.b;
    this.prefix.escaped = false;
    this.prefix.tab = 9;
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
    this.prefix.b = this.b;
    this.prefix.escaped = true;
    this.prefix.tab = -1;
  }

  /** Makes the window hold n bytes plus the padding. */
  protected reserve(n: number): void {
    if (this.b.length < n + PAD) {
      const cap = (n + PAD + 3) & ~3;
      this.b = new Uint8Array(cap);
      this.w = new Int32Array(this.b.buffer, 0, cap >> 2);
    }
  }
}
