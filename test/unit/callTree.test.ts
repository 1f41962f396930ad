// Unit tests: call-tree reconstruction rules (stacks per task/CPU, orphans, migration, interrupts, open calls).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallFlag, callInfo, callAtLine, childrenPage, parseTrace, pathToRoot, slowestCalls, functionStats, rootGroups, type TraceModel } from '../../server/src/core/index';

/** Call ids by 1-based first line. */
function at(model: TraceModel, line1: number): number {
  for (let c = 0; c < model.callCount; c++) {
    const first = model.calls.entryLine[c] >= 0 ? model.calls.entryLine[c] : model.calls.exitLine.at(c);
    if (first === line1 - 1) return c;
  }
  throw new Error(`no call starts on line ${line1}`);
}

function names(model: TraceModel, ids: readonly number[]): string[] {
  return ids.map((c) => callInfo(model, c).name);
}

test('nested calls get inclusive and self time, depth and parent', () => {
  const m = parseTrace([
    ' 0)               |  a() {',
    ' 0)   1.000 us    |    b();',
    ' 0)               |    c() {',
    ' 0)   2.500 us    |      d();',
    ' 0)   3.000 us    |    }',
    ' 0) + 10.000 us   |  }',
  ].join('\n'));
  assert.equal(m.callCount, 4);
  const a = callInfo(m, at(m, 1));
  assert.equal(a.inclusiveNs, 10000);
  assert.equal(a.selfNs, 6000);
  assert.equal(a.endLine, 5);
  assert.deepEqual(names(m, childrenPage(m, a.id, 0, 10).ids), ['b', 'c']);
  const c = callInfo(m, at(m, 3));
  assert.equal(c.selfNs, 500);
  assert.equal(c.parent, a.id);
  assert.deepEqual(names(m, pathToRoot(m, at(m, 4))), ['a', 'c', 'd']);
  assert.equal(callAtLine(m, 3), at(m, 4));
  assert.equal(callAtLine(m, 4), at(m, 3));
});

test('an exit whose entry precedes the trace adopts the deeper calls before it', () => {
  const m = parseTrace([
    ' 1)   0.500 us    |      inner();',
    ' 1)   2.000 us    |    } /* middle */',
    ' 1)   5.000 us    |  } /* outer */',
  ].join('\n'));
  const outer = at(m, 3);
  const middle = at(m, 2);
  assert.equal(callInfo(m, middle).parent, outer);
  assert.equal(callInfo(m, at(m, 1)).parent, middle);
  assert.ok(callInfo(m, outer).flagNames.includes('missingEntry'));
  assert.equal(callInfo(m, outer).selfNs, 3000);
  assert.equal(m.issues.count('missing-entry'), 2);
});

test('interleaved CPUs keep separate stacks', () => {
  const m = parseTrace([
    ' 0)               |  a() {',
    ' 1)               |  x() {',
    ' 0)   1.000 us    |    b();',
    ' 1)   1.000 us    |    y();',
    ' 0)   4.000 us    |  }',
    ' 1)   9.000 us    |  }',
  ].join('\n'));
  assert.equal(callInfo(m, at(m, 1)).endLine, 4);
  assert.equal(callInfo(m, at(m, 2)).endLine, 5);
  assert.equal(callInfo(m, at(m, 4)).parent, at(m, 2));
  assert.deepEqual(rootGroups(m).map((g) => g.key), ['cpu:0', 'cpu:1']);
});

test('a task that slept and woke on another CPU closes its call there (named exit)', () => {
  const m = parseTrace([
    ' 2)               |  vfs_read() {',
    ' 2)               |    seq_read() {',
    ' 2)               |      /* sched_switch: prev_comm=cat prev_pid=9002 prev_prio=120 prev_state=R+ ==> next_comm=migration/2 next_pid=23 next_prio=0 */',
    ' 6) + 29.600 us   |    } /* seq_read */',
    ' 6) + 30.200 us   |  } /* vfs_read */',
  ].join('\n'));
  assert.equal(m.callCount, 2);
  assert.equal(callInfo(m, 0).endLine, 4);
  assert.ok(callInfo(m, 1).flagNames.includes('migrated'));
  assert.equal(m.issues.count('missing-entry'), 0);
});

