// Unit tests: off-CPU, on-CPU and idle time per call on inline traces (banners, proc column, abstime, sched_switch comments, no task information) and the rankings built on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_TIME_POLICY, CpuState, DEFAULT_RANK_POLICY, callInfo, cpuTimes, offCpuKind, parseTrace, rankedCalls, rankedFunctionStats, ranking,
  sleepsAndIdle, type TraceModel,
} from '../../server/src/core/index';

/** The call whose first line (entry, or exit when the entry is missing) is the 1-based `line1`. */
function at(model: TraceModel, line1: number): number {
  for (let c = 0; c < model.callCount; c++) {
    const first = model.calls.entryLine[c] >= 0 ? model.calls.entryLine[c] : model.calls.exitLine.at(c);
    if (first === line1 - 1) return c;
  }
  throw new Error(`no call starts on line ${line1}`);
}

const banner = (cpu: number, from: string, to: string): string[] => [
  ' ------------------------------------------',
  ` ${cpu})  ${from.padStart(10)}  =>  ${to.padEnd(10)}`,
  ' ------------------------------------------',
  '',
];

/** sh-10 sleeps in schedule() on CPU 0 while kworker-20 runs 300 µs; then returns. */
const SLEEP = [
  ' 0)               |  do_wait() {', // 1 (sh-10: the banner below says so)
  ' 0)               |    schedule() {', // 2
  ' 0)   2.000 us    |      rcu_note_context_switch();', // 3
  ' 0)   1.000 us    |      enter_lazy_tlb();', // 4
  ...banner(0, 'sh-10', 'kworker-20'), // 5-8
  ' 0)               |  worker_thread() {', // 9
  ' 0) ! 300.000 us  |    process_one_work();', // 10
  ' 0) ! 310.000 us  |  }', // 11
  ...banner(0, 'kworker-20', 'sh-10'), // 12-15
  ' 0)   3.000 us    |      finish_task_switch();', // 16
  ' 0) ! 330.000 us  |    }', // 17
  ' 0) ! 345.000 us  |  }', // 18
];

test('banners: the switching call\'s self time is off-CPU, its callers contain it, the other task\'s calls are on-CPU', () => {
  const m = parseTrace(SLEEP.join('\n'));
  const t = cpuTimes(m);
  const sched = at(m, 2);
  const wait = at(m, 1);
  assert.equal(callInfo(m, sched).pid, 10);
  // schedule: 330 − (2 + 1 + 3) = 324 µs of self time: the task was switched out.
  assert.equal(t.offCpuNs.at(sched), 324000);
  assert.equal(t.onCpuNs.at(sched), 6000);
  assert.equal(t.onCpuSelfNs.at(sched), 0);
  assert.ok((t.state[sched] & CpuState.Switched) !== 0 && (t.state[sched] & CpuState.OwnSleep) !== 0);
  assert.equal(t.offCpuNs.at(wait), 324000);
  assert.equal(t.onCpuNs.at(wait), 21000);
  assert.ok((t.state[wait] & CpuState.OwnSleep) === 0 && (t.state[wait] & CpuState.Switched) !== 0);
  assert.equal(offCpuKind(m, wait), 'measured');
  for (const id of [at(m, 9), at(m, 10), at(m, 3)]) {
    assert.equal(t.offCpuNs.at(id), 0);
    assert.equal(offCpuKind(m, id), 'none');
  }
  // The other task's 310 µs are a lower bound of the gap, the self time an upper bound.
  assert.ok(t.offCpuNs.at(sched) >= 310000);
  assert.equal(t.offCpuTotalNs, 324000);
  // Ranked by on-CPU time the worker comes first; by inclusive time with sleeps counted, do_wait.
  assert.deepEqual(rankedCalls(m, 2).map((c) => callInfo(m, c).name), ['worker_thread', 'process_one_work']);
  assert.deepEqual(rankedCalls(m, 1, ALL_TIME_POLICY).map((c) => callInfo(m, c).name), ['do_wait']);
  // Inclusive time with sleeps left out: do_wait and schedule are set aside, not ranked.
  assert.deepEqual(rankedCalls(m, 1, { measure: 'inclusive', includeIdle: false, includeSleep: false }).map((c) => callInfo(m, c).name), ['worker_thread']);
  assert.deepEqual(sleepsAndIdle(m, 5).map((c) => callInfo(m, c).name), ['do_wait', 'schedule']);
  assert.equal(ranking(m).summary.sleepCalls, 2);
});

