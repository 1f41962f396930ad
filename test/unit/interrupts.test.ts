// Interrupts inside calls: which calls begin one (by name, after an arrow), the time they took inside each call, and what the hover, diagnostics and CLI say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import {
  beginsInterrupt, callInterrupts, enclosingInterrupt, hasInterrupts, interruptNs, interruptRole, parseTrace, type TraceModel,
} from '../../server/src/core/index';
import { hover } from '../../server/src/service/hover';
import { diagnostics } from '../../server/src/service/diagnostics';
import { callJson, reportText } from '../../server/src/cli/report';
import { assertInterrupts } from './interruptsCheck';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/**
 * An x86 6.x syscall with a timer tick inside (irq_enter_rcu, the handler, irq_exit_rcu running a
 * softirq that is itself interrupted), then a device interrupt, then a call without interrupts; all
 * of task cat-100.
 */
const X86 = [
  '# tracer: function_graph',
  ' 0)               |  do_sys_read() {', // 2
  ' 0)   1.000 us    |    a();', // 3
  ' 0)   2.000 us    |    irq_enter_rcu();', // 4
  ' 0)               |    __sysvec_apic_timer_interrupt() {', // 5
  ' 0) + 40.000 us   |      hrtimer_interrupt();', // 6
  ' 0) + 45.000 us   |    }', // 7
  ' 0)               |    irq_exit_rcu() {', // 8
  ' 0)               |      __do_softirq() {', // 9
  ' 0)   1.000 us    |        irq_enter_rcu();', // 10
  ' 0)   5.000 us    |        __sysvec_call_function_single();', // 11
  ' 0) + 20.000 us   |      }', // 12
  ' 0) + 22.000 us   |    }', // 13
  ' 0)               |    b() {', // 14
  ' 0)   3.000 us    |      __common_interrupt();', // 15
  ' 0) + 10.000 us   |    }', // 16
  ' 0) + 90.000 us   |  }', // 17
  ' 0)   4.000 us    |  quiet();', // 18
  // The lines before a CPU's first banner are the task it switches from: task known, on-CPU time known.
  ' ------------------------------------------',
  ' 0)    cat-100    =>    <idle>-0  ',
  ' ------------------------------------------',
];

function at(m: TraceModel, line1: number): number {
  const id = m.lineCall.at(line1 - 1);
  assert.ok(id >= 0, `a call on line ${line1}`);
  return id;
}

test('interruptRole: entry and exit code, handlers, and ordinary names', () => {
  for (const n of ['irq_enter_rcu', 'irq_exit_rcu', 'irq_enter', 'irq_exit', '__irq_exit_rcu']) assert.equal(interruptRole(n), 'bookend', n);
  for (const n of ['__sysvec_apic_timer_interrupt', '__sysvec_call_function_single', '__common_interrupt', 'smp_apic_timer_interrupt', 'do_IRQ', 'do_interrupt_handler', 'gic_handle_irq', 'handle_domain_irq', 'gic_handle_irq [gic_mod]']) {
    assert.equal(interruptRole(n), 'handler', n);
  }
  for (const n of ['hrtimer_interrupt', 'irq_enter_rcu_x', '__do_softirq', 'do_softirq', 'handle_irq_desc', 'schedule', '', 'my__sysvec_x']) assert.equal(interruptRole(n), undefined, n);
});