test('an exit on another CPU does not close the bottom frame of a sleeping task: a migrated task returns through its stack in order', () => {
  // k61-smp2-latency (real): sh-123 sleeps in wait4 on CPU 1; CPU 0, whose task is not known yet
  // (its first banner comes later), returns from an execve whose entry precedes the trace.
  const m = parseTrace([
    ' 1)               |  x64_sys_call() {',
    ' 1)               |    __x64_sys_wait4() {',
    ' 1)               |      schedule() {',
    ' ------------------------------------------',
    ' 1)    sh-123    =>    <idle>-0   ',
    ' ------------------------------------------',
    '',
    ' 0) * 40506.35 us |    } /* __x64_sys_execve */',
    ' 0) * 40525.47 us |  } /* x64_sys_call */',
  ].join('\n'));
  const sys = at(m, 1);
  assert.ok(callInfo(m, sys).flagNames.includes('open'), `sh's x64_sys_call stays open: ${callInfo(m, sys).flagNames}`);
  assert.ok(!callInfo(m, sys).flagNames.includes('migrated'));
  assert.equal(m.issues.count('missing-entry'), 2, 'both exits on CPU 0 are calls whose entry precedes the trace');
  // Its wait4 and schedule frames are not ended by someone else's return either.
  assert.ok(callInfo(m, at(m, 3)).flagNames.includes('open'));
});

test('a sleeping task that wakes on another CPU returns through its stack: every exit migrates, top frame first', () => {
  const m = parseTrace([
    ' 1)               |  x64_sys_call() {',
    ' 1)               |    __x64_sys_wait4() {',
    ' 1)               |      schedule() {',
    ' ------------------------------------------',
    ' 1)    sh-123    =>    <idle>-0   ',
    ' ------------------------------------------',
    '',
    ' 0) * 40000.00 us |      } /* schedule */',
    ' 0) * 40010.00 us |    } /* __x64_sys_wait4 */',
    ' 0) * 40020.00 us |  } /* x64_sys_call */',
  ].join('\n'));
  for (const [line, exit] of [[1, 9], [2, 8], [3, 7]]) {
    const c = callInfo(m, at(m, line));
    assert.equal(c.endLine, exit, `line ${line}`);
    assert.ok(c.flagNames.includes('migrated'), `line ${line}: ${c.flagNames}`);
  }
  assert.equal(m.issues.count('missing-entry'), 0);
});

test('a named exit on another CPU does not close a call its task is still running', () => {
  const m = parseTrace([
    ' 0)               |  invoke_syscall() {',
    ' 0)   0.842 us    |    get_timespec64();',
    ' 2) + 37.100 us   |  } /* invoke_syscall */',
  ].join('\n'));
  assert.equal(m.callCount, 3);
  assert.ok(callInfo(m, 0).flagNames.includes('open'));
  assert.ok(callInfo(m, 2).flagNames.includes('missingEntry'));
});

test('with the proc column, stacks follow the task across CPUs', () => {
  const m = parseTrace([
    '   1.000000 |   0)    sh-100    |               |  a() {',
    '   1.000001 |   0)    sh-100    |               |    b() {',
    '   1.000002 |   1)    sh-100    |   5.000 us    |    }',
    '   1.000003 |   1)    sh-100    |   9.000 us    |  }',
  ].join('\n'));
  assert.equal(callInfo(m, 0).endLine, 3);
  assert.equal(callInfo(m, 0).pid, 100);
  assert.equal(callInfo(m, 0).task, 'sh');
});

