// Return values (funcgraph-retval): error codes decoded as the kernel prints them, and the chain down to the call that returned an error first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { callName, decodeReturnValue, describeReturnValue, errnoOf, errnoText, errorChain, parseTrace, returnValueOf, type TraceModel } from '../../server/src/core/index';
import { hover } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { documentReturnValues, errorOrigin } from '../../server/src/service/returnValues';

const fixtures = join(__dirname, '..', '..', 'fixtures');

function open(name: string): { doc: TextDocument; model: TraceModel } {
  const text = readFileSync(join(fixtures, name), 'utf8');
  return { doc: TextDocument.create(`file:///${name}`, 'ftrace', 1, text), model: parseTrace(text) };
}

/** 0-based line of the first line containing `needle`. */
function lineOf(doc: TextDocument, needle: string): number {
  const i = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, needle);
  return i;
}

test('return values decode as print_graph_retval prints them: error codes in decimal, ERR_PTR and 32-bit error values in hex', () => {
  assert.deepEqual(decodeReturnValue('-22'), { text: '-22', kind: 'error', errno: 22 });
  assert.deepEqual(decodeReturnValue('0x0'), { text: '0x0', kind: 'zero' });
  assert.deepEqual(decodeReturnValue('0xffffffffffffffea'), { text: '0xffffffffffffffea', kind: 'errPtr', errno: 22 });
  assert.deepEqual(decodeReturnValue('0xFFFFFFFFFFFFF001'), { text: '0xFFFFFFFFFFFFF001', kind: 'errPtr', errno: 4095 });
  assert.deepEqual(decodeReturnValue('0xfffffffffffff000'), { text: '0xfffffffffffff000', kind: 'value' });
  assert.deepEqual(decodeReturnValue('0xfffffdfb'), { text: '0xfffffdfb', kind: 'int32Error', errno: 517 });
  // Just outside the error range, and pointers: values.
  assert.equal(decodeReturnValue('0xfffba516')?.kind, 'value');
  assert.equal(decodeReturnValue('0xffff93fcfd346c00')?.kind, 'value');
  assert.equal(decodeReturnValue('-4096')?.kind, 'value');
  assert.equal(decodeReturnValue('1')?.kind, 'value');
  assert.equal(decodeReturnValue('0')?.kind, 'zero');
  for (const junk of ['', '-', '0x', '0x1ffffffffffffffff', 'ret', '-1e3', '12a', '--1']) assert.equal(decodeReturnValue(junk), undefined, junk);
});

test('error numbers: the generic Linux table and the kernel-internal codes; no name for a gap', () => {
  assert.deepEqual(errnoOf(22), ['EINVAL', 'Invalid argument']);
  assert.deepEqual(errnoOf(133), ['EHWPOISON', 'Memory page has hardware error']);
  assert.equal(errnoOf(517)?.[0], 'EPROBE_DEFER');
  assert.equal(errnoOf(515)?.[0], 'ENOIOCTLCMD');
  for (const gap of [0, 41, 58, 134, 511, 520, 531, 4095]) assert.equal(errnoOf(gap), undefined, String(gap));
  assert.equal(errnoOf(Number('__proto__')), undefined);
  assert.equal(errnoText(61), 'ENODATA (No data available)');
  assert.equal(errnoText(256), 'error 256 (no Linux error number)');
  assert.equal(describeReturnValue(decodeReturnValue('-14')!), '-14: EFAULT (Bad address)');
  assert.equal(describeReturnValue(decodeReturnValue('0xfffffffffffffff4')!), '0xfffffffffffffff4: ERR_PTR(-12) or -12, ENOMEM (Out of memory)');
  assert.equal(describeReturnValue(decodeReturnValue('0xffffffea')!), '0xffffffea: -22 if it returns an int, EINVAL (Invalid argument)');
  assert.equal(describeReturnValue(decodeReturnValue('0x380')!), '0x380');
});