test('an x86 tick and a device interrupt inside a syscall: outermost interrupt calls summed, counted by handler', () => {
  const m = parseTrace(X86.join('\n'));
  const sys = at(m, 2);
  assert.ok(hasInterrupts(m));
  // 2 (enter) + 45 (tick) + 22 (exit with its softirq; the interrupt inside it counts in those 22) + 3 (device).
  assert.equal(interruptNs(m, sys), 72_000);
  assert.equal(interruptNs(m, at(m, 14)), 3_000);
  assert.equal(interruptNs(m, at(m, 18)), 0);
  const irq = callInterrupts(m, sys);
  assert.equal(irq.count, 2);
  assert.deepEqual(irq.handlers, [['__common_interrupt', 1], ['__sysvec_apic_timer_interrupt', 1]]);
  assert.ok(irq.complete);
  // Calls inside an interrupt run in its outermost call; the nested interrupt is not an outermost one.
  assert.equal(enclosingInterrupt(m, at(m, 6)), at(m, 5));
  assert.equal(enclosingInterrupt(m, at(m, 11)), at(m, 8));
  assert.equal(enclosingInterrupt(m, at(m, 5)), at(m, 5));
  assert.equal(enclosingInterrupt(m, sys), -1);
  assert.equal(interruptNs(m, at(m, 9)), 0);
  assert.equal(assertInterrupts(m, 'x86'), 4);
  // A walk cut short says so.
  assert.equal(callInterrupts(m, sys, 3).complete, false);
});

test('a trace without interrupts: no interrupt time, no call in one', () => {
  const m = parseTrace(['# tracer: function_graph', ' 0)               |  f() {', ' 0)   2.000 us    |    g();', ' 0) + 20.000 us   |  }'].join('\n'));
  assert.equal(hasInterrupts(m), false);
  for (let id = 0; id < m.callCount; id++) {
    assert.equal(interruptNs(m, id), 0);
    assert.equal(enclosingInterrupt(m, id), -1);
    assert.equal(beginsInterrupt(m, id), false);
    assert.deepEqual(callInterrupts(m, id), { ns: 0, count: 0, handlers: [], complete: true });
  }
});

test('arrows: the call after `==========>` begins an interrupt whatever its name', () => {
  const m = parseTrace([
    '# tracer: function_graph',
    ' 1)               |  do_el0_svc() {', // 2
    ' 1)   2.000 us    |    irq_enter_rcu();', // 3
    ' 1)               |    el1_interrupt() {', // 4
    ' 1)   ==========> |', // 5
    ' 1)               |      my_board_irq() {', // 6
    ' 1)   7.000 us    |        handle_percpu_devid_irq();', // 7
    ' 1) + 10.000 us   |      }', // 8
    ' 1)   <========== |', // 9
    ' 1) + 12.000 us   |    }', // 10
    ' 1) + 30.000 us   |  }', // 11
  ].join('\n'));
  assert.ok(beginsInterrupt(m, at(m, 6)));
  assert.ok(!beginsInterrupt(m, at(m, 4)), 'the call the arrow is printed in is not the handler');
  // el1_interrupt is not a known name: its time counts through the handler the arrow announced.
  assert.equal(interruptNs(m, at(m, 2)), 2_000 + 10_000);
  assert.equal(interruptNs(m, at(m, 4)), 10_000);
  assert.deepEqual(callInterrupts(m, at(m, 2)).handlers, [['my_board_irq', 1]]);
  assert.equal(enclosingInterrupt(m, at(m, 7)), at(m, 6));
  assertInterrupts(m, 'arrows');
});