test('a task that comes back on another CPU: the off-CPU time is still its switching call\'s self time', () => {
  const m = parseTrace([
    ...banner(0, '<idle>-0', 'sh-10'), // 1-4
    ' 0)               |  schedule() {', // 5
    ' 0)   1.000 us    |    pick_next_task();', // 6
    ...banner(0, 'sh-10', 'init-1'), // 7-10
    ' 0)   5.000 us    |  busy();', // 11 (init-1)
    ...banner(1, '<idle>-0', 'sh-10'), // 12-15
    ' 1)   2.000 us    |    finish_task_switch();', // 16
    ' 1) ! 900.000 us  |  }', // 17
  ].join('\n'));
  const t = cpuTimes(m);
  const sched = at(m, 5);
  assert.equal(callInfo(m, sched).endLine, 16);
  assert.equal(t.offCpuNs.at(sched), 897000);
  assert.equal(t.onCpuNs.at(sched), 3000);
  assert.equal(t.offCpuNs.at(at(m, 11)), 0);
});

/** The same sleep with the proc column (funcgraph-proc) and abstime, without banners. */
const PROC_ABSTIME = [
  '  100.000000 |   0)    sh-10     |               |  do_wait() {',
  '  100.000002 |   0)    sh-10     |               |    schedule() {',
  '  100.000004 |   0)    sh-10     |   2.000 us    |      rcu_note_context_switch();',
  '  100.000006 |   0)    sh-10     |   1.000 us    |      enter_lazy_tlb();',
  '  100.000010 |   0)  kworker-20  |               |  worker_thread() {',
  '  100.000320 |   0)  kworker-20  | ! 300.000 us  |    process_one_work();',
  '  100.000325 |   0)  kworker-20  | ! 310.000 us  |  }',
  '  100.000330 |   0)    sh-10     |   3.000 us    |      finish_task_switch();',
  '  100.000332 |   0)    sh-10     | ! 330.000 us  |    }',
  '  100.000347 |   0)    sh-10     | ! 345.000 us  |  }',
];

test('proc column: a change of task on a CPU is a context switch; abstime agrees with the result', () => {
  const m = parseTrace(PROC_ABSTIME.join('\n'));
  const t = cpuTimes(m);
  const sched = at(m, 2);
  assert.equal(t.offCpuNs.at(sched), 324000);
  assert.equal(t.offCpuNs.at(at(m, 1)), 324000);
  assert.equal(t.offCpuNs.at(at(m, 5)), 0);
  // abstime: sh-10's last line before the switch is at 100.000006, its first after it at 100.000330.
  const gapNs = Math.round((100.00033 - 100.000006) * 1e9);
  assert.ok(Math.abs(t.offCpuNs.at(sched) - gapNs) <= 3000, `${t.offCpuNs.at(sched)} vs ${gapNs}`);
  // Without abstime the answer is the same.
  const bare = parseTrace(PROC_ABSTIME.map((l) => l.replace(/^ +[\d.]+ \| /, '')).join('\n'));
  assert.equal(cpuTimes(bare).offCpuNs.at(at(bare, 2)), 324000);
});

test('a sched_switch comment is printed before the switch: the banner places it, not the comment', () => {
  const m = parseTrace([
    ' 0)               |  schedule() {', // 1
    ' 0)               |    __traceiter_sched_switch() {', // 2
    ' 0)               |      /* sched_switch: prev_comm=sh prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=kworker/0:1 next_pid=20 next_prio=120 */',
    ' 0)   4.000 us    |    }', // 4
    ' 0)   1.000 us    |    enter_lazy_tlb();', // 5
    ...banner(0, 'sh-10', 'kworker-20'), // 6-9
    ' 0) ! 200.000 us  |  kworker_fn();', // 10
    ...banner(0, 'kworker-20', 'sh-10'), // 11-14
    ' 0) ! 220.000 us  |  }', // 15
  ].join('\n'));
  const t = cpuTimes(m);
  assert.equal(t.offCpuNs.at(at(m, 2)), 0);
  assert.equal(t.offCpuNs.at(at(m, 1)), 215000);
  assert.equal(offCpuKind(m, at(m, 1)), 'measured');
});

