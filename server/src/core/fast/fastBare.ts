// Fast path, lines without any column (nofuncgraph-cpu and nofuncgraph-duration): `[indent]name() {`, `name();`, `}` with tails, read from ASCII bytes exactly as lineParser.ts reads a prefix-less graph line.
import { parseCallTail } from '../parse/bodyParser';
import { readBannerLine } from './fastBanner';
import { ByteWindow, TAIL_TEXT, textEnd } from './fastWindow';
import type { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';

// Kinds as plain numbers: the hot loop must not read enum objects when run unbundled.
const KIND_ENTRY: number = LineKind.Entry;
const KIND_EXIT: number = LineKind.Exit;
const KIND_LEAF: number = LineKind.Leaf;

/** A character of a strict (prefix-less) call name: `[A-Za-z0-9_.$]`, bodyParser's isSymbolChar. */
function symbolChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36;
}

/**
 * The byte window with a reader of lines that have no column at all (parseBare): the indent
 * (spaces), then an entry, leaf or exit body with arguments and tails, as parseGraphLine reads a
 * line with no prefix (a strict name: parseBody's `strictNames`; the indent counted from the line
 * start). Such a line names no CPU, so the builder records it in full (not `simple`): banners
 * decide its CPU lane.
 *
 * Why a line read here is parseLine's line: its first byte is a blank, `}` or a name character,
 * so none of parseLine's earlier rules takes it (a `#` header, a `CPU` notice or `cpus=` line
 * needs `:`, `=` or a digit where a name has none of them, a banner rule, overrun or stack frame
 * needs `-`, `(` or `=` as its body's first byte); parseGraphLine reads no column from it (no
 * `|` on the line, and the body does not start with a digit, which it could read as a time or a
 * CPU); the body and tails are then read as parseBody / parseCallTail / parseExitTail read them.
 * Anything else (tabs in the indent, control or non-ASCII bytes, a `|` anywhere, comments,
 * arrows) is left to parseLine.
 */
export abstract class BareWindow extends ByteWindow {
  /**
   * True when the last line a reader took was read by parseBare (a call line without any column:
   * `f` is complete, its cpu -1); {@link FastLayout.parse} then tries parseBare first.
   */
  bare = false;
  /** True when the last line a reader took was read by parseBannerLine (tried first then). */
  protected banner = false;
  /** See {@link FastLayout.nameId} and {@link FastLayout.simple}. */
  abstract nameId: number;
  abstract simple: boolean;

  /**
   * Reads the column-less line at window offset p. On success fills `f` completely (offsets in
   * the text; in a window without text only lines without a tail are taken) and returns the window
   * offset of the line's `\n`; returns -1 to leave the line to the other readers or parseLine.
   * Sets `nameId` as {@link FastLayout.parse} does.
   */
  /**
   * A line of a context-switch banner block (blank, rule, switch line; see readBannerLine) in a
   * text window, with parseLine's fields; -1 otherwise. Sets `nameId` (-1) and `simple` (false).
   */
  protected parseBannerLine(p: number, f: LineFields): number {
    if (this.textless) return -1;
    const nl = readBannerLine(this.b, p, this.delta, f);
    if (nl >= 0) {
      this.nameId = -1;
      this.simple = false;
    }
    return nl;
  }

  protected parseBare(p: number, f: LineFields): number {
    const b = this.b;
    let q = p;
    let c = b[q];
    if (c === 32) {
      q = this.skipBlanks(q);
      c = b[q];
    }
    const body = q;
    let kind: number;
    let end: number;
    let lp = -1;
    if (c === 125) {
      kind = KIND_EXIT;
      end = q + 1;
    } else {
      // A strict name (not starting with a digit: parseGraphLine would try it as a column), then
      // an optional ` [module]` (any printable bytes up to the first `]`), right before `(`.
      if (!symbolChar(c) || (c >= 48 && c <= 57)) return -1;
      c = b[++q];
      while (symbolChar(c)) c = b[++q];
      const esc = this.escaped;
      if (c === 32) {
        if (b[q + 1] !== 91) return -1;
        q += 2;
        c = b[q];
        while (c !== 93) {
          if (c < 32 || c > 126 || c === 124 || (esc && (c === 34 || c === 92))) return -1;
          c = b[++q];
        }
        c = b[++q];
      }
      if (c !== 40) return -1;
      lp = q;
      // Arguments: parentheses matched as parseCall matches them.
      let depth = 0;
      for (;;) {
        c = b[q];
        if (c > 41) {
          if (c > 126 || c === 124 || (c === 92 && esc)) return -1;
        } else if (c === 40) depth++;
        else if (c === 41) {
          if (--depth === 0) break;
        } else if (c < 32 || (c === 34 && esc)) return -1;
        q++;
      }
      c = b[q + 1];
      if (c === 59) {
        kind = KIND_LEAF;
        end = q + 2;
      } else if (c === 32 && b[q + 2] === 123) {
        kind = KIND_ENTRY;
        end = q + 3;
      } else return -1;
    }
    const nl = this.lineEnd(p, end, kind === KIND_EXIT);
    if (nl < 0) return -1;
    // A `|` in the tail (a comment's too) would make parseGraphLine read the text before it as columns.
    for (let k = end; k < nl; k++) if (b[k] === 124) return -1;
    const tail = this.tailState;
    if (kind === KIND_EXIT) this.nameId = -1;
    else {
      const guess = this.guess;
      const known = guess >= 0 && this.interner.lengthOf(guess) === lp - body && this.interner.matchBytes(b, this.w, body, guess) ? guess : -1;
      this.nameId = this.intern(body, lp, known);
    }
    const delta = this.delta;
    this.simple = false;
    f.reset();
    f.kind = kind;
    f.depth = (body - p) >> 1;
    f.bodyBase = p + delta;
    if (kind === KIND_EXIT) this.exitTail(tail, end, nl, f);
    else {
      f.nameStart = body + delta;
      f.nameEnd = lp + delta;
      if (tail === TAIL_TEXT) parseCallTail(this.t, end + delta, textEnd(this.t, nl + delta), f);
    }
    return nl;
  }
}
