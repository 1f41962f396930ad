// The latency flags column read as the kernel's trace_print_lat_fmt writes it: every value of every position, and strings it does not print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyContext } from '../../server/src/core/present/latencyFlags';

test('each position of the flags column: irqs-off, need-resched, hardirq/softirq, preempt-depth, migrate-disable', () => {
  assert.equal(latencyContext('d.h2.'), 'irqs off · hard irq · preempt-depth 2');
  assert.equal(latencyContext('.....'), 'irqs on · task context · preempt-depth 0');
  assert.equal(latencyContext('....'), 'irqs on · task context · preempt-depth 0', '4 characters before 5.15');
  assert.equal(latencyContext('dNs1.'), 'irqs off · need-resched · softirq · preempt-depth 1');
  assert.equal(latencyContext('D.H..'), 'irqs off, bottom halves off · hard irq inside a softirq · preempt-depth 0');
  assert.equal(latencyContext('b.z3.'), 'bottom halves off · NMI · preempt-depth 3');
  assert.equal(latencyContext('X.Zf.'), 'irq state not recorded · NMI inside a hard irq · preempt-depth 15 or more');
  assert.equal(latencyContext('..s.2'), 'irqs on · softirq · preempt-depth 0 · migrate-disable 2');
  assert.equal(latencyContext('..s.f'), 'irqs on · softirq · preempt-depth 0 · migrate-disable 15 or more');
  assert.equal(latencyContext('d..a.'), 'irqs off · task context · preempt-depth 10');
  assert.equal(latencyContext('d..2.11'), 'irqs off · task context · preempt-depth 2', 'RT kernels and trace-cmd add digits, not described');
  const resched: [string, string][] = [
    ['n', 'need-resched (TIF_NEED_RESCHED only)'], ['p', 'need-resched (PREEMPT_NEED_RESCHED only)'], ['B', 'need-resched, also lazy'],
    ['L', 'lazy need-resched (with PREEMPT_NEED_RESCHED)'], ['b', 'need-resched (TIF_NEED_RESCHED and the lazy flag)'], ['l', 'lazy need-resched'],
  ];
  for (const [c, text] of resched) assert.equal(latencyContext(`.${c}..1`), `irqs on · ${text} · task context · preempt-depth 0 · migrate-disable 1`);
});

test('flags the kernel does not print at their position are not described', () => {
  for (const s of ['q.h2.', 'dqh2.', 'd.q2.', 'd.hg.', 'd.h2g', 'd.h2.x', '.h2', 'd.h2.111', '', 'hd.2.', 'D..A.']) assert.equal(latencyContext(s), undefined, s);
});
