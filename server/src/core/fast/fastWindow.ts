// The fast path's byte window: an ASCII copy of whole lines of the text (or JSON string content), and the name prediction the readers share.
import { parseExitTail } from '../parse/bodyParser';
import { ColumnPrefix } from './fastColumns';
import { readCommentTail, TailName } from './fastTail';
import type { Interner } from '../build/interner';
import type { LineFields } from '../parse/lineFields';
import { endsAt, trimEnd } from '../parse/scan';
import { skipSpaces } from '../parse/skipSpaces';

/** What follows a call line's body: nothing that sets a field (at most a comment on an entry or leaf), an exit's tail name read from the bytes, or a tail read from the text. */
export const TAIL_NONE = 0;
export const TAIL_NAME = 1;
export const TAIL_TEXT = 2;

/** Zero bytes after a window (the parser may look a few bytes past a line break). */
const PAD = 64;
const encoder = new TextEncoder();

/** State of the fast path (see FastLayout): the loaded window and what the readers learned from earlier lines. */
export abstract class ByteWindow {
  /** The current window: text, its offset, and its bytes (b[i] = t.charCodeAt(i + delta)), also as 32-bit words. */
  protected t = '';
  protected delta = 0;
  protected b = new Uint8Array(0);
  protected w = new Int32Array(0);
  /**
   * The window holds JSON string content (loadEscaped): lines end at a `\n` escape; a line with
   * any other escape, a quote or a non-ASCII byte is left to the caller, which decodes it.
   */
  protected escaped = false;
  /**
   * The window has no text (an escaped window, or raw bytes: loadRaw): the readers take only call
   * lines without a tail, and none without a CPU column but column-less ones; the caller records
   * those that need no text (see TextlessBuilder) and decodes any other line.
   */
  protected textless = false;
  /**
   * In a window of raw bytes (loadRaw with `tailNames`): lines whose tail is one comment of ASCII
   * bytes are taken too, an exit's tail name read from the bytes (the chunk lexer's rows carry it
   * as a name id: see {@link ByteWindow.tailNameId}); a builder's own raw windows leave them to
   * the text (its call step would need the text when the tail names another function).
   */
  protected textlessTails = false;

  /** Name ids predicted for the next entry or leaf: the one that followed the previous name last time, and the one before it. */
  protected guess = -1;
  protected guess2 = -1;
  protected prevName = -1;
  /**
   * next[id]: the name id that last followed name id, next2[id] the other one that followed it
   * before that (-1: none). Only names this parser scanned are stored.
   */
  protected next = new Int32Array(64).fill(-1);
  protected next2 = new Int32Array(64).fill(-1);

  /** Name id that {@link ByteWindow.name} matched by prediction, else -1. */
  protected known = -1;
  /** How {@link ByteWindow.lineEnd} found the last line's end (TAIL_NONE, TAIL_NAME, TAIL_TEXT), and the tail name it read. */
  protected tailState = TAIL_NONE;
  private readonly tailName = new TailName();

  /** True when parseOther read the last line either reader took (tried first then). */
  protected other = false;
  /** Reader of the other layouts' line prefixes (see parseOther). */
  protected readonly prefix = new ColumnPrefix();

  constructor(protected readonly interner: Interner) {}

  /** Offset of the first byte at or after q that is not a space (see {@link skipSpaces}). */
  protected skipBlanks(q: number): number {
    return skipSpaces(this.b, this.w, q);
  }

  /**
   * The call name `name[ [module]]` starting at q: returns the offset of the `(` after it, or -1
   * when the bytes from q are no such name (a first byte that starts no call, a quote, backslash,
   * control or non-ASCII byte: in a JSON window those are escapes). The two names that followed
   * the previous one last are verified in place first (then `known` is its id, else -1). Only
   * names this scan accepted are ever predicted, so a matched guess holds none of those either.
   */
  protected name(q: number): number {
    const b = this.b;
    let c = b[q];
    if (c < 33 || c === 47 || c === 61 || c === 60 || c === 40 || c > 126) return -1;
    const guess = this.guess;
    if (guess >= 0) {
      if (this.interner.matchBytes(b, this.w, q, guess)) {
        this.known = guess;
        return q + this.interner.lengthOf(guess);
      }
      const guess2 = this.guess2;
      if (guess2 >= 0 && this.interner.matchBytes(b, this.w, q, guess2)) {
        this.known = guess2;
        return q + this.interner.lengthOf(guess2);
      }
    }
    this.known = -1;
    while (c !== 40) {
      if (c < 33 || c === 34 || c === 92 || c > 126) {
        if (c !== 32 || b[q + 1] !== 91) return -1;
        // ` [module]` right before `(`.
        c = b[++q];
        while (c !== 93) {
          if (c < 32 || c === 34 || c === 92 || c > 126) return -1;
          c = b[++q];
        }
        return b[q + 1] === 40 ? q + 1 : -1;
      }
      c = b[++q];
    }
    return q;
  }

