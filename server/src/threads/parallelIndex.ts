// Reads a file's bytes with the lexing spread over worker threads: chunks of whole lines are lexed in parallel, and their rows recorded in file order on this thread (stacks, calls, checkpoints).
import { ChunkIndexer, LexedNames, indexChunks, type IndexChunksOptions, type IndexedTrace, type IndexStop, type LexedChunk, type ReadChunk } from '../core/index';
import { LexPool, type LexAnswer, type RowBuffers } from './lexPool';
import { PieceCosts } from './pieceCosts';

/** Options of {@link indexChunksParallel}. */
export interface ParallelIndexOptions extends IndexChunksOptions {
  /** Worker threads (0: index on this thread alone). */
  readonly workers: number;
  /** The worker's script (lexWorker.js). */
  readonly script: string;
  /** Where a worker failure is told (indexing then goes on on this thread). */
  readonly log?: (message: string) => void;
  /** Called for every piece: true when a worker lexed it, false when it was parsed on this thread (the first, and see PieceCosts). */
  readonly onPiece?: (lexedApart: boolean) => void;
}

/**
 * Bytes per chunk sent to a worker (default). Each piece read ahead holds one, with its rows (~0.8
 * of its size): 8 MB pieces, with the read-ahead one worker has, cost 3 bytes of peak memory per
 * line of a 1.1 GB trace, 4 MB pieces 1.2, at the same speed.
 */
export const PARALLEL_CHUNK = 4 << 20;
/** Room kept in a piece buffer beyond a chunk, for the unfinished line carried from the piece before. */
const PIECE_SLACK = 64 * 1024;

/** Where {@link lexInOrder} delivers the bytes, in file order (a ChunkIndexer, the CLI's reader). */
export interface PieceSink<S> {
  /** Parses bytes itself (any cut: it keeps an unfinished last line); non-null stops the reading. */
  push(bytes: Uint8Array): S | null;
  /** Takes whole lines with their rows, whose names `names` maps (only when not {@link PieceSink.carrying}; see applyRows); non-null stops the reading. */
  pushLexed(bytes: Uint8Array, lexed: LexedChunk, names: LexedNames): S | null;
  /** True while an unfinished line is kept. */
  readonly carrying: boolean;
  /** Bytes taken so far (where reading starts again after a worker failure). */
  readonly bytesDone: number;
}

/** Options of {@link lexInOrder}. */
export interface LexInOrderOptions {
  readonly workers: number;
  readonly script: string;
  readonly log?: (message: string) => void;
  /** Bytes per chunk (default {@link PARALLEL_CHUNK}). */
  readonly chunkBytes?: number;
  /** Checked before every chunk is delivered: true stops (resolves to 'cancelled'). */
  readonly cancelled?: () => boolean;
  /** Called after every chunk delivered: true when a worker lexed it, false when it was parsed on this thread. */
  readonly onChunk?: (lexedApart: boolean) => void;
}

interface Piece {
  /** Bytes of the piece (whole lines, unless `partial`), at file offset `offset`. */
  readonly bytes: Uint8Array;
  /** Rows from a worker, when the piece was sent to one. */
  readonly lexed?: Promise<LexAnswer>;
  /** A piece parsed here by choice (see PieceCosts): its time is a cost sample (not the first piece's, nor one without a line break). */
  readonly timed?: boolean;
}

/**
 * As {@link indexChunks} (same result: the model, checkpoints and early stops), with chunks lexed
 * on `workers` worker threads. The first chunk, pieces without a line break and everything after
 * a worker failure are parsed here; a failure is logged once and never stops the indexing.
 * Cancellation terminates the workers and drops every chunk in flight.
 */
export async function indexChunksParallel(read: ReadChunk, total: number, options: ParallelIndexOptions): Promise<IndexedTrace | IndexStop | 'cancelled'> {
  if (options.workers <= 0) return indexChunks(read, total, options);
  const indexer = new ChunkIndexer(total);
  const r = await lexInOrder(read, total, indexer, {
    ...options, onChunk: (apart) => {
      options.onPiece?.(apart);
      options.onProgress?.({ bytes: indexer.bytesDone, total, lines: indexer.lineCount });
    },
  });
  if (r !== null) return r;
  if (options.cancelled?.() === true) return 'cancelled';
  return indexer.checkAtEnd() ?? indexer.finish();
}

/**
 * Reads the `total` bytes that `read` gives into `sink` in file order, chunks of whole lines lexed
 * on `workers` worker threads on the way. The first chunk, pieces without a line break and
 * everything after a worker failure go to `sink.push`; a failure is logged once and never stops
 * the reading. Cancellation terminates the workers and drops every chunk in flight. Resolves to
 * the sink's stop, 'cancelled', or null once everything was delivered.
 */
