// barStop (four bytes at a time, the zero-byte test on four patterns) against a byte loop, at every alignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { windowOf } from './byteWindow';
import { barStop } from '../../server/src/core/parse/barSearch';

function byteLoop(b: Uint8Array, p: number): number {
  for (;;) {
    const c = b[p];
    if (c === 124 || c === 61 || c === 10 || c === 0) return p;
    p++;
  }
}

// Each stop, each stop's neighbours (a byte one above a stop is what the zero-byte test's borrow
// mistakes for a stop right after a true one) and other bytes.
const STOPS = [124, 61, 10, 0];
const NEAR = [125, 123, 62, 60, 11, 9, 1, 0x80, 0xff, 0x7f, 0x41, 32];

test('every stop after every run length and alignment, with each neighbour before and after it, gives the byte loop\'s answer', () => {
  for (let lead = 0; lead < 8; lead++) {
    for (let run = 0; run <= 12; run++) {
      for (const stop of STOPS) {
        for (const before of [...STOPS, ...NEAR]) {
          for (const after of NEAR) {
            const bytes = [...Array<number>(lead).fill(before), ...Array<number>(run).fill(after), stop, after, 124];
            const { b, w } = windowOf(bytes);
            for (let p = 0; p <= lead + run; p++) assert.equal(barStop(b, w, p), byteLoop(b, p), `lead ${lead}×${before} run ${run}×${after} stop ${stop} from ${p}`);
          }
        }
      }
    }
  }
});

test('the search stops in the zero padding when the bytes hold no stop', () => {
  for (let n = 0; n < 12; n++) {
    const { b, w } = windowOf(Array<number>(n).fill(0x61));
    assert.equal(barStop(b, w, 0), n);
  }
});

test('random windows: barStop equals the byte loop from every offset', () => {
  const piece = fc.oneof(fc.constantFrom(...STOPS), fc.constantFrom(...NEAR), fc.constantFrom(...NEAR), fc.integer({ min: 0, max: 255 }));
  fc.assert(fc.property(fc.array(piece, { maxLength: 200 }), (bytes) => {
    const { b, w } = windowOf(bytes);
    for (let p = 0; p <= bytes.length; p++) if (barStop(b, w, p) !== byteLoop(b, p)) return false;
    return true;
  }), { numRuns: 500 });
});
