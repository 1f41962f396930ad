// The disk index: chunked indexing equals the in-memory parse on every fixture, line text read back exactly, early stops, cancellation and changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChunkIndexer, FileLines, INDEX_BLOCK, MAX_INDEX_LINE, SNIFF_BYTES, TextLines, indexChunks, parseTrace, type IndexedTrace,
} from '../../server/src/core/index';
import { IndexError, indexTraceFile } from '../../server/src/node/fileIndexer';
import { indexBytes } from './memoryIndex';
import { assertSameModel } from './sameModel';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const traceFiles = readdirSync(fixtures).filter((f) => /\.(trace|txt|md)$/.test(f) && f !== 'README.md');
const dir = mkdtempSync(join(tmpdir(), 'ftrace-disk-index-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Every line read back through the checkpoints, in order and in a scattered order, equals the text's. */
function assertLinesBack(bytes: Uint8Array, idx: IndexedTrace, what: string): void {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const expected = new TextLines(text);
  assert.equal(idx.model.lineCount, expected.lineCount, `${what}: line count`);
  const read = (buf: Uint8Array, off: number, n: number, pos: number): number => {
    const part = bytes.subarray(pos, pos + n);
    buf.set(part, off);
    return part.length;
  };
  const lines = new FileLines(read, idx.checkpoints, idx.model.lineCount, idx.bytes);
  for (let l = 0; l < expected.lineCount; l++) assert.equal(lines.text(l), expected.text(l), `${what}: line ${l + 1}`);
  // Backwards and jumping: the cursor restarts from a checkpoint.
  for (let l = expected.lineCount - 1; l >= 0; l -= 97) assert.equal(lines.text(l), expected.text(l), `${what}: line ${l + 1} (backwards)`);
  assert.equal(lines.text(expected.lineCount), '');
  assert.equal(lines.text(-1), '');
}

test('the index equals the in-memory parse on every fixture, whatever the chunk size; line text reads back exactly', async () => {
  assert.ok(traceFiles.length >= 10);
  for (const f of traceFiles) {
    const bytes = new Uint8Array(readFileSync(join(fixtures, f)));
    const text = new TextDecoder().decode(bytes);
    const ref = parseTrace(text);
    for (const chunk of [1024, 4099, INDEX_BLOCK + 13, 1 << 22]) {
      const idx = await indexBytes(bytes, chunk);
      assertSameModel(idx.model, ref, text.split('\n'), `${f} in ${chunk}-byte chunks`);
      assertLinesBack(bytes, idx, `${f} in ${chunk}-byte chunks`);
    }
  }
});

test('chunk boundaries: lines split anywhere, lines longer than a chunk, CRLF, no final line break, invalid UTF-8, BOM, empty input', async () => {
  const seed = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8');
  const long = ' 0)   1.000 us    |  /* ' + 'x'.repeat(3 * INDEX_BLOCK) + ' */';
  const cases: Record<string, Uint8Array> = {
    crlf: new TextEncoder().encode(seed.replace(/\n/g, '\r\n')),
    noFinalBreak: new TextEncoder().encode(seed.trimEnd()),
    longLine: new TextEncoder().encode(seed + long + '\n' + seed),
    bom: new TextEncoder().encode('\ufeff' + seed),
    invalidUtf8: new Uint8Array([...new TextEncoder().encode(seed.slice(0, 500)), 0xc3, 0x0a, 0xe2, 0x82, 0x0a, 0xff, 0xfe, ...new TextEncoder().encode(seed.slice(500))]),
    onlyBreaks: new TextEncoder().encode('\n\n\n'),
    loneCr: new TextEncoder().encode(seed.slice(0, 3000).replace(/\n/g, '\r') + '\r\n\r\r\n' + seed.slice(3000) + '\r'),
    onlyLoneCr: new TextEncoder().encode(seed.replace(/\n/g, '\r').repeat(4)),
    crAtChunkEnds: new TextEncoder().encode(seed.replace(/\n/g, '\r\n').slice(0, 1023) + '\r' + seed.replace(/\n/g, '\r\n')),
    empty: new Uint8Array(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const ref = parseTrace(text);
    for (const chunk of [1024, 1031, 65536 + 7]) {
      const idx = await indexBytes(bytes, chunk);
      assertSameModel(idx.model, ref, text.split('\n'), `${name} in ${chunk}-byte chunks`);
      assertLinesBack(bytes, idx, `${name} in ${chunk}-byte chunks`);
    }
  }
});

test('checkpoints are sparse: about one per block, not one per line', async () => {
  const seed = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8');
  const bytes = new TextEncoder().encode(seed.repeat(Math.ceil((2 << 20) / seed.length)));
  const idx = await indexBytes(bytes, 1 << 20);
  assert.ok(idx.checkpoints.count <= Math.ceil(bytes.length / INDEX_BLOCK) + 40, `${idx.checkpoints.count} checkpoints for ${bytes.length} bytes`);
  assert.ok(idx.checkpoints.count >= bytes.length / INDEX_BLOCK / 2);
});

test('binary, gzip, non-trace text and line-less data stop early with a message, after bounded reading', async () => {
  const text = 'The quick brown fox jumps over the lazy dog, again and again.\n';
  const prose = new TextEncoder().encode(text.repeat(Math.ceil((8 << 20) / text.length)));
  const bin = new Uint8Array(8 << 20);
  for (let i = 0; i < bin.length; i++) bin[i] = (((i * 2654435761) >>> 24) % 255) + 1;
  bin[5000] = 0;
  const gz = new Uint8Array([0x1f, 0x8b, 8, 0, ...new Uint8Array(4000)]);
  const noBreaks = new Uint8Array(MAX_INDEX_LINE + (2 << 20)).fill(0x41);
  const cases: [string, Uint8Array, string, RegExp][] = [
    ['binary', bin, 'binary', /NUL byte at offset 5000/],
    ['gzip', gz, 'compressed', /gzip/],
    ['prose', prose, 'notTrace', /no function_graph call lines in its first 1 MB/],
    ['no line breaks', noBreaks, 'lineTooLong', /longer than 16 MB/],
  ];
  for (const [what, bytes, reason, message] of cases) {
    let readTo = 0;
    const read = (buf: Uint8Array, length: number, position: number): Promise<number> => {
      const part = bytes.subarray(position, position + length);
      buf.set(part);
      readTo = Math.max(readTo, position + part.length);
      return Promise.resolve(part.length);
    };
    const r = await indexChunks(read, bytes.length, { chunkBytes: 1 << 20 });
    assert.ok(r !== 'cancelled' && 'reason' in r, `${what}: not stopped`);
    assert.equal(r.reason, reason, what);
    assert.match(r.message, message, what);
    const bound = reason === 'lineTooLong' ? MAX_INDEX_LINE + (2 << 20) : SNIFF_BYTES + (1 << 20);
    assert.ok(readTo <= bound, `${what}: read ${readTo} bytes before stopping`);
  }
  // A short non-trace file is judged at its end.
  const small = new ChunkIndexer(text.length * 3);
  assert.equal(small.push(new TextEncoder().encode(text.repeat(3))), null);
  assert.equal(small.checkAtEnd()?.reason, 'notTrace');
});

test('indexTraceFile: missing file, directory, cancellation (no progress after it), change while indexing', async () => {
  await assert.rejects(indexTraceFile(join(dir, 'nope.trace')), (e: unknown) => e instanceof IndexError && e.reason === 'notFound' && /no such file/.test(e.message));
  await assert.rejects(indexTraceFile(dir), (e: unknown) => e instanceof IndexError && e.reason === 'notFile');
  const seed = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8');
  const path = join(dir, 'cancel.trace');
  writeFileSync(path, seed.repeat(Math.ceil((3 << 20) / seed.length)));
  const abort = new AbortController();
  let after = 0;
  let calls = 0;
  await assert.rejects(indexTraceFile(path, {
    signal: abort.signal,
    chunkBytes: 256 * 1024,
    onProgress: () => {
      calls++;
      if (abort.signal.aborted) after++;
      if (calls === 2) abort.abort();
    },
  }), (e: unknown) => e instanceof IndexError && e.reason === 'cancelled');
  assert.equal(after, 0, 'progress after the cancel');
  const changed = join(dir, 'changed.trace');
  writeFileSync(changed, seed.repeat(Math.ceil((1 << 20) / seed.length)));
  let appended = false;
  await assert.rejects(indexTraceFile(changed, {
    chunkBytes: 128 * 1024,
    onProgress: () => {
      if (!appended) appendFileSync(changed, seed);
      appended = true;
    },
  }), (e: unknown) => e instanceof IndexError && e.reason === 'changed' && /grew/.test(e.message));
  // The same file indexes once it holds still, and its lines read back from disk.
  const { trace } = await indexTraceFile(changed, { chunkBytes: 100_000 });
  const fd = openSync(changed, 'r');
  try {
    const lines = new FileLines((b, o, n, p) => readSync(fd, b, o, n, p), trace.checkpoints, trace.model.lineCount, trace.bytes);
    const expected = readFileSync(changed, 'utf8').split('\n');
    for (let l = 0; l < trace.model.lineCount; l += 13) assert.equal(lines.text(l), expected[l]);
  } finally {
    closeSync(fd);
  }
});
