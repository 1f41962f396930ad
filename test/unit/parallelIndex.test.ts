// Lexing on worker threads: chunks lexed apart and stitched in order give the serial index exactly (every fixture, CRLF, non-ASCII, comments); a failing worker falls back to the main thread with a log line; cancellation stops the workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChunkLexer, FileLines, LEX_ROW, LexedNames, LineKind, lexChunk, parseTrace, type IndexedTrace, type LexedChunk } from '../../server/src/core/index';
import { IndexError, indexTraceFile } from '../../server/src/node/fileIndexer';
import { ONE_WORKER_MIN_BYTES, PARALLEL_MIN_BYTES, defaultWorkers, lexWorkers } from '../../server/src/threads/lexWorkers';
import { readTrace } from '../../server/src/cli/readTrace';
import { indexLexed } from './lexedIndex';
import { assertSameModel } from './sameModel';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const traceFiles = readdirSync(fixtures).filter((f) => /\.(trace|txt|md)$/.test(f) && f !== 'README.md');
const dir = mkdtempSync(join(tmpdir(), 'ftrace-parallel-index-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function assertLinesBack(bytes: Uint8Array, idx: IndexedTrace, text: string, what: string): void {
  const lines = new FileLines((buf, off, n, pos) => {
    const part = bytes.subarray(pos, pos + n);
    buf.set(part, off);
    return part.length;
  }, idx.checkpoints, idx.model.lineCount, idx.bytes);
  const expected = text.split(/\r\n|\r|\n/);
  for (let l = 0; l < idx.model.lineCount; l += 7) assert.equal(lines.text(l), expected[l], `${what}: line ${l + 1}`);
}

function variants(): [string, string][] {
  const out: [string, string][] = traceFiles.map((f) => [f, readFileSync(join(fixtures, f), 'utf8')]);
  const seed = readFileSync(join(fixtures, 'k61-smp4-default-head.trace'), 'utf8');
  out.push(['CRLF', seed.replace(/\n/g, '\r\n')]);
  // Non-ASCII names in the middle of plain call lines, and a comment that spans lines.
  const lines = seed.split('\n');
  for (let i = 40; i < lines.length; i += 97) lines[i] = lines[i].replace(/([a-z_]+)\(\);/, '$1_é();');
  lines.splice(200, 0, ' 0)               |  /* a note that', ' 0)   1.000 us    |  goes_on();', ' */');
  out.push(['non-ASCII and comments', lines.join('\n')]);
  // Exits whose comments name their function, another one (the builder reads those from the
  // text), a longer or shorter name, a non-ASCII one, or carry a return value.
  let k = 0;
  const tails = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8').replace(/\} \/\* ([A-Za-z0-9_.]+) \*\//g, (all, name: string) => {
    const v = k++ % 7;
    return v === 1 ? '} /* not_it */' : v === 2 ? `} /* ${name}x */` : v === 3 ? `} /* ${name.slice(0, -1)} */` : v === 4 ? `} /* ${name}é */` : v === 5 ? `} /* ${name} ret=0x0 */` : all;
  });
  out.push(['exit comments naming their function or another', tails]);
  // Two tasks on one CPU, without banners: an exit of the task the CPU ran before, whose comment
  // names the top call of the task it runs now (the builder reads it from the text).
  out.push(['a task\'s exit comment naming the other task\'s top call', [
    '# tracer: function_graph', '#', '# CPU  TASK/PID         DURATION                  FUNCTION CALLS', '# |     |    |           |   |                     |   |   |   |',
    ' 0)    a-100    |               |  foo() {', ' 0)    a-100    |               |    bar() {', ' 0)    b-200    |               |  x() {',
    ' 0)    b-200    |               |    foo() {', ' 0)    a-100    |   5.000 us    |    } /* foo */', ' 0)    b-200    |   1.000 us    |    } /* foo */',
    ' 0)    a-100    |   7.000 us    |  } /* foo */', ' 0)    b-200    |   9.000 us    |  } /* x */', '',
  ].join('\n').repeat(3)]);
  out.push(['every fixture end to end', traceFiles.map((f) => readFileSync(join(fixtures, f), 'utf8')).join('\n')]);
  return out;
}

