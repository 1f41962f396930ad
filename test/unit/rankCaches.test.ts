// The slowest-calls and time-order caches: the same answers as a fresh ranking, computed once per model and policy (a disk index answers from the cache its warm-up filled, not from a pass over every call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TIME_POLICY, DEFAULT_RANK_POLICY, parseTrace, rankedCalls, ranking, rootGroups, type RankPolicy } from '../../server/src/core/index';
import { MAX_SLOWEST, byTimeCached, slowestCached } from '../../server/src/service/rankCaches';
import { callTree, slowest } from '../../server/src/service/customRequests';
import { indexTraceFile } from '../../server/src/node/fileIndexer';
import { warmUp } from '../../server/src/node/diskIndexes';
import type { CallTreeResult } from '../../server/src/protocol';
import type { NsColumn } from '../../server/src/core/model/nsColumn';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const SELF: RankPolicy = { ...DEFAULT_RANK_POLICY, measure: 'self' };

/** `n` top-level leaf calls on CPU 0 with durations that repeat (ties) and differ. */
function leaves(n: number): string {
  const out = ['# tracer: function_graph', '#'];
  for (let i = 0; i < n; i++) out.push(` 0)   ${((i * 7919) % 1013) + 1}.${String(i % 1000).padStart(3, '0')} us    |  f${i % 37}();`);
  return `${out.join('\n')}\n`;
}

test('slowestCached gives rankedCalls\' answer for every count and policy, capped at MAX_SLOWEST', () => {
  const model = parseTrace(readFileSync(join(fixtures, 'k61-smp4-default-head.trace'), 'utf8'));
  assert.ok(model.callCount > 100);
  for (const policy of [DEFAULT_RANK_POLICY, ALL_TIME_POLICY, SELF]) {
    for (const n of [0, 1, 7, 50, MAX_SLOWEST]) assert.deepEqual(slowestCached(model, n, policy), rankedCalls(model, n, policy), `${policy.measure} n=${n}`);
    assert.deepEqual(slowestCached(model, MAX_SLOWEST + 500, policy), rankedCalls(model, MAX_SLOWEST, policy));
  }
  const big = parseTrace(leaves(3000));
  assert.equal(slowestCached(big, 5000, DEFAULT_RANK_POLICY).length, MAX_SLOWEST);
  assert.deepEqual(slowestCached(big, 5000, DEFAULT_RANK_POLICY), rankedCalls(big, MAX_SLOWEST, DEFAULT_RANK_POLICY));
});

test('the slowest calls are ranked once per model and policy: later answers come from the cache', () => {
  const model = parseTrace(leaves(2000));
  const before = slowestCached(model, 10, DEFAULT_RANK_POLICY);
  // Hide the slowest call's time (the ranking values are read from it): a rescan would no longer list it.
  (model.calls.inclusiveNs as NsColumn).set(before[0], NaN);
  assert.notEqual(rankedCalls(model, 10, DEFAULT_RANK_POLICY)[0], before[0]);
  assert.deepEqual(slowestCached(model, 10, DEFAULT_RANK_POLICY), before);
  assert.equal(slowest(model, 1, { uri: 'file:///t', count: 10 }).calls[0].id, before[0]);
  // Another policy is ranked apart.
  assert.deepEqual(slowestCached(model, 10, ALL_TIME_POLICY), rankedCalls(model, 10, ALL_TIME_POLICY));
});

test('a disk index answers slowest calls from the cache its warm-up filled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-rank-cache-'));
  try {
    const path = join(dir, 'leaves.trace');
    writeFileSync(path, leaves(2500));
    const { trace } = await indexTraceFile(path);
    warmUp(trace.model);
    const top = rankedCalls(trace.model, 50, DEFAULT_RANK_POLICY);
    const incl = trace.model.calls.inclusiveNs as NsColumn;
    for (let c = 0; c < trace.model.callCount; c++) incl.set(c, NaN);
    assert.deepEqual(rankedCalls(trace.model, 50, DEFAULT_RANK_POLICY), [], 'a rescan finds nothing now');
    assert.deepEqual(slowest(trace.model, 1, { uri: 'file:///t', count: 50 }).calls.map((c) => c.id), top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('long lists in time order are sorted once per model, policy and list, and page like a fresh sort', () => {
  const model = parseTrace(leaves(2500));
  const g = rootGroups(model)[0];
  assert.ok(g.roots.length > 1000);
  const v = ranking(model, DEFAULT_RANK_POLICY).valueNs;
  const fresh = [...g.roots].sort((a, b) => v.at(b) - v.at(a) || a - b);
  const first = byTimeCached(model, `group:${g.key}`, g.roots, DEFAULT_RANK_POLICY);
  assert.deepEqual(first, fresh);
  assert.equal(byTimeCached(model, `group:${g.key}`, g.roots, DEFAULT_RANK_POLICY), first, 'the same sorted list, not a new sort');
  assert.notEqual(byTimeCached(model, `group:${g.key}`, g.roots, SELF), first, 'another policy sorts apart');
  const page = callTree(model, 1, { uri: 'file:///t', group: g.key, order: 'time', offset: 100, limit: 50 }) as CallTreeResult;
  assert.deepEqual(page.calls!.map((c) => c.id), fresh.slice(100, 150));
  assert.equal(page.total, g.roots.length);
  // Short lists are sorted per request (no cache entry to go stale).
  const short = g.roots.slice(0, 20);
  assert.deepEqual(byTimeCached(model, 'short', short, DEFAULT_RANK_POLICY), [...short].sort((a, b) => v.at(b) - v.at(a) || a - b));
});