test('a trace that starts inside an interrupt: the exit-only handler counts in the exit-only call it came during', () => {
  // As k61-smp4-default begins on CPU 2: `} /* __sysvec_apic_timer_interrupt */`, then the call it interrupted.
  const m = parseTrace([
    '# tracer: function_graph',
    ' 2)   3.000 us    |        run_posix_cpu_timers();', // 2
    ' 2) ! 417.711 us  |      } /* __sysvec_apic_timer_interrupt */', // 3
    ' 2)               |      irq_exit_rcu() {', // 4
    ' 2)   2.385 us    |        idle_cpu();', // 5
    ' 2)   8.256 us    |      }', // 6
    ' 2) # 1257.760 us |    } /* free_swap_cache */', // 7
    ' 2)   3.136 us    |    free_swap_cache();', // 8
  ].join('\n'));
  const outer = at(m, 7);
  assert.equal(m.calls.parent[at(m, 3)], outer, 'the parser adopts the earlier exit-only call');
  assert.equal(interruptNs(m, outer), 417_711 + 8_256);
  assert.equal(enclosingInterrupt(m, at(m, 2)), at(m, 3));
  assertInterrupts(m, 'adopted');
  // Starting inside the softirq that irq_exit_rcu runs, where a nested interrupt came: only the
  // exit-only irq_exit_rcu, whose id comes after the calls it adopted, is an outermost interrupt.
  const n = parseTrace([
    '# tracer: function_graph',
    ' 0)   1.000 us    |        irq_enter_rcu();', // 2
    ' 0)   5.000 us    |        __sysvec_call_function_single();', // 3
    ' 0) + 20.000 us   |      } /* __do_softirq */', // 4
    ' 0) + 22.000 us   |    } /* irq_exit_rcu */', // 5
    ' 0) + 90.000 us   |  } /* do_sys_read */', // 6
  ].join('\n'));
  assert.equal(interruptNs(n, at(n, 6)), 22_000);
  assert.equal(enclosingInterrupt(n, at(n, 3)), at(n, 5));
  assert.equal(callInterrupts(n, at(n, 6)).count, 0, 'entry and exit code only');
  assertInterrupts(n, 'adopted nested');
});

test('every fixture: the per-model pass equals the walk up from each interrupt call', () => {
  let withInterrupts = 0;
  for (const f of readdirSync(FIXTURES).filter((x) => !x.endsWith('.md') || x === 'seed-vfio.md')) {
    const m = parseTrace(readFileSync(join(FIXTURES, f), 'utf8'));
    if (assertInterrupts(m, f) > 0) withInterrupts++;
  }
  assert.ok(withInterrupts >= 5, `fixtures with interrupts: ${withInterrupts}`);
});

test('the arm64 fixture: each interrupt counts once (irq_enter_rcu, do_interrupt_handler with the arrow and gic_handle_irq, irq_exit_rcu)', () => {
  const m = parseTrace(readFileSync(join(FIXTURES, 'a61-smp2-irqs-on-head.trace'), 'utf8'));
  const gic = m.names.indexOf('gic_handle_irq');
  const handlers = m.names.indexOf('do_interrupt_handler');
  assert.ok(gic >= 0 && handlers >= 0);
  let outer = 0;
  let inner = 0;
  for (let id = 0; id < m.callCount; id++) {
    if (m.calls.name[id] === handlers && enclosingInterrupt(m, id) === id) outer++;
    if (m.calls.name[id] === gic) {
      assert.notEqual(enclosingInterrupt(m, id), id, 'gic_handle_irq runs inside do_interrupt_handler');
      inner++;
    }
  }
  assert.ok(outer > 0 && inner > 0);
});

test('hover: the interrupts during a call, the interrupt a call runs in, entry and exit code only', () => {
  const text = X86.join('\n');
  const m = parseTrace(text);
  const doc = TextDocument.create('file:///i.trace', 'ftrace', 1, text);
  const md = (line1: number): string => (hover(doc, m, { line: line1 - 1, character: 30 })!.contents as MarkupContent).value;
  assert.match(md(2), /^interrupts: 72 µs \(80\.0% of on-CPU\) in 2: 1 × `__common_interrupt`, 1 × `__sysvec_apic_timer_interrupt` {2}$/m);
  assert.match(md(6), /^interrupt: runs in an interrupt: `__sysvec_apic_timer_interrupt` \(line 5\), which came during `do_sys_read` {2}$/m);
  assert.match(md(5), /^interrupt: this call is part of an interrupt, which came during `do_sys_read` {2}$/m);
  assert.doesNotMatch(md(18), /interrupt/);
  // funcgraph-irqs off: the entry and exit code is traced, the handler is not.
  const off = parseTrace(['# tracer: function_graph', ' 0)               |  f() {', ' 0)   2.000 us    |    irq_enter_rcu();', ' 0)   3.000 us    |    irq_exit_rcu();', ' 0) + 20.000 us   |  }'].join('\n'));
  const offDoc = TextDocument.create('file:///o.trace', 'ftrace', 1, '');
  const h = (hover(offDoc, off, { line: 1, character: 30 })!.contents as MarkupContent).value;
  assert.match(h, /^interrupts: 5 µs \(25\.0% of inclusive\), interrupt entry and exit code only \(their handlers are not traced\) {2}$/m);
  // A trace without interrupts has no such row.
  const plain = parseTrace(['# tracer: function_graph', ' 0)   2.000 us    |  f();'].join('\n'));
  assert.doesNotMatch((hover(offDoc, plain, { line: 1, character: 30 })!.contents as MarkupContent).value, /interrupt/);
});

