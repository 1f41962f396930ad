// The CLI's errors command: the errors passed up in a trace with return values, from the outermost call down to the first that returned it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextLines, callName, errorChain, parseTrace, syscallOf, traceErrors } from '../../server/src/core/index';
import { errorsReport } from '../../server/src/cli/errors';

const root = join(__dirname, '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const fixture = (name: string): string => join(root, 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'ftrace-cli-errors-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, 'errors', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * The shape of a real capture's wait4 (b73-smp2-retval): do_wait returned -ECHILD, then the void
 * put_pid left it in the register; a void chain whose -3 is a leftover; a value that is no errno.
 */
const WAIT4 = [
  '# tracer: function_graph',
  ' 1)               |  __x64_sys_wait4() {',
  ' 1)               |    kernel_wait4() {',
  ' 1)               |      do_wait() {',
  ' 1)   2.514 us    |        _raw_spin_unlock_irqrestore(); /* ret=0xdead000000000122 */',
  ' 1) # 1564.616 us |      } /* do_wait ret=-10 */',
  ' 1)   2.685 us    |      put_pid(); /* ret=-10 */',
  ' 1) # 1582.389 us |    } /* kernel_wait4 ret=-10 */',
  ' 1) # 1590.184 us |  } /* __x64_sys_wait4 ret=-10 */',
  ' 1)               |  rcu_report_qs_rnp() {',
  ' 1)   2.916 us    |    _raw_spin_unlock_irqrestore(); /* ret=-3 */',
  ' 1)   9.849 us    |  } /* rcu_report_qs_rnp ret=-3 */',
  ' 1)               |  refresh_cpu_vm_stats() {',
  ' 1)   2.000 us    |    decay_pcp_high(); /* ret=-1791 */',
  ' 1)   9.000 us    |  } /* refresh_cpu_vm_stats ret=-1791 */',
  ' 1)   1.000 us    |  idle_cpu(); /* ret=-2 */',
  '',
].join('\n');

test('the chain follows the first call inside that returned the error, not a void cleanup after it', () => {
  const m = parseTrace(WAIT4);
  const lines = new TextLines(WAIT4);
  const chain = errorChain(m, m.lineCall.at(1), (l) => /ret=(\S+) \*\//.exec(lines.text(l))?.[1]);
  assert.deepEqual(chain?.map((l) => callName(m, l.call)), ['__x64_sys_wait4', 'kernel_wait4', 'do_wait']);
  const r = traceErrors(m, lines);
  assert.equal(r.valueLines, 10);
  assert.equal(r.errorCalls, 9);
  assert.deepEqual(r.chains.map((ch) => ch.map((l) => callName(m, l.call))), [
    ['__x64_sys_wait4', 'kernel_wait4', 'do_wait'],
    ['rcu_report_qs_rnp', '_raw_spin_unlock_irqrestore'],
    ['refresh_cpu_vm_stats', 'decay_pcp_high'],
  ]);
  // With chains of one call: idle_cpu's -2 too.
  assert.equal(traceErrors(m, lines, 1).chains.length, 4);
});

test('errors: text and JSON; no-errno values and lone error codes only with --all', () => {
  const f = join(dir, 'wait4.trace');
  writeFileSync(f, WAIT4);
  const r = run(f);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /10 return values, 9 of them error codes; 2 errors passed up \(a Linux error code a call returned after a call inside it did\), 1 of them returned by a system call \(user space saw them\)/);
  assert.match(r.out, /line 2 +-10: ECHILD \(No child processes\), returned by the wait4 system call\n +__x64_sys_wait4 ← kernel_wait4 ← do_wait \(first returned at line 4\) {2}\(CPU 1\)/);
  assert.match(r.out, /line 10 +-3: ESRCH/);
  assert.doesNotMatch(r.out, /1791|idle_cpu/);
  assert.match(r.out, /By error:\n +1 {2}-3 ESRCH \(No such process\)\n +1 {2}-10 ECHILD/);
  const all = run(f, '--all');
  assert.match(all.out, /4 error returns/);
  assert.match(all.out, /-1791: error 1791 \(no Linux error number\)/);
  assert.match(all.out, /line 16 +-2: ENOENT[^\n]*\n +idle_cpu {2}\(CPU 1\)/);
  const j = JSON.parse(run(f, '--json', '--top', '1').out) as { chainCount: number; chains: { errno: number; error: string; calls: { line: number; name: string; returned: string }[] }[] };
  assert.equal(j.chainCount, 2);
  assert.deepEqual(j.chains, [{ errno: 10, error: 'ECHILD (No child processes)', syscall: 'wait4', calls: [
    { line: 2, name: '__x64_sys_wait4', cpu: 1, pid: null, task: null, returned: '-10' },
    { line: 3, name: 'kernel_wait4', cpu: 1, pid: null, task: null, returned: '-10' },
    { line: 4, name: 'do_wait', cpu: 1, pid: null, task: null, returned: '-10' },
  ] }]);
  // .gz input, and the real fixture of a 6.15 capture.
  const gz = join(dir, 'wait4.trace.gz');
  writeFileSync(gz, gzipSync(WAIT4));
  assert.equal(run(gz).out.replace(gz, f), r.out);
  const b = run(fixture('05-kernel-args-retval-6.15.trace'));
  assert.match(b.out, /kvm_vcpu_ioctl \[kvm\] ← kvm_arch_vcpu_ioctl_run \[kvm\] \(first returned at line 6\)/);
  assert.match(b.out, /__x64_sys_ioctl ← do_vfs_ioctl \(first returned at line 19\)/);
});

test('errors: a trace without return values says how to capture them; bad arguments and files get one clear line', () => {
  const t = readFileSync(fixture('01-kernel-default-6x.trace'), 'utf8');
  assert.match(errorsReport(parseTrace(t), new TextLines(t), 'x.trace', { all: false, top: 50, json: false }), /^x\.trace: no return values in this trace \(capture with the funcgraph-retval option, kernel 6\.5\+\)\n$/);
  for (const [args, msg] of [
    [[], /errors: expected exactly one FILE/],
    [['a', 'b'], /errors: expected exactly one FILE/],
    [[fixture('03-kernel-retval-6.5-to-6.12.trace'), '--top'], /--top needs a non-negative integer/],
    [[fixture('03-kernel-retval-6.5-to-6.12.trace'), '--bogus'], /unknown option --bogus for errors/],
    [[join(dir, 'missing.trace')], /missing\.trace/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
    assert.match(r.err, msg);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

test('errors: hostile names are cut in JSON and neutralised in text, as in every other answer', () => {
  const name = `x\u202Ey${'a'.repeat(2000)}`;
  const text = ['# tracer: function_graph', ` 0)               |  ${name}() {`, ' 0)   1.000 us    |    g(); /* ret=-22 */', ` 0)   2.000 us    |  } /* ${name} ret=-22 */`, ''].join('\n');
  const m = parseTrace(text);
  const t = errorsReport(m, new TextLines(text), 'h.trace', { all: false, top: 50, json: false });
  assert.doesNotMatch(t, /\u202E/);
  assert.match(t, /x\\u202Ey/);
  assert.match(t, /… \(2,003 characters\) ← g/);
  const j = JSON.parse(errorsReport(m, new TextLines(text), 'h.trace', { all: false, top: 50, json: true })) as { chains: { calls: { name: string }[] }[] };
  assert.ok(j.chains[0].calls[0].name.length < 600 && j.chains[0].calls[0].name.startsWith('x\u202Ey'), j.chains[0].calls[0].name.slice(0, 40));
});

test('system call entry points by architecture and era; helpers and other functions are none', () => {
  for (const [name, want] of [
    ['__x64_sys_wait4', 'wait4'], ['__arm64_sys_openat', 'openat'], ['__ia32_sys_ioctl', 'ioctl'], ['__se_sys_read', 'read'],
    ['__do_sys_clone3', 'clone3'], ['sys_open', 'open'], ['__riscv_sys_write', 'write'], ['__x64_sys_wait4 [foo]', 'wait4'],
  ] as const) assert.equal(syscallOf(name), want, name);
  for (const name of ['__sys_sendmsg', 'ksys_read', 'do_sys_poll', 'x64_sys_call', 'sys_', '__x64_sys_', 'security_task_prctl', 'sys_open.cold']) assert.equal(syscallOf(name), undefined, name);
});
