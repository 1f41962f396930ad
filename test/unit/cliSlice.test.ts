// The built CLI's slice command: each kind of slice, --output, .gz input, limits, and errors people can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextLines, parseTrace, sliceTrace, DEFAULT_SLICE_LIMITS, type TraceSlice } from '../../server/src/core/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const fixture = join(root, 'fixtures', 'b73-smp2-graphfn-vfs_read-retval.trace');
const stamped = join(root, 'fixtures', 'k61-smp2-proc-abstime-head.trace');
const dir = mkdtempSync(join(tmpdir(), 'ftrace-cli-slice-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, 'slice', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('slice --call LINE prints the call with its header lines; its times are kept', () => {
  const text = readFileSync(fixture, 'utf8');
  const model = parseTrace(text);
  const c = model.calls;
  let id = -1;
  for (let i = 0; i < model.callCount; i++) if (c.exitLine.at(i) > c.entryLine[i] + 5 && c.entryLine[i] >= 0) { id = i; break; }
  const r = run(fixture, '--call', String(c.entryLine[id] + 1));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^# tracer: function_graph\n/);
  const sm = parseTrace(r.out);
  const root0 = sm.calls.parent.indexOf(-1);
  assert.equal(sm.calls.inclusiveNs.at(root0), c.inclusiveNs.at(id));
  assert.equal(sm.calls.selfNs.at(root0), c.selfNs.at(id));
  assert.match(r.err, /call .* \(line [\d,]+\): \d+ lines/);
});

test('slice --task, --cpu, --from/--to equal the core slice; --output writes a file; .gz input works', () => {
  const text = readFileSync(fixture, 'utf8');
  const model = parseTrace(text);
  const core = (sel: Parameters<typeof sliceTrace>[2], t = text, m = model): TraceSlice => sliceTrace(m, new TextLines(t), sel, DEFAULT_SLICE_LIMITS) as TraceSlice;
  assert.equal(run(fixture, '--task', '96').out, core({ kind: 'task', pid: 96 }).text);
  assert.equal(run(fixture, '--cpu', '1').out, core({ kind: 'cpu', cpu: 1 }).text);
  const gz = join(dir, 'trace.gz');
  writeFileSync(gz, gzipSync(readFileSync(fixture)));
  const out = join(dir, 'cpu0.trace');
  const r = run(gz, '--cpu', '0', '--output', out);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '');
  assert.equal(readFileSync(out, 'utf8'), core({ kind: 'cpu', cpu: 0 }).text);
  const st = readFileSync(stamped, 'utf8');
  const w = run(stamped, '--from', '14.370700', '--to', '14.371000');
  assert.equal(w.code, 0, w.err);
  assert.equal(w.out, core({ kind: 'window', fromUs: 14.3707e6, toUs: 14.371e6 }, st, parseTrace(st)).text);
  assert.ok(w.out.split('\n').length > 10);
});

test('slice cut at --max-lines says so on stderr and in the text', () => {
  const r = run(fixture, '--cpu', '0', '--max-lines', '40');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.split('\n').length - 1, 40);
  assert.match(r.out, /# ftrace-lens: slice cut at 40 lines/);
  assert.match(r.err, /slice cut at the 40-line limit: \d+ selected lines from line \d+ left out/);
});

test('slice errors: no selection, two selections, bad numbers, no timestamps, nothing at the line, missing file', () => {
  for (const [args, msg] of [
    [[fixture], /needs one of --call/],
    [[fixture, '--cpu', '0', '--task', '1'], /needs one of --call/],
    [[fixture, '--call', '0'], /--call needs an integer of at least 1/],
    [[fixture, '--cpu', 'x'], /--cpu needs an integer/],
    [[fixture, '--from', '1'], /needs both --from TS and --to TS/],
    [[fixture, '--from', '2', '--to', '1'], /--to must not be before --from/],
    [[fixture, '--from', '1', '--to', '2'], /no timestamps/],
    [[fixture, '--call', '1'], /no call at line 1/],
    [[fixture, '--cpu', '9'], /no calls on CPU 9/],
    [[join(dir, 'nope.trace'), '--cpu', '0'], /no such file/],
    [[fixture, '--cpu', '0', '--bogus', '1'], /unknown option --bogus/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});
