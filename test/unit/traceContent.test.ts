// Content detection of function_graph text (client/src/documents/traceContent.ts): every capture shape of the fixtures, trace-cmd's and trace_pipe's first lines, and text that is not a trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIRST_LINE, HEAD_CHARS, headIsTrace, looksLikeFunctionGraph } from '../../client/src/documents/traceContent';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** The head of `text` the client reads: at most HEAD_CHARS characters. */
const head = (text: string): [string, boolean] => [text.slice(0, HEAD_CHARS), text.length > HEAD_CHARS];

/** `text` without its lines starting with `#` (a capture without the kernel's header). */
const headerless = (text: string): string => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');

test('the firstLine pattern in package.json is FIRST_LINE without the byte order mark', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ftrace');
  assert.equal(lang.firstLine, FIRST_LINE.source.replace('^\\ufeff?', '^'));
});

test('first lines: the kernel header, trace-cmd report, its stderr, a trace_pipe graph line', () => {
  for (const line of [
    '# tracer: function_graph',
    '\ufeff# tracer: function_graph',
    '#tracer:function_graph',
    'cpus=4',
    'cpus=2',
    'CPU 0 is empty',
    ' 0)               |  do_syscall_64() {',
    ' 3) + 12.345 us   |    kmem_cache_alloc();',
    '12)   0.341 us    |  } /* vfs_read */',
    ' 1) ! 207.127 us  |  }',
  ]) assert.ok(FIRST_LINE.test(line), line);
  for (const line of [
    '# tracer: function',
    '# tracer: nop',
    'version = 6',
    'cpus = four',
    '1) Install the package();',
    'Nov 30 02:27:12 host kernel: [    1.234567] foo',
    '',
  ]) assert.ok(!FIRST_LINE.test(line), line);
});

test('every fixture capture looks like function_graph, from its first 8 KB', () => {
  const names = readdirSync(fixtures).filter((n) => /\.(trace|txt)$/.test(n));
  assert.ok(names.length >= 25, `${names.length} fixtures`);
  for (const name of names) assert.ok(looksLikeFunctionGraph(...head(readFileSync(join(fixtures, name), 'utf8'))), name);
});

test('captures without the kernel header still look like function_graph: trace_pipe, per-instance, trace-cmd', () => {
  const read = (n: string) => readFileSync(join(fixtures, n), 'utf8');
  const shapes: [string, string][] = [
    ['trace_pipe (no header at all)', headerless(read('k61-smp4-default-head.trace'))],
    ['trace_pipe from the CPU-less layout', headerless(read('k61-smp2-no-cpu-head.trace'))],
    ['trace_pipe without durations', headerless(read('k61-smp2-no-duration-head.trace'))],
    ['funcgraph-proc and -abstime, no header', headerless(read('k61-smp2-proc-abstime-head.trace'))],
    ['per-instance capture whose header names nop', '# tracer: nop\n#\n' + headerless(read('k61-smp2-tail-head.trace'))],
    ['irqsoff with display-graph (# tracer: irqsoff)', read('14-irqsoff-display-graph.trace')],
    ['trace-cmd report 3.x (cpus=4)', read('10-trace-cmd-report-3.3.txt')],
    ['trace-cmd report 2.x (version = 6, cpus=2)', read('11-trace-cmd-report-2.x-tail-depth.txt')],
    ['trace-cmd report with its stderr', 'version = 6\nCPU 0 is empty\nCPU 3 is empty\n' + read('k61-smp2-tracecmd-report-head.txt')],
    ['CRLF trace_pipe', headerless(read('k61-smp4-default-head.trace')).replace(/\n/g, '\r\n')],
  ];
  for (const [title, text] of shapes) assert.ok(looksLikeFunctionGraph(...head(text)), title);
});

