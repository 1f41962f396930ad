// The inside of a JSON string literal, as bytes: where its escaped line breaks are and how to decode a piece of it.

const BACKSLASH = 92;
const N = 110;

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

/**
 * Offset just after the last `\n` escape in b[from, end), where `from` starts a token (so the
 * backslash runs are counted from a known boundary), or -1 when there is none.
 */
export function lastEscapedLineEnd(b: Uint8Array, from: number, end: number): number {
  let k = end - 1;
  while (k > from) {
    const i = b.lastIndexOf(BACKSLASH, k - 1);
    if (i < from) return -1;
    if (b[i + 1] === N) {
      // The pair is an escape when the run of backslashes ending at i has odd length.
      let j = i;
      while (j > from && b[j - 1] === BACKSLASH) j--;
      if (((i - j) & 1) === 0) return i + 2;
    }
    k = i;
  }
  return -1;
}

/**
 * Offset just after the last `\n` escape in b[start, n), where `start` is a token boundary, or -1.
 * Each backslash run is walked once (a run of backslashes before `n` is an escape when its
 * length is odd), never below start: linear in n - start whatever the bytes.
 */
function lastLineEnd(b: Uint8Array, start: number, n: number): number {
  // Backslashes at n - 2 at most: the escaped byte must be in b.
  let from = n - 2;
  while (from >= start) {
    const i = b.lastIndexOf(BACKSLASH, from);
    if (i < start) return -1;
    let j = i;
    while (j > start && b[j - 1] === BACKSLASH) j--;
    if (b[i + 1] === N && ((i - j) & 1) === 0) return i + 2;
    // No other backslash of the run escapes an `n`.
    from = j - 1;
  }
  return -1;
}

/** A raw control character: never allowed in JSON string content (not even after a backslash). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f]/;

/**
 * Decodes the JSON string content b[s, e) (no surrounding quotes). Returns undefined when it is
 * not valid string content (a raw quote or control character, a bad escape): the caller then
 * knows the bytes are not the string it expected. Content whose only escapes are `\n` (many
 * lines of a trace) is decoded without the JSON parser, with native string searches only (a
 * byte loop here was most of the cost of lines the fast path leaves, such as banners).
 */
export function decodeJsonContent(b: Uint8Array, s: number, e: number, decode: Utf8Decoder): string | undefined {
  const text = decode(b, s, e);
  // Bytes below 0x80 decode to themselves, so these are the byte checks.
  if (RAW_CONTROL.test(text)) return undefined;
  const lines = text.includes('\\') ? text.replaceAll('\\n', '\n') : text;
  // No other escape: a quote is a raw one.
  if (!lines.includes('\\')) return lines.includes('"') ? undefined : lines;
  // A backslash left opened another escape (or was one: `\\n` is a backslash, then `n`): the JSON
  // parser decodes (and checks) the whole content.
  try {
    const v: unknown = JSON.parse(`"${text}"`);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cuts JSON string content, fed in chunks of any size, into windows of whole escaped lines (each
 * at most about `maxWindow` bytes unless one line is longer) and keeps the unfinished last line.
 *
 * The search for `\n` escapes goes forward over each byte once: how far the unfinished line was
 * searched, and whether its last byte was a backslash that opens an escape, carry over to the next
 * chunk. (Searching the unfinished line again on every chunk made a long line with many
 * backslashes quadratic: seconds per MB of `\"`.)
 */
export class EscapedWindows {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  /** Bytes of the carry already searched (none of them ends a line). */
  private searched = 0;
  /** The carry's last byte is a backslash that opens an escape (the escaped byte comes next). */
  private open = false;
  /** Bytes the line-end search has looked at (for tests: it stays within the bytes fed). */
  examined = 0;

  constructor(private readonly maxWindow: number) {}

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
    let p = this.carryLength > 0 ? this.searched : 0;
    this.examined += n - p;
    if (n <= this.maxWindow) return this.pushOneWindow(src, bytes, n, p, this.carryLength > 0 && this.open, fn);
    // s: start of the next window; last: the last line end found after s.
    let s = 0;
    let last = -1;
    let open = this.carryLength > 0 && this.open;
    for (;;) {
      if (!open) {
        // The next backslash: a few bytes inline (runs of escapes), then the engine's search.
        let i = p;
        const near = Math.min(n, p + 16);
        while (i < near && bytes[i] !== BACKSLASH) i++;
        if (i === near) i = near === n ? -1 : bytes.indexOf(BACKSLASH, near);
        if (i < 0) break;
        p = i + 1;
        open = true;
      }
      // p: the byte an open backslash escapes.
      if (p >= n) break;
      open = false;
      if (bytes[p++] !== N) continue;
      if (p - s > this.maxWindow && last > s) {
        if (!fn(src, s, last)) return false;
        s = last;
      }
      last = p;
    }
    if (last > s) {
      if (!fn(src, s, last)) return false;
      s = last;
    }
    this.keep(src, s, n, open);
    return true;
  }

  /**
   * {@link push} when everything held fits one window (a server's 64 KB chunks): one window up
   * to the last line end, found searching backwards from the end, so the bytes before it are not
   * looked at one escape at a time (lines of a few bytes made that loop most of the cost of
   * taking them). `lo`: bytes before it hold no line end; `openLo`: the byte at lo is escaped.
   */
  private pushOneWindow(src: Uint8Array, bytes: Uint8Array, n: number, lo: number, openLo: boolean, fn: (src: Uint8Array, s: number, e: number) => boolean): boolean {
    // The first token boundary at or after lo.
    const start = openLo ? lo + 1 : lo;
    let last = lastLineEnd(bytes, start, n);
    // The escape the last chunk opened is `\n`.
    if (last < 0 && openLo && lo < n && bytes[lo] === N) last = lo + 1;
    let s = 0;
    if (last > 0) {
      if (!fn(src, 0, last)) return false;
      s = last;
    }
    // Whether the last byte opens an escape: the run of backslashes ending the bytes, counted from
    // a token boundary (after the line end, or start).
    let open: boolean;
    if (start > n) open = true;
    else {
      const from = last > start ? last : start;
      let j = n;
      while (j > from && bytes[j - 1] === BACKSLASH) j--;
      open = ((n - j) & 1) === 1;
    }
    this.keep(src, s, n, open);
    return true;
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

  /** The bytes after the last escaped line end (the content's last line when no more chunks come). */
  rest(): Uint8Array {
    return this.carry.subarray(0, this.carryLength);
  }

  /** Bytes held (the unfinished line). */
  get pending(): number {
    return this.carryLength;
  }
}
