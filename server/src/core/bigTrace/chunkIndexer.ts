// Builds the model of a trace file from its bytes, read in chunks, without ever holding the whole text; keeps sparse line checkpoints and stops early on content that is not a trace.
import type { LexedChunk, LexedNames } from './chunkLexer';
import { ColumnSizer } from '../build/columnSizer';
import { LineCheckpoints } from './lineCheckpoints';
import { RowBuilder, applyRows } from '../build/rowBuilder';
import type { TraceModel } from '../model/model';

/** Bytes per block fed to the parser; one line checkpoint per block. */
export const INDEX_BLOCK = 64 * 1024;
/** Longest line accepted (bytes): a longer one means the file is not line-oriented text. */
export const MAX_INDEX_LINE = 16 * 1024 * 1024;

/** Bytes looked at before deciding the content is (or is not) a trace. */
export const SNIFF_BYTES = 1024 * 1024;

/** Why indexing stopped early. */
export interface IndexStop {
  readonly reason: 'binary' | 'compressed' | 'notTrace' | 'lineTooLong';
  /** A sentence for people (without the file name). */
  readonly message: string;
}

/** A finished disk index: the model plus what is needed to read line text back from the file. */
export interface IndexedTrace {
  readonly model: TraceModel;
  readonly checkpoints: LineCheckpoints;
  /** Bytes indexed. */
  readonly bytes: number;
}

/**
 * For bytes without a LF from `pos` on (a file whose lines end in a lone CR): just after the last
 * CR that is followed by another byte (so it is not the CR of a CRLF cut in two), or 0 when none.
 */
function loneCrEnd(chunk: Uint8Array, pos: number): number {
  if (chunk.length - pos < 2) return 0;
  // Searched from pos only: this runs for the unfinished last line of every chunk, and a search
  // back from the chunk's end through every earlier line cost a whole chunk's scan each time.
  const cr = chunk.subarray(pos).lastIndexOf(13, chunk.length - 2 - pos);
  return cr >= 0 ? pos + cr + 1 : 0;
}


/**
 * Incremental index of a file's bytes: {@link ChunkIndexer.push} every chunk in order (chunks of
 * any size; the caller may reuse its buffer afterwards), then {@link ChunkIndexer.finish}. Whole
 * lines are decoded (UTF-8, invalid bytes become U+FFFD, as the CLI does) and parsed one block at a
 * time; only an unfinished last line is kept between chunks. Memory: the model, the checkpoints and
 * one line of at most {@link MAX_INDEX_LINE} bytes.
 */
export class ChunkIndexer {
  private readonly builder = new RowBuilder();
  private readonly sizer: ColumnSizer;
  readonly checkpoints = new LineCheckpoints();
  /** Bytes pushed so far. */
  bytesDone = 0;
  /** The unfinished line carried from the previous chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  /** The last block fed ended in a CR. */
  private endsInCr = false;
  private sniffed = false;
  /** File offset of the last checkpoint added. */
  private lastCheckpoint = -INDEX_BLOCK;

  /** @param totalBytes size of the whole file (sizes the columns once the first lines are parsed). */
  constructor(totalBytes: number) {
    this.sizer = new ColumnSizer(this.builder, totalBytes);
  }

  /** Lines parsed so far. */
  get lineCount(): number {
    return this.builder.lineCount;
  }

  /** Parses the complete lines of `chunk`; returns why indexing must stop, or null to go on. */
  push(chunk: Uint8Array): IndexStop | null {
    const start = this.bytesDone;
    if (start === 0 && chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
      return { reason: 'compressed', message: 'gzip-compressed data: decompress it first (or use the ftrace-lens CLI, which reads .gz)' };
    }
    if (start < SNIFF_BYTES) {
      const nul = chunk.subarray(0, Math.min(chunk.length, SNIFF_BYTES - start)).indexOf(0);
      if (nul >= 0) return { reason: 'binary', message: `binary data (a NUL byte at offset ${start + nul}): not a text trace` };
    }
    this.bytesDone += chunk.length;
    let pos = 0;
    if (this.carry.length > 0) {
      let nl = chunk.indexOf(10);
      if (nl < 0) nl = loneCrEnd(chunk, 0) - 1;
      if (nl < 0) return this.keep(chunk, 0, start);
      const line = new Uint8Array(this.carry.length + nl + 1);
      line.set(this.carry);
      line.set(chunk.subarray(0, nl + 1), this.carry.length);
      this.feedBlock(line, 0, line.length, start - this.carry.length);
      this.carry = new Uint8Array(0);
      pos = nl + 1;
    }
    while (pos < chunk.length) {
      let end = pos + INDEX_BLOCK >= chunk.length ? chunk.length : pos + INDEX_BLOCK;
      end = chunk.lastIndexOf(10, end - 1) + 1;
      if (end <= pos) {
        end = chunk.indexOf(10, pos + INDEX_BLOCK) + 1;
        if (end <= 0) end = loneCrEnd(chunk, pos);
        if (end <= 0) return this.keep(chunk, pos, start);
      }
      this.feedBlock(chunk, pos, end, start + pos);
      pos = end;
    }
    return this.check();
  }

  /** True while an unfinished line is carried (the next bytes must go to {@link ChunkIndexer.push}). */
  get carrying(): boolean {
    return this.carry.length > 0;
  }

