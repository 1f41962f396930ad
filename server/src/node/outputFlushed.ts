// Waiting until the protocol stream has taken what was written (big answers first), without waiting for a 'drain' that never comes.
import type { Writable } from 'node:stream';

/**
 * A function that resolves once `out` no longer holds more than its buffer limit: at once when its
 * last write was accepted (`writableNeedDrain` false), else at its next 'drain'. Only a write that
 * returned false is followed by 'drain': waiting for it whenever `writableLength > 0` (a small
 * answer still in the buffer) waited until some later big write, so a settings change could leave
 * a document's diagnostics unpublished. Every waiter of one backlog shares one listener.
 */
export function outputFlushedOf(out: Writable): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    if (!out.writableNeedDrain) return Promise.resolve();
    pending ??= new Promise<void>((resolve) => {
      const done = (): void => {
        out.off('drain', done);
        out.off('close', done);
        pending = undefined;
        resolve();
      };
      out.on('drain', done);
      // A stream that closes never drains: nobody is left to answer.
      out.on('close', done);
    });
    return pending;
  };
}
