// Indexes a trace file from disk in chunks (never the whole text in memory), with progress, cancellation and clear errors.
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { IndexProgress, IndexedTrace } from '../core/index';
import type { FileIdentity, IndexFailure } from '../protocol';
import { indexChunksParallel } from '../threads/parallelIndex';
import { lexWorkers, type LexWorkerOptions } from '../threads/lexWorkers';

export type { IndexProgress };

/** An indexing that could not finish, with a reason the protocol names and a message for people. */
export class IndexError extends Error {
  constructor(readonly reason: IndexFailure | 'cancelled', message: string) {
    super(message);
  }
}

/** A file's identity as the index remembers it. */
export function identityOf(st: Stats): FileIdentity {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

/** What changed between two identities, for people; undefined when they are the same file state. */
export function identityChange(was: FileIdentity, now: FileIdentity): string | undefined {
  if (now.ino !== was.ino) return 'the file was replaced';
  if (now.size > was.size) return `the file grew from ${was.size} to ${now.size} bytes`;
  if (now.size < was.size) return `the file was truncated from ${was.size} to ${now.size} bytes`;
  if (now.mtimeMs !== was.mtimeMs) return 'the file was rewritten (same size, new modification time)';
  return undefined;
}

/** Options of {@link indexTraceFile}. */
export interface IndexOptions extends LexWorkerOptions {
  /** Aborts the indexing between chunks (the partial index is dropped). */
  readonly signal?: AbortSignal;
  /** Called after every chunk. */
  readonly onProgress?: (p: IndexProgress) => void;
  /** Bytes per read (tests use small chunks). */
  readonly chunkBytes?: number;
  /** With lex workers, called for every piece: true when a worker lexed it, false when it was parsed on this thread. */
  readonly onPiece?: (lexedApart: boolean) => void;
}

/** Errors people can act on, from a failed open, stat or read. */
function ioError(path: string, e: unknown): IndexError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new IndexError('notFound', `${path}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new IndexError('unreadable', `${path}: permission denied`);
  if (code === 'EISDIR') return new IndexError('notFile', `${path}: is a directory, not a trace file`);
  return new IndexError('unreadable', `${path}: cannot read (${code ?? (e instanceof Error ? e.message : String(e))})`);
}

/**
 * Reads the file at `path` chunk by chunk into a {@link ChunkIndexer}. Resolves to the index and
 * the identity of the file it was built from; rejects with an {@link IndexError} (also when the
 * file changes while it is read, or when the signal aborts).
 */
export async function indexTraceFile(path: string, options: IndexOptions = {}): Promise<{ trace: IndexedTrace; identity: FileIdentity }> {
  const { signal, onProgress } = options;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    let st: Stats;
    try {
      st = await handle.stat();
    } catch (e) {
      throw ioError(path, e);
    }
    if (st.isDirectory()) throw new IndexError('notFile', `${path}: is a directory, not a trace file`);
    if (!st.isFile()) throw new IndexError('notFile', `${path}: not a regular file`);
    const identity = identityOf(st);
    const h = handle;
    const read = async (buf: Uint8Array, length: number, position: number): Promise<number> => {
      try {
        return (await h.read(buf, 0, length, position)).bytesRead;
      } catch (e) {
        throw ioError(path, e);
      }
    };
    const workers = lexWorkers(st.size, options);
    const r = await indexChunksParallel(read, st.size, {
      cancelled: () => signal?.aborted === true, onProgress, chunkBytes: options.chunkBytes, ...workers, log: options.log, onPiece: options.onPiece,
    });
    if (r === 'cancelled') throw new IndexError('cancelled', `${path}: indexing cancelled`);
    if ('reason' in r) throw new IndexError(r.reason, `${path}: ${r.message}`);
    let now: Stats;
    try {
      now = await stat(path);
    } catch (e) {
      throw ioError(path, e);
    }
    const change = identityChange(identity, identityOf(now));
    if (change !== undefined || r.bytes !== st.size) throw new IndexError('changed', `${path}: ${change ?? 'the file changed'} while it was indexed; index it again`);
    return { trace: r, identity };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
