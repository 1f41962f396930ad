// Sizes a builder's columns for the whole of an input of known size once a sample of it is parsed, instead of growing them block by block.
import type { TraceBuilder } from './callTreeBuilder';

/**
 * Bytes parsed before the columns are sized for the whole input: the line and call density of a
 * trace's first lines can differ from the rest (a larger sample, fewer surprises: a column grown
 * late is copied, one sized too large is copied when trimmed).
 */
export const SIZING_SAMPLE = 4 * 1024 * 1024;

/**
 * For a builder fed an input of `totalBytes` bytes (a file) in blocks: once SIZING_SAMPLE bytes
 * and 4096 lines are parsed, reserves room for the rest at once (no doubling, no copies of big
 * columns). A builder fed block by block otherwise grows by an eighth each time a block does not
 * fit, which copies every column many times over a big file.
 */
export class ColumnSizer {
  private sized = false;

  constructor(private readonly builder: TraceBuilder, private readonly totalBytes: number) {}

  /** After `done` bytes of the input have been fed. */
  after(done: number): void {
    if (!this.sized && this.builder.lineCount >= 4096 && done >= SIZING_SAMPLE) {
      this.sized = true;
      this.builder.reserveRest(Math.max(0, this.totalBytes - done));
    }
  }
}
