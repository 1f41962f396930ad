// Unit tests: two traces compared per function (compareTraces) on inline traces and real fixtures: changes, sort order, functions of one trace only, the ranking policy, and the `diff` CLI on top of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_TIME_POLICY, DEFAULT_RANK_POLICY, changeOf, compareTraces, parseTrace, rankedFunctionStats, ranking, type FunctionChange, type TraceModel,
} from '../../server/src/core/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const fixture = (name: string): string => join(root, 'fixtures', name);

/** f calls g (5 µs); 10 µs in all. */
const BEFORE = [
  ' 0)               |  f() {',
  ' 0)   5.000 us    |    g();',
  ' 0) + 10.000 us   |  }',
  ' 0)   1.000 us    |  k();',
].join('\n');

/** After: g got faster (2 µs), f also calls h (3 µs), k is gone, f is 8 µs. */
const AFTER = [
  ' 0)               |  f() {',
  ' 0)   2.000 us    |    g();',
  ' 0)   3.000 us    |    h();',
  ' 0)   8.000 us    |  }',
].join('\n');

const row = (rows: readonly FunctionChange[], name: string): FunctionChange => {
  const r = rows.find((x) => x.name === name);
  assert.ok(r !== undefined, `no row for ${name}`);
  return r;
};

test('each function: calls, total and self time of both traces and their change; one-trace functions have a null side', () => {
  const c = compareTraces(parseTrace(BEFORE), parseTrace(AFTER), DEFAULT_RANK_POLICY);
  const f = row(c.rows, 'f');
  assert.deepEqual([f.before?.totalNs, f.after?.totalNs, changeOf(f, 'total')], [10000, 8000, -2000]);
  // Self: 10 − 5 = 5 µs before, 8 − 2 − 3 = 3 µs after.
  assert.deepEqual([f.before?.selfNs, f.after?.selfNs, changeOf(f, 'self')], [5000, 3000, -2000]);
  assert.equal(changeOf(row(c.rows, 'g'), 'total'), -3000);
  const h = row(c.rows, 'h');
  assert.equal(h.before, null);
  assert.deepEqual([h.after?.calls, changeOf(h, 'total'), changeOf(h, 'calls')], [1, 3000, 1]);
  const k = row(c.rows, 'k');
  assert.equal(k.after, null);
  assert.equal(changeOf(k, 'total'), -1000);
  assert.deepEqual([c.onlyBefore, c.onlyAfter], [1, 1]);
  // The traced work: every call's self time (5 + 5 + 1 before, 3 + 2 + 3 after).
  assert.deepEqual([c.before.selfNs, c.after.selfNs, c.before.calls, c.after.calls], [11000, 8000, 3, 3]);
});

test('rows are sorted by the size of the change of the chosen figure, largest first, ties by name', () => {
  const before = parseTrace(BEFORE);
  const after = parseTrace(AFTER);
  // |Δ total|: g 3, h 3, f 2, k 1.
  assert.deepEqual(compareTraces(before, after, DEFAULT_RANK_POLICY).rows.map((r) => r.name), ['g', 'h', 'f', 'k']);
  // |Δ self|: f 2 (5 → 3), g 3, h 3, k 1.
  assert.deepEqual(compareTraces(before, after, DEFAULT_RANK_POLICY, 'self').rows.map((r) => r.name), ['g', 'h', 'f', 'k']);
  // |Δ calls|: h +1, k −1, f 0, g 0.
  assert.deepEqual(compareTraces(before, after, DEFAULT_RANK_POLICY, 'calls').rows.map((r) => r.name), ['h', 'k', 'f', 'g']);
});

test('a real capture against itself: every change is 0, each side equals the function table of report', () => {
  const m = parseTrace(readFileSync(fixture('k61-smp4-default-head.trace'), 'utf8'));
  const c = compareTraces(m, m, DEFAULT_RANK_POLICY);
  const table = rankedFunctionStats(m, DEFAULT_RANK_POLICY, 'name');
  assert.equal(c.rows.length, table.length);
  for (const s of table) {
    const r = row(c.rows, s.name);
    assert.deepEqual(r.before, r.after);
    assert.equal(r.before?.calls, s.count);
    if (s.timedCount > 0) assert.deepEqual([r.before?.totalNs, r.before?.selfNs, r.before?.maxNs], [s.totalNs, s.selfNs, s.maxNs]);
    for (const key of ['total', 'self', 'calls', 'mean', 'max'] as const) {
      const d = changeOf(r, key);
      assert.ok(d === 0 || Number.isNaN(d), `${s.name} ${key}: ${d}`);
    }
  }
  let self = 0;
  const rk = ranking(m, DEFAULT_RANK_POLICY);
  for (let i = 0; i < m.callCount; i++) if (!Number.isNaN(rk.selfValueNs.at(i))) self += rk.selfValueNs.at(i);
  assert.equal(c.before.selfNs, self);
});

