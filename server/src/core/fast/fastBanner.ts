// Fast path, the lines of a context-switch banner block (blank line, ` ----` rule, ` N) prev-pid => next-pid`), read from ASCII bytes exactly as lineParser.ts reads them.
import type { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';

const KIND_BLANK: number = LineKind.Blank;
const KIND_RULE: number = LineKind.BannerRule;
const KIND_SWITCH: number = LineKind.ContextSwitch;

/** The `task` of splitTask: comm offsets and pid. */
interface Task {
  cs: number;
  ce: number;
  pid: number;
}

const prev: Task = { cs: 0, ce: 0, pid: -1 };
const next: Task = { cs: 0, ce: 0, pid: -1 };

/** A blank as lineParser's skipBlanks/trimEnd read it in an ASCII window (space, tab). */
function blank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * lineParser's splitTask over b[s, e): `comm-pid` trimmed, split at the last `-` before 1 to 9
 * digits. Fills `out` and returns true, or returns false when [s, e) is no such task.
 */
function splitTask(b: Uint8Array, s: number, e: number, out: Task): boolean {
  while (e > s && blank(b[e - 1])) e--;
  while (s < e && blank(b[s])) s++;
  let d = e;
  while (d > s && b[d - 1] >= 48 && b[d - 1] <= 57) d--;
  if (d === e || d - 1 <= s || b[d - 1] !== 45 || e - d > 9) return false;
  let v = 0;
  for (let i = d; i < e; i++) v = v * 10 + (b[i] - 48);
  out.cs = s;
  out.ce = d - 1;
  out.pid = v;
  return true;
}

/**
 * Reads the line at window offset p of a text window `b` (text offset p + delta) when it is a
 * line of a context-switch banner block as parseLine reads it: blanks only (Blank), a blank and
 * more than 19 `-` then blanks (BannerRule), or `[blanks]N) prev-pid => next-pid` with no `|` on
 * the line (ContextSwitch: parseGraphLine's CPU column, then parseBanner). Fills `f` (reset,
 * offsets in the text) and returns the window offset of the line's `\n`, or -1 to leave the line
 * to the other readers or parseLine (control bytes but tabs are left too).
 *
 * parseLine's earlier rules take none of these lines: they start with a blank or a digit (no `#`
 * header, `CPU` notice or `cpus=` line), a rule ends in `-` and a switch line in a digit (no
 * `[LINE TOO BIG]`), and a switch line's second byte is a blank or a digit (no other line that
 * starts with a blank: overruns, stack frames).
 */
export function readBannerLine(b: Uint8Array, p: number, delta: number, f: LineFields): number {
  let q = p;
  let c = b[q];
  while (blank(c)) c = b[++q];
  if (c === 10 || (c === 13 && b[q + 1] === 10)) {
    f.reset();
    f.kind = KIND_BLANK;
    return c === 10 ? q : q + 1;
  }
  if (c === 45) {
    // parseSpaceSpecial: ` ` then only `-` up to the trimmed end, more than 20 characters.
    if (q !== p + 1 || b[p] !== 32) return -1;
    while (c === 45) c = b[++q];
    if (q - p <= 20) return -1;
    while (blank(c)) c = b[++q];
    if (c !== 10 && !(c === 13 && b[q + 1] === 10)) return -1;
    f.reset();
    f.kind = KIND_RULE;
    return c === 10 ? q : q + 1;
  }
  // CPU ` N) `: 1 to 4 digits and `)`.
  const d0 = q;
  let cpu = 0;
  while (c >= 48 && c <= 57) {
    cpu = cpu * 10 + (c - 48);
    c = b[++q];
  }
  if (q === d0 || q - d0 > 4 || c !== 41) return -1;
  const paren = q;
  // The line end, the first ` => ` (parseBanner's findStr), no `|` (findChar), no control bytes.
  let arrow = -1;
  let e = q + 1;
  for (;;) {
    c = b[e];
    if (c < 32) {
      if (c !== 9) break;
    } else if (c === 124 || c > 126) return -1;
    else if (c === 61 && arrow < 0 && b[e + 1] === 62 && b[e - 1] === 32 && b[e + 2] === 32) arrow = e - 1;
    e++;
  }
  let nl = e;
  if (c === 13 && b[e + 1] === 10) nl = e + 1;
  else if (c !== 10) return -1;
  if (arrow < 0 || !splitTask(b, paren + 1, arrow, prev) || !splitTask(b, arrow + 4, e, next)) return -1;
  f.reset();
  f.kind = KIND_SWITCH;
  f.cpu = cpu;
  f.cpuParenAt = paren + delta;
  f.prevPid = prev.pid;
  f.prevCommStart = prev.cs + delta;
  f.prevCommEnd = prev.ce + delta;
  f.nextPid = next.pid;
  f.nextCommStart = next.cs + delta;
  f.nextCommEnd = next.ce + delta;
  return nl;
}
