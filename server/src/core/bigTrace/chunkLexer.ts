// Lexes a chunk of whole lines apart from the model (on a worker thread): plain call lines become rows of numbers, every other line stays bytes for the builder.
import { FastLayout } from '../fast/fastLine';
import { Interner } from '../build/interner';
import { LineFields } from '../parse/lineFields';

/** Bytes per window lexed at once (as the indexer's blocks: the window and its copy in the reader stay in the CPU caches). */
const WINDOW = 64 * 1024;

/** Numbers per row of {@link LexedChunk.rows}. */
export const LEX_ROW = 7;
/** Largest pid a row holds (as `pid * 2 + 1`); a line with a larger one (not a kernel's) stays bytes. */
const MAX_ROW_PID = 0x3fffffff;

/**
 * What {@link lexChunk} found in a chunk of whole lines, in line order. Row r is
 * `rows[r * LEX_ROW …]`: `[kind, cpu, depth, name, durationStepNs, bytes, task]` with
 * `durationNs[r]` for a plain call line (see FastLayout.simple; `name` is the lexer's name id: for
 * an exit, of the function its `/* name *\/` comment names, -1 without one; `task` is -1 without a
 * task column, else `pid * 2`, + 1 when the line names the task), or `[-1, 0, 0, 0, 0, bytes, 0]`
 * for a run of other lines the builder parses from their bytes. `bytes` is the length of the line
 * (line break included) or run; the rows cover the chunk end to end.
 */
export interface LexedChunk {
  readonly rows: Int32Array;
  readonly durationNs: Float64Array;
  /** Number of rows. */
  readonly count: number;
  /**
   * The names its lexer met first in this chunk: name id `firstName + i` is `names[i]`. Row name
   * ids index every name of the lexer so far (see {@link LexedNames}); a fresh lexer's start at 0.
   */
  readonly names: string[];
  readonly firstName: number;
}

/**
 * Arrays a caller lends {@link lexChunk} for its rows (those of a LexedChunk it is done with):
 * reused when big enough, so a long run of chunks does not take fresh memory for each (a first
 * touch of fresh memory cost about 0.5 ms per MB on the test machine).
 */
export interface LexScratch {
  readonly rows: Int32Array;
  readonly durationNs: Float64Array;
}

/** Growable rows of a LexedChunk. */
class Rows {
  rows: Int32Array;
  ns: Float64Array;
  count = 0;
  /** Bytes of the run of other lines not yet written as a row. */
  private run = 0;

  /** Room for `expected` rows, in `scratch`'s arrays when they hold that many (their contents are overwritten). */
  constructor(expected: number, scratch?: LexScratch) {
    const n = Math.max(64, expected);
    const room = scratch === undefined ? 0 : Math.min(Math.floor(scratch.rows.length / LEX_ROW), scratch.durationNs.length);
    if (scratch !== undefined && room >= n) {
      this.rows = scratch.rows.subarray(0, room * LEX_ROW);
      this.ns = scratch.durationNs.subarray(0, room);
    } else {
      this.rows = new Int32Array(n * LEX_ROW);
      this.ns = new Float64Array(n);
    }
  }

  private grow(): void {
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
    const ns = new Float64Array(this.ns.length * 2);
    ns.set(this.ns);
    this.ns = ns;
  }

  other(bytes: number): void {
    this.run += bytes;
  }

  call(f: LineFields, name: number, bytes: number): void {
    this.flush();
    if (this.count === this.ns.length) this.grow();
    const r = this.count * LEX_ROW;
    const rows = this.rows;
    rows[r] = f.kind;
    rows[r + 1] = f.cpu;
    rows[r + 2] = f.depth;
    rows[r + 3] = name;
    rows[r + 4] = f.durationStepNs;
    rows[r + 5] = bytes;
    rows[r + 6] = f.pid < 0 ? -1 : f.pid * 2 + (f.commStart >= 0 ? 1 : 0);
    this.ns[this.count++] = f.durationNs;
  }

  flush(): void {
    if (this.run === 0) return;
    if (this.count === this.ns.length) this.grow();
    const r = this.count * LEX_ROW;
    this.rows.fill(0, r, r + LEX_ROW);
    this.rows[r] = -1;
    this.rows[r + 5] = this.run;
    this.ns[this.count++] = -1;
    this.run = 0;
  }
}

