// Reads a trace file (plain or .gz) as a stream of whole lines into the core builder, in bounded memory, with errors people can act on.
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ColumnSizer, RowBuilder, applyRows, type BlockDecoder, type LexedChunk, type LexedNames, type TraceBuilder, type TraceModel } from '../core/index';
import { lexWorkers, type LexWorkerOptions } from '../threads/lexWorkers';
import { lexInOrder, type PieceSink } from '../threads/parallelIndex';

/** An error meant for the user: printed as-is, exit code 2. */
export class UserError extends Error {}

/** Bytes read (after gunzip) per chunk; no line up to this long is ever cut. */
export const CHUNK_BYTES = 1 << 20;
/**
 * A line longer than this many bytes is cut. No trace line comes near (the kernel's limit is a
 * page), but a damaged or hostile one may: up to this size it is parsed whole, like the editor
 * does, and its names are cut in answers instead.
 */
export const MAX_LINE_BYTES = 16 << 20;
/** How much of a cut line is kept (its start, parsed like any line). */
export const KEEP_OF_CUT_LINE = 4 << 10;
/** Reading stops when this many bytes (decompressed) in a row hold no function_graph call line (more than a cut line). */
export const NO_TRACE_LIMIT_BYTES = 64 << 20;
/** Reading stops when this many lines in a row hold no function_graph call line. */
export const NO_TRACE_LIMIT_LINES = 1_000_000;