test('an exit of schedule() whose entry precedes the trace: its self time is inferred off-CPU (the seed\'s 187 s ksoftirqd)', () => {
  const m = parseTrace([
    ' 1) $ 187566289 us |  } /* schedule */',
    ...banner(1, 'ksoftir-18', 'qemu-kv-17653'),
    ' 1)   0.507 us    |  vfio_fops_unl_ioctl();',
    ' 1) $ 2000000 us  |  } /* do_sys_poll */',
  ].join('\n'));
  const t = cpuTimes(m);
  const sched = at(m, 1);
  assert.equal(callInfo(m, sched).pid, 18);
  assert.equal(offCpuKind(m, sched), 'inferred');
  assert.equal(t.offCpuNs.at(sched), 187566289000);
  assert.equal(t.onCpuNs.at(sched), 0);
  // An exit of a non-scheduler function whose entry precedes the trace: nothing is inferred, and
  // what it did before the trace (a sleep?) is not in it: its off-CPU time is unknown, and it
  // ranks by its inclusive time (no sleep is known inside it).
  const poll = at(m, 7);
  assert.equal(offCpuKind(m, poll), 'unknown');
  assert.equal(t.state[poll] & CpuState.Partial, CpuState.Partial);
  assert.ok(Number.isNaN(t.onCpuNs.at(poll)));
  assert.deepEqual(rankedCalls(m, 3).map((c) => callInfo(m, c).name), ['do_sys_poll', 'vfio_fops_unl_ioctl', 'schedule']);
  assert.deepEqual(rankedCalls(m, 1, ALL_TIME_POLICY).map((c) => callInfo(m, c).name), ['schedule']);
});

test('an exit without a name whose entry precedes the trace and that called finish_task_switch (the task resumed inside it) is an inferred sleep', () => {
  const m = parseTrace([
    ...banner(0, 'ls-161', 'ksoftir-14'),
    ' 0)               |    finish_task_switch.isra.0() {', // 5
    ' 0)   1.853 us    |      _raw_spin_unlock();',
    ' 0) + 10.009 us   |    }',
    ' 0) $ 2579616 us  |  }', // 8: schedule()'s exit, no funcgraph-tail
    ' 0)   2.935 us    |  kthread_should_stop();', // 9
    ' 0) $ 3000000 us  |  }', // 10: an exit without a name and without finish_task_switch inside
  ].join('\n'));
  const sleep = at(m, 8);
  assert.equal(callInfo(m, sleep).pid, 14);
  assert.equal(offCpuKind(m, sleep), 'inferred');
  assert.equal(cpuTimes(m).offCpuNs.at(sleep), 2579616000 - 10009);
  assert.equal(offCpuKind(m, at(m, 10)), 'unknown');
  // Ranked by on-CPU time the sleep counts only its 10 µs of work; the unnamed 3 s exit without a
  // resume leads (by its inclusive time: its off-CPU time is unknown).
  assert.equal(cpuTimes(m).onCpuNs.at(sleep), 10009);
  assert.equal(rankedCalls(m, 1)[0], at(m, 10));
});

test('no task information (no banner, no proc column): off-CPU is unknown, scheduler calls are probable sleeps', () => {
  const m = parseTrace([
    ' 0)               |  do_wait() {',
    ' 0)               |    schedule() {',
    ' 0)   2.000 us    |      rcu_note_context_switch();',
    ' 0) ! 330.000 us  |    }',
    ' 0) ! 345.000 us  |  }',
    ' 0) ! 120.000 us  |  memcpy_work();',
  ].join('\n'));
  const t = cpuTimes(m);
  assert.equal(t.hasTaskInfo, false);
  for (const line of [1, 2, 3, 6]) {
    assert.ok(Number.isNaN(t.offCpuNs.at(at(m, line))), `line ${line}`);
    assert.ok(Number.isNaN(t.onCpuNs.at(at(m, line))));
    assert.equal(offCpuKind(m, at(m, line)), 'unknown');
  }
  assert.ok((t.state[at(m, 1)] & CpuState.ProbableSleep) !== 0);
  assert.ok((t.state[at(m, 6)] & CpuState.ProbableSleep) === 0);
  assert.ok(Number.isNaN(ranking(m).summary.offCpuNs));
  // On-CPU ranking: unknown off-CPU falls back to inclusive, probable sleeps are left out unless counted.
  assert.deepEqual(rankedCalls(m, 5).map((c) => callInfo(m, c).name), ['memcpy_work', 'rcu_note_context_switch']);
  assert.equal(ranking(m).summary.leftOutCalls, 2);
  assert.deepEqual(rankedCalls(m, 1, { ...DEFAULT_RANK_POLICY, includeSleep: true }).map((c) => callInfo(m, c).name), ['do_wait']);
});

