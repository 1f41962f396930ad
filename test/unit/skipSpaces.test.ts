// skipSpaces (four bytes at a time, the run's ends found from the word's bits) against a byte loop, at every alignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { windowOf } from './byteWindow';
import { skipSpaces } from '../../server/src/core/parse/skipSpaces';

function byteLoop(b: Uint8Array, q: number): number {
  while (b[q] === 32) q++;
  return q;
}

test('every start offset of runs of 0 to 40 spaces, followed by each byte class, gives the byte loop\'s answer', () => {
  for (let lead = 0; lead < 8; lead++) {
    for (let run = 0; run <= 40; run++) {
      for (const after of [0x41, 0x09, 0x00, 0x7c, 0x21, 0xff, 0x1f, 0x80]) {
        const bytes = [...Array<number>(lead).fill(0x78), ...Array<number>(run).fill(32), after, 32, 0x41];
        const { b, w } = windowOf(bytes);
        for (let q = 0; q <= lead + run; q++) assert.equal(skipSpaces(b, w, q), byteLoop(b, q), `lead ${lead} run ${run} after ${after} from ${q}`);
      }
    }
  }
});

test('a run of spaces that reaches the end of the bytes stops in the zero padding', () => {
  for (let n = 0; n < 12; n++) {
    const { b, w } = windowOf(Array<number>(n).fill(32));
    assert.equal(skipSpaces(b, w, 0), n);
  }
});

test('random windows: skipSpaces equals the byte loop from every offset', () => {
  const piece = fc.oneof(fc.constant(32), fc.constant(32), fc.constant(32), fc.integer({ min: 0, max: 255 }));
  fc.assert(fc.property(fc.array(piece, { maxLength: 200 }), (bytes) => {
    const { b, w } = windowOf(bytes);
    for (let q = 0; q <= bytes.length; q++) if (skipSpaces(b, w, q) !== byteLoop(b, q)) return false;
    return true;
  }), { numRuns: 300 });
});
