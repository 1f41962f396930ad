// CLI tests: the built server/out/cli.js on fixtures (report, report --json, calls --jsonl, errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const seed = join(root, 'fixtures', 'seed-vfio.md');

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the CLI bundle exists (npm run build)', () => {
  assert.ok(existsSync(cli), `${cli} missing: run npm run build`);
});

test('report --json on the seed trace', () => {
  const r = run('report', seed, '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.lines, 189);
  assert.equal(j.kinds.unknown, 9);
  assert.deepEqual(j.cpus, [1]);
  assert.equal(j.calls, 118);
  // Slow means on-CPU: the vfio ioctl, not ksoftirqd's 187 s sleep in schedule().
  assert.equal(j.ranking.measure, 'onCpu');
  assert.deepEqual([j.ranking.includeIdle, j.ranking.includeSleep], [false, false]);
  assert.equal(j.slowest[0].inclusiveUs, 2680.276);
  assert.equal(j.slowest[0].onCpuUs, 2680.276);
  assert.equal(j.slowest[0].offCpuUs, 0);
  assert.equal(j.slowest[0].line, 33);
  assert.ok(!j.slowest.some((c: { name: string }) => c.name === 'schedule'));
  assert.deepEqual(j.ranking.sleepsAndIdle, { calls: 1, sleepCalls: 1, idleCalls: 0, timedCalls: 1, offCpuUs: 187566289, idleUs: 0, leftOutCalls: 0 });
  const sleep = j.sleepsAndIdle[0];
  assert.deepEqual([sleep.name, sleep.line, sleep.inclusiveUs, sleep.onCpuUs, sleep.offCpuUs, sleep.offCpu], ['schedule', 8, 187566289, 0, 187566289, 'inferred']);
  assert.ok(sleep.flags.includes('missingEntry'));
  assert.equal(j.functions.length, 10);
  assert.ok(j.issues.counts['missing-entry'] >= 1);
  for (const k of ['lines', 'kinds', 'cpus', 'calls', 'issues', 'slowest', 'functions']) assert.ok(k in j, k);
});

test('report prints a human summary', () => {
  const r = run('report', seed);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Slowest calls/);
  assert.match(r.out, /Slowest calls \(on-CPU; idle left out\):\n +2\.68 ms .* line 33 +vfio_fops_unl_ioctl \[vfio\]/);
  assert.match(r.out, /Sleeps and idle: 1 call \(1 slept, 0 idle task\); off-CPU 187\.6 s/);
  assert.match(r.out, /187\.6 s +off 187\.6 s +line 8 +schedule/);
  assert.match(r.out, /Functions with most self time/);
  assert.match(r.out, /not-trace +9/);
});

test('report --measure and --include-*: inclusive time with sleeps counted ranks the 187 s schedule first', () => {
  const j = JSON.parse(run('report', seed, '--json', '--measure', 'inclusive', '--include-sleep', '--include-idle').out);
  assert.deepEqual([j.slowest[0].name, j.slowest[0].inclusiveUs, j.slowest[0].line], ['schedule', 187566289, 8]);
  assert.deepEqual([j.ranking.measure, j.ranking.includeSleep, j.ranking.includeIdle], ['inclusive', true, true]);
  const noSleep = JSON.parse(run('report', seed, '--json', '--measure', 'inclusive').out);
  assert.equal(noSleep.slowest[0].inclusiveUs, 2680.276);
  assert.equal(noSleep.ranking.sleepsAndIdle.leftOutCalls, 1);
  const self = JSON.parse(run('report', seed, '--json', '--measure', 'self').out);
  assert.equal(self.slowest[0].name, 'vprintk_default');
  assert.match(run('report', seed, '--measure', 'inclusive', '--include-sleep').out, /Slowest calls \(inclusive; idle left out\):\n +187\.6 s /);
  const bad = run('report', seed, '--measure', 'wall');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--measure needs one of onCpu, inclusive, self/);
  assert.equal(run('calls', seed, '--jsonl', '--include-idle').code, 2);
});

