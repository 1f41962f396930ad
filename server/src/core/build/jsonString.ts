// The inside of a JSON string literal, as bytes: where its escaped line breaks are and how to decode a piece of it.

const BACKSLASH = 92;
const N = 110;
const U = 117;
/**
 * An unfinished line that reaches this many bytes hands its settled part to the caller's
 * `settle` (see EscapedWindows): held whole, a one-line document of 30 MB of escapes was copied
 * into an ever larger carry, then decoded at once from one more 30 MB string (0.3 s of a 0.7 s
 * open were those first writes to fresh memory).
 */
export const LONG_LINE = 32 << 10;

/** Decodes UTF-8 bytes b[s, e) to a string (injected so Node can use its own decoder). */
export type Utf8Decoder = (b: Uint8Array, s: number, e: number) => string;

const textDecoder = new TextDecoder();

/** The standard decoder (invalid sequences become U+FFFD). */
export const decodeUtf8: Utf8Decoder = (b, s, e) => textDecoder.decode(b.subarray(s, e));

/**
 * Offset of the backslash of the first `\n` escape at or after p in JSON string content that
 * starts a token at p (escapes are skipped as pairs, so `\\n` is not a line break), or -1.
 */
export function escapedLineEnd(b: Uint8Array, p: number, end: number): number {
  for (;;) {
    const i = b.indexOf(BACKSLASH, p);
    if (i < 0 || i + 1 >= end) return -1;
    if (b[i + 1] === N) return i;
    p = i + 2;
  }
}

/** Counts the bytes line-end searches look at (tests hold it to a small multiple of the bytes fed). */
export interface SearchWork {
  examined: number;
}

/**
 * Offset just after the last `\n` escape in b[start, end), where `start` is a token boundary (so
 * the backslash runs are counted from a known boundary), or -1 when there is none. Looks for the
 * `n` bytes with the engine's search and walks back the run of backslashes before each once (an
 * odd run escapes the `n`), never below start: linear in end - start whatever the bytes (content
 * without an `n`, such as `\u0000` or `\"` escapes, is not walked at all).
 */
export function lastEscapedLineEnd(b: Uint8Array, start: number, end: number, work?: SearchWork): number {
  // The engine's search has no lower bound: on a view it stops at start (not at 0, which made a
  // long unfinished line without an `n` quadratic, searched again on every chunk).
  const view = b.subarray(start, end);
  let k = end - 1;
  while (k > start) {
    const q = start + view.lastIndexOf(N, k - start);
    if (work !== undefined) work.examined += k - Math.max(q, start) + 1;
    if (q <= start) return -1;
    if (b[q - 1] === BACKSLASH) {
      let j = q - 1;
      while (j > start && b[j - 1] === BACKSLASH) j--;
      if (work !== undefined) work.examined += q - 1 - j;
      if (((q - 1 - j) & 1) === 0) return q + 1;
      // b[j - 1], before the run, is not a backslash: the next `n` to try is at most there.
      k = j - 1;
    } else k = q - 1;
  }
  return -1;
}

/**
 * Offset just after the first `\n` escape in b[p, end), p inside a line that starts at the token
 * boundary `start` (p > start), or -1; linear as {@link lastEscapedLineEnd}.
 */
function firstEscapedLineEnd(b: Uint8Array, start: number, p: number, end: number, work: SearchWork): number {
  const view = b.subarray(0, end);
  for (let from = p; ;) {
    const q = view.indexOf(N, from);
    work.examined += (q < 0 ? end : q + 1) - from;
    if (q < 0) return -1;
    from = q + 1;
    if (b[q - 1] !== BACKSLASH) continue;
    let j = q - 1;
    while (j > start && b[j - 1] === BACKSLASH) j--;
    work.examined += q - 1 - j;
    if (((q - 1 - j) & 1) === 0) return q + 1;
  }
}

/**
 * The first byte that needs more than the `\n`-only decoding: a raw control character or quote
 * (never allowed in JSON string content), or a backslash that does not open a `\n` escape (the
 * first of `\\n` is one: it escapes a backslash).
 */
