// Unit tests: every line kind and layout of the format reference, through describeLine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLine } from '../../server/src/core/index';

/** The text of the first span of `kind` in the line's description. */
function span(line: string, kind: string, inComment = false): string | undefined {
  return describeLine(line, inComment).spans.find((s) => s.kind === kind)?.text;
}

const cases: [string, string, Partial<{ cpu: number; pid: number; depth: number; durationNs: number }>][] = [
  ['# tracer: function_graph', 'header', {}],
  ['#', 'header', {}],
  ['# CPU  DURATION                  FUNCTION CALLS', 'header', {}],
  ['# |     |   |                     |   |   |   |', 'header', {}],
  ['#     TIME        CPU  TASK/PID         DURATION                  FUNCTION CALLS', 'header', {}],
  ['# latency: 0 us, #234127/293820, CPU#0 | (M:desktop VP:0, KP:0, SP:0 HP:0 #P:2)', 'header', {}],
  ['#    || / _--=> preempt-depth   ', 'header', {}],
  ['# printk', 'unknown', {}],
  ['# cat trace', 'unknown', {}],
  ['', 'blank', {}],
  ['   ', 'blank', {}],
  [' 0)               |  sys_open() {', 'entry', { cpu: 0, depth: 0, durationNs: -1 }],
  [' 0)   0.668 us    |    _spin_lock();', 'leaf', { cpu: 0, depth: 1, durationNs: 668 }],
  [' 0) + 14.237 us   |  }', 'exit', { cpu: 0, depth: 0, durationNs: 14237 }],
  [' 2) + 35.980 us   |      } /* vfs_read */', 'exit', { cpu: 2, depth: 2, durationNs: 35980 }],
  [' 1) $ 187566289 us |  } /* schedule */', 'exit', { cpu: 1, depth: 0, durationNs: 187566289000 }],
  [' 7) * 15533.00 us |      }', 'exit', { cpu: 7, depth: 2, durationNs: 15533000 }],
  [' 7) @ 152304.4 us |  } /* balance_pgdat */', 'exit', { durationNs: 152304400 }],
  ['  12)   0.702 us    |    kfree();', 'leaf', { cpu: 12, depth: 1, durationNs: 702 }],
  ['100)   0.702 us    |    kfree();', 'leaf', { cpu: 100 }],
  [' 0)   ==========> |', 'irqEntry', { cpu: 0 }],
  [' 0)   <========== |', 'irqExit', { cpu: 0 }],
  [' ------------------------------------------', 'bannerRule', {}],
  [' 2)    cat-4321    =>   bash-4300   ', 'contextSwitch', { cpu: 2 }],
  [' 2)               |  /* hello from user space */', 'comment', { cpu: 2 }],
  ['CPU:5 [LOST 2291 EVENTS]', 'lostEvents', {}],
  ['CPU:2 [LOST EVENTS]', 'lostEvents', {}],
  ['CPU:1 [12 EVENTS DROPPED]', 'lostEvents', {}],
  ['##### CPU 3 buffer started ####', 'bufferStarted', { cpu: 3 }],
  [' (Overruns: 0)', 'overrun', {}],
  [' => vfs_read', 'stackFrame', {}],
  ['cpus=2', 'info', {}],
  ['version = 6', 'info', {}],
  [' 1)               |  foo() { [LINE TOO BIG]', 'lineTooBig', {}],
  ['86532.000914 |    3)  Web Con-4711  |               |    do_futex() {', 'entry', { cpu: 3, pid: 4711, depth: 1 }],
  ['86534.035514 |    7) systemd-1000321 | * 33998.59 us |        filemap_fdatawrite_wbc();', 'leaf', { cpu: 7, pid: 1000321, depth: 3, durationNs: 33998590 }],
  [' 1)  d.h2. |   3.847 us    |      tick_check_oneshot_broadcast_this_cpu();', 'leaf', { cpu: 1, depth: 2, durationNs: 3847 }],
  [' 0)   sshd-1022    |  b..1. |               |          tcp_sendmsg() {', 'entry', { cpu: 0, pid: 1022, depth: 4 }],
  ['        4 us |   2)   ksoftir-27   |  d.s3. |   41.234 us   |      delayed_work_timer_fn();', 'leaf', { cpu: 2, pid: 27, depth: 2, durationNs: 41234 }],
  ['! 999.037 us  |  mutex_unlock();', 'leaf', { cpu: -1, depth: 0, durationNs: 999037 }],
  ['# 3037.497 us |        }', 'exit', { depth: 3, durationNs: 3037497 }],
  [' 0)   tick_irq_enter() {', 'entry', { cpu: 0, depth: 1 }],
  ['  do_sys_openat2() {', 'entry', { cpu: -1, depth: 1 }],
  ['      kmem_cache_alloc_noprof();', 'leaf', { depth: 3, durationNs: -1 }],
  ['}', 'exit', { depth: 0 }],
  [' 0) ! 1234567 us |        }', 'exit', { depth: 3, durationNs: 1234567000 }],
  ['            bash-2712  [001] .....  1524.118412: funcgraph_entry:        0.341 us   |        rw_verify_area(); (ret=0x0)', 'leaf', { cpu: 1, pid: 2712, depth: 3, durationNs: 341 }],
  ['            bash-2712  [001] .....  1525.020412: funcgraph_exit:       # 901997.500 us |              } (ret=0x7fffffff)', 'exit', { cpu: 1, pid: 2712, depth: 6, durationNs: 901997500 }],
  ['       Processor-31570 [001] 2872459.738343: funcgraph_exit:         8.006 us   |      } /* do_readv_writev */ (2)', 'exit', { cpu: 1, pid: 31570, depth: 2, durationNs: 8006 }],
  ['              sh-114   [001]    16.335533: funcgraph_entry:      ! 902.966 us |  mutex_unlock();', 'leaf', { cpu: 1, pid: 114, depth: 0, durationNs: 902966 }],
  ['            bash-2712  [001] d..2.  1524.118414: sched_switch:         bash:2712 [120] S ==> swapper/1:0 [120]', 'event', { cpu: 1, pid: 2712 }],
  ['[  812.114248]  1)               |  do_one_initcall() {', 'entry', { cpu: 1, depth: 0 }],
  ['>  2) ! 120.043 us  |    ksys_mmap_pgoff();', 'leaf', { cpu: 2, depth: 1, durationNs: 120043 }],
  ['[root@localhost tracing]# cat trace', 'unknown', {}],
  ['```', 'unknown', {}],
  ['[ 4113.264693] vfio_iommu_type1_attach_group: No interrupt remapping support.', 'unknown', {}],
  ['\u0000\u0001\u0002garbage\ufffd\ufffd', 'unknown', {}],
  [' 1)   0.507 us    |  vfio_fops_unl_ioctl [vfio]();', 'leaf', { cpu: 1, depth: 0, durationNs: 507 }],
  [' 1)               |  vfio_fops_unl_ioctl [vfio]() {\r', 'entry', { cpu: 1, depth: 0 }],
  ['\ufeff 0)               |  process_one_work() {', 'entry', { cpu: 0 }],
  // Compiler-local labels start with a dot.
  [' 0)               |  .LPFE3181() {', 'entry', { cpu: 0, depth: 0 }],
  [' 3)   0.285 us    |      .LPFE3181();', 'leaf', { cpu: 3, depth: 2, durationNs: 285 }],
  ['.LPFE3181() {', 'entry', { depth: 0 }],
  ['> 1)               |  .L__x86_indirect_thunk() {', 'entry', { cpu: 1 }],
  // trace-cmd report lines cut down to the timestamp (pasted in mails and notes): task and CPU unknown.
  ['380.620150: funcgraph_entry:        0.285 us   |    iommu_get_dma_domain();', 'leaf', { cpu: -1, pid: -1, depth: 1, durationNs: 285 }],
  ['  380.620150: funcgraph_entry:                   |  iommu_dma_map_page() {', 'entry', { depth: 0, durationNs: -1 }],
  ['380.620161: funcgraph_exit:       + 11.285 us   |  }', 'exit', { depth: 0, durationNs: 11285 }],
  ['380.620150: sched_switch: prev_comm=sh', 'unknown', {}],
  ['12.5: note: call me', 'unknown', {}],
];