test('chunks lexed apart and stitched in order give the serial model and checkpoints, whatever the chunk size', () => {
  for (const [what, text] of variants()) {
    const bytes = new TextEncoder().encode(text);
    const ref = parseTrace(text);
    for (const chunk of [300, 4099, 1 << 16, 1 << 20]) {
      const idx = indexLexed(bytes, chunk);
      assertSameModel(idx.model, ref, text.split('\n'), `${what} in ${chunk}-byte chunks`);
      assertLinesBack(bytes, idx, text, `${what} in ${chunk}-byte chunks`);
    }
    // Pieces parsed on the main thread between lexed ones (its workers behind): one in three, runs of two.
    for (const [how, here] of [['every third piece', (i: number) => i % 3 === 2], ['runs of two', (i: number) => i % 5 >= 3]] as const) {
      const idx = indexLexed(bytes, 4099, { here });
      assertSameModel(idx.model, ref, text.split('\n'), `${what}, ${how} parsed here`);
      assertLinesBack(bytes, idx, text, `${what}, ${how} parsed here`);
    }
    // Lexers that keep their names and predictions across pieces, one or three taking them in turn
    // (as workers: each chunk brings only the names its lexer had not met), some pieces parsed here.
    for (const lexers of [1, 3]) {
      for (const chunk of [300, 4099, 1 << 16]) {
        const idx = indexLexed(bytes, chunk, { lexers, here: (i) => i % 7 === 4 });
        assertSameModel(idx.model, ref, text.split('\n'), `${what} in ${chunk}-byte chunks, ${lexers} kept lexers`);
      }
    }
  }
});

test('lexChunk: plain call lines become rows, the rest runs of bytes covering the chunk; a chunk with a CR stays bytes', () => {
  const text = readFileSync(join(fixtures, 'k61-smp4-default-head.trace'), 'utf8');
  const bytes = new TextEncoder().encode(text.slice(0, text.lastIndexOf('\n') + 1));
  const lx = lexChunk(bytes);
  let covered = 0;
  let rows = 0;
  for (let i = 0; i < lx.count; i++) {
    covered += lx.rows[i * LEX_ROW + 5];
    if (lx.rows[i * LEX_ROW] >= 0) rows++;
  }
  assert.equal(covered, bytes.length);
  assert.ok(rows > 0.9 * text.split('\n').length, `${rows} rows`);
  const cr = lexChunk(new TextEncoder().encode('# tracer: function_graph\r\n 0)   1.000 us    |  f();\r\n'));
  assert.equal(cr.count, 1);
  assert.equal(cr.rows[0], -1);
  // A caller's own CR search (the worker's native one) gives the same rows.
  assert.deepEqual(lexChunk(bytes, false), lx);
  // Lent arrays big enough take the rows (whatever they held); too small ones are left alone.
  const big = { rows: new Int32Array(lx.rows.length + 60).fill(7), durationNs: new Float64Array(lx.durationNs.length + 10).fill(7) };
  const lent = lexChunk(bytes, false, big);
  assert.equal(lent.rows.buffer, big.rows.buffer);
  assert.equal(lent.durationNs.buffer, big.durationNs.buffer);
  assert.deepEqual([lent.count, lent.names], [lx.count, lx.names]);
  assert.deepEqual(lent.rows.subarray(0, lx.count * LEX_ROW), lx.rows.subarray(0, lx.count * LEX_ROW));
  assert.deepEqual(lent.durationNs.subarray(0, lx.count), lx.durationNs.subarray(0, lx.count));
  const small = { rows: new Int32Array(6), durationNs: new Float64Array(1) };
  assert.notEqual(lexChunk(bytes, false, small).rows.buffer, small.rows.buffer);
  // Bytes, not text: a non-ASCII line stays bytes, the plain lines beside it in the same window are rows.
  const mixed = lexChunk(new TextEncoder().encode(' 0)   1.000 us    |  f();\n 0)   1.000 us    |  é();\n 0)   2.000 us    |  g();\n'));
  assert.deepEqual([...mixed.rows.subarray(0, mixed.count * LEX_ROW)].filter((_, i) => i % LEX_ROW === 0), [LineKind.Leaf, -1, LineKind.Leaf]);
  assert.deepEqual(mixed.names, ['f', 'g']);
  // An exit's comment: its row names the function the comment names (a non-ASCII comment stays bytes).
  const named = lexChunk(new TextEncoder().encode(' 0)               |  f() {\n 0)   1.000 us    |  } /* f */\n 0)   1.000 us    |  } /* é */\n 0)   1.000 us    |  }\n'));
  const cols = (c: LexedChunk, at: number) => [...c.rows.subarray(0, c.count * LEX_ROW)].filter((_, i) => i % LEX_ROW === at);
  assert.deepEqual([cols(named, 0), cols(named, 3), named.names], [[LineKind.Entry, LineKind.Exit, -1, LineKind.Exit], [0, 0, 0, -1], ['f']]);
  // A task column: the row holds the pid (times 2, + 1 when the line names the task).
  const proc = lexChunk(new TextEncoder().encode(' 0)    a-100    |   1.000 us    |  f();\n 1)   1.000 us    |  g();\n'));
  assert.deepEqual([cols(proc, 0), cols(proc, 6)], [[LineKind.Leaf, LineKind.Leaf], [201, -1]]);
  // A kept lexer: the same chunk again brings no names and names its rows as before; a new name
  // comes with the chunk that has it, numbered after the others.
  const lexer = new ChunkLexer();
  const once = lexer.lex(bytes, false);
  const again = lexer.lex(bytes, false);
  assert.deepEqual([once.firstName, once.names], [0, lx.names]);
  assert.deepEqual([again.firstName, again.names], [lx.names.length, []]);
  const names = (c: LexedChunk) => [...c.rows.subarray(0, c.count * LEX_ROW)].filter((_, i) => i % LEX_ROW === 3);
  assert.deepEqual(names(again), names(once));
  const more = lexer.lex(new TextEncoder().encode(' 0)   1.000 us    |  brand_new();\n'), false);
  assert.deepEqual([more.firstName, more.names, names(more)], [lx.names.length, ['brand_new'], [lx.names.length]]);
  // Its chunks' names taken out of order are refused (a row would be named wrongly).
  const known = new LexedNames();
  known.add(once);
  known.add(again);
  known.add(more);
  assert.throws(() => known.add(once), /lexed chunk out of order: its names start at 0, \d+ known/);
  assert.throws(() => new LexedNames().add(more), /its names start at \d+, 0 known/);
});