test('text that is not function_graph output does not', () => {
  const syslog = Array.from({ length: 40 }, (_, i) => `Nov 30 02:27:${String(i).padStart(2, '0')} host kernel: [ ${i}.123456] usb 1-1: new high-speed USB device number ${i}`).join('\n');
  const funcTracer = '# tracer: function\n#\n# entries-in-buffer/entries-written: 3/3   #P:2\n#\n' + Array.from({ length: 20 }, (_, i) => `            bash-1994  [002] .... 3082.0630${String(i).padStart(2, '0')}: mutex_unlock <-rb_simple_write`).join('\n');
  const sched = 'cpus=2\n' + Array.from({ length: 20 }, (_, i) => `            bash-2712  [001] .....  1524.1184${String(i).padStart(2, '0')}: sched_switch: bash:2712 [120] S ==> swapper/1:0 [120]`).join('\n');
  const numbered = '1) Install foo();\n2) Run bar();\n3) Check baz();\n';
  const code = 'int main(void) {\n  foo();\n  return 0;\n}\n';
  const notes = 'notes about a trace\n 0)               |  do_sys_open() {\n 0)   0.055 us    |    rcu_all_qs();\n 0)   1.250 us    |  }\n';
  const fewLines = ' 0)   1.000 us    |  f();\n';
  const mostlyProse = ' 0)   1.000 us    |  f();\n' + 'some words here\n'.repeat(4) + ' 0)   1.000 us    |  g();\n 0)   1.000 us    |  h();\n';
  for (const [title, text] of Object.entries({ syslog, funcTracer, sched, numbered, code, notes, fewLines, mostlyProse, empty: '', blank: '\n\n\n' })) {
    assert.ok(!looksLikeFunctionGraph(...head(text)), title);
  }
});

test('a head cut mid-line ignores the partial last line; huge lines are cut before matching', () => {
  const lines = Array.from({ length: 3 }, () => ' 0)   1.000 us    |  f();').join('\n');
  assert.ok(looksLikeFunctionGraph(`${lines}\n 0)   1.0`, true));
  assert.ok(!looksLikeFunctionGraph(`${lines.split('\n').slice(0, 2).join('\n')}\n 0)   1.000 us    |  f();`, true));
  const hostile = ` 0)   1.000 us    |  f(${'('.repeat(5000)}${' /*'.repeat(3000)}\n`.repeat(64);
  assert.equal(looksLikeFunctionGraph(...head(hostile)), false);
});

test('a file past 50 MB (no document) is a trace by its first 8 KB as a smaller one is: content check when detectTraces is on, the firstLine rule where it applies', () => {
  const read = (n: string) => readFileSync(join(fixtures, n), 'utf8');
  // Past 50 MB: the head is cut and the file goes on.
  const big = (text: string): [string, boolean] => [(text + text).slice(0, HEAD_CHARS), true];
  const instance = big('# tracer: nop\n#\n' + headerless(read('k61-smp2-tail-head.trace')));
  const report2x = big(read('11-trace-cmd-report-2.x-tail-depth.txt'));
  const kernel = big(read('k61-smp4-default-head.trace'));
  const syslog = big(Array.from({ length: 200 }, (_, i) => `Nov 30 02:27:${String(i % 60).padStart(2, '0')} host kernel: usb 1-1: new device ${i}`).join('\n'));
  // First lines that the firstLine rule alone does not take: a per-instance capture, a 2.x trace-cmd report.
  assert.ok(!FIRST_LINE.test(instance[0].split('\n', 1)[0]) && !FIRST_LINE.test(report2x[0].split('\n', 1)[0]));
  for (const firstLineApplies of [false, true]) {
    assert.equal(headIsTrace(...instance, true, firstLineApplies), true, 'per-instance capture, detection on');
    assert.equal(headIsTrace(...report2x, true, firstLineApplies), true, 'trace-cmd 2.x report, detection on');
    assert.equal(headIsTrace(...instance, false, firstLineApplies), false, 'per-instance capture, detection off');
    assert.equal(headIsTrace(...syslog, true, firstLineApplies), false, 'a kernel log');
    assert.equal(headIsTrace(...kernel, true, firstLineApplies), true, 'the kernel header');
  }
  // With detection off, only where VS Code's firstLine rule would name the language (no extension claims the file).
  assert.equal(headIsTrace(...kernel, false, true), true);
  assert.equal(headIsTrace(...kernel, false, false), false);
  // A head cut inside a line: that last line is not judged.
  const cut = ' 0)   1.000 us    |  f();\n'.repeat(10) + ' 0)   1.000 us    |  half-a-li';
  assert.equal(headIsTrace(cut, true, true, false), true);
});
