// Big didOpen messages parsed while their bytes arrive: a pass-through filter for the LSP byte stream, and the parsed documents it hands to the server.
import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { TraceModel } from '../core/index';
import { BodyParse } from './bodyParse';
import type { StreamedDocument, StreamedDocuments } from '../lazyDocument';

/** Bodies from this size on are parsed while they arrive; smaller ones pass through untouched. */
export const STREAM_MIN_BYTES = 1 << 20;
/** Bytes of a body read before deciding (the prefix up to the text must fit). */
const PROBE_BYTES = 64 * 1024;
/** How many parsed documents wait to be claimed at most (the server claims each at once). */
const MAX_WAITING = 4;

/**
 * The start of a didOpen as JSON.stringify writes it for vscode-languageclient and
 * vscode-jsonrpc (keys in this order, no blanks), up to the opening quote of the text.
 */
const DID_OPEN = /^\{"jsonrpc":"2\.0","method":"textDocument\/didOpen","params":\{"textDocument":\{"uri":("(?:[^"\\]|\\.)*"),"languageId":("(?:[^"\\]|\\.)*"),"version":(-?\d{1,15}),"text":"/;
/** What follows the text's closing quote. */
const SUFFIX = Buffer.from('"}}}');

const HEADER_END = Buffer.from('\r\n\r\n');

/** True when the bytes of `parts`, one after another, end with `suffix`. */
function endsWith(parts: readonly Buffer[], suffix: Buffer): boolean {
  let k = suffix.length;
  for (let i = parts.length - 1; i >= 0 && k > 0; i--) {
    const p = parts[i];
    for (let j = p.length - 1; j >= 0 && k > 0; j--) if (p[j] !== suffix[--k]) return false;
  }
  return k === 0;
}

/** Parsed documents waiting for the server, keyed by the token the rewritten didOpen carries as its text. */
export class StreamedOpens implements StreamedDocuments {
  private readonly waiting = new Map<string, StreamedDocument>();
  private readonly prefix = `\u0000ftrace-lens streamed document ${randomBytes(12).toString('hex')} `;
  private next = 0;

  /** Stores a document; returns the token that stands for it. */
  put(doc: StreamedDocument): string {
    const token = `${this.prefix}${this.next++}`;
    this.waiting.set(token, doc);
    while (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
    return token;
  }

  take(text: string, uri: string, version: number): StreamedDocument | undefined {
    if (!text.startsWith(this.prefix)) return undefined;
    const doc = this.waiting.get(text);
    if (doc === undefined || doc.uri !== uri || doc.version !== version) return undefined;
    this.waiting.delete(text);
    return doc;
  }
}

/** Options of {@link StreamedOpenFilter}. */
export interface StreamedOpenOptions {
  /** Smallest body parsed while it arrives (default {@link STREAM_MIN_BYTES}). */
  readonly minBytes?: number;
  /** Where to report each streamed parse. */
  readonly log?: (message: string) => void;
}

/** The didOpen whose body is being parsed. */
interface Streaming {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly textStart: number;
  readonly parse: BodyParse;
}

/**
 * Forwards an LSP byte stream (Content-Length framed JSON) unchanged, except didOpen messages of
 * at least {@link STREAM_MIN_BYTES} in the vscode-jsonrpc shape: their text is parsed from the
 * JSON bytes chunk by chunk as they arrive, and the message is forwarded with a token as its text
 * that {@link StreamedOpens} resolves to the parsed model and the text (decoded when first read).
 * Anything unexpected (other shapes, bytes that are not valid string content, odd headers) is
 * forwarded exactly as received.
 */
export class StreamedOpenFilter extends Transform {
  /** Bytes of the current header until its blank line, then the header itself. */
  private header: Buffer[] = [];
  private headerLength = 0;
  /** Bytes of the current body (kept whole: for the text, and to forward as received if needed). */
  private parts: Buffer[] = [];
  private length = 0;
  private inBody = false;
  /** Body size from Content-Length; -1 passes everything through from here on. */
  private bodyLength = 0;
  /** True while a small or unmatched body passes straight through. */
  private passing = false;
  private streaming: Streaming | undefined;

  private readonly minBytes: number;
  private readonly log: ((message: string) => void) | undefined;

  constructor(private readonly opens: StreamedOpens, options: StreamedOpenOptions = {}) {
    super();
    this.minBytes = options.minBytes ?? STREAM_MIN_BYTES;
    this.log = options.log;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      while (chunk.length > 0) {
        if (this.bodyLength < 0) {
          this.push(chunk);
          break;
        }
        chunk = this.inBody ? this.takeBody(chunk) : this.takeHeader(chunk);
      }
      done();
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  }

  override _flush(done: TransformCallback): void {
    // A message cut off by the end of the stream goes on as it is (the reader reports it).
    this.flushHeld();
    done();
  }

  /** Collects header bytes; returns what follows the header (the body's first bytes). */
  private takeHeader(chunk: Buffer): Buffer {
    this.header.push(chunk);
    this.headerLength += chunk.length;
    const all = this.header.length === 1 ? chunk : Buffer.concat(this.header);
    const end = all.indexOf(HEADER_END);
    if (end < 0) {
      if (this.headerLength > PROBE_BYTES) this.giveUp(all);
      else this.header = [all];
      return Buffer.alloc(0);
    }
    const m = /(?:^|\r\n)Content-Length:\s*(\d{1,15})\s*(?:\r\n|$)/i.exec(all.toString('latin1', 0, end));
    if (m === null) {
      this.giveUp(all);
      return Buffer.alloc(0);
    }
    this.bodyLength = Number(m[1]);
    this.inBody = true;
    this.passing = this.bodyLength < this.minBytes;
    this.header = [all.subarray(0, end + HEADER_END.length)];
    this.headerLength = 0;
    this.length = 0;
    if (this.passing) this.flushHeld();
    return all.subarray(end + HEADER_END.length);
  }

  /** Takes body bytes; returns what follows the body. */
  private takeBody(chunk: Buffer): Buffer {
    const need = this.bodyLength - this.length;
    const mine = chunk.length > need ? chunk.subarray(0, need) : chunk;
    const rest = chunk.length > need ? chunk.subarray(need) : Buffer.alloc(0);
    this.length += mine.length;
    if (this.passing) this.push(mine);
    else {
      this.parts.push(mine);
      if (this.streaming === undefined && (this.length >= PROBE_BYTES || this.length === this.bodyLength)) this.probe();
      this.streaming?.parse.feed(this.length);
    }
    if (this.length === this.bodyLength) this.endBody();
    return rest;
  }

  /** Decides from the body's first bytes whether it is a didOpen to parse. */
  private probe(): void {
    const body = Buffer.concat(this.parts);
    this.parts = [body];
    const m = DID_OPEN.exec(body.toString('utf8', 0, Math.min(body.length, PROBE_BYTES)));
    let uri: unknown;
    let languageId: unknown;
    if (m !== null) {
      try {
        uri = JSON.parse(m[1]);
        languageId = JSON.parse(m[2]);
      } catch {
        uri = undefined;
      }
    }
    if (m === null || typeof uri !== 'string' || typeof languageId !== 'string') {
      this.passing = true;
      this.flushHeld();
      return;
    }
    const textStart = Buffer.byteLength(m[0]);
    this.streaming = {
      uri, languageId, version: Number(m[3]), textStart,
      parse: new BodyParse(this.parts, textStart, this.bodyLength - SUFFIX.length),
    };
  }

  /** The whole body is in: forward the rewritten didOpen, or the body as received. */
  private endBody(): void {
    const s = this.streaming;
    this.streaming = undefined;
    this.inBody = false;
    if (this.passing) {
      this.passing = false;
      this.header = [];
      return;
    }
    const model = s !== undefined && endsWith(this.parts, SUFFIX) ? s.parse.finish() : undefined;
    if (s === undefined || model === undefined) this.flushHeld();
    else this.forward(s, model);
  }

  /** Forwards the didOpen of `s` with a token for its parsed document as the text. */
  private forward(s: Streaming, model: TraceModel): void {
    // The body stays in parts: joining 50 MB here would delay the answers by tens of ms.
    const parts = this.parts;
    const length = this.bodyLength;
    const { textStart } = s;
    const token = this.opens.put({
      uri: s.uri, version: s.version, model, parseMs: s.parse.parseMs,
      // The JSON string with its quotes, decoded by the engine (the closure keeps the bytes only).
      text: () => JSON.parse(Buffer.concat(parts).toString('utf8', textStart - 1, length - SUFFIX.length + 1)) as string,
    });
    this.log?.(`streamed ${s.uri} v${s.version}: parsed ${length} bytes while they arrived (${s.parse.parseMs.toFixed(0)} ms parsing, ${(performance.now() - s.parse.started).toFixed(0)} ms from the first byte)`);
    const message = Buffer.from(JSON.stringify({
      jsonrpc: '2.0', method: 'textDocument/didOpen',
      params: { textDocument: { uri: s.uri, languageId: s.languageId, version: s.version, text: token } },
    }), 'utf8');
    this.push(Buffer.from(`Content-Length: ${message.length}\r\n\r\n`, 'ascii'));
    this.push(message);
    this.header = [];
    this.parts = [];
  }

  /** Forwards the held header and body bytes as received. */
  private flushHeld(): void {
    for (const c of this.header) this.push(c);
    for (const c of this.parts) this.push(c);
    this.header = [];
    this.parts = [];
  }

  /** Not a header this filter understands: pass everything through from here on. */
  private giveUp(all: Buffer): void {
    this.bodyLength = -1;
    this.header = [];
    this.push(all);
  }
}
