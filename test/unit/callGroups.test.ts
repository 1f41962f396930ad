// Call Tree groups: a task's top-level calls' inclusive time and, apart, their on-CPU time (a task that sleeps is not busy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../server/src/core/index';
import { callTree } from '../../server/src/service/customRequests';
import { groupDescription, groupTooltip } from '../../client/src/callTree/groupText';

/** sh-10 calls getpid (3 µs) and x64_sys_call (510 µs), in which it is switched out for 500 µs. */
const SLEEPER = [
  '# tracer: function_graph',
  '#',
  '# CPU  DURATION                  FUNCTION CALLS',
  '# |     |   |                     |   |   |   |',
  ' 0)   3.000 us    |  getpid();',
  ' 0)               |  x64_sys_call() {',
  ' 0)               |    schedule() {',
  ' ------------------------------------------',
  ' 0)    sh-10     =>    <idle>-0  ',
  ' ------------------------------------------',
  '',
  ' 0)   2.000 us    |  do_idle();',
  ' ------------------------------------------',
  ' 0)    <idle>-0  =>    sh-10   ',
  ' ------------------------------------------',
  '',
  ' 0) ! 500.000 us  |    }',
  ' 0) ! 510.000 us  |  }',
  '',
].join('\n');

test('a task group gives its top-level calls\' inclusive time and their on-CPU time without the time switched out', () => {
  const groups = callTree(parseTrace(SLEEPER), 1, { uri: 'x' }).groups!;
  const sh = groups.find((g) => g.pid === 10)!;
  assert.deepEqual([sh.label, sh.callCount, sh.totalUs, sh.onCpuUs], ['sh-10', 2, 513, 13]);
  assert.equal(groupDescription(sh), 'on-CPU 13 µs of 513 µs · 2 top-level calls');
  assert.match(groupTooltip(sh), /513 µs inclusive: .*time switched out included\n13 µs on-CPU/);
  const idle = groups.find((g) => g.pid === 0)!;
  assert.equal(groupDescription(idle), '2 µs · 1 top-level call');
});

test('a group whose calls never left the CPU shows one time; an untimed group its count alone', () => {
  assert.equal(groupDescription({ pid: 5, callCount: 3, totalUs: 40, onCpuUs: 40 }), '40 µs · 3 top-level calls');
  assert.equal(groupDescription({ pid: null, callCount: 3, totalUs: 40, onCpuUs: null }), '40 µs · 3 top-level calls');
  assert.equal(groupDescription({ pid: 5, callCount: 1, totalUs: null, onCpuUs: null }), '1 top-level call');
  assert.match(groupTooltip({ label: 'CPU 0', pid: null, callCount: 3, totalUs: 40, onCpuUs: null }), /on-CPU time unknown/);
});

test('on the 4-CPU capture head no group has more on-CPU than inclusive time', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');
  const groups = callTree(parseTrace(text), 1, { uri: 'x', limit: 1000 }).groups!;
  for (const g of groups) {
    if (g.totalUs === null || g.onCpuUs === null) continue;
    assert.ok(g.onCpuUs <= g.totalUs + 1e-6, `${g.label}: on-CPU ${g.onCpuUs} > inclusive ${g.totalUs}`);
  }
});
