// Test helper: the disk index of bytes held in memory (indexChunks reading from a Uint8Array, as the server reads a file).
import assert from 'node:assert/strict';
import { indexChunks, type IndexedTrace } from '../../server/src/core/index';

/** Indexes `bytes` in chunks of `chunk` bytes; fails the test when the index stops early. */
export async function indexBytes(bytes: Uint8Array, chunk: number): Promise<IndexedTrace> {
  const read = (buf: Uint8Array, length: number, position: number): Promise<number> => {
    const part = bytes.subarray(position, position + length);
    buf.set(part);
    return Promise.resolve(part.length);
  };
  const r = await indexChunks(read, bytes.length, { chunkBytes: chunk });
  assert.ok(r !== 'cancelled' && !('reason' in r), `stopped: ${JSON.stringify(r)}`);
  return r as IndexedTrace;
}