test('banners give pids, also to the lines before a CPU\'s first banner', () => {
  const m = parseTrace([
    ' 1) $ 187566289 us |  } /* schedule */',
    ' ------------------------------------------',
    ' 1)   ksoftir-18   => qemu-kv-17653',
    ' ------------------------------------------',
    '',
    ' 1)   0.507 us    |  ioctl();',
  ].join('\n'));
  assert.equal(callInfo(m, 0).pid, 18);
  assert.equal(callInfo(m, 1).pid, 17653);
  assert.equal(m.tasks.get(17653), 'qemu-kv');
});

test('interrupt calls printed at the depth of an open entry do not end it', () => {
  const m = parseTrace([
    ' 0)               |  exit_to_user_mode_prepare() {',
    ' 0)               |    blkcg_maybe_throttle_current() {',
    ' 0)   5.711 us    |    irq_enter_rcu();',
    ' 0)               |    __sysvec_apic_timer_interrupt() {',
    ' 0)   1.000 us    |      hrtimer_interrupt();',
    ' 0) ! 506.918 us  |    }',
    ' 0) + 36.067 us   |    } /* blkcg_maybe_throttle_current */',
    ' 0) # 3296.443 us |  }',
  ].join('\n'));
  const blkcg = callInfo(m, at(m, 2));
  assert.equal(blkcg.endLine, 6);
  assert.equal(blkcg.inclusiveNs, 36067);
  assert.equal(callInfo(m, at(m, 4)).endLine, 5);
  assert.equal(m.issues.count('unterminated-call'), 0);
  assert.equal(m.issues.count('missing-entry'), 0);
});

test('a leaf printed after the interrupt calls it contains adopts them', () => {
  const m = parseTrace([
    ' 1)               |        set_pte_range() {',
    ' 1)   6.903 us    |            irq_enter_rcu();',
    ' 1) # 1744.564 us |            irq_exit_rcu();',
    ' 1) # 2464.626 us |          folio_add_file_rmap_ptes();',
    ' 1) # 2472.000 us |        }',
  ].join('\n'));
  const leaf = callInfo(m, at(m, 4));
  assert.equal(leaf.childCount, 2);
  assert.equal(leaf.selfNs, 2464626 - 6903 - 1744564);
  assert.equal(callInfo(m, at(m, 1)).selfNs, 2472000 - 2464626);
});

test('lost exits: a shallower line ends deeper open calls as unterminated', () => {
  const m = parseTrace([
    ' 0)               |  a() {',
    ' 0)               |    b() {',
    ' 0)               |      c() {',
    'CPU:0 [LOST 12 EVENTS]',
    ' 0)   9.000 us    |  }',
  ].join('\n'));
  assert.equal(callInfo(m, 0).endLine, 4);
  assert.ok(callInfo(m, 1).flagNames.includes('unterminated'));
  assert.ok(callInfo(m, 2).flagNames.includes('unterminated'));
  assert.equal(m.issues.count('lost-events'), 1);
  assert.ok(Number.isNaN(callInfo(m, 1).inclusiveNs));
});

test('calls never closed stay open; self time is unknown', () => {
  const m = parseTrace(' 0)               |  a() {\n 0)   1.000 us    |    b();\n');
  assert.ok(callInfo(m, 0).flagNames.includes('open'));
  assert.ok(Number.isNaN(callInfo(m, 0).selfNs));
  assert.equal(m.issues.count('open-call'), 1);
  assert.equal(m.lineCount, 2);
});

test('self time is clamped to zero only within the parent\'s print resolution', () => {
  const m = parseTrace([
    ' 0)               |  a() {',
    ' 0) * 12345.67 us |    b();',
    ' 0)   0.009 us    |    c();',
    ' 0) * 12345.67 us |  }',
  ].join('\n'));
  assert.equal(callInfo(m, 0).selfNs, 0);
  const m2 = parseTrace(' 0)               |  a() {\n 0)   2.000 us    |    b();\n 0)   1.000 us    |  }\n');
  assert.equal(callInfo(m2, 0).selfNs, -1000);
});

