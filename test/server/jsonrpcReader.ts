// Test helper: what vscode-jsonrpc's stream reader (the server's) makes of some bytes, and the stream filter run over bytes in chunks.
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { StreamedOpenFilter, type StreamedOpens } from '../../server/src/node/streamedOpens';

/** The messages and errors the reader gives for `bytes` written at once, then the end of the stream. */
export async function readerSees(bytes: Buffer): Promise<{ messages: Message[]; errors: string[] }> {
  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  const messages: Message[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => messages.push(m));
  input.end(bytes);
  // Bodies are decoded on a promise chain: let it run out.
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  reader.dispose();
  return { messages, errors };
}

/** Runs `input` through a filter cut at `cuts` (sorted offsets); the output bytes. */
export async function filtered(input: Buffer, opens: StreamedOpens, cuts: readonly number[], minBytes = 1000): Promise<Buffer> {
  const f = new StreamedOpenFilter(opens, { minBytes });
  const out: Buffer[] = [];
  f.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => { f.on('end', resolve); f.on('error', reject); });
  let s = 0;
  for (const c of [...cuts, input.length]) {
    if (c > s) f.write(input.subarray(s, c));
    s = Math.max(s, c);
  }
  f.end();
  await ended;
  return Buffer.concat(out);
}

/** Messages with each streamed didOpen's token replaced by its text (taken from `opens`, as the server would). */
export function resolved(messages: readonly Message[], opens: StreamedOpens): unknown[] {
  return messages.map((m) => {
    const p = (m as { params?: { textDocument?: { uri: string; version: number; text?: unknown } } }).params;
    const td = p?.textDocument;
    if (td === undefined || typeof td.text !== 'string') return m;
    const doc = opens.take(td.text, td.uri, td.version);
    return doc === undefined ? m : { ...m, params: { ...p, textDocument: { ...td, text: doc.text() } } };
  });
}

/** Offsets cutting `length` bytes into pieces of pseudo-random sizes from 1 to `max` (seeded). */
export function randomCuts(length: number, seed: number, max = 70_000): number[] {
  const cuts: number[] = [];
  let r = seed >>> 0;
  for (let s = 0; ;) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    s += 1 + (r % max);
    if (s >= length) return cuts;
    cuts.push(s);
  }
}
