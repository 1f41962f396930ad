// Builds the model from the JSON-escaped bytes of a trace (the string of an LSP didOpen, say) as they arrive.
import { TraceBuilder, WINDOW } from './callTreeBuilder';
import { EscapedWindows, decodeJsonContent, decodeUtf8, escapedLineEnd, type Utf8Decoder } from './jsonString';
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
      if (this.fast === null) return this.feedEscapedLines(src, s, e, decode);
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

  /** Parses the escaped lines of the window the fast path has loaded (src[s, s + n)). */
  private feedEscapedWindow(src: Uint8Array, s: number, n: number, decode: Utf8Decoder): boolean {
    const fast = this.fast!;
    const f = this.f;
    this.charsDone += n;
    let p = 0;
    while (p < n) {
      let nl = this.inComment || this.paste !== PasteKind.None ? -1 : fast.parse(p, f);
      if (nl >= 0) {
        // On escaped windows the fast path accepts plain call lines only (FastLayout.simple).
        this.st.lineName = fast.nameId;
        this.recordCall();
      } else {
        // Windows end at a line end, so the search cannot fail; if it did, the rest is one line.
        const at = escapedLineEnd(src, s + p, s + n);
        const e = at < 0 ? n : at - s;
        if (!this.feedDecodedLine(src, s + p, s + e, decode)) return false;
        nl = e + 1;
      }
      p = nl + 1;
    }
    return true;
  }

  /** Parses src[s, end) (escaped lines) with the general parser. */
  private feedEscapedLines(src: Uint8Array, s: number, end: number, decode: Utf8Decoder): boolean {
    this.charsDone += end - s;
    while (s < end) {
      const at = escapedLineEnd(src, s, end);
      const e = at < 0 ? end : at;
      if (!this.feedDecodedLine(src, s, e, decode)) return false;
      s = e + 2;
    }
    return true;
  }

  /**
   * Decodes the escaped line src[s, e) (e at a `\n` escape) and parses it. An escaped `\r` not
   * followed by `\n`, or a `\u000a`/`\u000d` escape, inside it makes more lines, as in the text
   * (see lineEnds.ts); a `\r` at its end is the `\r\n` the `\n` escape completes.
   */
  private feedDecodedLine(src: Uint8Array, s: number, e: number, decode: Utf8Decoder): boolean {
    const decoded = decodeJsonContent(src, s, e, decode);
    if (decoded === undefined) return false;
    const text = loneCrToLf(decoded);
    let a = 0;
    for (;;) {
      const nl = text.indexOf('\n', a);
      this.addLine(text, a, nl < 0 ? text.length : nl);
      if (nl < 0) return true;
      a = nl + 1;
    }
  }
}
