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

/**
 * A {@link LineSource} over a whole text in memory. LF, CRLF and a lone CR each end a line, as the
 * model counts them; line starts are found once (native indexOf when the text has no CR).
 */
export class TextLines implements LineSource {
  private readonly starts: Float64Array;
  readonly lineCount: number;

  constructor(private readonly textValue: string) {
    const t = textValue;
    let starts = new Float64Array(Math.max(16, Math.ceil(t.length / 48)));
    let n = t.length === 0 ? 0 : 1;
    const add = (p: number): void => {
      if (p >= t.length) return; // a break at the very end starts no line
      if (n === starts.length) {
        const next = new Float64Array(starts.length * 2);
        next.set(starts);
        starts = next;
      }
      starts[n++] = p;
    };
    if (t.indexOf('\r') < 0) {
      for (let p = t.indexOf('\n'); p >= 0; p = t.indexOf('\n', p + 1)) add(p + 1);
    } else {
      for (let p = 0; p < t.length; p++) {
        const c = t.charCodeAt(p);
        if (c === 10) add(p + 1);
        else if (c === 13) {
          if (t.charCodeAt(p + 1) === 10) p++;
          add(p + 1);
        }
      }
    }
    this.starts = starts;
    this.lineCount = n;
  }

  text(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const t = this.textValue;
    const s = this.starts[line];
    let e = line + 1 < this.lineCount ? this.starts[line + 1] : t.length;
    if (e > s && t.charCodeAt(e - 1) === 10) e--;
    if (e > s && t.charCodeAt(e - 1) === 13) e--;
    return t.slice(s, e);
  }
}
