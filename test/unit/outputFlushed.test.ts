// Unit tests: waiting for the protocol stream to take a big answer before diagnostics, without waiting for a 'drain' that never comes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { outputFlushedOf } from '../../server/src/node/outputFlushed';

/** A writable whose writes complete only when `release()` is called (as a pipe the reader has not read yet). */
function slowWritable(highWaterMark: number): { out: Writable; release: () => void } {
  const waiting: (() => void)[] = [];
  const out = new Writable({
    highWaterMark,
    write(_chunk, _enc, cb) {
      waiting.push(() => cb());
    },
  });
  return { out, release: () => { for (let w = waiting.shift(); w !== undefined; w = waiting.shift()) w(); } };
}

/** True when `p` settles within a few event-loop turns. */
async function settles(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
  return done;
}

test('a small answer still in the buffer does not hold the wait (no drain follows a write that returned true)', async () => {
  const { out } = slowWritable(1024);
  assert.equal(out.write('x'.repeat(10)), true);
  assert.ok(out.writableLength > 0, 'the chunk waits in the buffer');
  // The old wait (writableLength > 0 → once('drain')) never settled here: no 'drain' is emitted.
  assert.equal(await settles(outputFlushedOf(out)()), true);
});

test('a big answer past the buffer limit is waited for, once for every waiter, until it drains', async () => {
  const { out, release } = slowWritable(16);
  assert.equal(out.write('y'.repeat(100)), false);
  const flushed = outputFlushedOf(out);
  const waits = Array.from({ length: 20 }, () => flushed());
  assert.equal(out.listenerCount('drain'), 1, 'one listener for every waiter (no MaxListenersExceededWarning)');
  assert.equal(await settles(Promise.race(waits)), false, 'not before the stream drained');
  release();
  assert.equal(await settles(Promise.all(waits).then(() => undefined)), true);
  assert.equal(out.listenerCount('drain'), 0);
  assert.equal(await settles(flushed()), true, 'nothing pending afterwards');
});

test('a stream that closes with a backlog releases the waiters', async () => {
  const { out } = slowWritable(16);
  out.write('z'.repeat(100));
  const wait = outputFlushedOf(out)();
  out.destroy();
  assert.equal(await settles(wait), true);
});