test('the ranking policy applies to both traces: the idle task is left out by default, counted with every call', () => {
  const m: TraceModel = parseTrace(readFileSync(fixture('k61-smp2-proc-abstime-head.trace'), 'utf8'));
  const counts = (p: typeof DEFAULT_RANK_POLICY): Map<string, number> => new Map(compareTraces(m, m, p).rows.map((r) => [r.name, r.before?.calls ?? 0]));
  const byDefault = counts(DEFAULT_RANK_POLICY);
  const all = counts(ALL_TIME_POLICY);
  for (const p of [DEFAULT_RANK_POLICY, ALL_TIME_POLICY]) {
    const c = counts(p);
    for (const s of rankedFunctionStats(m, p, 'name')) assert.equal(c.get(s.name), s.count, s.name);
  }
  // The idle task's calls (its idle loop and what interrupts it there) count only when asked for.
  const fewer = [...all].filter(([name, n]) => (byDefault.get(name) ?? 0) < n);
  assert.ok(fewer.length > 0, 'the capture has idle-task calls');
  assert.ok(fewer.some(([name]) => name === 'tick_nohz_idle_enter'), fewer.map(([n]) => n).join(', '));
});

test('a trace without durations compares by calls; its times are unknown', () => {
  const untimed = parseTrace(readFileSync(fixture('k61-smp2-no-duration-head.trace'), 'utf8'));
  const timed = parseTrace(readFileSync(fixture('k61-smp2-tail-head.trace'), 'utf8'));
  const c = compareTraces(untimed, timed, DEFAULT_RANK_POLICY, 'calls');
  assert.ok(Number.isNaN(c.before.selfNs));
  const both = c.rows.filter((r) => r.before !== null && r.after !== null);
  assert.ok(both.length > 0);
  for (const r of both) assert.ok(Number.isNaN(changeOf(r, 'total')));
  const sizes = c.rows.map((r) => Math.abs(changeOf(r, 'calls')));
  assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
});

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('diff CLI: two captures of vfs_read (6.1 and 7.3), text and JSON agree with compareTraces', () => {
  const a = fixture('k61-smp2-graphfn-vfs_read-depth5.trace');
  const b = fixture('b73-smp2-graphfn-vfs_read-retval.trace');
  const j = run('diff', a, b, '--json', '--top', '5');
  assert.equal(j.code, 0, j.err);
  const o = JSON.parse(j.out);
  const c = compareTraces(parseTrace(readFileSync(a, 'utf8')), parseTrace(readFileSync(b, 'utf8')), DEFAULT_RANK_POLICY);
  assert.equal(o.functionCount, c.rows.length);
  assert.deepEqual(o.functions.map((f: { name: string }) => f.name), c.rows.slice(0, 5).map((r) => r.name));
  const first = o.functions[0];
  assert.equal(first.name, 'vfs_read');
  assert.equal(first.change.totalUs, Math.round(changeOf(c.rows[0], 'total')) / 1000);
  assert.equal(first.before.calls, c.rows[0].before?.calls);
  assert.deepEqual([o.onlyBefore, o.onlyAfter, o.sortBy], [c.onlyBefore, c.onlyAfter, 'total']);
  const t = run('diff', a, b, '--top', '3');
  assert.equal(t.code, 0, t.err);
  const lines = t.out.split('\n');
  assert.match(lines.find((l) => l.endsWith(' vfs_read')) ?? '', /^\s+10\.47 ms\s+6\.501 ms\s+-3\.965 ms\s+-37\.9%/);
  assert.match(t.out, /Functions by change in total time, largest first \(times on-CPU; idle left out\)/);
  assert.match(t.out, /… \d+ more \(--top N\)/);
});

test('diff CLI: --sort, --measure, a trace without durations, and mistakes', () => {
  const untimed = fixture('k61-smp2-no-duration-head.trace');
  const timed = fixture('k61-smp2-tail-head.trace');
  const r = run('diff', untimed, timed, '--top', '2');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /no durations in .*no-duration-head\.trace: funcgraph-duration was off; only calls compare/);
  assert.match(r.out, /Functions by change in number of calls/);
  const s = JSON.parse(run('diff', timed, timed, '--json', '--sort', 'self', '--measure', 'inclusive', '--include-idle').out);
  assert.equal(s.sortBy, 'self');
  assert.deepEqual(s.ranking, { measure: 'inclusive', includeIdle: true, includeSleep: false });
  for (const [args, msg] of [
    [[timed], /expected two files, BEFORE and AFTER/],
    [[timed, timed, '--sort', 'name'], /--sort needs one of total, self, calls, mean, max/],
    [[timed, timed, '--top', '-1'], /--top needs a non-negative integer/],
    [[timed, timed, '--bogus'], /unknown option --bogus for diff/],
    [[timed, fixture('README.md')], /no function_graph lines found/],
    [[timed, join(root, 'no-such.trace')], /no such file/],
  ] as const) {
    const e = run('diff', ...args);
    assert.equal(e.code, 2, `${args.join(' ')}: ${e.out}`);
    assert.match(e.err, msg);
  }
});
