// Reading UTF-8 bytes without decoding the plain call lines (RowBuilder.feedUtf8: the disk index and the CLI) gives the text parse's model on every corpus trace.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RowBuilder, parseTrace } from '../../server/src/core/index';
import { indexBytes } from '../unit/memoryIndex';
import { assertSameModel } from '../unit/sameModel';
import { files, present } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: raw byte reading not checked';

/** `bytes` fed to a RowBuilder in blocks of about `block` bytes cut anywhere (as the CLI's 1 MB reads are, but cut at any byte). */
function feedBlocks(bytes: Uint8Array, block: number) {
  const b = new RowBuilder();
  let carry = new Uint8Array(0);
  for (let s = 0; s < bytes.length; s += block) {
    const piece = bytes.subarray(s, Math.min(bytes.length, s + block));
    const joined = new Uint8Array(carry.length + piece.length);
    joined.set(carry);
    joined.set(piece, carry.length);
    const end = joined.lastIndexOf(10) + 1;
    if (end > 0) b.feedUtf8(joined, 0, end);
    carry = joined.slice(end);
  }
  if (carry.length > 0) b.feedUtf8(carry, 0, carry.length);
  return b.finish();
}

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`raw byte reading = text parse: ${dir}/${basename(path)}`, { skip }, async () => {
      const raw = readFileSync(path);
      const bytes = new Uint8Array(path.endsWith('.gz') ? gunzipSync(raw) : raw);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const ref = parseTrace(text);
      const lines = text.split('\n');
      const what = `${dir}/${basename(path)}`;
      assertSameModel((await indexBytes(bytes, 1 << 22)).model, ref, lines, `${what}: disk index`);
      assertSameModel(feedBlocks(bytes, 100_003), ref, lines, `${what}: 100 kB blocks`);
    });
  }
}