test('a second # tracer header starts a new trace: open calls of the first stay open', () => {
  const m = parseTrace('# tracer: function_graph\n 0)               |  a() {\n# tracer: function_graph\n 0)   1.000 us    |  }\n');
  assert.ok(callInfo(m, 0).flagNames.includes('open'));
  assert.ok(callInfo(m, 1).flagNames.includes('missingEntry'));
});

test('trace-cmd report: unnamed exits close per task; other events are kept', () => {
  const m = parseTrace([
    'cpus=2',
    '              sh-114   [001]    16.336508: funcgraph_entry:                   |  __f_unlock_pos() {',
    '              sh-114   [001]    16.336521: funcgraph_entry:        3.797 us   |    mutex_unlock();',
    '             cat-200   [000]    16.336522: funcgraph_entry:        1.000 us   |  other();',
    '              sh-114   [001]    16.336527: funcgraph_exit:       + 23.423 us  |  }',
  ].join('\n'));
  const f = callInfo(m, at(m, 2));
  assert.equal(f.endLine, 4);
  assert.equal(f.pid, 114);
  assert.equal(f.selfNs, 23423 - 3797);
});

test('slowest calls and function statistics', () => {
  const m = parseTrace([
    ' 0)               |  a() {',
    ' 0)   1.000 us    |    b();',
    ' 0)   3.000 us    |    b();',
    ' 0)   5.000 us    |  }',
  ].join('\n'));
  assert.deepEqual(names(m, slowestCalls(m, 2, 'inclusive')), ['a', 'b']);
  assert.deepEqual(names(m, slowestCalls(m, 3, 'self')), ['b', 'a', 'b']); // a and the first b tie at 1 µs: earlier call first
  const b = functionStats(m, 'total').find((s) => s.name === 'b')!;
  assert.equal(b.count, 2);
  assert.equal(b.totalNs, 4000);
  assert.equal(b.maxNs, 3000);
  assert.equal(b.meanNs, 2000);
  assert.equal(b.maxCall, 2);
  assert.equal(CallFlag.Leaf & m.calls.flags[1], CallFlag.Leaf);
});

test('no CPU column: banners name the CPU whose lines follow', () => {
  const m = parseTrace([
    '  2.000 us    |  a();',
    ' ------------------------------------------',
    ' 1)    ls-5501     =>   rcu_pre-16  ',
    ' ------------------------------------------',
    '',
    '              |  rcu_gp_kthread() {',
    '  1.000 us    |    rcu_gp_init();',
    '  3.000 us    |  }',
  ].join('\n'));
  const k = callInfo(m, at(m, 6));
  assert.equal(k.cpu, 1);
  assert.equal(k.pid, 16);
  assert.equal(k.endLine, 7);
});

test('empty text and text without trace lines give an empty model', () => {
  assert.equal(parseTrace('').lineCount, 0);
  const m = parseTrace('hello\nworld');
  assert.equal(m.lineCount, 2);
  assert.equal(m.callCount, 0);
  assert.equal(m.issues.count('not-trace'), 2);
});

test('trace-cmd lines cut down to the timestamp and dot-named functions build calls', () => {
  const m = parseTrace([
    '380.620150: funcgraph_entry:                   |  iommu_dma_map_page() {',
    '380.620151: funcgraph_entry:        0.285 us   |    iommu_get_dma_domain();',
    '380.620152: funcgraph_entry:                   |    .LPFE3181() {',
    '380.620153: funcgraph_entry:        0.100 us   |      .LPFE3182();',
    '380.620155: funcgraph_exit:         2.000 us   |    }',
    '380.620161: funcgraph_exit:       + 11.285 us   |  }',
  ].join('\n'));
  assert.equal(m.issues.total(), 0);
  assert.deepEqual(names(m, pathToRoot(m, at(m, 4))), ['iommu_dma_map_page', '.LPFE3181', '.LPFE3182']);
  assert.equal(m.calls.inclusiveNs.at(at(m, 1)), 11285);
  assert.equal(m.calls.selfNs.at(at(m, 3)), 1900);
});