export async function lexInOrder<S>(read: ReadChunk, total: number, sink: PieceSink<S>, options: LexInOrderOptions): Promise<S | 'cancelled' | null> {
  const chunk = Math.max(1024, options.chunkBytes ?? PARALLEL_CHUNK);
  let pool: LexPool | undefined = new LexPool(options.script, options.workers);
  // Pieces read ahead (a simulation of the schedule found 2 per worker + 2 enough for 1 to 7
  // workers), and the share of them parsed here to keep this thread and the workers busy.
  const depth = 2 * options.workers + 2;
  const costs = new PieceCosts(options.workers);
  let pos = 0;
  let tail = new Uint8Array(0);
  let first = true;
  const pending: Piece[] = [];
  /** Each worker's names, as its chunks bring them (see LexedNames). */
  const names = Array.from({ length: options.workers }, () => new LexedNames());
  // Buffers of pieces and rows the sink is done with, for the next pieces (fresh memory costs its
  // first touch: a new piece and its rows for every chunk were a tenth of the lexing).
  const spare = new BufferPool(depth + 1);
  const spareRows: RowBuffers[] = [];

  /** Reads the next piece: whole lines, or (without a line break in a chunk, or at the end) what there is. */
  const nextPiece = async (): Promise<Piece | undefined> => {
    if (pos >= total && tail.length === 0) return undefined;
    const want = pos < total ? Math.min(chunk, total - pos) : 0;
    const buf = new Uint8Array(spare.take(tail.length + want, chunk), 0, tail.length + want);
    buf.set(tail);
    let n = 0;
    while (n < want) {
      const got = await read(buf.subarray(tail.length + n), want - n, pos + n);
      if (got === 0) break;
      n += got;
    }
    pos += n;
    if (n < want) pos = total; // the file became shorter: what was read is all there is
    const len = tail.length + n;
    const nl = buf.lastIndexOf(10, len - 1);
    let bytes: Uint8Array;
    if (nl < 0 || pos >= total) {
      bytes = buf.subarray(0, len);
      tail = new Uint8Array(0);
    } else {
      bytes = buf.subarray(0, nl + 1);
      tail = buf.slice(nl + 1, len);
    }
    const whole = bytes.length > 0 && bytes[bytes.length - 1] === 10;
    const toWorker = pool !== undefined && !first && whole && !costs.parseHere();
    const wasFirst = first;
    first = false;
    if (toWorker) return { bytes, lexed: pool!.lex(bytes.buffer as ArrayBuffer, bytes.length, spareRows.pop()) };
    return { bytes, timed: pool !== undefined && !wasFirst && whole };
  };

  /** After a worker failure: the rest is read again from the first byte not indexed, and parsed here. */
  const fallBack = async (why: string): Promise<void> => {
    options.log?.(`${why}: indexing the rest on the main thread (${sink.bytesDone} of ${total} bytes done)`);
    const p = pool;
    pool = undefined;
    pending.length = 0;
    await p?.close();
    pos = sink.bytesDone;
    tail = new Uint8Array(0);
  };

  try {
    for (;;) {
      // This thread's time for the piece below, its reads included (they are on its path: the
      // copy takes a CPU the two threads share), its wait for a worker excluded (see PieceCosts).
      const cycle = performance.now();
      while (pending.length < depth) {
        const piece = await nextPiece();
        if (piece === undefined) break;
        piece.lexed?.catch(() => undefined); // observed below, or dropped after a failure
        pending.push(piece);
      }
      const piece = pending.shift();
      if (piece === undefined) break;
      if (options.cancelled?.() === true) return 'cancelled';
      let stop: S | null;
      if (piece.lexed === undefined) {
        stop = sink.push(piece.bytes);
        if (piece.timed) costs.parsed(piece.bytes.length, performance.now() - cycle);
        spare.give(piece.bytes.buffer as ArrayBuffer);
      } else {
        let answer: LexAnswer;
        const asked = performance.now();
        let waited: number;
        try {
          answer = await piece.lexed;
          waited = performance.now() - asked;
        } catch (e) {
          await fallBack(e instanceof Error ? e.message : String(e));
          continue;
        }
        const { reply, worker } = answer;
        const bytes = new Uint8Array(reply.buffer, 0, reply.length);
        const lexed: LexedChunk = { rows: reply.rows, durationNs: reply.durationNs, count: reply.count, names: reply.names, firstName: reply.firstName };
        costs.lexed(reply.length, reply.lexMs);
        if (sink.carrying) {
          names[worker].add(lexed); // its names, for the worker's next chunks
          stop = sink.push(bytes);
        } else {
          stop = sink.pushLexed(bytes, lexed, names[worker]);
          costs.recorded(reply.length, performance.now() - cycle - waited);
        }
        // The sink keeps no piece (it copies what it holds on to): both buffers serve again.
        spare.give(reply.buffer);
        if (spareRows.length < depth) spareRows.push({ rows: reply.rows.buffer as ArrayBuffer, durationNs: reply.durationNs.buffer as ArrayBuffer });
      }
      if (stop !== null) return stop;
      options.onChunk?.(piece.lexed !== undefined);
    }
  } finally {
    await pool?.close();
  }
  return null;
}

/** Piece buffers a reading is done with, at most `max` kept, for the next pieces. */
class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(private readonly max: number) {}

  /** A buffer of at least `n` bytes: a kept one, else a new one with room for a `chunk`-byte piece and a line's tail. */
  take(n: number, chunk: number): ArrayBuffer {
    const i = this.free.findIndex((b) => b.byteLength >= n);
    if (i >= 0) return this.free.splice(i, 1)[0];
    return new ArrayBuffer(Math.max(n, chunk + PIECE_SLACK));
  }

  give(b: ArrayBuffer): void {
    if (this.free.length < this.max && b.byteLength > 0) this.free.push(b);
  }
}
