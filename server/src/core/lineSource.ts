// Where line text comes from when the model does not hold it: a string in memory or a file on disk.

/** Text of a trace's lines, by 0-based line number. */
export interface LineSource {
  /** Number of lines. */
  readonly lineCount: number;
  /**
   * Text of 0-based `line` without its line break (LF or CRLF); empty past the end. Reading lines
   * in ascending order is the fast way (a disk source reads forward from where it is).
   */
  text(line: number): string;
}

/** A {@link LineSource} over a whole text in memory (line starts found once, with native indexOf). */
export class TextLines implements LineSource {
  private readonly starts: Float64Array;
  readonly lineCount: number;

  constructor(private readonly textValue: string) {
    let starts = new Float64Array(Math.max(16, Math.ceil(textValue.length / 48)));
    let n = textValue.length === 0 ? 0 : 1;
    for (let p = textValue.indexOf('\n'); p >= 0 && p + 1 < textValue.length; p = textValue.indexOf('\n', p + 1)) {
      if (n === starts.length) {
        const next = new Float64Array(starts.length * 2);
        next.set(starts);
        starts = next;
      }
      starts[n++] = p + 1;
    }
    this.starts = starts;
    this.lineCount = n;
  }

  text(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const s = this.starts[line];
    let e = line + 1 < this.lineCount ? this.starts[line + 1] - 1 : this.textValue.length;
    if (e > s && this.textValue.charCodeAt(e - 1) === 10) e--;
    if (e > s && this.textValue.charCodeAt(e - 1) === 13) e--;
    return this.textValue.slice(s, e);
  }
}