/** Checks that `path` names a readable regular file; throws a UserError otherwise. */
export function checkFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    if (code === 'EACCES') throw new UserError(`${path}: permission denied`);
    throw new UserError(`${path}: cannot read (${code ?? String(e)})`);
  }
  if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a trace file`);
  if (!st.isFile()) throw new UserError(`${path}: not a regular file`);
}

/** What {@link readTrace} noticed besides the model: lines it cut. */
export interface ReadNotes {
  /** Lines longer than {@link MAX_LINE_BYTES}, kept as their first {@link KEEP_OF_CUT_LINE} bytes. */
  cutLines: number;
  /** 1-based number of the first cut line (0 when none). */
  firstCutLine: number;
}

/** Bytes decoded as the CLI always decoded them (Buffer's UTF-8: invalid sequences become U+FFFD, a byte-order mark stays). */
const decodeBuffer: BlockDecoder = (b, s, e) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', s, e);

/**
 * Splits a byte stream into blocks of whole lines for the builder: the builder never holds an
 * unfinished line (its scans stay linear), and a line longer than MAX_LINE_BYTES keeps only its
 * start (memory stays bounded whatever the input). Blocks end just after a `\n`, so no UTF-8
 * sequence spans two blocks and each decodes alone.
 */
class LineFeeder {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Bytes of the current unfinished line, kept or not. */
  private lineBytes = 0;
  /** The current line is longer than MAX_LINE_BYTES: only its start is kept. */
  private cut = false;
  readonly notes: ReadNotes = { cutLines: 0, firstCutLine: 0 };

  constructor(private readonly builder: RowBuilder) {}

  /** Feeds the whole lines of `chunk` (with what earlier chunks left unfinished). */
  write(chunk: Buffer): void {
    let s = 0;
    if (this.lineBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.addPartial(chunk);
        return;
      }
      this.addPartial(chunk.subarray(0, nl + 1));
      this.flushPartial();
      s = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= s) {
      // A chunk is at most CHUNK_BYTES <= MAX_LINE_BYTES: none of its whole lines needs cutting.
      this.builder.feedUtf8(chunk, s, last + 1, decodeBuffer);
      s = last + 1;
    }
    if (s < chunk.length) this.addPartial(chunk.subarray(s));
  }

  /** True while an unfinished line is kept. */
  get carrying(): boolean {
    return this.lineBytes > 0;
  }

  /** Feeds the last line (no line break after it). */
  end(): void {
    if (this.lineBytes > 0) this.flushPartial();
  }

  private addPartial(piece: Buffer): void {
    this.lineBytes += piece.length;
    if (this.cut) return;
    if (this.lineBytes <= MAX_LINE_BYTES) {
      // Copied: a subarray would keep its whole chunk alive.
      this.partial.push(Buffer.from(piece));
      this.partialBytes += piece.length;
      return;
    }
    if (this.partialBytes < KEEP_OF_CUT_LINE) this.partial.push(Buffer.from(piece.subarray(0, KEEP_OF_CUT_LINE - this.partialBytes)));
    this.partial = [Buffer.from(Buffer.concat(this.partial).subarray(0, KEEP_OF_CUT_LINE))];
    this.partialBytes = this.partial[0].length;
    this.cut = true;
  }

  private flushPartial(): void {
    let text = Buffer.concat(this.partial).toString('utf8');
    if (this.cut) {
      if (this.notes.cutLines++ === 0) this.notes.firstCutLine = this.builder.lineCount + 1;
      text += '\n';
    }
    this.builder.feed(text);
    this.partial = [];
    this.partialBytes = 0;
    this.lineBytes = 0;
    this.cut = false;
  }
}

/** How {@link readTrace} reads a plain file: lex workers (see lexWorkers), piece size (tests use small pieces). */
export interface ReadOptions extends LexWorkerOptions {
  readonly chunkBytes?: number;
}

/**
 * Parses the file at `path` as a stream (traces can exceed V8's string limit and memory), plain
 * or gzip (by the `.gz` suffix). Bytes are decoded as UTF-8 with replacement characters for
 * invalid sequences. Throws a UserError when the file cannot be read, is not valid gzip, or goes
 * on for NO_TRACE_LIMIT_BYTES (decompressed) or NO_TRACE_LIMIT_LINES without a function_graph
 * call line (at its start: not a trace; later: no more trace).
 * Lines longer than MAX_LINE_BYTES are cut (see {@link ReadNotes}, filled into `notes`). A plain
 * file of PARALLEL_MIN_BYTES or more has its lines lexed on worker threads (the same model).
 */
export async function readTrace(path: string, notes?: ReadNotes, options: ReadOptions = {}): Promise<TraceModel> {
  checkFile(path);
  const builder = new RowBuilder();
  const feeder = new LineFeeder(builder);
  const limits = new NoTraceLimits(path, builder);
  const size = statSync(path).size;
  const gz = path.endsWith('.gz');
  // A plain file's size sizes the columns (a gzip file's text size is unknown until read).
  const sizer = gz ? undefined : new ColumnSizer(builder, size);
  const lex = gz ? { workers: 0, script: '' } : lexWorkers(size, options);
  if (lex.workers > 0 && sizer !== undefined) await readParallel(path, size, feeder, builder, limits, sizer, { ...lex, log: options.log, chunkBytes: options.chunkBytes });
  else {
    let done = 0;
    const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    const src: Readable = gz ? file.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : file;
    if (src !== file) file.on('error', (e) => src.destroy(e));
    try {
      for await (const chunk of src as AsyncIterable<Buffer>) {
        feeder.write(chunk);
        limits.check(chunk.length);
        sizer?.after((done += chunk.length));
      }
    } catch (e) {
      throw userError(path, e);
    } finally {
      file.destroy();
      if (src !== file) src.destroy();
    }
  }
  feeder.end();
  if (notes !== undefined) Object.assign(notes, feeder.notes);
  return builder.finish();
}

/** A read failure as a UserError (UserErrors pass through). */
function userError(path: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const err = e as NodeJS.ErrnoException;
  const what = err.code === 'EACCES' ? 'permission denied' : err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' ? 'not valid gzip data' : err.message;
  return new UserError(`${path}: ${what}`);
}

/** Stops reading after NO_TRACE_LIMIT_BYTES or NO_TRACE_LIMIT_LINES in a row without a call line (checked after each piece read). */
class NoTraceLimits {
  private read = 0;
  private calls = 0;
  private runBytes = 0;
  private runLine = 0;

  constructor(private readonly path: string, private readonly builder: TraceBuilder) {}

  /** After `bytes` more bytes were fed: throws a UserError past a limit. */
  check(bytes: number): void {
    const b = this.builder;
    this.read += bytes;
    if (b.calls.count !== this.calls) {
      this.calls = b.calls.count;
      this.runBytes = this.read;
      this.runLine = b.lineCount;
    } else if (this.read - this.runBytes >= NO_TRACE_LIMIT_BYTES || b.lineCount - this.runLine >= NO_TRACE_LIMIT_LINES) {
      const limit = `${NO_TRACE_LIMIT_BYTES >> 20} MiB or ${NO_TRACE_LIMIT_LINES.toLocaleString('en-US')} lines`;
      if (this.calls === 0) throw new UserError(`${this.path}: not a function_graph trace (no call line in its first ${limit})`);
      throw new UserError(`${this.path}: stopped at line ${b.lineCount}: no function_graph call line in ${limit} after line ${this.runLine}`);
    }
  }
}

/**
 * Reads a plain file of `size` bytes with its lines lexed on worker threads (see lexInOrder):
 * the same model as the stream, the no-trace limits checked per piece (4 MB) instead of per MB.
 */
async function readParallel(
  path: string, size: number, feeder: LineFeeder, builder: RowBuilder, limits: NoTraceLimits, sizer: ColumnSizer,
  lex: { workers: number; script: string; log?: (message: string) => void; chunkBytes?: number },
): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw userError(path, e);
  }
  try {
    const h = handle;
    const feed = (bytes: Uint8Array): void => feeder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    let done = 0;
    const sink: PieceSink<never> = {
      get bytesDone() {
        return done;
      },
      get carrying() {
        return feeder.carrying;
      },
      push(bytes) {
        feed(bytes);
        done += bytes.length;
        limits.check(bytes.length);
        sizer.after(done);
        return null;
      },
      pushLexed(bytes: Uint8Array, lexed: LexedChunk, names: LexedNames) {
        applyRows(builder, bytes, lexed, (s, e) => {
          feed(bytes.subarray(s, e));
          return null;
        }, undefined, names);
        done += bytes.length;
        limits.check(bytes.length);
        sizer.after(done);
        return null;
      },
    };
    await lexInOrder(async (buf, length, position) => (await h.read(buf, 0, length, position)).bytesRead, size, sink, lex);
  } catch (e) {
    throw userError(path, e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * {@link readTrace} for the commands that work on calls (report, calls, diff): a note on stderr for
 * lines it cut, a UserError for a file without a single function_graph call line.
 */
export async function readCalls(file: string): Promise<TraceModel> {
  const notes: ReadNotes = { cutLines: 0, firstCutLine: 0 };
  const model = await readTrace(file, notes, { log: (m) => process.stderr.write(`ftrace-lens: ${file}: ${m}\n`) });
  if (notes.cutLines > 0) {
    const n = notes.cutLines === 1 ? '1 line' : `${notes.cutLines} lines`;
    process.stderr.write(`ftrace-lens: ${file}: ${n} longer than ${MAX_LINE_BYTES >> 20} MiB cut to the first ${KEEP_OF_CUT_LINE >> 10} KiB (first: line ${notes.firstCutLine})\n`);
  }
  if (model.callCount === 0) throw new UserError(`${file}: no function_graph lines found (${model.lineCount} lines read): is it an ftrace function_graph trace?`);
  return model;
}