test('a dot-named function keeps its dot in the name span', () => {
  assert.equal(span(' 0)               |  .LPFE3181() {', 'functionName'), '.LPFE3181');
  assert.equal(span('380.620150: funcgraph_entry:        0.285 us   |    iommu_get_dma_domain();', 'timestamp'), '380.620150');
  assert.equal(span('380.620150: funcgraph_entry:        0.285 us   |    iommu_get_dma_domain();', 'functionName'), 'iommu_get_dma_domain');
});

for (const [line, kind, fields] of cases) {
  test(`${kind}: ${JSON.stringify(line).slice(0, 90)}`, () => {
    const d = describeLine(line);
    assert.equal(d.kindName, kind);
    for (const [k, v] of Object.entries(fields)) assert.equal(d[k as keyof typeof d], v, k);
  });
}

test('entry with a note after the brace keeps the note as an annotation', () => {
  const line = ' 1)               |      printk() {                        -------> ?????????????? 我天';
  const d = describeLine(line);
  assert.equal(d.kindName, 'entry');
  assert.equal(span(line, 'functionName'), 'printk');
  assert.equal(span(line, 'annotation'), '-------> ?????????????? 我天');
});

test('module suffix, args, retval and retaddr spans', () => {
  const leaf = ' 1)   0.310 us    |        timespec64_add_safe(lhs=(STRUCT)[0x6c2:0x39c4153f], rhs=(STRUCT)[0x0:0x1dcd6500]); /* ret=0x6c3 */';
  assert.equal(describeLine(leaf).kindName, 'leaf');
  assert.equal(span(leaf, 'functionName'), 'timespec64_add_safe');
  assert.equal(span(leaf, 'args'), '(lhs=(STRUCT)[0x6c2:0x39c4153f], rhs=(STRUCT)[0x0:0x1dcd6500])');
  assert.equal(span(leaf, 'returnValue'), '0x6c3');
  const mod = ' 4)   5.210 us    |        ext4_file_read_iter [ext4](); /* <-kernel_read+0xa2/0x160 ret=0x380 */';
  assert.equal(span(mod, 'functionName'), 'ext4_file_read_iter');
  assert.equal(span(mod, 'module'), '[ext4]');
  assert.equal(span(mod, 'returnAddress'), '<-kernel_read+0xa2/0x160');
  const exit = ' 1)   7.143 us    |  } /* cgroup_migrate = -22 */';
  assert.equal(span(exit, 'tailName'), 'cgroup_migrate');
  assert.equal(span(exit, 'returnValue'), '-22');
  const exit2 = ' 1) + 17.300 us   |      } /* vmx_vcpu_run [kvm_intel] ret=0x1 */';
  assert.equal(span(exit2, 'tailName'), 'vmx_vcpu_run [kvm_intel]');
  const entry = ' 4)               |  load_elf_binary() { /* <-bprm_execve+0x249/0x600 */';
  assert.equal(describeLine(entry).kindName, 'entry');
  assert.equal(span(entry, 'returnAddress'), '<-bprm_execve+0x249/0x600');
  const hex = ' 4)   1.044 us    |      0xffffffffc0a1b2c3(); /* <-begin_new_exec+0x5d/0x8a0 ret=0x0 */';
  assert.equal(span(hex, 'functionName'), '0xffffffffc0a1b2c3');
});