test('the error chain goes down the first call inside each that returned the same error, to the first that returned it (6.5 and 6.15 forms)', () => {
  const a = open('03-kernel-retval-6.5-to-6.12.trace');
  const read = documentReturnValues(a.doc);
  const at = (m: TraceModel, doc: TextDocument, needle: string): number => m.lineCall.at(lineOf(doc, needle));
  const names = (m: TraceModel, chain: ReturnType<typeof errorChain>): string[] => (chain ?? []).map((l) => callName(m, l.call));
  assert.deepEqual(names(a.model, errorChain(a.model, at(a.model, a.doc, '} /* cgroup_migrate = -22 */'), read)), ['cgroup_migrate', 'cgroup_migrate_execute', 'cpu_cgroup_can_attach']);
  assert.deepEqual(names(a.model, errorChain(a.model, at(a.model, a.doc, 'proc_reg_write() {'), read)), ['proc_reg_write', 'write_irq_affinity']);
  // A pointer, and zero: no error.
  assert.equal(errorChain(a.model, at(a.model, a.doc, 'cgroup_migrate_add_task();'), read), undefined);
  assert.equal(returnValueOf(a.model, at(a.model, a.doc, 'sched_rt_can_attach();'), read)?.kind, 'zero');
  const b = open('05-kernel-args-retval-6.15.trace');
  const rb = documentReturnValues(b.doc);
  assert.deepEqual(names(b.model, errorChain(b.model, at(b.model, b.doc, 'kvm_vcpu_ioctl [kvm](filp'), rb)), ['kvm_vcpu_ioctl [kvm]', 'kvm_arch_vcpu_ioctl_run [kvm]']);
  assert.deepEqual(names(b.model, errorChain(b.model, at(b.model, b.doc, '} /* __x64_sys_ioctl ret=-515 */'), rb)), ['__x64_sys_ioctl', 'do_vfs_ioctl']);
  // A trace without return values: nothing to decode.
  const c = open('01-kernel-default-6x.trace');
  assert.equal(returnValueOf(c.model, 0, documentReturnValues(c.doc)), undefined);
  // The budget of lines read: the chain found so far.
  assert.deepEqual(names(a.model, errorChain(a.model, at(a.model, a.doc, '} /* cgroup_migrate = -22 */'), read, 2)), ['cgroup_migrate', 'cgroup_migrate_execute']);
});

test('hover and ftrace/errorOrigin: what the call returned, and the call the error came from', () => {
  const { doc, model } = open('03-kernel-retval-6.5-to-6.12.trace');
  const md = (needle: string): string => (hover(doc, model, { line: lineOf(doc, needle), character: 30 })!.contents as MarkupContent).value;
  const top = md('} /* cgroup_migrate = -22 */');
  assert.match(top, /returned: -22: EINVAL \(Invalid argument\) {2}\n/);
  assert.match(top, /error from: `cpu_cgroup_can_attach` \(line 8\), 2 calls down \(Ftrace: Go to Error Origin\)/);
  // The first to return it: no call inside it did, so it may be a void function's leftover register.
  assert.match(md('} /* cpu_cgroup_can_attach = -22 */'), /returned: -22: EINVAL \(Invalid argument\), if it returns a value \(funcgraph-retval prints one for void functions too\)/);
  assert.match(md('cgroup_migrate_add_task();'), /returned: 0xffff93fcfd346c00 {2}\n/);
  assert.doesNotMatch(md('} /* cgroup_migrate = -22 */'), /error from.*error from/s);

  const o = errorOrigin(doc, model, lineOf(doc, 'cgroup_migrate() {'));
  assert.equal(o.error, 'EINVAL (Invalid argument)');
  assert.deepEqual(o.chain.map((l) => [l.call.name, l.call.line + 1, l.returned]), [
    ['cgroup_migrate', 5, '-22: EINVAL (Invalid argument)'],
    ['cgroup_migrate_execute', 7, '-22: EINVAL (Invalid argument)'],
    ['cpu_cgroup_can_attach', 8, '-22: EINVAL (Invalid argument)'],
  ]);
  const none = errorOrigin(doc, model, lineOf(doc, 'kfree();'));
  assert.equal(none.call?.name, 'kfree');
  assert.equal(none.error, null);
  assert.deepEqual(none.chain, []);
  assert.deepEqual(errorOrigin(doc, model, 0), { version: 1, call: null, returned: null, error: null, chain: [] });
  assert.equal(errorOrigin(doc, model, 10_000).call, null);
});

test('inlay hints name an error passed up where the call starts; a lone error code (a void function\'s leftover?) gets none', () => {
  const { doc, model } = open('03-kernel-retval-6.5-to-6.12.trace');
  const hints = inlayHints(doc, model, { start: { line: 0, character: 0 }, end: { line: model.lineCount, character: 0 } });
  const at = (needle: string) => hints.find((h) => h.position.line === lineOf(doc, needle));
  assert.equal(at('cgroup_migrate() {')?.label, '7.143 µs · self 2.123 µs · EINVAL');
  assert.equal(at('cgroup_migrate() {')?.tooltip, 'Printed on line 15; returned -22: EINVAL (Invalid argument), first returned by cpu_cgroup_can_attach (Go to Error Origin)');
  assert.equal(at('cgroup_migrate_execute() {')?.label, '4.369 µs · self 2.034 µs · EINVAL');
  assert.equal(at('proc_reg_write() {')?.label, '15.91 µs · self 569 ns · EIO');
  // The first to return it: its own calls returned a pointer and 0.
  assert.equal(at('cpu_cgroup_can_attach() {')?.label, '2.335 µs · self 723 ns');
  assert.equal(at('cpu_cgroup_can_attach() {')?.tooltip, 'Printed on line 13');
  assert.equal(at('cgroup_taskset_first() {')?.label, '1.232 µs · self 500 ns');
});
