// A TraceBuilder fed from a file's bytes: UTF-8 blocks read without decoding their plain call lines, and plain call lines lexed apart (rows of a LexedChunk), in line order with the lines it parses itself.
import { WINDOW } from './callTreeBuilder';
import { LEX_ROW, LexedNames, type LexedChunk } from '../bigTrace/chunkLexer';
import { PasteKind } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';
import { TextlessBuilder } from './textlessWindows';

/** Decodes b[s, e) as UTF-8 (invalid sequences become U+FFFD; a byte-order mark stays in the text). */
export type BlockDecoder = (b: Uint8Array, s: number, e: number) => string;

// As the indexer and the CLI decode: a byte-order mark stays in the text.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const decodeBlock: BlockDecoder = (b, s, e) => decoder.decode(b.subarray(s, e));

/** Windows fed as text after a raw window gave up (its layout needs the text), before raw reading is tried again. */
const RAW_RETRY = 16;

/** A {@link TraceBuilder} fed UTF-8 bytes, text and lexed rows in line order (see {@link RowBuilder.feedUtf8}, {@link applyRows}). */
export class RowBuilder extends TextlessBuilder {
  /** Windows still to feed as text before raw reading is tried again (see RAW_RETRY). */
  private textWindows = 0;

  /**
   * Parses the UTF-8 bytes b[s, e): the same model as feeding their decoded text (`decode`), but
   * the plain call lines are read from the bytes and never become strings (decoding a block and
   * copying its string back to bytes for the fast path was a tenth of a disk index). Lines the
   * fast path leaves are decoded alone (while they are few: see textlessWindows.ts; then the rest
   * of the window at once). An unfinished last line is fed as text (it waits for the next block).
   */
  feedUtf8(b: Uint8Array, s: number, e: number, decode: BlockDecoder = decodeBlock): void {
    const fast = this.fast;
    const end = b.lastIndexOf(10, e - 1) + 1;
    if (fast === null || this.midLine || end <= s) {
      if (e > s) this.feed(decode(b, s, e));
      return;
    }
    let whole = false;
    while (s < end) {
      let we = s + WINDOW;
      if (we >= end) we = end;
      else {
        we = b.lastIndexOf(10, we - 1) + 1;
        if (we <= s) we = b.indexOf(10, s + WINDOW) + 1;
      }
      whole = this.budget.roomForWindow(this.line, we - s, end - s, whole);
      if (this.textWindows > 0) {
        this.textWindows--;
        this.feed(decode(b, s, we));
      } else {
        fast.loadRaw(b, s, we);
        if (!this.feedRawWindow(b, s, we - s, decode)) this.textWindows = RAW_RETRY;
      }
      s = we;
    }
    if (e > end) this.feed(decode(b, end, e));
  }

  /** Parses the raw window the fast path has loaded (b[s, s + n), whole lines), as feedUtf8 says; false when it gave up (see givesUp: the rest was fed as text). */
  private feedRawWindow(b: Uint8Array, s: number, n: number, decode: BlockDecoder): boolean {
    const p = this.readWindow(n, (q) => {
      // The window ends just after a line feed, so the search finds one.
      const lf = b.indexOf(10, s + q) - s;
      this.addLineText(decode(b, s + q, s + lf));
      return lf + 1;
    });
    this.budget.chars += p;
    if (p >= n) return true;
    this.feed(decode(b, s + p, s + n));
    return false;
  }

  /** True when the next plain call line may be recorded from its row (the fast path would read it: not inside a comment or pasted text). */
  get takesRows(): boolean {
    return !this.inComment && this.paste === PasteKind.None;
  }

  /**
   * Records a plain call line from its row, as the fast path's `simple` branch does; `name` is this
   * builder's id, `bytes` the line's length (ASCII), `task` the row's (see LexedChunk.rows; its task
   * known: see {@link RowBuilder.needsText}).
   */
  recordRow(kind: number, cpu: number, depth: number, name: number, durationNs: number, stepNs: number, bytes: number, task: number): void {
    const f = this.f;
    f.kind = kind;
    f.cpu = cpu;
    // The task's name is known (keyOf reads no text then): only whether the line names it matters.
    f.pid = task < 0 ? -1 : task >> 1;
    f.commStart = task < 0 || (task & 1) === 0 ? -1 : 0;
    f.depth = depth;
    f.durationNs = durationNs;
    f.durationStepNs = stepNs;
    f.tailStart = -1;
    this.st.lineName = name;
    this.budget.chars += bytes;
    this.recordCall();
  }

  /**
   * True when a row's line must be parsed from its text: it names a task met for the first time
   * (as a window without text leaves such a line), or it is an exit whose comment names function
   * `name` (this builder's id; -1 without one) and that does not close the top call of that name as
   * the fast path's call step would (see CallStacks.exitsTopNamed: a tail naming another function
   * is read from the text).
   */
  needsText(kind: number, cpu: number, depth: number, name: number, task: number): boolean {
    if (task >= 0 && !this.tasks.has(task >> 1)) return true;
    return kind === LineKind.Exit && name >= 0 && !this.st.exitsTopNamed(cpu, depth, name, task < 0 ? -1 : task >> 1, (task & 1) === 1);
  }

  /** This builder's id of `name`. */
  nameId(name: string): number {
    return this.interner.idOf(name, 0, name.length);
  }
}

/**
 * Feeds the chunk `bytes` (whole lines; nothing unfinished before it) to `b` from its rows:
 * `row(pos, n)` is called before each row line (chunk offset, length), a row line is recorded
 * (or, inside a comment, parsed from its text), and each run of other lines goes to `other(s, e)`
 * (chunk offsets). `names` maps the names of the chunk's lexer (the same object for all its
 * chunks, in the order it lexed them; a fresh one for a chunk of a fresh lexer). Returns the
 * first non-null answer of `other` (the rest is then not fed), else null.
 */
export function applyRows<S>(
  b: RowBuilder, bytes: Uint8Array, lexed: LexedChunk, other: (s: number, e: number) => S | null, row?: (pos: number, n: number) => void, names = new LexedNames(),
): S | null {
  const rows = lexed.rows;
  names.add(lexed);
  let pos = 0;
  for (let i = 0; i < lexed.count; i++) {
    const r = i * LEX_ROW;
    const kind = rows[r];
    const n = rows[r + 5];
    if (kind < 0) {
      const stop = other(pos, pos + n);
      if (stop !== null) return stop;
    } else {
      row?.(pos, n);
      if (b.takesRows) {
        const local = rows[r + 3];
        const name = local >= 0 ? names.id(local, b) : -1;
        const task = rows[r + 6];
        if ((task >= 0 || (kind === LineKind.Exit && name >= 0)) && b.needsText(kind, rows[r + 1], rows[r + 2], name, task)) b.feed(decodeBlock(bytes, pos, pos + n));
        else b.recordRow(kind, rows[r + 1], rows[r + 2], kind === LineKind.Exit ? -1 : name, lexed.durationNs[i], rows[r + 4], n, task);
      } else b.feed(decodeBlock(bytes, pos, pos + n));
    }
    pos += n;
  }
  return null;
}
