// Huge pages for the server and the CLI: the GLIBC_TUNABLES value they start with, and the CLI starting itself again with it for a big input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, ftruncateSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUGE_PAGES_TUNABLE, hugePagesTunables, withHugePages } from '../../server/src/hugePages';
import { CLI_HUGE_PAGES_BYTES, namesBigFile } from '../../server/src/cli/relaunch';

const cli = join(__dirname, '..', '..', 'server', 'out', 'cli.js');

test('Linux gets the huge-pages tunable, added to the tunables already set', () => {
  assert.equal(hugePagesTunables({}, 'linux'), HUGE_PAGES_TUNABLE);
  assert.equal(hugePagesTunables({ GLIBC_TUNABLES: '' }, 'linux'), HUGE_PAGES_TUNABLE);
  assert.equal(hugePagesTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux'), `glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`);
});

test("a user's own hugetlb choice is kept, and other platforms get nothing", () => {
  assert.equal(hugePagesTunables({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux'), undefined);
  assert.equal(hugePagesTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2' }, 'linux'), undefined);
  for (const p of ['darwin', 'win32', 'freebsd']) assert.equal(hugePagesTunables({}, p), undefined);
  const env = { PATH: '/bin' };
  assert.equal(withHugePages(env, 'darwin'), env);
  assert.deepEqual(withHugePages(env, 'linux'), { PATH: '/bin', GLIBC_TUNABLES: HUGE_PAGES_TUNABLE });
  assert.deepEqual(env, { PATH: '/bin' });
});

test('namesBigFile: regular files after the command, at the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-huge-'));
  try {
    const small = join(dir, 'small.trace');
    writeFileSync(small, 'x'.repeat(100));
    assert.equal(namesBigFile(['report', small], 100), true);
    assert.equal(namesBigFile(['report', small], 101), false);
    // The command itself, options, folders and missing paths are not inputs.
    assert.equal(namesBigFile([small, 'report'], 100), false);
    assert.equal(namesBigFile(['report', '--json', dir, join(dir, 'missing')], 0), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Runs the built CLI with a preloaded probe that records, in each Node process it starts in, the
 * GLIBC_TUNABLES that process got: one line per process.
 */
function runProbed(args: string[], env: Record<string, string | undefined>): { code: number | null; err: string; out: string; processes: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-probe-'));
  try {
    const record = join(dir, 'processes.txt');
    const probe = join(dir, 'probe.js');
    writeFileSync(record, '');
    // Not in worker threads (the CLI's lex workers preload it too): processes only.
    writeFileSync(probe, `if (require('worker_threads').isMainThread) require('fs').appendFileSync(${JSON.stringify(record)}, (process.env.GLIBC_TUNABLES ?? '-') + '\\n');\n`);
    const r = spawnSync(process.execPath, ['--require', probe, cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: r.status, err: r.stderr, out: r.stdout, processes: readFileSync(record, 'utf8').split('\n').filter((l) => l !== '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the CLI starts itself again with huge pages for a big input on Linux, passing on its output and exit code', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-big-'));
  try {
    // A sparse file of NUL bytes at the size limit: not a trace, so the CLI stops at once.
    const big = join(dir, 'zeros.trace');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, CLI_HUGE_PAGES_BYTES);
    closeSync(fd);
    const r = runProbed(['report', big], { GLIBC_TUNABLES: undefined });
    assert.deepEqual(r.processes, ['-', HUGE_PAGES_TUNABLE]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^ftrace-lens: .*zeros\.trace/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    // A user's own choice: no second process.
    const own = runProbed(['report', big], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
    assert.deepEqual(own.processes, ['glibc.malloc.hugetlb=0']);
    assert.equal(own.code, 2);
    assert.equal(own.err, r.err);
    // A small input runs in the first process.
    const seed = join(__dirname, '..', '..', 'fixtures', 'seed-vfio.md');
    const small = runProbed(['report', seed, '--json'], { GLIBC_TUNABLES: undefined });
    assert.deepEqual(small.processes, ['-']);
    assert.equal(small.code, 0, small.err);
    assert.equal(JSON.parse(small.out).calls, 118);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
