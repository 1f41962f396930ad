// The built CLI's `export` command: stdout and --output, the clock note on stderr, gzip input, errors people can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, seedText } from './exportFixtures';

const cli = join(root, 'server', 'out', 'cli.js');

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-cli-export-'));
const seed = join(dir, 'seed.trace');
writeFileSync(seed, seedText());

test('export --format folded to stdout', () => {
  const r = run('export', seed, '--format', 'folded');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^schedule 187566289000$/m);
  assert.match(r.err, /118 calls; folded stacks/);
});

test('export --format chrome --output: a file, and stderr says the times are reconstructed', () => {
  const out = join(dir, 'seed.json');
  const r = run('export', seed, '--format=chrome', '--output', out);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '');
  assert.match(r.err, /reconstructed from the durations in print order per CPU/);
  const j = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(j.traceEvents.some((e: { dur?: number }) => e.dur === 2680.276));
});

test('export of a gzip abstime capture says the times are the printed timestamps', () => {
  const gz = join(dir, 'abs.trace.gz');
  writeFileSync(gz, gzipSync(readFileSync(join(root, 'fixtures', '02-kernel-proc-abstime-tail-16cpu.trace'))));
  const r = run('export', gz, '--format', 'speedscope');
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /times are the printed timestamps/);
  const j = JSON.parse(r.out);
  assert.equal(j.name, 'abs.trace.gz');
  assert.ok(j.profiles.length >= 3);
});

test('export of a trace without durations or timestamps says there are no times (folded: empty)', () => {
  const untimed = join(root, 'fixtures', 'k61-smp2-no-duration-head.trace');
  const folded = run('export', untimed, '--format', 'folded');
  assert.equal(folded.code, 0, folded.err);
  assert.equal(folded.out, '');
  assert.match(folded.err, /calls; no times in this trace \(no durations, no timestamps printed\): the folded stacks are empty/);
  const chrome = run('export', untimed, '--format', 'chrome');
  assert.equal(chrome.code, 0, chrome.err);
  assert.match(chrome.err, /no times in this trace \(no durations, no timestamps printed\): every call has length 0/);
  assert.ok(JSON.parse(chrome.out).traceEvents.length > 100, 'every call is still there');
  // A timed trace keeps its usual note.
  assert.doesNotMatch(run('export', seed, '--format', 'folded').err, /no times/);
});

test('export errors: no format, unknown format, unwritable output, missing file', () => {
  let r = run('export', seed);
  assert.equal(r.code, 2);
  assert.match(r.err, /export needs --format/);
  r = run('export', seed, '--format', 'svg');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown format 'svg': use chrome, speedscope, folded/);
  r = run('export', seed, '--format', 'folded', '--output', join(dir, 'no', 'such', 'dir', 'x'));
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot write \(ENOENT\)/);
  r = run('export', join(dir, 'missing.trace'), '--format', 'folded');
  assert.equal(r.code, 2);
  assert.match(r.err, /no such file/);
  r = run('export', seed, '--format', 'folded', '--bogus');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --bogus/);
});
