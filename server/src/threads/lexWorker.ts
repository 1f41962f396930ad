// Worker thread entry (bundled as server/out/lexWorker.js): lexes the chunks of whole lines it is sent, with one lexer for all of them, and sends back the bytes with their rows.
import { parentPort } from 'node:worker_threads';
import { ChunkLexer } from '../core/bigTrace/chunkLexer';
import type { LexReply, LexRequest } from './lexPool';

const port = parentPort;
// One lexer for the worker's life (an indexing: the pool starts workers for each): its chunks are
// applied in the order it lexed them, so each carries only the names it met first.
const lexer = new ChunkLexer();
if (port !== null) {
  port.on('message', (m: LexRequest) => {
    const bytes = new Uint8Array(m.buffer, 0, m.length);
    const scratch = m.rows !== undefined && m.durationNs !== undefined ? { rows: new Int32Array(m.rows), durationNs: new Float64Array(m.durationNs) } : undefined;
    // Buffer's search is native (memchr); a typed array's indexOf walks the chunk in JS.
    const t0 = performance.now();
    const lexed = lexer.lex(bytes, Buffer.from(m.buffer, 0, m.length).indexOf(13) >= 0, scratch);
    const lexMs = performance.now() - t0;
    const reply: LexReply = {
      id: m.id, buffer: m.buffer, length: m.length, rows: lexed.rows, durationNs: lexed.durationNs, count: lexed.count, names: lexed.names, firstName: lexed.firstName, lexMs,
    };
    port.postMessage(reply, [m.buffer, lexed.rows.buffer as ArrayBuffer, lexed.durationNs.buffer as ArrayBuffer]);
  });
}