/** A trace of a few MB from the fixtures (so it is cut in many chunks). */
function bigText(): string {
  const parts: string[] = [];
  for (const f of traceFiles) parts.push(readFileSync(join(fixtures, f), 'utf8'));
  const one = parts.join('\n');
  return Array.from({ length: 8 }, () => one).join('\n');
}

test('indexing a file on worker threads gives the serial index, with progress', async () => {
  const path = join(dir, 'big.trace');
  const text = bigText();
  writeFileSync(path, text);
  const { workers, script } = lexWorkers(text.length, { workers: 2, minParallelBytes: 0 });
  assert.equal(workers, 2, 'the worker script is built (npm run build)');
  assert.match(script, /lexWorker\.js$/);
  const serial = await indexTraceFile(path, { workers: 0 });
  const logs: string[] = [];
  let progress = 0;
  const par = await indexTraceFile(path, { workers: 2, minParallelBytes: 0, chunkBytes: 200_000, log: (m) => logs.push(m), onProgress: () => progress++ });
  assert.deepEqual(logs, []);
  assert.ok(progress > 10, `${progress} progress reports`);
  assertSameModel(par.trace.model, serial.trace.model, text.split('\n'), 'workers vs one thread');
  assert.equal(par.trace.bytes, serial.trace.bytes);
});

test('a slow worker: the main thread parses a share of the pieces itself, and the model is the serial one', async () => {
  const path = join(dir, 'slow.trace');
  const text = bigText();
  writeFileSync(path, text);
  const serial = await indexTraceFile(path, { workers: 0 });
  const real = lexWorkers(text.length, { workers: 1, minParallelBytes: 0 }).script;
  // The real worker, lexing each chunk 30 ms slower (busy work before its reply, counted in the
  // time it reports, as for a worker whose CPU another process takes).
  const script = join(dir, 'slow-worker.js');
  writeFileSync(script, [
    "const { parentPort } = require('node:worker_threads');",
    'const post = parentPort.postMessage.bind(parentPort);',
    'parentPort.postMessage = (m, transfer) => { const end = Date.now() + 30; while (Date.now() < end); post({ ...m, lexMs: m.lexMs + 30 }, transfer); };',
    `require(${JSON.stringify(real)});`,
  ].join('\n'));
  const pieces = { here: 0, apart: 0 };
  const logs: string[] = [];
  const r = await indexTraceFile(path, { workers: 1, workerScript: script, minParallelBytes: 0, chunkBytes: 100_000, log: (m) => logs.push(m), onPiece: (apart) => pieces[apart ? 'apart' : 'here']++ });
  assert.deepEqual(logs, []);
  assertSameModel(r.trace.model, serial.trace.model, text.split('\n'), 'slow worker vs one thread');
  assert.ok(pieces.apart > 0 && pieces.here > 1, `pieces parsed here ${pieces.here}, lexed apart ${pieces.apart}`);
  // Workers that keep up: only the first piece is parsed here.
  const fast = { here: 0, apart: 0 };
  await indexTraceFile(path, { workers: 1, minParallelBytes: 0, chunkBytes: 100_000, onPiece: (apart) => fast[apart ? 'apart' : 'here']++ });
  assert.ok(fast.here < pieces.here, `pieces parsed here with a slow worker ${pieces.here}, with the real one ${fast.here}`);
});