// eslint-disable-next-line no-control-regex
const NOT_LINES_ONLY = /[\u0000-\u001f"]|\\(?!n)/;

/**
 * Decodes the JSON string content b[s, e) (no surrounding quotes). Returns undefined when it is
 * not valid string content (a raw quote or control character, a bad escape): the caller then
 * knows the bytes are not the string it expected. Content whose only escapes are `\n` (many
 * lines of a trace) is decoded without the JSON parser, with native string searches only (a
 * byte loop here was most of the cost of lines the fast path leaves, such as banners).
 */
export function decodeJsonContent(b: Uint8Array, s: number, e: number, decode: Utf8Decoder): string | undefined {
  const text = decode(b, s, e);
  // Bytes below 0x80 decode to themselves, so this is the byte check.
  const m = NOT_LINES_ONLY.exec(text);
  if (m === null) return text.replaceAll('\\n', '\n');
  // A raw control character or quote before any other escape: not string content.
  if (m[0] !== '\\') return undefined;
  // Another escape: the JSON parser decodes (and checks) the whole content.
  try {
    const v: unknown = JSON.parse(`"${text}"`);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cuts JSON string content, fed in chunks of any size, into windows of whole escaped lines (each
 * at most `maxWindow` bytes unless one line is longer) and keeps the unfinished last line.
 *
 * Line ends are found searching backwards from the end of what arrived (the last one, then the
 * last within each window's reach), so the bytes of most lines are not looked at here at all
 * (lines of a few bytes made a forward walk from escape to escape most of the cost of taking
 * them). What was searched of the unfinished line, and whether its last byte is a backslash that
 * opens an escape, carry over to the next chunk: each byte is searched once (searching the
 * unfinished line again on every chunk made a long line with many backslashes quadratic).
 */
export class EscapedWindows implements SearchWork {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  /** Bytes of the carry already searched (none of them ends a line). */
  private searched = 0;
  /** The carry's last byte is a backslash that opens an escape (the escaped byte comes next). */
  private open = false;
  /** Bytes the line-end searches have looked at (tests hold it to a small multiple of the bytes fed). */
  examined = 0;

  /**
   * @param settle when given, takes the settled part src[s, e) of an unfinished line once that line
   * reaches {@link LONG_LINE} bytes (s is where the line or its last settled part ended, e a token
   * boundary): the caller keeps what it needs of it and the carry keeps only the rest. The line's
   * next window, or {@link EscapedWindows.rest}, then starts at e. Returning false stops the push.
   */
  constructor(
    private readonly maxWindow: number,
    private readonly settle?: (src: Uint8Array, s: number, e: number) => boolean,
  ) {}

  /**
   * Calls `fn(src, s, e)` for each window src[s, e) of whole lines in what has arrived. Stops,
   * returning false, as soon as fn returns false.
   */
  push(chunk: Uint8Array, fn: (src: Uint8Array, s: number, e: number) => boolean): boolean {
    let src = chunk;
    let n = chunk.length;
    if (this.carryLength > 0) {
      n = this.carryLength + chunk.length;
      if (this.carry.length < n) {
        const grown = new Uint8Array(Math.max(n, this.carry.length * 2));
        grown.set(this.carry.subarray(0, this.carryLength));
        this.carry = grown;
      }
      this.carry.set(chunk, this.carryLength);
      src = this.carry;
    }
    const bytes = src === this.carry ? src.subarray(0, n) : src;
    // lo: bytes before it hold no line end; the byte at lo is escaped when the carry ended open.
    const lo = this.carryLength > 0 ? this.searched : 0;
    const openLo = this.carryLength > 0 && this.open;
    // The first token boundary at or after lo.
    const start = openLo ? lo + 1 : lo;
    // The escape the carry opened may be the `\n` (then no backslash of it is at or after start).
    const openEnd = openLo && lo < n && bytes[lo] === N ? lo + 1 : -1;
    let last = lastEscapedLineEnd(bytes, start, n, this);
    if (last < 0) last = openEnd;
    let s = 0;
    while (last - s > this.maxWindow) {
      // The last line end within reach of s, else the end of the one line longer than a window.
      const from = s === 0 ? start : s;
      let cut = lastEscapedLineEnd(bytes, from, s + this.maxWindow, this);
      if (cut < 0 && s === 0 && openEnd > 0) cut = openEnd;
      if (cut < 0) cut = firstEscapedLineEnd(bytes, from, Math.max(from + 1, s + this.maxWindow), last, this);
      if (cut < 0) cut = last;
      if (!fn(src, s, cut)) return false;
      s = cut;
    }
    if (last > s) {
      if (!fn(src, s, last)) return false;
      s = last;
    }
    // Whether the last byte opens an escape: the run of backslashes that ends the bytes, counted
    // from a token boundary (the last line end, or start).
    let open = true;
    if (start <= n) {
      const from = Math.max(last, start);
      let j = n;
      while (j > from && bytes[j - 1] === BACKSLASH) j--;
      this.examined += n - j;
      open = ((n - j) & 1) === 1;
    }
    if (this.settle !== undefined && n - s >= LONG_LINE) {
      const cut = this.settledEnd(bytes, s, n, open);
      if (cut > s) {
        if (!this.settle(src, s, cut)) return false;
        s = cut;
      }
    }
    this.keep(src, s, n, open);
    return true;
  }

  /**
   * The last token boundary of the unfinished line b[s, n) (s a boundary; `open`: b[n - 1] is a
   * backslash that opens an escape) that is no UTF-8 sequence's inside: n, unless an escape or the
   * bytes of one character are unfinished there (then where they start; a last character that is
   * whole but not ASCII waits too). A `\u` escape needs four more bytes after its `u`; its
   * backslash opens an escape when the run of backslashes it ends is odd (counted back to s: each
   * run is walked once, when the `u` after it is among the last five bytes).
   */
  private settledEnd(b: Uint8Array, s: number, n: number, open: boolean): number {
    if (open) return n - 1;
    for (let k = Math.max(s + 1, n - 4); k < n; k++) {
      if (b[k] !== U || b[k - 1] !== BACKSLASH) continue;
      let j = k - 1;
      while (j > s && b[j - 1] === BACKSLASH) j--;
      this.examined += k - j;
      if (((k - j) & 1) === 1) return k - 1;
    }
    // Not inside a UTF-8 sequence either (decoded apart, its halves would be two U+FFFD).
    let j = n - 1;
    while (j > s && j > n - 4 && (b[j] & 0xc0) === 0x80) j--;
    return b[j] >= 0xc0 ? j : n;
  }

  /** Keeps the unfinished line src[s, n) (copied: a chunk belongs to the caller) and the escape state at its end. */
  private keep(src: Uint8Array, s: number, n: number, open: boolean): void {
    const left = n - s;
    if (src === this.carry) {
      if (s > 0) this.carry.copyWithin(0, s, n);
    } else {
      if (this.carry.length < left) this.carry = new Uint8Array(Math.max(left, 4096));
      this.carry.set(src.subarray(s, n));
    }
    this.carryLength = left;
    this.searched = left;
    this.open = open;
  }

  /** The bytes after the last escaped line end or settled part (the content's last line, or its rest, when no more chunks come). */
  rest(): Uint8Array {
    return this.carry.subarray(0, this.carryLength);
  }

  /** Bytes held (the unfinished line). */
  get pending(): number {
    return this.carryLength;
  }
}