  /** Interns the name [body, lp) (or takes the predicted id `known`), notes it for the prediction and returns its id. */
  protected intern(body: number, lp: number, known: number): number {
    const id = known >= 0 ? known : this.interner.idOfBytes(this.b, body, lp - body, this.textless ? undefined : this.t, body + this.delta);
    this.follow(id);
    return id;
  }

  /**
   * The end of the line at p whose body ends just before `end`: a line break right there (`\n`
   * or `\r\n`; their escapes in an escaped window, where anything else goes to the caller), else
   * the tail: one comment read from the bytes (readCommentTail) or, for any other tail, the line
   * end found in the text (the tail is then read from the text). Sets tailState; returns the
   * window offset of the `\n` (of the `n` of its escape), or -1 to leave the line to parseLine
   * (also a line ending in `[LINE TOO BIG]`, parseLine's first rule).
   */
  protected lineEnd(p: number, end: number, exit: boolean): number {
    const b = this.b;
    let c = b[end];
    this.tailState = TAIL_NONE;
    if (this.escaped) {
      if (c !== 92) return -1;
      c = b[end + 1];
      if (c === 110) return end + 1;
      return c === 114 && b[end + 2] === 92 && b[end + 3] === 110 ? end + 3 : -1;
    }
    if (c === 10) return end;
    if (c === 13 && b[end + 1] === 10) return end + 1;
    if (this.textless && !this.textlessTails) return -1;
    // One comment read from the bytes (ASCII without text: the lexer's rows carry no text), else
    // the tail is read from the text (a window without text leaves the line).
    const nl = readCommentTail(b, end, exit, this.tailName);
    if (nl >= 0 && (!this.textless || asciiText(b, end, nl))) {
      if (this.tailName.start >= 0) this.tailState = TAIL_NAME;
      return nl;
    }
    if (this.textless) return -1;
    this.tailState = TAIL_TEXT;
    const t = this.t;
    const delta = this.delta;
    const n = t.indexOf('\n', end + delta) - delta;
    if (endsAt(t, '[LINE TOO BIG]', p + delta, trimEnd(t, p + delta, textEnd(t, n + delta)))) return -1;
    return n;
  }

  /** Fills the tail fields of an exit line (f reset) whose tail lineEnd read as `tail`; nl is its `\n`. */
  protected exitTail(tail: number, end: number, nl: number, f: LineFields): void {
    if (tail === TAIL_NAME) {
      f.tailStart = this.tailName.start + this.delta;
      f.tailEnd = this.tailName.end + this.delta;
      f.tailInWindow = true;
    } else if (tail === TAIL_TEXT) parseExitTail(this.t, end + this.delta, textEnd(this.t, nl + this.delta), f);
  }

  /**
   * True when the tail name of the line read last (one with LineFields.tailInWindow) is name
   * `id`: compared in the window a word at a time (the call step asks on every named exit of
   * the tail layouts; a string compare there cost ~80 ns).
   */
  tailIsName(id: number): boolean {
    const s = this.tailName.start;
    return this.tailName.end - s === this.interner.lengthOf(id) && this.interner.sameBytes(this.b, this.w, s, id);
  }

  /** The name id of the tail name of the line read last (one with LineFields.tailInWindow), interned. */
  tailNameId(): number {
    const s = this.tailName.start;
    return this.interner.idOfBytes(this.b, s, this.tailName.end - s, this.textless ? undefined : this.t, s + this.delta);
  }

