// Line text read back from a trace file through the index's sparse checkpoints (a forward cursor over one read block; the file reads are injected).
import type { LineCheckpoints } from './lineCheckpoints';
import type { LineSource } from './lineSource';

/** Reads up to `length` bytes at file offset `position` into buf[offset…]; returns the count (0 at the end). */
export type ReadAt = (buf: Uint8Array, offset: number, length: number, position: number) => number;

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Bytes read at a time: about the distance between two checkpoints (a jump to a line reads no more
 * than that; the buffer grows for a longer line).
 */
const READ_BLOCK = 64 * 1024;

/**
 * A {@link LineSource} over a file: finds a line from the checkpoint at or before it, then reads
 * forward; ascending requests continue from the current position without seeking. Bytes are
 * decoded as UTF-8 with U+FFFD for invalid sequences (as the indexer decoded them). Throws when
 * the file is shorter than the index says (it changed).
 */
export class FileLines implements LineSource {
  private buf = new Uint8Array(READ_BLOCK);
  /** File offset of buf[0], and bytes valid in buf. */
  private bufStart = 0;
  private bufLen = 0;
  /** The line the cursor is at and its offset in the file; -1 before the first read. */
  private curLine = -1;
  private curOffset = 0;

  /**
   * @param readAt reads the indexed file
   * @param checkpoints the index's checkpoints
   * @param lineCount lines in the index
   * @param size bytes indexed (reads stop there even if the file grew)
   */
  constructor(private readonly readAt: ReadAt, private readonly checkpoints: LineCheckpoints, readonly lineCount: number, private readonly size: number) {}

  text(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const cp = this.checkpoints.indexFor(line);
    if (!(this.curLine >= 0 && this.curLine <= line && this.checkpoints.lineOf(cp) <= this.curLine)) {
      this.curLine = this.checkpoints.lineOf(cp);
      this.curOffset = this.checkpoints.offsetOf(cp);
    }
    while (this.curLine < line) {
      this.curOffset = this.lineEnd(this.curOffset) + this.breakLength;
      this.curLine++;
    }
    const end = this.lineEnd(this.curOffset);
    // lineEnd leaves [curOffset, end) in the buffer.
    return decoder.decode(this.buf.subarray(this.curOffset - this.bufStart, end - this.bufStart));
  }

  /** Length of the line break lineEnd found last: 2 for CRLF, 1 for LF or a lone CR, 0 at the end. */
  private breakLength = 0;
  /** Buffer index of the next CR at or after crFrom (-1: none in the buffer); reset by fill. */
  private crAt = -1;
  private crFrom = Infinity;

  /**
   * Offset where the line at `offset` ends (its line break, or the end of the indexed bytes), with
   * the line in the buffer. LF, CRLF and a lone CR each end a line, as the model counts them.
   */
  private lineEnd(offset: number): number {
    for (;;) {
      const from = offset - this.bufStart;
      if (from >= 0 && from <= this.bufLen) {
        let nl = this.buf.indexOf(10, from);
        if (nl >= this.bufLen) nl = -1;
        // The next CR, searched again only once passed (a file without CRs is not rescanned per line).
        if (from < this.crFrom || (this.crAt >= 0 && this.crAt < from)) {
          this.crAt = this.buf.indexOf(13, from);
          if (this.crAt >= this.bufLen) this.crAt = -1;
          this.crFrom = from;
        }
        const cr = this.crAt;
        if (cr >= 0 && (nl < 0 || cr < nl)) {
          if (cr + 1 < this.bufLen || this.bufStart + this.bufLen >= this.size) {
            this.breakLength = cr + 1 < this.bufLen && this.buf[cr + 1] === 10 ? 2 : 1;
            return this.bufStart + cr;
          }
          // A CR at the buffer's end: the next byte decides between CRLF and a lone CR.
        } else if (nl >= 0) {
          this.breakLength = 1;
          return this.bufStart + nl;
        } else if (this.bufStart + this.bufLen >= this.size) {
          this.breakLength = 0;
          return this.size;
        }
        // The line runs past the buffer: reread from its start, growing the buffer if one line fills it.
        if (from === 0 && this.bufLen === this.buf.length) this.buf = new Uint8Array(this.buf.length * 2);
      }
      this.fill(offset);
    }
  }

  private fill(offset: number): void {
    const want = Math.min(this.buf.length, this.size - offset);
    let got = 0;
    while (got < want) {
      const n = this.readAt(this.buf, got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    this.bufStart = offset;
    this.bufLen = got;
    this.crAt = -1;
    this.crFrom = Infinity;
    if (got < want) throw new Error('the file is shorter than its index: it changed on disk');
  }
}
