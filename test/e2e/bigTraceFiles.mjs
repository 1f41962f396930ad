// Big trace files for the end-to-end checks, made at test time (never committed): from the corpus's large capture, else from a fixture head.
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { repoRoot } from '../vscode/installCodeServer.mjs';

const LARGE_GZ = join(repoRoot, '..', 'shared', 'corpus', 'large', 'k61-smp2-large.trace.gz');

/**
 * Writes a trace of at least `minBytes` (cut at a line end near `maxBytes` when given): the corpus's
 * large capture when present (its head, or all of it, then copies of its body end to end), else
 * (or with `fixture`) copies of the 4-CPU fixture head's body after its header, which starts 18
 * calls deep, inside calls whose entries were not recorded. Made at test time, never committed.
 */
export async function makeTrace(file, minBytes, maxBytes = Infinity, { fixture = false } = {}) {
  const out = createWriteStream(file);
  let written = 0;
  const write = (s) => new Promise((res) => { written += Buffer.byteLength(s); if (out.write(s)) res(); else out.once('drain', res); });
  let pending = '';
  const feed = async (chunk) => {
    const text = pending + chunk;
    const cut = text.lastIndexOf('\n') + 1;
    pending = text.slice(cut);
    let body = text.slice(0, cut);
    if (written + body.length > maxBytes) body = body.slice(0, body.lastIndexOf('\n', maxBytes - written - 1) + 1);
    if (body) await write(body);
    return written + 1000 >= maxBytes;
  };
  if (!fixture && process.env.FTRACE_LENS_NO_SHARED !== '1' && existsSync(LARGE_GZ)) {
    for (let copy = 0; written < minBytes; copy++) {
      const gz = createReadStream(LARGE_GZ).pipe(createGunzip());
      gz.setEncoding('utf8');
      let header = copy > 0;
      for await (let chunk of gz) {
        if (header) { chunk = chunk.replace(/^(#.*\n)+/, ''); header = false; }
        if (await feed(chunk)) { gz.destroy(); break; }
      }
      if (written + 1000 >= maxBytes) break;
    }
  } else {
    const head = readFileSync(join(repoRoot, 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');
    const body = head.replace(/^(#.*\n)+/, '');
    await feed(head);
    while (written < minBytes) if (await feed(body)) break;
  }
  await new Promise((res) => out.end(res));
  return statSync(file).size;
}

/** Line count of a file (streamed). */
export async function countLines(file) {
  let n = 0;
  for await (const chunk of createReadStream(file)) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}
