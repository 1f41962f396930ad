// Skips a run of spaces in an ASCII byte window four bytes at a time, without a byte loop at either end of the run.
import { LITTLE_ENDIAN } from './littleEndian';

const SPACES = 0x20202020;

/**
 * Offset of the first byte at or after q of `b` that is not a space (32), read four bytes at a
 * time through `w`, `b`'s 32-bit view: the word holding q with the bytes before q masked off,
 * then whole words, and the first non-space byte of the last word found from its bits (no byte
 * loop before or after the aligned words). `b` must hold a non-space byte at or after q within
 * `w` (a window ends in zero padding).
 */
export function skipSpaces(b: Uint8Array, w: Int32Array, q: number): number {
  if (!LITTLE_ENDIAN) {
    while (b[q] === 32) q++;
    return q;
  }
  let i = q >> 2;
  let x = (w[i] ^ SPACES) & (-1 << ((q & 3) << 3));
  while (x === 0) x = w[++i] ^ SPACES;
  // The lowest set bit is in the first non-space byte.
  return (i << 2) + ((31 - Math.clz32(x & -x)) >> 3);
}
