// Finds the next `|`, `=`, line feed or NUL byte of an ASCII byte window four bytes at a time (the column reader's search for a segment's bar).
import { LITTLE_ENDIAN } from './littleEndian';

const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const BARS = 0x7c7c7c7c;
const EQUALS = 0x3d3d3d3d;
const LINE_FEEDS = 0x0a0a0a0a;

/**
 * Bit 7 of each byte of x that is `|`, `=`, `\n` or NUL, and possibly of bytes above such a byte
 * (the borrow of the zero-byte test): the lowest bit set is always a true stop.
 */
function stops(x: number): number {
  const bar = x ^ BARS;
  const eq = x ^ EQUALS;
  const lf = x ^ LINE_FEEDS;
  return (((bar - ONES) & ~bar) | ((eq - ONES) & ~eq) | ((lf - ONES) & ~lf) | ((x - ONES) & ~x)) & HIGHS;
}

/**
 * Offset of the first byte at or after p of `b` that is `|` (124), `=` (61), `\n` (10) or NUL,
 * read through `w`, `b`'s 32-bit view. The bytes of the first word before p are given bit 7 (no
 * pattern byte has it, and such a byte neither matches nor borrows), so only bytes from p count.
 * `b` must hold a stop at or after p within `w` (a window ends in zero padding).
 */
export function barStop(b: Uint8Array, w: Int32Array, p: number): number {
  if (!LITTLE_ENDIAN) {
    for (;;) {
      const c = b[p];
      if (c === 124 || c === 61 || c === 10 || c === 0) return p;
      p++;
    }
  }
  let i = p >> 2;
  let m = stops(w[i] | (HIGHS & ((1 << ((p & 3) << 3)) - 1)));
  while (m === 0) m = stops(w[++i]);
  // The lowest set bit is in the first stop byte.
  return (i << 2) + ((31 - Math.clz32(m & -m)) >> 3);
}
