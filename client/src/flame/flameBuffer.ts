// Reads the buffer of a flameData answer: from the server's temporary file (then deleted), or from base64.
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { FlameDataResult } from '../../../server/src/protocol';

/** The server's hand-off files live in `<tmp>/ftrace-lens-flame-XXXXXX/<hex>.bin`: anything else is refused. */
const HANDOFF_DIR = /^ftrace-lens-flame-[A-Za-z0-9]+$/;
const HANDOFF_FILE = /^[0-9a-f]+\.bin$/;

/** An ArrayBuffer of exactly `bytes` (a pooled Node Buffer is copied out). */
function own(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  const ab = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(ab).set(bytes);
  return ab;
}

/** The answer's column buffer (its own ArrayBuffer, to transfer to the webview); throws when it is missing or has the wrong size. */
export async function flameBuffer(r: FlameDataResult): Promise<ArrayBuffer> {
  let bytes: Uint8Array;
  if (r.file !== undefined) {
    if (!HANDOFF_DIR.test(basename(dirname(r.file))) || !HANDOFF_FILE.test(basename(r.file))) throw new Error(`unexpected hand-off file ${r.file}`);
    try {
      bytes = await readFile(r.file);
    } finally {
      await rm(r.file, { force: true }).catch(() => undefined);
    }
  } else if (r.data !== undefined) {
    bytes = Buffer.from(r.data, 'base64');
  } else {
    throw new Error('the answer carries no data');
  }
  if (bytes.byteLength !== r.byteLength) throw new Error(`expected ${r.byteLength} bytes, got ${bytes.byteLength}`);
  return own(bytes);
}
