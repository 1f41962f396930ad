// Interrupts inside calls on every corpus trace (the per-model pass against a walk up from each interrupt call), and the figures of two real captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { callInterrupts, parseTrace, type TraceModel } from '../../server/src/core/index';
import { assertInterrupts } from '../unit/interruptsCheck';
import { corpus, files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: interrupts not checked';

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`interrupts: ${dir}/${basename(path)}`, { skip }, () => {
      assertInterrupts(parseTrace(read(path)), basename(path));
    });
  }
}

/** The call whose entry is on 1-based line `line1`. */
function callOn(m: TraceModel, line1: number): number {
  const id = m.lineCall.at(line1 - 1);
  assert.ok(id >= 0 && m.calls.entryLine[id] === line1 - 1, `a call enters on line ${line1}`);
  return id;
}

test('interrupts: the slowest calls of an x86 and an arm64 capture', { skip }, () => {
  // k61-smp4-default: sh-134's mmput (the kernel's `* 67561.54 us`) had 17 timer ticks inside, each irq_enter_rcu, __sysvec_apic_timer_interrupt, irq_exit_rcu.
  const x86 = parseTrace(read(join(corpus, 'real', 'k61-smp4-default.trace.gz')));
  const mmput = callInterrupts(x86, callOn(x86, 148514));
  assert.equal(mmput.ns, 6_281_853);
  assert.deepEqual(mmput.handlers, [['__sysvec_apic_timer_interrupt', 17]]);
  // a61-smp2-irqs-on: the arrows; 19 interrupts (do_interrupt_handler, gic_handle_irq inside it) in an execve.
  const arm = parseTrace(read(join(corpus, 'real', 'a61-smp2-irqs-on.trace.gz')));
  const svc = callInterrupts(arm, callOn(arm, 105003));
  assert.equal(svc.count, 19);
  assert.deepEqual(svc.handlers, [['do_interrupt_handler', 19]]);
  assert.ok(svc.ns > 18e6 && svc.ns < 18.5e6, String(svc.ns));
});
