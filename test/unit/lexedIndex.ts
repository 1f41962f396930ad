// Test helper: indexes bytes as the parallel indexer does, on one thread (the first piece pushed, the rest cut at line breaks and lexed apart).
import assert from 'node:assert/strict';
import { ChunkIndexer, ChunkLexer, LexedNames, lexChunk, type IndexedTrace, type IndexStop } from '../../server/src/core/index';

/** How {@link indexLexed} cuts and lexes. */
export interface LexedIndexOptions {
  /** Pieces (from 0) pushed as bytes, as the indexer parses a piece itself when its workers are behind. */
  readonly here?: (piece: number) => boolean;
  /** Lexers that keep what they learned, taking the lexed pieces in turn as workers do (0: a fresh lexer for every piece). */
  readonly lexers?: number;
}

/**
 * Indexes `bytes` as the parallel indexer does, on this thread: the first piece pushed, the rest
 * cut at line breaks every `chunk` bytes and lexed apart (but those `here` names).
 */
export function indexLexed(bytes: Uint8Array, chunk: number, options: LexedIndexOptions = {}): IndexedTrace {
  const { here = () => false, lexers = 0 } = options;
  const kept = Array.from({ length: lexers }, () => ({ lexer: new ChunkLexer(), names: new LexedNames() }));
  const ix = new ChunkIndexer(bytes.length);
  let s = 0;
  let first = true;
  let i = 0;
  let turn = 0;
  while (s < bytes.length) {
    let e = Math.min(bytes.length, s + chunk);
    if (e < bytes.length) e = bytes.lastIndexOf(10, e - 1) + 1;
    if (e <= s) e = bytes.length;
    const piece = bytes.subarray(s, e);
    const whole = piece[piece.length - 1] === 10;
    let stop: IndexStop | null;
    if (first || !whole || ix.carrying || here(i)) stop = ix.push(piece);
    else if (kept.length === 0) stop = ix.pushLexed(piece, lexChunk(piece));
    else {
      const k = kept[turn++ % kept.length];
      stop = ix.pushLexed(piece, k.lexer.lex(piece), k.names);
    }
    assert.equal(stop, null);
    first = false;
    s = e;
    i++;
  }
  assert.equal(ix.checkAtEnd(), null);
  return ix.finish();
}
