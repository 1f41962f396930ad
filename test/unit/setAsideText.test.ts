// What the slow-call features say and show on a trace without durations: no sleeps and idle to count, no slowest call, Hot Functions by call count; and the text when only sleeps or idle are timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RANK_POLICY, parseTrace, rankedFunctionStats } from '../../server/src/core/index';
import { rankingInfo, rankPolicy } from '../../server/src/service/ranking';
import { noSlowestCallText, sleepsAndIdleText } from '../../client/src/navigation/setAsideText';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');

test('a trace without durations: sleeps and idle calls are counted but untimed, so nothing is offered to count', () => {
  const model = parseTrace(fixture('k61-smp2-no-duration-head.trace'));
  const r = rankingInfo(model, DEFAULT_RANK_POLICY);
  assert.ok(r.sleepsAndIdle.calls > 0, 'the idle task and sleeps are there');
  assert.equal(r.sleepsAndIdle.timedCalls, 0);
  assert.equal(sleepsAndIdleText(r), undefined);
  // Before: "no on-CPU work to rank; 253 calls slept (off-CPU 0 ns), … (Show Sleeps and Idle)", which showed nothing more.
  assert.equal(noSlowestCallText(r), 'Ftrace: this trace has no timed calls.');
  assert.equal(noSlowestCallText(null), 'Ftrace: this trace has no timed calls.');
});

test('a trace whose only timed calls slept or are idle: the text names them and how to count them', () => {
  // One task asleep in schedule() for 1.5 ms (switched out and back), and nothing else timed.
  const text = [
    '# tracer: function_graph',
    ' 0)               |  schedule() {',
    ' ------------------------------------------',
    ' 0)   sh-100    =>  <idle>-0  ',
    ' ------------------------------------------',
    '',
    ' ------------------------------------------',
    ' 0)  <idle>-0   =>   sh-100   ',
    ' ------------------------------------------',
    '',
    ' 0) # 1500.000 us |  }',
    '',
  ].join('\n');
  const model = parseTrace(text);
  const r = rankingInfo(model, DEFAULT_RANK_POLICY);
  assert.equal(r.sleepsAndIdle.timedCalls, 1);
  assert.equal(sleepsAndIdleText(r), '1 call slept (off-CPU 1.5 ms)');
  assert.equal(noSlowestCallText(r), 'Ftrace: no on-CPU work to rank; 1 call slept (off-CPU 1.5 ms) (Show Sleeps and Idle).');
  // Counted (Show Sleeps and Idle): ranked by inclusive time, the call is there to jump to.
  const all = rankingInfo(model, rankPolicy({ measure: 'onCpu', includeIdle: false, includeSleep: false }, true));
  assert.equal(all.sleepsAndIdle.leftOutCalls, 0);
});

test('Hot Functions of a trace without durations: every time ties, so the most called function comes first', () => {
  const model = parseTrace(fixture('k61-smp2-no-duration-head.trace'));
  const stats = rankedFunctionStats(model, DEFAULT_RANK_POLICY, 'self');
  assert.ok(stats.length > 5);
  assert.ok(stats.every((s) => s.timedCount === 0));
  const counts = stats.map((s) => s.count);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'by call count, most first');
  assert.ok(counts[0] > counts[counts.length - 1]);
});
