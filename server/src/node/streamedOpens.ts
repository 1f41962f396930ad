// Big didOpen messages parsed while their bytes arrive: a pass-through filter for the LSP byte stream, and the parsed documents it hands to the server.
import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { TraceModel } from '../core/index';
import { BodyParse } from './bodyParse';
import { HeaderEnd, contentLength } from './messageHeader';
import type { StreamedDocument, StreamedDocuments } from '../lazyDocument';
import { mark } from './timing';
import { escapedPrefixes } from './textPrefix';

/** Bodies from this size on are parsed while they arrive; smaller ones pass through untouched. */
export const STREAM_MIN_BYTES = 1 << 20;
/** Bytes of a body read before deciding (the prefix up to the text must fit). */
const PROBE_BYTES = 64 * 1024;
/**
 * How many parsed documents may wait to be claimed (the server claims each when it reads the
 * rewritten didOpen; they wait while it works through earlier messages). Past this, big opens
 * pass through unchanged: a waiting document is never dropped, since its didOpen already carries
 * only the token.
 */
export const MAX_WAITING = 64;
/**
 * The start of a didOpen as JSON.stringify writes it for vscode-languageclient and
 * vscode-jsonrpc (keys in this order, no blanks), up to the opening quote of the text.
 */
const DID_OPEN = /^\{"jsonrpc":"2\.0","method":"textDocument\/didOpen","params":\{"textDocument":\{"uri":("(?:[^"\\]|\\.)*"),"languageId":("(?:[^"\\]|\\.)*"),"version":(0|-?[1-9]\d{0,14}),"text":"/;
/** Where the uri's opening quote is in such a body. */
const URI_AT = '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":'.length;
const LANGUAGE_KEY = ',"languageId":';
/** What follows the text's closing quote. */
const SUFFIX = Buffer.from('"}}}');

/** True when the bytes of `parts`, one after another, end with `suffix`. */
function endsWith(parts: readonly Buffer[], suffix: Buffer): boolean {
  let k = suffix.length;
  for (let i = parts.length - 1; i >= 0 && k > 0; i--) {
    const p = parts[i];
    for (let j = p.length - 1; j >= 0 && k > 0; j--) if (p[j] !== suffix[--k]) return false;
  }
  return k === 0;
}

/**
 * Parsed documents waiting for the server, keyed by the token the rewritten didOpen carries as its
 * text. An entry leaves only when the server takes it: the filter asks {@link StreamedOpens.canKeep}
 * before it parses a body and forwards the body unchanged when the answer is no.
 */
export class StreamedOpens implements StreamedDocuments {
  private readonly waiting = new Map<string, StreamedDocument>();
  private readonly prefix = `\u0000ftrace-lens streamed document ${randomBytes(12).toString('hex')} `;
  private next = 0;
  /** Bodies being parsed that will be put here (counted against the bound). */
  private reserved = 0;

  constructor(private readonly maxWaiting = MAX_WAITING) {}

  /** Documents waiting to be taken. */
  get size(): number {
    return this.waiting.size;
  }

  /** Reserves a place for one more document; false (nothing reserved) when the bound is reached. */
  canKeep(): boolean {
    if (this.waiting.size + this.reserved >= this.maxWaiting) return false;
    this.reserved++;
    return true;
  }

  /** Gives back a place reserved with {@link StreamedOpens.canKeep} that will not be used. */
  release(): void {
    if (this.reserved > 0) this.reserved--;
  }

  /** Stores a document in a place reserved with {@link StreamedOpens.canKeep}; returns the token that stands for it. */
  put(doc: StreamedDocument): string {
    this.release();
    const token = `${this.prefix}${this.next++}`;
    this.waiting.set(token, doc);
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
  /** Called when a didOpen starts being parsed as it arrives (before its last byte). */
  readonly onStreamStart?: (uri: string) => void;
}

/** The didOpen whose body is being parsed. */
interface Streaming {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly textStart: number;
  readonly parse: BodyParse;
}

/** What a body's first bytes say: a didOpen to parse (uri, languageId, version, where the text starts), or undefined. */
function probeDidOpen(body: Buffer): Omit<Streaming, 'parse'> | undefined {
  // Read as Latin-1, one character per byte: offsets are byte offsets, whatever the bytes are.
  const m = DID_OPEN.exec(body.toString('latin1', 0, Math.min(body.length, PROBE_BYTES)));
  if (m === null) return undefined;
  // The strings as the server's reader gets them: the body decoded as UTF-8, then JSON.parse.
  // Cut at their quotes (ASCII), a piece decodes as it does inside the whole body.
  const uriStart = URI_AT;
  const languageStart = uriStart + m[1].length + LANGUAGE_KEY.length;
  let uri: unknown;
  let languageId: unknown;
  try {
    uri = JSON.parse(body.toString('utf8', uriStart, uriStart + m[1].length));
    languageId = JSON.parse(body.toString('utf8', languageStart, languageStart + m[2].length));
  } catch {
    return undefined;
  }
  if (typeof uri !== 'string' || typeof languageId !== 'string') return undefined;
  return { uri, languageId, version: Number(m[3]), textStart: m[0].length };
}

/**
 * Forwards an LSP byte stream (Content-Length framed JSON) unchanged, except didOpen messages of
 * at least {@link STREAM_MIN_BYTES} in the vscode-jsonrpc shape: their text is parsed from the
 * JSON bytes chunk by chunk as they arrive, and the message is forwarded with a token as its text
 * that {@link StreamedOpens} resolves to the parsed model and the text (decoded when first read).
 *
 * A message is rewritten only when the server's reader (vscode-jsonrpc) would frame it the same
 * way (messageHeader.ts reads headers as it does) and decode it to the same didOpen: the body must
 * be valid JSON in that exact shape, every byte of the text checked as string content. Anything
 * else (other shapes, bytes that are not valid string content, odd headers, more waiting
 * documents than {@link StreamedOpens} keeps) is forwarded exactly as received, so the server
 * sees what it would have seen without the filter.
 */
export class StreamedOpenFilter extends Transform {
  /** Bytes of the current header until its blank line, then the header itself. */
  private header: Buffer[] = [];
  private headerLength = 0;
  private readonly headerEnd = new HeaderEnd();
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
  private readonly onStreamStart: ((uri: string) => void) | undefined;

  constructor(private readonly opens: StreamedOpens, options: StreamedOpenOptions = {}) {
    super();
    this.minBytes = options.minBytes ?? STREAM_MIN_BYTES;
    this.log = options.log;
    this.onStreamStart = options.onStreamStart;
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
    if (this.streaming !== undefined) this.opens.release();
    this.streaming = undefined;
    this.flushHeld();
    done();
  }

  /** Collects header bytes; returns what follows the header (the body's first bytes). */
  private takeHeader(chunk: Buffer): Buffer {
    const end = this.headerEnd.scan(chunk);
    const mine = end < 0 ? chunk : chunk.subarray(0, end);
    this.header.push(mine);
    this.headerLength += mine.length;
    if (end < 0) {
      if (this.headerLength > PROBE_BYTES) this.giveUp();
      return Buffer.alloc(0);
    }
    const block = Buffer.concat(this.header);
    this.header = [block];
    this.headerLength = 0;
    const length = contentLength(block);
    if (length === undefined) {
      // The reader reports an error here and goes on in its own way: from here on it gets the bytes as they are.
      this.giveUp();
      return chunk.subarray(end);
    }
    this.bodyLength = length;
    this.inBody = true;
    this.passing = length < this.minBytes;
    this.length = 0;
    if (this.passing) this.flushHeld();
    return chunk.subarray(end);
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

  /** Decides from the body's first bytes whether it is a didOpen to parse (and whether there is room to keep it). */
  private probe(): void {
    const body = Buffer.concat(this.parts);
    this.parts = [body];
    const open = probeDidOpen(body);
    if (open === undefined || !this.opens.canKeep()) {
      this.passing = true;
      this.flushHeld();
      return;
    }
    this.streaming = { ...open, parse: new BodyParse(this.parts, open.textStart, this.bodyLength - SUFFIX.length) };
    mark('streamed open first bytes', { uri: open.uri, bytes: this.bodyLength });
    this.onStreamStart?.(open.uri);
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
    if (s === undefined || model === undefined) {
      if (s !== undefined) this.opens.release();
      this.flushHeld();
    } else this.forward(s, model);
  }

  /** Forwards the didOpen of `s` with a token for its parsed document as the text. */
  private forward(s: Streaming, model: TraceModel): void {
    // The body stays in parts: joining 50 MB here would delay the answers by tens of ms.
    const parts = this.parts;
    const length = this.bodyLength;
    const { textStart } = s;
    const token = this.opens.put({
      uri: s.uri, version: s.version, model, parseMs: s.parse.parseMs, heldBytes: length,
      // The JSON string with its quotes, decoded as the server's reader would (the closure keeps the bytes only).
      text: () => JSON.parse(Buffer.concat(parts).toString('utf8', textStart - 1, length - SUFFIX.length + 1)) as string,
      prefix: escapedPrefixes(parts, textStart, length - SUFFIX.length),
    });
    mark('streamed open parsed', { uri: s.uri, bytes: length, parseMs: Math.round(s.parse.parseMs), sinceFirstByteMs: Math.round(performance.now() - s.parse.started) });
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

  /** Not a header this filter frames as the reader does: pass everything through from here on. */
  private giveUp(): void {
    this.bodyLength = -1;
    this.flushHeld();
  }
}