/**
 * Lexes chunks of whole lines with the builder's fast path (see {@link ChunkLexer.lex}), keeping
 * what it learned across chunks: the names it interned (a chunk's rows name them by this lexer's
 * ids, and only names it had not met before travel with the chunk) and the readers' predictions.
 * A fresh lexer for every 4 MB chunk cost a third of the lexing (each re-interned and re-learned
 * its ~1,300 names and grew its tables again).
 */
export class ChunkLexer {
  private readonly interner = new Interner();
  private readonly fast = new FastLayout(this.interner);
  private readonly f = new LineFields();
  /** Names sent with earlier chunks. */
  private sent = 0;

  /**
   * Lexes `bytes` (whole lines: it starts at a line start and ends just after a `\n`) in windows of
   * about {@link WINDOW} bytes as the indexer feeds them, read from the bytes as the builder reads
   * a raw window (FastLayout.loadRaw: nothing decoded). A plain call line of ASCII bytes becomes a
   * row; the rest (other lines, lines with other bytes, and any chunk holding a CR, whose line ends
   * the builder counts itself) stays bytes. `hasCr` tells whether the chunk holds a CR (a caller
   * with a native byte search passes its answer: a typed array's indexOf over the chunk cost ~5% of
   * the lexing). Which lines become rows may depend on earlier chunks (what the readers learned);
   * the model built from them does not. The rows are written into `scratch` when it is big enough.
   */
  lex(bytes: Uint8Array, hasCr = bytes.indexOf(13) >= 0, scratch?: LexScratch): LexedChunk {
    const firstName = this.sent;
    const out = hasCr ? new Rows(1) : this.windows(bytes, scratch);
    if (hasCr) {
      out.other(bytes.length);
      out.flush();
    }
    const names = this.interner.names;
    this.sent = names.length;
    return { rows: out.rows, durationNs: out.ns, count: out.count, names: names.slice(firstName), firstName };
  }

  /** The rows of a chunk without a CR. */
  private windows(bytes: Uint8Array, scratch: LexScratch | undefined): Rows {
    const out = new Rows(Math.ceil(bytes.length / 40), scratch);
    const fast = this.fast;
    const f = this.f;
    let s = 0;
    while (s < bytes.length) {
      let we = s + WINDOW;
      if (we >= bytes.length) we = bytes.length;
      else {
        we = bytes.lastIndexOf(10, we - 1) + 1;
        if (we <= s) we = bytes.indexOf(10, s + WINDOW) + 1;
        if (we <= 0) we = bytes.length;
      }
      fast.loadRaw(bytes, s, we, true);
      const n = we - s;
      let p = 0;
      while (p < n) {
        let nl = fast.parse(p, f);
        // Rows hold plain lines, with their task (the builder parses the line's text when it meets
        // the task first: the text names it) and the function an exit's `/* name */` names.
        if (nl >= 0 && fast.simple && f.pid <= MAX_ROW_PID) out.call(f, f.tailStart >= 0 ? fast.tailNameId() : fast.nameId, nl + 1 - p);
        else {
          nl = bytes.indexOf(10, s + p) - s;
          if (nl < 0) nl = n - 1;
          out.other(nl + 1 - p);
        }
        p = nl + 1;
      }
      s = we;
    }
    out.flush();
    return out;
  }
}

/** {@link ChunkLexer.lex} by a fresh lexer: the same bytes always give the same rows, whatever was lexed before. */
export function lexChunk(bytes: Uint8Array, hasCr = bytes.indexOf(13) >= 0, scratch?: LexScratch): LexedChunk {
  return new ChunkLexer().lex(bytes, hasCr, scratch);
}

/**
 * The builder's ids of one lexer's names, for its chunks applied in the order it lexed them
 * (see applyRows): a name is interned by the builder when a row first needs it.
 */
export class LexedNames {
  private readonly names: string[] = [];
  private ids = new Int32Array(64).fill(-1);

  /** Takes the names `lexed` brought (its lexer's chunks in order: throws otherwise). */
  add(lexed: LexedChunk): void {
    if (lexed.firstName !== this.names.length) throw new Error(`lexed chunk out of order: its names start at ${lexed.firstName}, ${this.names.length} known`);
    for (const n of lexed.names) this.names.push(n);
    if (this.names.length > this.ids.length) {
      const ids = new Int32Array(Math.max(this.names.length, this.ids.length * 2)).fill(-1);
      ids.set(this.ids);
      this.ids = ids;
    }
  }

  /** The builder's id of the lexer's name `local`, interned by the builder the first time. */
  id(local: number, builder: { nameId(name: string): number }): number {
    const id = this.ids[local];
    return id >= 0 ? id : (this.ids[local] = builder.nameId(this.names[local]));
  }
}
