// How much room a builder's columns get ahead of the text: lines and calls estimated from the density of the lines parsed so far, so a big text gets its columns in one allocation, not by doubling.
import { SIZING_SAMPLE } from './columnSizer';
import type { CallTable, LineTable } from '../model/growable';

/** Lines parsed before the density of the lines so far is trusted for an estimate. */
const KNOWN_LINES = 4096;

/**
 * The room a TraceBuilder reserves in its line and call columns. `line` is the builder's number
 * of lines parsed; `chars` counts the characters (or bytes) of those lines.
 */
export class ColumnBudget {
  /** Characters of the lines parsed so far. */
  chars = 0;

  constructor(
    private readonly lines: LineTable,
    private readonly calls: CallTable,
  ) {}

  /**
   * Makes room for the lines and calls of `chars` more characters after `line` lines.
   * `tight`: the estimate covers the rest of the text, so grow by an eighth at least, not by half.
   */
  reserveFor(line: number, chars: number, tight = false): void {
    this.lines.reserve(line + this.linesIn(line, chars), tight);
    this.calls.reserve(this.calls.count + this.callsIn(line, chars), tight);
  }

  /**
   * Makes room before a window of `window` characters is parsed, `rest` characters to go (the
   * window's included): until the line density is known (4096 lines, and SIZING_SAMPLE characters
   * when more windows follow: a capture's first megabyte was 2.4% off its density, and the columns
   * then grew at the end, copying every call) for this window only; then for all of the rest, and
   * again only when a window would not fit (then by an eighth at least: growing by half
   * would leave the trim at the end a copy to make). `whole`: the rest was reserved already;
   * returns the new value. (Re-estimating at every window regrew every column whenever an estimate
   * came out a little higher than the first, which mostly had room for every line already.)
   */
  roomForWindow(line: number, window: number, rest: number, whole: boolean): boolean {
    if (line < KNOWN_LINES || (!whole && this.chars < SIZING_SAMPLE && rest > window)) {
      this.reserveFor(line, window);
      return whole;
    }
    if (whole && this.roomFor(line, window)) return true;
    this.reserveFor(line, rest, true);
    return true;
  }

  /** True when the columns have room for the lines and calls of `chars` more characters (as estimated by reserveFor). */
  private roomFor(line: number, chars: number): boolean {
    return line + this.linesIn(line, chars) <= this.lines.kinds.length && this.calls.count + this.callsIn(line, chars) <= this.calls.capacity;
  }

  /** Estimated lines in `chars` more characters (2% and 64 spare). */
  private linesIn(line: number, chars: number): number {
    const lines = line >= KNOWN_LINES ? (chars * line) / this.chars : chars / 40;
    return Math.ceil(lines * 1.02) + 64;
  }

  /** Estimated calls in `chars` more characters (2% and 64 spare). */
  private callsIn(line: number, chars: number): number {
    const calls = line >= KNOWN_LINES ? (chars * this.calls.count) / this.chars : chars / 64;
    return Math.ceil(calls * 1.02) + 64;
  }
}
