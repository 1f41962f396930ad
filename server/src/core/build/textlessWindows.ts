// Reading a window of bytes without its text (JSON-escaped, or raw UTF-8): the lines recorded from the bytes, the lines decoded one by one, and when the window gives up and has the rest decoded as text.
import { TraceBuilder } from './callTreeBuilder';
import { loneCrToLf } from '../parse/lineEnds';
import { PasteKind } from '../parse/lineFields';

/**
 * A window without text gives up, and the rest of it is decoded at once and parsed as text, once
 * the fast path has left more than LEFT_LINES of its lines and more than one in LEFT_SHARE: each
 * line left is decoded alone and read by the general parser, a few times the cost of a text line,
 * so a layout whose lines all need their text (a task seen for the first time, comments, trace-cmd
 * events in a JSON window) pays one decode per window, while the banner and comment lines between
 * plain call lines cost little. (A fixed 16 lines per window was fewer than the banner lines of a
 * 1 MB window of a 2-CPU capture: most of every window went back to text.)
 */
const LEFT_LINES = 16;
const LEFT_SHARE = 16;

/** True when a window whose fast path has left `left` of its first `lines` lines should give up. */
function givesUp(left: number, lines: number): boolean {
  return left > LEFT_LINES && left * LEFT_SHARE > lines;
}

/** A {@link TraceBuilder} that reads windows of bytes without their text (JsonTraceBuilder, RowBuilder). */
export abstract class TextlessBuilder extends TraceBuilder {
  /**
   * Reads the n bytes of the window the fast path has loaded (whole lines, from offset 0): each
   * line it takes and that needs no text to record is recorded; any other goes to `left(p)`, which
   * decodes and parses the line at window offset p and returns the offset after its line end (-1:
   * the bytes are invalid). Returns the window offset where reading stopped: n, or less when the
   * window gave up (see givesUp; the caller decodes the rest), or -1 when `left` failed.
   */
  protected readWindow(n: number, left: (p: number) => number): number {
    const fast = this.fast!;
    const f = this.f;
    let p = 0;
    let leftLines = 0;
    let lines = 0;
    while (p < n) {
      lines++;
      if (!this.inComment && this.paste === PasteKind.None) {
        const nl = fast.parse(p, f);
        if (nl >= 0 && this.recordUntexted()) {
          p = nl + 1;
          continue;
        }
      }
      if (givesUp(++leftLines, lines)) break;
      p = left(p);
      if (p < 0) return -1;
    }
    return p;
  }

  /**
   * Parses the decoded text of one line the window left (without its line feed) as feed would: a
   * lone `\r` inside it ends a line too (see lineEnds.ts), a `\r` at its end is the `\r\n` its
   * line feed completes.
   */
  protected addLineText(text: string): void {
    const t = loneCrToLf(text);
    let a = 0;
    for (;;) {
      const nl = t.indexOf('\n', a);
      this.addLine(t, a, nl < 0 ? t.length : nl);
      if (nl < 0) return;
      a = nl + 1;
    }
  }

  /**
   * After the fast path read a line from a window without text: records it when that needs no
   * text and returns true; false leaves it to be decoded. Such windows take call lines without a
   * tail only, all of them plain (FastLayout.simple) or column-less (FastLayout.bare; recordBare
   * reads no text then); recording reads text only to name a task seen for the first time (then
   * the line is decoded).
   */
  private recordUntexted(): boolean {
    const fast = this.fast!;
    if (fast.bare) {
      this.st.lineName = fast.nameId;
      this.recordBare();
      return true;
    }
    const pid = this.f.pid;
    if (!fast.simple || (pid >= 0 && !this.tasks.has(pid))) return false;
    this.st.lineName = fast.nameId;
    this.recordCall();
    return true;
  }
}
