// Reads a trace file (plain or .gz) as a stream of whole lines into the core builder, in bounded memory, with errors people can act on.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { TraceBuilder, type TraceModel } from '../core/index';

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

  constructor(private readonly builder: TraceBuilder) {}

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
      this.builder.feed(chunk.toString('utf8', s, last + 1));
      s = last + 1;
    }
    if (s < chunk.length) this.addPartial(chunk.subarray(s));
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

/**
 * Parses the file at `path` as a stream (traces can exceed V8's string limit and memory), plain
 * or gzip (by the `.gz` suffix). Bytes are decoded as UTF-8 with replacement characters for
 * invalid sequences. Throws a UserError when the file cannot be read, is not valid gzip, or goes
 * on for NO_TRACE_LIMIT_BYTES (decompressed) or NO_TRACE_LIMIT_LINES without a function_graph
 * call line (at its start: not a trace; later: no more trace).
 * Lines longer than MAX_LINE_BYTES are cut (see {@link ReadNotes}, filled into `notes`).
 */
export async function readTrace(path: string, notes?: ReadNotes): Promise<TraceModel> {
  checkFile(path);
  const builder = new TraceBuilder();
  const feeder = new LineFeeder(builder);
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const src: Readable = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : file;
  if (src !== file) file.on('error', (e) => src.destroy(e));
  let read = 0;
  // Where the current run of input without call lines began (checked per chunk).
  let calls = 0;
  let runBytes = 0;
  let runLine = 0;
  try {
    for await (const chunk of src as AsyncIterable<Buffer>) {
      feeder.write(chunk);
      read += chunk.length;
      if (builder.calls.count !== calls) {
        calls = builder.calls.count;
        runBytes = read;
        runLine = builder.lineCount;
      } else if (read - runBytes >= NO_TRACE_LIMIT_BYTES || builder.lineCount - runLine >= NO_TRACE_LIMIT_LINES) {
        const limit = `${NO_TRACE_LIMIT_BYTES >> 20} MiB or ${NO_TRACE_LIMIT_LINES.toLocaleString('en-US')} lines`;
        if (calls === 0) throw new UserError(`${path}: not a function_graph trace (no call line in its first ${limit})`);
        throw new UserError(`${path}: stopped at line ${builder.lineCount}: no function_graph call line in ${limit} after line ${runLine}`);
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    const what = err.code === 'EACCES' ? 'permission denied' : err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' ? 'not valid gzip data' : err.message;
    throw new UserError(`${path}: ${what}`);
  } finally {
    file.destroy();
    if (src !== file) src.destroy();
  }
  feeder.end();
  if (notes !== undefined) Object.assign(notes, feeder.notes);
  return builder.finish();
}
