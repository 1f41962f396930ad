// When a window read without its text (JSON-escaped bytes, raw UTF-8 bytes) gives up on reading lines one by one and has the rest of it decoded as text.

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
export function givesUp(left: number, lines: number): boolean {
  return left > LEFT_LINES && left * LEFT_SHARE > lines;
}
