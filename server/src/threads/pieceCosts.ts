// Which pieces of a file the main thread parses itself beside the lex workers: the share that keeps both sides busy, from what each piece cost.

/** Weight of the newest sample in the running costs (per byte). */
const NEWEST = 0.25;

/** A running mean of milliseconds per byte, undefined before the first sample. */
class PerByte {
  value: number | undefined;

  add(bytes: number, ms: number): void {
    if (!(bytes > 0 && ms >= 0)) return;
    const v = ms / bytes;
    this.value = this.value === undefined ? v : this.value + NEWEST * (v - this.value);
  }
}

/**
 * The costs of the pieces of one reading and the share of them the main thread should parse
 * itself. With `workers` workers each taking L ms per byte to lex a piece, the main thread R to
 * record a lexed piece and S to parse a piece itself (lex and record), parsing a share x here
 * keeps both sides busy when (1 - x) L / workers = (1 - x) R + x S, so
 * x = (L / workers - R) / (L / workers - R + S), and 0 when the workers are the faster side (the
 * main thread then only records). Lexing a trace-cmd report costs a worker about twice what
 * recording its rows costs; a default-layout trace about the same. The costs are measured as the
 * reading goes (a worker sharing its CPU with another process lexes slower, and its share
 * moves here), and the pieces parsed here follow the share evenly (a running credit).
 */
export class PieceCosts {
  private readonly lex = new PerByte();
  private readonly record = new PerByte();
  private readonly parse = new PerByte();
  private credit = 0;

  constructor(private readonly workers: number) {}

  /** A worker lexed `bytes` in `ms`. */
  lexed(bytes: number, ms: number): void {
    this.lex.add(bytes, ms);
  }

  /** This thread recorded the rows of `bytes` in `ms` (with what else it did for the piece, its read: not its wait for the worker). */
  recorded(bytes: number, ms: number): void {
    this.record.add(bytes, ms);
  }

  /** This thread parsed `bytes` itself in `ms` (with its read; not the first piece: it warms the parser up and sizes the columns). */
  parsed(bytes: number, ms: number): void {
    this.parse.add(bytes, ms);
  }

  /** The share of the pieces to parse here (0 until a lexed piece was measured). */
  get share(): number {
    const l = this.lex.value;
    const r = this.record.value;
    if (l === undefined || r === undefined || this.workers <= 0) return 0;
    // Before a piece was parsed here: as a worker lexes and this thread records.
    const s = this.parse.value ?? l + r;
    const ahead = l / this.workers - r;
    return ahead > 0 ? ahead / (ahead + s) : 0;
  }

  /** True when the next piece is to be parsed here. */
  parseHere(): boolean {
    this.credit += this.share;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }
}
