// Integration: traces VS Code cannot tell by name (trace-cmd report, trace_pipe and per-instance captures, pasted text) open as ftrace; other text stays as it was; the switch can be turned off.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activate, fixturePath, setSetting, waitFor, writeFile } from './helpers';

const fixture = (name: string): string => fs.readFileSync(fixturePath(name), 'utf8');
/** A capture without the kernel's `#` header lines, as `trace_pipe` prints it. */
const headerless = (text: string): string => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');

/** The language `rel` holding `text` settles on: `expected` as soon as it has it, else what it has after `graceMs`. */
async function settledLanguage(rel: string, text: string, expected: string, graceMs = 2000): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(writeFile(rel, text));
  const current = () => vscode.workspace.textDocuments.find((x) => x.uri.toString() === doc.uri.toString())?.languageId ?? doc.languageId;
  if (current() === expected) return expected;
  return (await waitFor(`language of ${rel}`, () => (current() === expected ? expected : undefined), { timeoutMs: graceMs }).catch(() => undefined)) ?? current();
}

suite('detection of traces by content', () => {
  suiteSetup(async function () {
    this.timeout(60000);
    await activate();
  });

  const traces: [string, string, () => string][] = [
    ['trace-cmd report 3.x saved as .txt (first line cpus=4)', 'content/report.txt', () => fixture('10-trace-cmd-report-3.3.txt')],
    ['trace-cmd report 2.x saved as .txt (first line version = 6)', 'content/report-2x.txt', () => fixture('11-trace-cmd-report-2.x-tail-depth.txt')],
    ['trace-cmd report with its stderr (first line CPU 0 is empty), .log', 'content/report.log', () => 'CPU 0 is empty\nCPU 3 is empty\n' + fixture('k61-smp2-tracecmd-report-head.txt')],
    ['a real trace-cmd report, any name', 'content/k61-report.out', () => fixture('k61-smp2-tracecmd-report-head.txt')],
    ['trace_pipe capture (no header) saved as .txt', 'content/pipe.txt', () => headerless(fixture('k61-smp4-default-head.trace'))],
    ['trace_pipe capture (no header), no extension', 'content/pipe-capture', () => headerless(fixture('k61-smp4-default-head.trace'))],
    ['trace_pipe capture without the CPU column, .log', 'content/pipe-nocpu.log', () => headerless(fixture('k61-smp2-no-cpu-head.trace'))],
    ['per-instance capture whose header says nop, .txt', 'content/instance.txt', () => '# tracer: nop\n#\n' + headerless(fixture('k61-smp2-tail-head.trace'))],
    ['perf ftrace output, .txt', 'content/perf.txt', () => fixture('09-perf-ftrace-trace_pipe.txt')],
    ['a trace pasted after a shell prompt, CRLF and BOM, .txt', 'content/pasted.txt', () => fixture('13-messy-pasted.txt')],
    ['irqsoff with display-graph (# tracer: irqsoff), .log', 'content/irqsoff.log', () => fixture('14-irqsoff-display-graph.trace')],
  ];
  for (const [title, rel, text] of traces) {
    test(`${title} -> ftrace`, async () => {
      assert.equal(await settledLanguage(rel, text(), 'ftrace'), 'ftrace', rel);
    });
  }

  const syslog = Array.from({ length: 40 }, (_, i) => `Nov 30 02:27:${String(i).padStart(2, '0')} host kernel: [ ${i}.123456] usb 1-1: new high-speed USB device number ${i}`).join('\n') + '\n';
  const sched = 'cpus=2\n' + Array.from({ length: 20 }, (_, i) => `            bash-2712  [001] .....  1524.1184${String(i).padStart(2, '0')}: sched_switch: bash:2712 [120] S ==> swapper/1:0 [120]`).join('\n') + '\n';
  const others: [string, string, string, string][] = [
    ['a random kernel log, .log', 'content/syslog.log', syslog, 'log'],
    ['a random kernel log, .txt', 'content/syslog.txt', syslog, 'plaintext'],
    ['notes with a few graph lines below, .txt', 'content/notes.txt', 'Notes on the slow open\n\nIt spends its time here:\n 0)               |  do_sys_open() {\n 0)   0.055 us    |    rcu_all_qs();\n 0)   1.250 us    |  }\n', 'plaintext'],
    ['the function tracer, .txt', 'content/function.txt', '# tracer: function\n#\n' + '            bash-1994  [002] .... 3082.063030: mutex_unlock <-rb_simple_write\n'.repeat(10), 'plaintext'],
    ['a trace-cmd report of scheduler events only, .txt', 'content/sched.txt', sched, 'plaintext'],
    ['a numbered list of calls, .txt', 'content/list.txt', '1) Install foo();\n2) Run bar();\n3) Check baz();\n', 'plaintext'],
  ];
  for (const [title, rel, text, language] of others) {
    test(`${title} stays ${language}`, async () => {
      assert.equal(await settledLanguage(rel, text, 'ftrace'), language, rel);
    });
  }

  test('with ftraceLens.detectTraces off, a trace-cmd report saved as .txt stays plaintext', async () => {
    await setSetting('detectTraces', false);
    try {
      assert.equal(await settledLanguage('content/off/report.txt', fixture('10-trace-cmd-report-3.3.txt'), 'ftrace'), 'plaintext');
    } finally {
      await setSetting('detectTraces', undefined);
    }
    assert.equal(await settledLanguage('content/on/report.txt', fixture('10-trace-cmd-report-3.3.txt'), 'ftrace'), 'ftrace', 'on again');
  });

  test('a trace someone switches to Plain Text stays Plain Text (each document is looked at once)', async () => {
    const doc = await vscode.workspace.openTextDocument(writeFile('content/chosen.trace', '$ cat trace\n# tracer: function_graph\n#\n' + headerless(fixture('k61-smp4-default-head.trace'))));
    assert.equal(doc.languageId, 'ftrace');
    const plain = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(vscode.workspace.textDocuments.find((x) => x.uri.toString() === plain.uri.toString())?.languageId, 'plaintext');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
