// Test helper: indexes bytes as the parallel indexer does, on one thread (the first piece pushed, the rest cut at line breaks and lexed apart).
import assert from 'node:assert/strict';
import { ChunkIndexer, lexChunk, type IndexedTrace, type IndexStop } from '../../server/src/core/index';

/**
 * Indexes `bytes` as the parallel indexer does, on this thread: the first piece pushed, the rest
 * cut at line breaks every `chunk` bytes and lexed apart, but those for which `here(i)` is true
 * (piece i, from 0), which are pushed as the indexer parses a piece when its workers are behind.
 */
export function indexLexed(bytes: Uint8Array, chunk: number, here: (piece: number) => boolean = () => false): IndexedTrace {
  const ix = new ChunkIndexer(bytes.length);
  let s = 0;
  let first = true;
  let i = 0;
  while (s < bytes.length) {
    let e = Math.min(bytes.length, s + chunk);
    if (e < bytes.length) e = bytes.lastIndexOf(10, e - 1) + 1;
    if (e <= s) e = bytes.length;
    const piece = bytes.subarray(s, e);
    const whole = piece[piece.length - 1] === 10;
    const stop: IndexStop | null = first || !whole || ix.carrying || here(i) ? ix.push(piece) : ix.pushLexed(piece, lexChunk(piece));
    i++;
    assert.equal(stop, null);
    first = false;
    s = e;
  }
  assert.equal(ix.checkAtEnd(), null);
  return ix.finish();
}

