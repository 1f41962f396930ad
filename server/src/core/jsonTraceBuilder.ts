// Builds the model from the JSON-escaped bytes of a trace (the string of an LSP didOpen, say) as they arrive.
import { TraceBuilder, WINDOW } from './callTreeBuilder';
import { EscapedWindows, decodeJsonContent, decodeUtf8, type Utf8Decoder } from './jsonString';
import { PasteKind } from './lineFields';
import { loneCrToLf } from './lineEnds';
import type { TraceModel } from './model';

/** A {@link TraceBuilder} that also takes JSON string content (feedJson). */
export class JsonTraceBuilder extends TraceBuilder {
  /** feedJson: the content cut into windows of whole lines. */
  private readonly json = new EscapedWindows(WINDOW);

  /**
   * Parses JSON string content: the bytes between the quotes of a JSON string whose value is the
   * trace text, escapes intact, in chunks of any size (a server reads a document this way while it
   * arrives). The model is the one {@link TraceBuilder.feed} gives for the decoded text. Returns
   * false, and must not be fed again, once the bytes prove not to be valid string content.
   * `remaining` (bytes still to come, this chunk included) sizes the columns once. Do not mix with feed.
   */
  feedJson(chunk: Uint8Array, remaining = chunk.length, decode: Utf8Decoder = decodeUtf8): boolean {
    return this.json.push(chunk, (src, s, e) => {
      this.reserveFor(this.line >= 4096 ? remaining + this.json.pending : e - s);
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
      const last = decodeJsonContent(rest, 0, rest.length, decode);
      if (last === undefined) return undefined;
      this.feed(last);
    }
    return this.finish();
  }

  /**
   * Parses the escaped lines of the window the fast path has loaded (src[s, s + n)) while the
   * fast path takes them; from the first line it leaves to the general parser on, the rest of the
   * window is decoded once and read as text ({@link JsonTraceBuilder.feedDecoded}).
   */
  private feedEscapedWindow(src: Uint8Array, s: number, n: number, decode: Utf8Decoder): boolean {
    const fast = this.fast!;
    const f = this.f;
    let p = 0;
    while (p < n && !this.inComment && this.paste === PasteKind.None) {
      const nl = fast.parse(p, f);
      if (nl < 0) break;
      // On escaped windows the fast path accepts plain call lines only (FastLayout.simple).
      this.st.lineName = fast.nameId;
      this.recordCall();
      p = nl + 1;
    }
    this.charsDone += Math.min(p, n);
    return p >= n || this.feedDecoded(src, s + p, s + n, decode);
  }

  /**
   * Decodes the escaped lines src[s, e) (e just after a `\n` escape) in one piece and parses the
   * text as {@link TraceBuilder.feed} does: escaped line breaks, a lone `\r` and `\u000a` or
   * `\u000d` escapes end lines as in the text (see lineEnds.ts). One decode per window, not per
   * line: decoding line by line cost a decoder call, and two tries of the escaped fast path, for
   * every line the fast path left (lines with a tail comment, lines without a CPU column).
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
      this.charsDone += text.length - end;
      this.addLine(text, end, text.length);
    }
    return true;
  }
}
