// Worker thread entry (bundled as server/out/lexWorker.js): lexes the chunks of whole lines it is sent and sends back the bytes with their rows.
import { parentPort } from 'node:worker_threads';
import { lexChunk } from '../core/chunkLexer';
import type { LexReply, LexRequest } from './lexPool';

const port = parentPort;
if (port !== null) {
  port.on('message', (m: LexRequest) => {
    const bytes = new Uint8Array(m.buffer, 0, m.length);
    const lexed = lexChunk(bytes);
    const reply: LexReply = { id: m.id, buffer: m.buffer, length: m.length, rows: lexed.rows, durationNs: lexed.durationNs, count: lexed.count, names: lexed.names };
    port.postMessage(reply, [m.buffer, lexed.rows.buffer as ArrayBuffer, lexed.durationNs.buffer as ArrayBuffer]);
  });
}