  /**
   * The tail fields of a plain line (FastLayout.simple, f not reset) whose tail lineEnd read as
   * `tail` (not TAIL_TEXT): the exit's function name when its comment names one (then no repaired
   * text: a line record left from a repaired line would be read instead), else none.
   */
  protected plainTail(tail: number, f: LineFields): void {
    if (tail === TAIL_NAME) {
      f.tailStart = this.tailName.start + this.delta;
      f.tailEnd = this.tailName.end + this.delta;
      f.tailInWindow = true;
      f.normalised = null;
    } else f.tailStart = -1;
  }

  /** Notes that name `id` came after the previous name and predicts the next one. */
  protected follow(id: number): void {
    let next = this.next;
    let next2 = this.next2;
    const prev = this.prevName;
    if (id >= next.length || prev >= next.length) {
      const n = Math.max(id, prev) * 2 + 2;
      this.next = next = grownFilled(next, n);
      this.next2 = next2 = grownFilled(next2, n);
    }
    if (prev >= 0) {
      const last = next[prev];
      if (last !== id) {
        next2[prev] = last;
        next[prev] = id;
      }
    }
    this.prevName = id;
    this.guess = next[id];
    this.guess2 = next2[id];
  }

  /**
   * Loads t[s, e) (whole lines, e just after a line break) as the current window. Returns false,
   * loading nothing, when it holds a character outside ASCII (byte offsets would not be UTF-16 offsets).
   */
  load(t: string, s: number, e: number): boolean {
    const n = e - s;
    this.reserve(n);
    const r = encoder.encodeInto(s === 0 && e === t.length ? t : t.substring(s, e), this.b);
    if (r.read !== n || r.written !== n) return false;
    this.b.fill(0, n, n + PAD);
    this.t = t;
    this.delta = s;
    this.escaped = false;
    this.textless = false;
    this.prefix.b = this.b;
    this.prefix.w = this.w;
    this.prefix.escaped = false;
    this.prefix.tab = 9;
    return true;
  }

  /**
   * Loads the bytes src[s, e) of JSON string content (whole escaped lines, e just after a `\n`
   * escape) as the current window; {@link FastLayout.parse} then returns the offset of the `n`.
   */
  loadEscaped(src: Uint8Array, s: number, e: number): void {
    this.loadBytes(src, s, e, true);
  }

  /**
   * Loads the bytes src[s, e) of UTF-8 text (whole lines, e just after a `\n`) as the current
   * window, without their text: {@link FastLayout.parse} then takes only the lines recorded without
   * reading text (see `textless`), which are ASCII (every byte of them is checked); with
   * `tailNames`, also those whose tail is one ASCII comment (see `textlessTails`).
   */
  loadRaw(src: Uint8Array, s: number, e: number, tailNames = false): void {
    this.loadBytes(src, s, e, false);
    this.textlessTails = tailNames;
  }

  /** Loads src[s, e) as a window without text, JSON-escaped or not (a raw tab is no string content in JSON: no tab blank then). */
  private loadBytes(src: Uint8Array, s: number, e: number, escaped: boolean): void {
    const n = e - s;
    this.reserve(n);
    this.b.set(src.subarray(s, e));
    this.b.fill(0, n, n + PAD);
    this.t = '';
    this.delta = 0;
    this.escaped = escaped;
    this.textless = true;
    this.textlessTails = false;
    this.prefix.b = this.b;
    this.prefix.w = this.w;
    this.prefix.escaped = escaped;
    this.prefix.tab = escaped ? -1 : 9;
  }

  /** Makes the window hold n bytes plus the padding. */
  protected reserve(n: number): void {
    if (this.b.length < n + PAD) {
      const cap = (n + PAD + 3) & ~3;
      this.b = new Uint8Array(cap);
      this.w = new Int32Array(this.b.buffer, 0, cap >> 2);
    }
  }
}

/** A copy of `a` of length n (> a.length), -1 past a's elements. */
function grownFilled(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(n).fill(-1);
  grown.set(a);
  return grown;
}

/** True when b[s, e) holds only tabs and printable ASCII (a CR right before e too). */
function asciiText(b: Uint8Array, s: number, e: number): boolean {
  if (b[e - 1] === 13) e--;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if ((c < 32 && c !== 9) || c > 126) return false;
  }
  return true;
}

/** End of the line whose `\n` is at text offset nl, without a CR before it. */
export function textEnd(t: string, nl: number): number {
  return t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}