test('prefix spans: abstime, cpu, task, pid, mark, duration', () => {
  const line = '86534.185948 |    7) systemd-1000321 | @ 116234.5 us |      } /* jbd2_complete_transaction */';
  assert.equal(span(line, 'absTime'), '86534.185948');
  assert.equal(span(line, 'cpu'), '7)');
  assert.equal(span(line, 'task'), 'systemd');
  assert.equal(span(line, 'pid'), '1000321');
  assert.equal(span(line, 'mark'), '@');
  assert.equal(span(line, 'duration'), '116234.5 us');
});

test('multi-line comments continue until */ and stop at the next graph line', () => {
  const first = describeLine(' 0)               |  /* line one');
  assert.equal(first.kindName, 'comment');
  assert.equal(describeLine('second line of the message', true).kindName, 'commentContinuation');
  assert.equal(describeLine('last line */', true).kindName, 'commentContinuation');
  assert.equal(describeLine(' 0)   0.668 us    |    _spin_lock();', true).kindName, 'leaf');
});

test('context-switch banner spans name both tasks', () => {
  const d = describeLine(' 1)   ksoftir-18   => qemu-kv-17653');
  assert.equal(d.kindName, 'contextSwitch');
  assert.deepEqual(d.spans.filter((s) => s.kind === 'task').map((s) => s.text), ['ksoftir', 'qemu-kv']);
  assert.deepEqual(d.spans.filter((s) => s.kind === 'pid').map((s) => s.text), ['18', '17653']);
});

test('NBSP and zero-width characters are repaired, not fatal', () => {
  const d = describeLine(' 0)\u00a0# 1599.900 us |    } /* drm_mode_rmfb_work_fn */');
  assert.equal(d.kindName, 'exit');
  assert.equal(d.durationNs, 1599900000 / 1000);
  assert.equal(describeLine(' 0)  \u200b 0.668 us    |    _spin_lock();').kindName, 'leaf');
});