test('diagnostic: interrupts named when they took a quarter or more of a slow call\'s time', () => {
  const text = X86.join('\n');
  const m = parseTrace(text);
  const doc = TextDocument.create('file:///i.trace', 'ftrace', 1, text);
  const slow = (t: number): string[] => diagnostics(doc, m, { thresholdNs: t, severity: DiagnosticSeverity.Warning, maxSlowCalls: 20, structural: false })
    .filter((d) => d.code === 'slow-call').map((d) => String(d.message));
  // do_sys_read (90 µs, 72 of it interrupts) explains the time at 50 µs; at 8 µs so does b (10 µs, 3 of them: 30%).
  assert.ok(slow(50_000).includes('Slow call: do_sys_read took 90 µs on-CPU, self 10 µs, 72 µs of it in interrupts (on-CPU threshold 50 µs)'), slow(50_000).join('\n'));
  const b = slow(8_000).find((x) => x.startsWith('Slow call: b '));
  assert.equal(b, 'Slow call: b took 10 µs on-CPU, self 7 µs, 3 µs of it in interrupts (on-CPU threshold 8 µs)');
  // Under a quarter: not named.
  const m2 = parseTrace(['# tracer: function_graph', ' 0)               |  f() {', ' 0)   2.000 us    |    irq_enter_rcu();', ' 0) + 20.000 us   |  }'].join('\n'));
  const d2 = diagnostics(TextDocument.create('file:///j.trace', 'ftrace', 1, ''), m2, { thresholdNs: 10_000, severity: DiagnosticSeverity.Warning, maxSlowCalls: 5, structural: false });
  assert.deepEqual(d2.filter((d) => d.code === 'slow-call').map((d) => String(d.message)), ['Slow call: f took 20 µs inclusive, self 18 µs (on-CPU threshold 10 µs)']);
});

test('CLI: report\'s irq column in a trace with interrupts, interruptUs in calls --jsonl', () => {
  const m = parseTrace(X86.join('\n'));
  const report = reportText(m, 'i.trace');
  assert.match(report, /^ {2}90 µs +incl 90 µs +off 0 ns +irq 72 µs +line 2 +do_sys_read +\(CPU 0, cat-100\)$/m);
  assert.match(report, /^ {2}4 µs +incl 4 µs +off 0 ns +irq 0 ns +line 18 +quiet/m);
  assert.equal(callJson(m, at(m, 2)).interruptUs, 72);
  assert.equal(callJson(m, at(m, 18)).interruptUs, 0);
  // No column in a trace without interrupts, nor when ranking by self time.
  const plain = parseTrace(['# tracer: function_graph', ' 0)   2.000 us    |  f();'].join('\n'));
  assert.doesNotMatch(reportText(plain, 'p.trace'), /\sirq \d/);
  assert.doesNotMatch(reportText(m, 'i.trace', 10, { measure: 'self', includeIdle: false, includeSleep: false }).split('Slowest calls')[1].split('\n\n')[0], /\sirq \d/);
});
