// The parse of one streamed didOpen's text: fed the body's bytes as they arrive.
import { JsonTraceBuilder, type TraceModel } from '../core/index';
import type { Utf8Decoder } from '../core/build/jsonString';

const decode: Utf8Decoder = (b, s, e) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', s, e);

/**
 * Parses the text of a body whose bytes arrive in `parts` (body offsets from 0, only ever
 * appended to): the JSON string content from `textStart` to `textEnd`.
 */
export class BodyParse {
  /** False once the bytes proved not to be string content. */
  ok = true;
  /** Milliseconds spent parsing. */
  parseMs = 0;
  readonly started = performance.now();
  private readonly builder = new JsonTraceBuilder();
  /** Body bytes parsed so far, and where parts[feedIndex] starts (a cursor: offsets only grow). */
  private fed: number;
  private feedIndex = 0;
  private feedAt = 0;

  constructor(private readonly parts: Buffer[], textStart: number, private readonly textEnd: number) {
    this.fed = textStart;
  }

  /** Parses the text bytes that arrived (parts now cover body offsets [0, received)). */
  feed(received: number): void {
    const upTo = Math.min(received, this.textEnd);
    if (!this.ok || upTo <= this.fed) return;
    const t0 = performance.now();
    while (this.fed < upTo && this.ok) {
      const c = this.parts[this.feedIndex];
      if (this.feedAt + c.length <= this.fed) {
        this.feedAt += c.length;
        this.feedIndex++;
        continue;
      }
      const piece = c.subarray(this.fed - this.feedAt, Math.min(c.length, upTo - this.feedAt));
      this.ok = this.builder.feedJson(piece, this.textEnd - this.fed, decode);
      this.fed += piece.length;
    }
    this.parseMs += performance.now() - t0;
  }

  /** All text bytes are in: the model, or undefined when the bytes were not string content. */
  finish(): TraceModel | undefined {
    if (!this.ok) return undefined;
    const t0 = performance.now();
    const model = this.builder.finishJson(decode);
    this.parseMs += performance.now() - t0;
    return model;
  }
}