  /**
   * Takes the next chunk of whole lines (the previous input ended at a line break: not
   * {@link ChunkIndexer.carrying}) with its rows from a ChunkLexer (`names`: that lexer's,
   * see applyRows): row lines are recorded without parsing them again, runs of other lines go
   * through {@link ChunkIndexer.push}. The same model as pushing the bytes. Returns why indexing
   * must stop, or null to go on.
   */
  pushLexed(bytes: Uint8Array, lexed: LexedChunk, names?: LexedNames): IndexStop | null {
    const stop = applyRows(this.builder, bytes, lexed, (s, e) => this.push(bytes.subarray(s, e)), (_pos, n) => {
      const offset = this.bytesDone;
      if (offset - this.lastCheckpoint >= INDEX_BLOCK) {
        this.checkpoints.add(this.builder.lineCount, offset);
        this.lastCheckpoint = offset;
      }
      this.bytesDone = offset + n;
    }, names);
    if (stop !== null) return stop;
    this.sizer.after(this.bytesDone);
    return this.check();
  }

  /** Ends the input: parses a last line without a line break and returns the index. */
  finish(): IndexedTrace {
    if (this.carry.length > 0) this.feedBlock(this.carry, 0, this.carry.length, this.bytesDone - this.carry.length);
    this.carry = new Uint8Array(0);
    const model = this.builder.finish();
    return { model, checkpoints: this.checkpoints, bytes: this.bytesDone };
  }

  /** After the last chunk: the early checks for a short file. */
  checkAtEnd(): IndexStop | null {
    return this.sniffed ? null : this.sniff(true);
  }

  /** Keeps chunk[pos, end) as the start of an unfinished line (bounded). */
  private keep(chunk: Uint8Array, pos: number, chunkStart: number): IndexStop | null {
    const n = this.carry.length + chunk.length - pos;
    if (n > MAX_INDEX_LINE) {
      return { reason: 'lineTooLong', message: `a line longer than ${MAX_INDEX_LINE >> 20} MB at offset ${chunkStart + pos - this.carry.length}: not a line-oriented trace` };
    }
    const next = new Uint8Array(n);
    next.set(this.carry);
    next.set(chunk.subarray(pos), this.carry.length);
    this.carry = next;
    return this.check();
  }

  /** Decodes and parses bytes[s, e) (whole lines), which start at file offset `offset`. */
  private feedBlock(bytes: Uint8Array, s: number, e: number, offset: number): void {
    // After a block that ends in a lone CR the parser still holds that line (a LF could follow):
    // its line count is one short there, so no checkpoint (files with CR-only line ends are rare).
    // (Blocks fed for runs of other lines between lexed rows: one checkpoint per half block at most.)
    if (!this.endsInCr && offset - this.lastCheckpoint >= INDEX_BLOCK / 2) {
      this.checkpoints.add(this.builder.lineCount, offset);
      this.lastCheckpoint = offset;
    }
    this.endsInCr = e > s && bytes[e - 1] === 13;
    this.builder.feedUtf8(bytes, s, e);
    this.sizer.after(offset + e - s);
  }

  private check(): IndexStop | null {
    if (this.sniffed || this.bytesDone < SNIFF_BYTES) return null;
    return this.sniff(false);
  }

  /** The content check, once: after SNIFF_BYTES, or at the end of a shorter file. */
  private sniff(atEnd: boolean): IndexStop | null {
    this.sniffed = true;
    const lines = this.builder.lineCount;
    if (this.builder.calls.count > 0 || lines === 0) return null;
    const unknown = this.builder.issues.count('not-trace');
    if (unknown * 2 <= lines) return null;
    const where = atEnd ? 'in the file' : `in its first ${SNIFF_BYTES >> 20} MB`;
    return { reason: 'notTrace', message: `no function_graph call lines ${where} (${unknown} of ${lines} lines are not trace text)` };
  }
}

/** Progress of an indexing: bytes read of `total`, lines parsed. */
export interface IndexProgress {
  readonly bytes: number;
  readonly total: number;
  readonly lines: number;
}

/** Reads up to `length` bytes at file offset `position` into buf[0…]; resolves to the count (0 at the end). */
export type ReadChunk = (buf: Uint8Array, length: number, position: number) => Promise<number>;

/** Options of {@link indexChunks}. */
export interface IndexChunksOptions {
  /** Checked before every chunk: true stops the indexing (the partial index is dropped). */
  readonly cancelled?: () => boolean;
  /** Called after every chunk. */
  readonly onProgress?: (p: IndexProgress) => void;
  /** Bytes per read (default 4 MB). */
  readonly chunkBytes?: number;
}

/**
 * Indexes the `total` bytes that `read` gives, chunk by chunk. Resolves to the index, to why it
 * stopped early, or to 'cancelled'; `bytes` of the index is less than `total` when the file
 * became shorter while it was read.
 */
export async function indexChunks(read: ReadChunk, total: number, options: IndexChunksOptions = {}): Promise<IndexedTrace | IndexStop | 'cancelled'> {
  const indexer = new ChunkIndexer(total);
  const size = Math.max(1024, Math.min(options.chunkBytes ?? 4 * 1024 * 1024, Math.max(total, 1024)));
  // Two buffers: the next chunk is read while this one is parsed.
  let buf = new Uint8Array(size);
  let spare = new Uint8Array(size);
  let pos = 0;
  let next: Promise<number> | undefined = total > 0 ? read(buf, Math.min(size, total), 0) : undefined;
  try {
    while (next !== undefined) {
      const n = await next;
      next = undefined;
      if (n === 0 || options.cancelled?.() === true) break;
      const end = pos + n;
      if (end < total) next = read(spare, Math.min(size, total - end), end);
      const stop = indexer.push(buf.subarray(0, n));
      if (stop !== null) return stop;
      pos = end;
      [buf, spare] = [spare, buf];
      options.onProgress?.({ bytes: pos, total, lines: indexer.lineCount });
    }
  } finally {
    // A read still under way must not outlive this call unobserved (its file may be closed next).
    await next?.catch(() => 0);
  }
  if (options.cancelled?.() === true) return 'cancelled';
  return indexer.checkAtEnd() ?? indexer.finish();
}
