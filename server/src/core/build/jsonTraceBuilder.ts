// Builds the model from the JSON-escaped bytes of a trace (the string of an LSP didOpen, say) as they arrive.
import { WINDOW } from './callTreeBuilder';
import { EscapedWindows, decodeJsonContent, decodeUtf8, escapedLineEnd, type Utf8Decoder } from './jsonString';
import { loneCrToLf } from '../parse/lineEnds';
import { TextlessBuilder } from './textlessWindows';
import type { TraceModel } from '../model/model';

/** A {@link TraceBuilder} that also takes JSON string content (feedJson). */
export class JsonTraceBuilder extends TextlessBuilder {
  /** feedJson: the content cut into windows of whole lines; a long unfinished line is decoded as it grows (settle). */
  private readonly json = new EscapedWindows(WINDOW, (src, s, e) => this.settle(src, s, e));
  /** The decoded parts of the unfinished line so far (see EscapedWindows' settle), in order. */
  private lineParts: string[] = [];
  /** The decoder of the feedJson call under way (settle is called from within it). */
  private decode: Utf8Decoder = decodeUtf8;

  /**
   * Parses JSON string content: the bytes between the quotes of a JSON string whose value is the
   * trace text, escapes intact, in chunks of any size (a server reads a document this way while it
   * arrives). The model is the one {@link TraceBuilder.feed} gives for the decoded text. Returns
   * false, and must not be fed again, once the bytes prove not to be valid string content.
   * `remaining` (bytes still to come, this chunk included) sizes the columns once. Do not mix with feed.
   */
  feedJson(chunk: Uint8Array, remaining = chunk.length, decode: Utf8Decoder = decodeUtf8): boolean {
    this.decode = decode;
    return this.json.push(chunk, (src, s, e) => {
      this.reserveFor(this.line >= 4096 ? remaining + this.json.pending : e - s);
      if (this.lineParts.length > 0) {
        // The window starts with the rest of a long line whose first parts were decoded already.
        const at = escapedLineEnd(src, s, e);
        const end = at < 0 ? e : at + 2;
        if (!this.settle(src, s, end)) return false;
        this.feedLongLine();
        if (end >= e) return true;
        s = end;
      }
      if (this.fast === null) return this.feedDecoded(src, s, e, decode);
      this.fast.loadEscaped(src, s, e);
      return this.feedEscapedWindow(src, s, e - s, decode);
    });
  }

  /** Ends {@link TraceBuilder.feedJson} input: the model, or undefined when the bytes were not valid string content. */
  finishJson(decode: Utf8Decoder = decodeUtf8): TraceModel | undefined {
    // The content's last line, when it does not end in a line break.
    const rest = this.json.rest();
    if (rest.length > 0) {
      this.decode = decode;
      if (!this.settle(rest, 0, rest.length)) return undefined;
    }
    if (this.lineParts.length > 0) this.feedLongLine();
    return this.finish();
  }

  /** Decodes a settled part of the unfinished line, src[s, e) (from and to token boundaries), and keeps it; false when it is not string content. */
  private settle(src: Uint8Array, s: number, e: number): boolean {
    const part = decodeJsonContent(src, s, e, this.decode);
    if (part === undefined) return false;
    this.lineParts.push(part);
    return true;
  }

  /** Parses the long line whose decoded parts were kept (with its line break, when it has one), as feed would. */
  private feedLongLine(): void {
    const text = this.lineParts.join('');
    this.lineParts = [];
    this.feed(text);
  }

  /**
   * Parses the escaped lines of the window the fast path has loaded (src[s, s + n)). A line the
   * fast path leaves is decoded alone and given to the general parser; once too many were (see
   * givesUp), the rest of it is decoded at once and read as text ({@link JsonTraceBuilder.feedDecoded}).
   */
  private feedEscapedWindow(src: Uint8Array, s: number, n: number, decode: Utf8Decoder): boolean {
    const p = this.readWindow(n, (q) => {
      // Windows end at a line end, so the search cannot fail; if it did, the rest is one line.
      const at = escapedLineEnd(src, s + q, s + n);
      const e = at < 0 ? n : at - s;
      return this.feedDecodedLine(src, s + q, s + e, decode) ? e + 2 : -1;
    });
    if (p < 0) return false;
    this.budget.chars += Math.min(p, n);
    return p >= n || this.feedDecoded(src, s + p, s + n, decode);
  }

  /**
   * Decodes the escaped line src[s, e) (e at a `\n` escape) and parses it. An escaped `\r` not
   * followed by `\n`, or a `\u000a`/`\u000d` escape, inside it makes more lines, as in the text
   * (see lineEnds.ts); a `\r` at its end is the `\r\n` the `\n` escape completes.
   */
  private feedDecodedLine(src: Uint8Array, s: number, e: number, decode: Utf8Decoder): boolean {
    const decoded = decodeJsonContent(src, s, e, decode);
    if (decoded === undefined) return false;
    this.addLineText(decoded);
    return true;
  }

  /**
   * Decodes the escaped lines src[s, e) (e just after a `\n` escape) in one piece and parses the
   * text as {@link TraceBuilder.feed} does: escaped line breaks, a lone `\r` and `\u000a` or
   * `\u000d` escapes end lines as in the text (see lineEnds.ts). Decoding line by line cost a
   * decoder call, and two tries of the escaped fast path, for every line the fast path left
   * (lines with a tail comment, lines without a CPU column): 3-4 times the time of the text.
   */
  private feedDecoded(src: Uint8Array, s: number, e: number, decode: Utf8Decoder): boolean {
    const decoded = decodeJsonContent(src, s, e, decode);
    if (decoded === undefined) return false;
    const text = loneCrToLf(decoded);
    const end = text.lastIndexOf('\n') + 1;
    if (end > 0) {
      if (this.fast === null) this.feedLines(text, 0, end);
      else this.feedWindows(text, 0, end, WINDOW);
    }
    if (end < text.length) {
      // Windows end at a line end; if one did not, its rest is one line.
      this.budget.chars += text.length - end;
      this.addLine(text, end, text.length);
    }
    return true;
  }
}
