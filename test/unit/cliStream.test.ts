// Issue 10 item 4: the CLI reads plain and gzip input as a stream of whole lines in bounded memory, loses nothing of a trace, and stops clearly on input that is not one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseTrace } from '../../server/src/core/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const fixture = readFileSync(join(root, 'fixtures', 'k61-smp2-proc-abstime-head.trace'), 'utf8');

/**
 * Runs the built CLI with a 64 MB V8 heap: a reader that kept the input (or one line of it) as a
 * string would run out of memory on the inputs below, which are all larger than that.
 */
function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withDir(f: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-stream-'));
  try {
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('80 MiB of NUL bytes on one line, gzip: stops early with one line, exit 2', () => {
  withDir((dir) => {
    const f = join(dir, 'nul.trace.gz');
    writeFileSync(f, gzipSync(Buffer.alloc(80 << 20), { level: 1 }));
    const r = run('report', f);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^ftrace-lens: .*nul\.trace\.gz: not a function_graph trace \(no call line in its first 64 MiB or 1,000,000 lines\)\n$/);
  });
});

test('64 Mi newlines, gzip: stops after a million lines, exit 2', () => {
  withDir((dir) => {
    const f = join(dir, 'nl.trace.gz');
    writeFileSync(f, gzipSync(Buffer.alloc(64 << 20, 10), { level: 1 }));
    const r = run('report', f);
    assert.equal(r.code, 2);
    assert.match(r.err, /not a function_graph trace/);
    assert.equal(r.err.split('\n').length, 2, 'one line');
  });
});

test('a trace followed by 8 MiB of blank lines: stops there and says where, exit 2', () => {
  withDir((dir) => {
    const f = join(dir, 'tail.trace');
    writeFileSync(f, Buffer.concat([Buffer.from(fixture), Buffer.alloc(8 << 20, 10)]));
    const r = run('report', f);
    assert.equal(r.code, 2);
    const start = fixture.split('\n').length - 1;
    assert.match(r.err, new RegExp(`^ftrace-lens: .*tail\\.trace: stopped at line \\d+: no function_graph call line in 64 MiB or 1,000,000 lines after line (\\d+)\\n$`));
    const after = Number(/after line (\d+)/.exec(r.err)![1]);
    assert.ok(after >= start - 1 && after <= start + (1 << 20), `run starts near the trace end (${after} vs ${start})`);
  });
});

test('a 20 MiB line inside a trace is cut to its first 4 KiB with a note; the rest of the trace is parsed', () => {
  withDir((dir) => {
    const long = 'x'.repeat(20 << 20);
    const text = `${fixture}${long}\n${fixture}`;
    const f = join(dir, 'long.trace.gz');
    writeFileSync(f, gzipSync(text));
    const r = run('report', f, '--json');
    assert.equal(r.code, 0, r.err);
    const cutLine = fixture.split('\n').length;
    assert.equal(r.err, `ftrace-lens: ${f}: 1 line longer than 16 MiB cut to the first 4 KiB (first: line ${cutLine})\n`);
    const expected = parseTrace(`${fixture}${'x'.repeat(4 << 10)}\n${fixture}`);
    const j = JSON.parse(r.out);
    assert.equal(j.lines, expected.lineCount);
    assert.equal(j.calls, expected.callCount);
  });
});

/** A valid trace of about `mb` MB with multi-byte names (so chunk ends fall inside UTF-8 sequences and lines). */
function bigTrace(mb: number): string {
  const out = ['# tracer: function_graph\n#\n'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const block = ` ${i % 4})               |  fünction_${i % 97}() {\n ${i % 4})   0.${i % 1000} us    |    léaf_${i % 13}();\n ${i % 4}) + 12.${i % 100} us   |  }\n`;
    out.push(block);
    size += block.length;
  }
  return out.join('');
}

test('a 3 MB trace, plain and gzip: same lines, calls and kinds as parsing the whole text (nothing lost at chunk ends)', () => {
  withDir((dir) => {
    const text = bigTrace(3);
    const m = parseTrace(text);
    const plain = join(dir, 'big.trace');
    const gz = join(dir, 'big.trace.gz');
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    for (const f of [plain, gz]) {
      const r = run('report', f, '--json');
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '');
      const j = JSON.parse(r.out);
      assert.equal(j.lines, m.lineCount);
      assert.equal(j.calls, m.callCount);
      assert.equal(j.kinds.unknown ?? 0, 0);
      assert.equal(j.issues.counts['not-trace'] ?? 0, 0);
      assert.ok(j.functions.length > 0 && j.functions.every((fn: { name: string }) => /^(fünction_\d+|léaf_\d+)$/.test(fn.name)), 'names decoded whole');
    }
  });
});