test('calls --jsonl: one object per call with the documented fields', () => {
  const r = run('calls', seed, '--jsonl');
  assert.equal(r.code, 0, r.err);
  const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 118);
  const attach = rows.find((c) => c.name === 'vfio_iommu_type1_attach_group [vfio_iommu_type1]');
  assert.deepEqual(
    { line: attach.line, endLine: attach.endLine, cpu: attach.cpu, pid: attach.pid, depth: attach.depth, inclusiveUs: attach.inclusiveUs, selfUs: attach.selfUs, printedUs: attach.printedUs },
    { line: 59, endLine: 173, cpu: 1, pid: 17653, depth: 1, inclusiveUs: 2672.235, selfUs: 6.945, printedUs: 2672.235 },
  );
  const leaf = rows.find((c) => c.name === 'vprintk_default');
  assert.equal(leaf.endLine, null);
  assert.equal(leaf.printedUs, 1969.479);
  const orphan = rows[0];
  assert.equal(orphan.line, 8);
  assert.equal(orphan.endLine, 8);
  assert.deepEqual([orphan.onCpuUs, orphan.offCpuUs, orphan.offCpu, orphan.idle], [0, 187566289, 'inferred', false]);
  assert.deepEqual([attach.onCpuUs, attach.offCpuUs, attach.offCpu, attach.idle], [2672.235, 0, 'none', false]);
  // The default ranking: the orphan schedule() exit's inferred sleep ranks by its 0 µs on-CPU time, attach_group by its on-CPU time.
  assert.deepEqual([orphan.rankedUs, attach.rankedUs], [0, 2672.235]);
  for (const row of rows) for (const k of ['line', 'endLine', 'name', 'cpu', 'pid', 'depth', 'inclusiveUs', 'selfUs', 'onCpuUs', 'offCpuUs', 'offCpu', 'idle', 'rankedUs', 'printedUs']) assert.ok(k in row, k);
});

test('gzip-compressed traces are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-'));
  const gz = join(dir, 'seed.trace.gz');
  writeFileSync(gz, gzipSync(readFileSync(seed)));
  const j = JSON.parse(run('report', gz, '--json').out);
  assert.equal(j.calls, 118);
});

test('errors: missing file, directory, bad gzip, bad usage give a message and exit 2, no stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-'));
  const bad = join(dir, 'bad.gz');
  writeFileSync(bad, 'not gzip');
  for (const [args, msg] of [
    [['report', join(dir, 'nope.trace')], /no such file/],
    [['report', dir], /is a directory/],
    [['report', bad], /not valid gzip/],
    [['frobnicate', seed], /unknown command/],
    [['calls', seed], /--jsonl/],
    [['report'], /exactly one FILE/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('empty, binary and non-trace input: "no function_graph lines found", exit 2, nothing on stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-'));
  const inputs: [string, Buffer][] = [
    ['empty.trace', Buffer.alloc(0)],
    ['binary.trace', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) & 255))],
    ['prose.txt', Buffer.from('Dear all,\nthe machine hangs at boot.\nThanks\n')],
  ];
  for (const [name, bytes] of inputs) {
    const f = join(dir, name);
    writeFileSync(f, bytes);
    for (const args of [['report', f], ['report', f, '--json'], ['calls', f, '--jsonl']]) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err, /no function_graph lines found/);
      assert.equal(r.out, '');
    }
  }
});

test('calls without --jsonl complains before reading the file', () => {
  // A missing file would fail when read: the usage error must come first.
  const r = run('calls', join(tmpdir(), 'does-not-exist.trace'));
  assert.equal(r.code, 2);
  assert.match(r.err, /add --jsonl/);
});

test('--version prints the package version', () => {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  for (const flag of ['--version', '-V']) {
    const r = run(flag);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `ftrace-lens ${version}\n`);
  }
});

test('the text report uses one duration format (no four-digit µs, no seconds in µs)', () => {
  const r = run('report', seed);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2\.68 ms +incl 2\.68 ms +off 0 ns +line 33 /);
  assert.match(r.out, /187\.6 s +off 187\.6 s /);
  assert.doesNotMatch(r.out, /\d{4,}(\.\d+)? (µs|ns|ms)/);
  // The function table names its last column: the longest single call, not a max of self times.
  assert.match(r.out, /Functions with most self time \(on-CPU; longest: its longest call, on-CPU\)/);
  assert.match(r.out, /6\.945 µs +0\.3% +1 call +longest 2\.672 ms +vfio_iommu_type1_attach_group/);
  const incl = run('report', seed, '--measure', 'inclusive', '--include-sleep');
  assert.equal(incl.code, 0, incl.err);
  assert.match(incl.out, /187\.6 s +self /);
  assert.doesNotMatch(incl.out, /\d{4,}(\.\d+)? (µs|ns|ms)/);
});