test('idle: the idle task\'s calls (pid 0) and, without task information, the CPU idle loop are idle time, left out by default', () => {
  const m = parseTrace([
    ...banner(0, 'sh-10', '<idle>-0'),
    ' 0)               |  do_idle() {', // 5
    ' 0) # 8000.000 us |    default_idle_call();', // 6
    ' 0) # 8010.000 us |  }', // 7
    ...banner(0, '<idle>-0', 'sh-10'),
    ' 0) ! 150.000 us  |  vfs_read();', // 12
  ].join('\n'));
  const t = cpuTimes(m);
  assert.ok((t.state[at(m, 5)] & CpuState.Idle) !== 0);
  assert.ok((t.state[at(m, 6)] & CpuState.Idle) !== 0);
  assert.ok((t.state[at(m, 12)] & CpuState.Idle) === 0);
  assert.equal(t.idleTotalNs, 8010000);
  assert.deepEqual(rankedCalls(m, 5).map((c) => callInfo(m, c).name), ['vfs_read']);
  assert.deepEqual(rankedCalls(m, 1, { ...DEFAULT_RANK_POLICY, includeIdle: true }).map((c) => callInfo(m, c).name), ['do_idle']);
  const s = ranking(m).summary;
  assert.deepEqual([s.idleCalls, s.leftOutCalls, s.idleNs], [2, 2, 8010000]);
  // Hot Functions leaves the idle loop out and says how many calls it left out.
  assert.deepEqual(rankedFunctionStats(m, DEFAULT_RANK_POLICY).map((f) => f.name), ['vfs_read']);
  const withIdle = rankedFunctionStats(m, ALL_TIME_POLICY, 'total');
  assert.equal(withIdle[0].name, 'do_idle');
  const noTask = parseTrace([' 0)               |  do_idle() {', ' 0) # 8000.000 us |    amd_e400_idle();', ' 0) # 8010.000 us |  }', ' 0)   5.000 us    |  vfs_read();'].join('\n'));
  assert.ok((cpuTimes(noTask).state[at(noTask, 2)] & CpuState.Idle) !== 0);
  assert.deepEqual(rankedCalls(noTask, 5).map((c) => callInfo(noTask, c).name), ['vfs_read']);
});

test('idle without task information reaches calls printed before their caller: an idle-loop exit whose entry precedes the trace adopts them', () => {
  // The exit of cpuidle_enter_state (entry before the trace) comes after the calls it ran, so it
  // has a larger call id than they do; they are idle because it is.
  const m = parseTrace([
    ' 0)   1.000 us    |      menu_reflect();', // 1
    ' 0)   2.000 us    |      tick_nohz_idle_exit();', // 2
    ' 0) # 5000.000 us |    } /* cpuidle_enter_state */', // 3
    ' 0)   4.000 us    |    vfs_read();', // 4
  ].join('\n'));
  const exit = at(m, 3);
  assert.equal(m.calls.parent[at(m, 1)], exit);
  assert.ok(exit > at(m, 1));
  const t = cpuTimes(m);
  for (const line of [1, 2, 3]) assert.ok((t.state[at(m, line)] & CpuState.Idle) !== 0, `line ${line} is idle`);
  assert.ok((t.state[at(m, 4)] & CpuState.Idle) === 0);
  assert.equal(t.idleTotalNs, 5000000);
});

test('self measure: the switching call\'s self time is sleep, left out unless sleeps count; on-CPU self is what Hot Functions adds up', () => {
  const m = parseTrace(SLEEP.join('\n'));
  assert.deepEqual(rankedCalls(m, 1, { measure: 'self', includeIdle: false, includeSleep: false }).map((c) => callInfo(m, c).name), ['process_one_work']);
  assert.deepEqual(rankedCalls(m, 1, { measure: 'self', includeIdle: false, includeSleep: true }).map((c) => callInfo(m, c).name), ['schedule']);
  const fs = rankedFunctionStats(m, DEFAULT_RANK_POLICY, 'self');
  const sched = fs.find((f) => f.name === 'schedule')!;
  assert.deepEqual([sched.selfNs, sched.totalNs, sched.inclusiveNs, sched.offCpuNs], [0, 6000, 330000, 324000]);
});

test('garbage and untimed traces do not break the computation', () => {
  for (const text of ['', 'not a trace\n\u0000\u0001', ' 0)               |  a() {\n 0)               |    b() {', ' 0)  }\n 0)  }\n']) {
    const m = parseTrace(text);
    const t = cpuTimes(m);
    assert.equal(t.offCpuNs.length, m.callCount);
    for (let c = 0; c < m.callCount; c++) assert.ok(Number.isNaN(t.onCpuNs.at(c)) || t.onCpuNs.at(c) >= 0);
    assert.ok(Array.isArray(rankedCalls(m, 5)));
  }
});
