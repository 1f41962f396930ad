// Issue 10 item 3: traces whose cost grew with the stack depth or the CPU count (generated here, big) give the model the rules say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallFlag, parseTrace, type TraceModel } from '../../server/src/core/index';
import { manyLanes, manyOpenCpus, sameDepthEntries } from './hostileShapes';

function flagged(m: TraceModel, id: number, flag: number): boolean {
  return (m.calls.flags[id] & flag) !== 0;
}

/** Fails with `what(id)` at the first call id in [0, n) where `ok` is false (one assertion, not one per call). */
function everyCall(n: number, ok: (id: number) => boolean, what: (id: number) => string): void {
  for (let id = 0; id < n; id++) if (!ok(id)) assert.fail(what(id));
}

test('100k entries at one depth that never exit: 100k open root calls', () => {
  const n = 100_000;
  const m = parseTrace(sameDepthEntries(n));
  assert.equal(m.callCount, n);
  everyCall(n, (id) => m.calls.parent[id] === -1 && m.calls.entryLine[id] === id + 1 && flagged(m, id, CallFlag.Open), (id) => `call ${id}: an open root on line ${id + 2}`);
  assert.equal(m.issues.count('open-call'), n);
  assert.equal(m.issues.count('unterminated-call'), 0);
});

test('an entry one level below a long run of same-depth entries has the innermost one as parent', () => {
  const text = sameDepthEntries(50_000) + ' 0)               |    bar();\n 0)   2.000 us    |  }\n';
  const m = parseTrace(text);
  const bar = m.callCount - 1;
  assert.equal(m.names[m.calls.name[bar]], 'bar');
  assert.equal(m.calls.parent[bar], 49_999);
  assert.equal(m.calls.exitLine.at(49_999), 50_002, 'the exit closes the innermost foo');
  assert.equal(m.issues.count('open-call'), 49_999);
});

test('2,000 banners naming CPUs without a CPU column, then 30k call lines: all on the last named CPU, nested', () => {
  const cpus = 2000;
  const lines = 30_000;
  const m = parseTrace(manyLanes(cpus, lines));
  assert.equal(m.callCount, (lines / 3) * 2);
  const foo = m.names.indexOf('foo');
  const bar = m.names.indexOf('bar');
  everyCall(
    m.callCount,
    (id) =>
      m.calls.cpu[id] === cpus - 1 &&
      m.calls.pid[id] === 2000 + cpus - 1 &&
      (id % 2 === 0 ? m.calls.name[id] === foo && m.calls.parent[id] === -1 && m.calls.exitLine.at(id) === m.calls.entryLine[id] + 2 : m.calls.name[id] === bar && m.calls.parent[id] === id - 1),
    (id) => `call ${id}: cpu ${m.calls.cpu[id]}, pid ${m.calls.pid[id]}, parent ${m.calls.parent[id]}`,
  );
  assert.equal(m.issues.count('missing-entry') + m.issues.count('unterminated-call') + m.issues.count('open-call'), 0);
});

test('without banners the same lines give the same tree (the lane choice only picks the CPU)', () => {
  const withLanes = parseTrace(manyLanes(300, 3000));
  const plain = parseTrace(manyLanes(0, 3000));
  assert.equal(withLanes.callCount, plain.callCount);
  assert.deepEqual([...withLanes.calls.parent.subarray(0, withLanes.callCount)], [...plain.calls.parent.subarray(0, plain.callCount)]);
});

test('4,000 switched-out CPUs with foo open, then 20k exits of foo on another CPU: the first 4,000 migrate in CPU order', () => {
  const cpus = 4000;
  const exits = 20_000;
  const m = parseTrace(manyOpenCpus(cpus, exits, 'foo', true));
  // One call per entry, then one missing-entry call per exit that found no open foo.
  assert.equal(m.callCount, cpus + (exits - cpus));
  const firstExitLine = 1 + 2 * cpus;
  everyCall(cpus, (c) => m.calls.cpu[c] === c && flagged(m, c, CallFlag.Migrated) && m.calls.exitLine.at(c) === firstExitLine + c, (c) => `exit ${c} closes CPU ${c}'s foo, migrated`);
  assert.equal(m.issues.count('missing-entry'), exits - cpus);
  assert.equal(m.issues.count('open-call'), 0);
});

test('4,000 CPUs with foo open but not switched out: no exit on another CPU takes their calls', () => {
  const cpus = 4000;
  const exits = 20_000;
  const m = parseTrace(manyOpenCpus(cpus, exits, 'foo', false));
  assert.equal(m.callCount, cpus + exits);
  everyCall(cpus, (c) => flagged(m, c, CallFlag.Open) && !flagged(m, c, CallFlag.Migrated), (c) => `CPU ${c}'s foo stays open`);
  assert.equal(m.issues.count('missing-entry'), exits);
});

test('4,000 switched-out CPUs, 20k exits naming a function none has open: all missing entries', () => {
  const cpus = 4000;
  const exits = 20_000;
  const m = parseTrace(manyOpenCpus(cpus, exits, 'bar', true));
  assert.equal(m.callCount, cpus + exits);
  assert.equal(m.issues.count('missing-entry'), exits);
  assert.equal(m.issues.count('open-call'), cpus);
});