test('a worker that crashes or throws: the rest is indexed on the main thread, with a log line, never a hang', async () => {
  const path = join(dir, 'crash.trace');
  const text = bigText();
  writeFileSync(path, text);
  const serial = await indexTraceFile(path, { workers: 0 });
  const scripts: [string, RegExp][] = [
    ["require('node:worker_threads').parentPort.on('message', () => process.exit(3));", /lex worker exited \(code 3\): indexing the rest on the main thread/],
    ["require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });", /lex worker failed: boom: indexing the rest on the main thread/],
    ['syntax error here(', /lex worker failed: .*: indexing the rest on the main thread/],
  ];
  for (const [i, [code, expected]] of scripts.entries()) {
    const script = join(dir, `bad-worker-${i}.js`);
    writeFileSync(script, code);
    const logs: string[] = [];
    const r = await indexTraceFile(path, { workers: 2, workerScript: script, minParallelBytes: 0, chunkBytes: 100_000, log: (m) => logs.push(m) });
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], expected);
    assertSameModel(r.trace.model, serial.trace.model, text.split('\n'), `after ${code}`);
  }
  // A missing script: one thread from the start, said once.
  const logs: string[] = [];
  const r = lexWorkers(1 << 30, { workers: 2, workerScript: join(dir, 'nowhere.js'), log: (m) => logs.push(m) });
  assert.equal(r.workers, 0);
  assert.match(logs.join('\n'), /nowhere\.js not found: indexing on the main thread/);
});

test('cancelling an indexing on worker threads rejects promptly and stops the workers (the test process would not exit otherwise)', async () => {
  const path = join(dir, 'cancel.trace');
  writeFileSync(path, bigText());
  const abort = new AbortController();
  let reports = 0;
  await assert.rejects(
    indexTraceFile(path, { workers: 2, minParallelBytes: 0, chunkBytes: 100_000, signal: abort.signal, onProgress: () => { if (++reports === 3) abort.abort(); } }),
    (e: unknown) => e instanceof IndexError && e.reason === 'cancelled',
  );
  assert.equal(reports, 3);
});

test('the CLI reads a plain file with lex workers into the model it reads on one thread (long lines, comments, a crash included)', async () => {
  const path = join(dir, 'cli.trace');
  // A line longer than a piece: read across pieces, never lexed apart.
  const text = `${bigText()}\n 0)               |  /* ${'x'.repeat(300_000)} */\n${bigText()}`;
  writeFileSync(path, text);
  const serial = await readTrace(path, undefined, { workers: 0 });
  const logs: string[] = [];
  const par = await readTrace(path, undefined, { workers: 2, minParallelBytes: 0, chunkBytes: 100_000, log: (m) => logs.push(m) });
  assert.equal(logs.length, 0, logs.join("\n"));
  assertSameModel(par, serial, text.split('\n'), 'CLI with workers vs one thread');
  const script = join(dir, 'exit-worker.js');
  writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(5));");
  const crashed = await readTrace(path, undefined, { workers: 2, workerScript: script, minParallelBytes: 0, chunkBytes: 100_000, log: (m) => logs.push(m) });
  assert.match(logs.join('\n'), /lex worker exited \(code 5\): indexing the rest on the main thread/);
  assertSameModel(crashed, serial, text.split('\n'), 'CLI after a worker crash');
});

test('default lex workers: none on 1 CPU, one per CPU but the main thread\'s above, at most 7', () => {
  assert.deepEqual([1, 2, 3, 4, 8, 64].map(defaultWorkers), [0, 1, 2, 3, 7, 7]);
  // A single worker only for files of ONE_WORKER_MIN_BYTES or more; more workers from PARALLEL_MIN_BYTES.
  const w = (bytes: number, workers: number) => lexWorkers(bytes, { workers }).workers;
  assert.deepEqual([w(ONE_WORKER_MIN_BYTES - 1, 1), w(ONE_WORKER_MIN_BYTES, 1), w(PARALLEL_MIN_BYTES - 1, 2), w(PARALLEL_MIN_BYTES, 2)], [0, 1, 0, 2]);
});
