// The inside of a JSON string literal, as bytes: where its escaped line breaks are and how to decode a piece of it.

const BACKSLASH = 92;
const QUOTE = 34;
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
 * Decodes the JSON string content b[s, e) (no surrounding quotes). Returns undefined when it is
 * not valid string content (a raw quote or control character, a bad escape): the caller then
 * knows the bytes are not the string it expected. Content whose only escapes are `\n` (many
 * lines of a trace) is decoded without the JSON parser.
 */
export function decodeJsonContent(b: Uint8Array, s: number, e: number, decode: Utf8Decoder): string | undefined {
  let newlines = false;
  for (let k = s; k < e; k++) {
    const c = b[k];
    if (c === BACKSLASH) {
      if (k + 1 < e && b[k + 1] === N) {
        newlines = true;
        k++;
        continue;
      }
      // Another escape: the JSON parser decodes (and checks) the whole content.
      try {
        const v: unknown = JSON.parse(`"${decode(b, s, e)}"`);
        return typeof v === 'string' ? v : undefined;
      } catch {
        return undefined;
      }
    }
    if (c < 32 || c === QUOTE) return undefined;
  }
  const text = decode(b, s, e);
  // Every backslash opens a `\n` escape here.
  return newlines ? text.replaceAll('\\n', '\n') : text;
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
    // Keep the unfinished line (copied: `chunk` belongs to the caller).
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
    return true;
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
