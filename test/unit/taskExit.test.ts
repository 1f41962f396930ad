// Unit tests: calls that never returned because their task exited (exit_group → do_exit → do_task_dead), on real excerpts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import { CallFlag, callCovers, callInfo, callSpan, exitedCalls, openCallEnd, parseTrace, taskExitCall, taskExitText, type TraceModel } from '../../server/src/core/index';
import { foldingRanges } from '../../server/src/service/folding';
import { hover } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { diagnostics } from '../../server/src/service/diagnostics';
import { callNode } from '../../server/src/service/callNodes';
import { reportJson, reportText } from '../../server/src/cli/report';

const fixtures = join(__dirname, '..', '..', 'fixtures');

function load(name: string): { doc: TextDocument; model: TraceModel; text: string } {
  const text = readFileSync(join(fixtures, name), 'utf8');
  return { doc: TextDocument.create(`file:///${name}`, 'ftrace', 1, text), model: parseTrace(text), text };
}

/** The call whose first line is 1-based `line1`. */
function callOn(model: TraceModel, line1: number): number {
  const id = model.lineCall.at(line1 - 1);
  assert.ok(id >= 0, `a call on line ${line1}`);
  return id;
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, needle);
  return i + 1;
}

// k73-smp2-exit-group-head.trace: `ls` calls exit_group; the excerpt ends inside do_exit → mmput → exit_mmap.
test('exit_group cut inside do_exit: the syscall, do_group_exit and do_exit never returned; mmput is open at the end', () => {
  const { model, text } = load('k73-smp2-exit-group-head.trace');
  const doExit = lineOf(text, 'do_exit() {');
  const exited = ['__x64_sys_exit_group() {', 'do_group_exit() {', 'do_exit() {'].map((n) => callOn(model, lineOf(text, n)));
  for (const id of exited) {
    assert.equal(model.calls.flags[id] & (CallFlag.Open | CallFlag.TaskExited), CallFlag.Open | CallFlag.TaskExited, callInfo(model, id).name);
    assert.ok(callInfo(model, id).flagNames.includes('taskExited'));
    assert.ok(Number.isNaN(model.calls.inclusiveNs.at(id)), 'no time: the kernel printed none');
    assert.equal(taskExitCall(model, id), callOn(model, doExit));
    assert.equal(taskExitText(model, id), `its task exited (do_exit at line ${doExit})`);
  }
  // mmput and exit_mmap would have returned: the capture ended first.
  for (const n of ['mmput() {', 'exit_mmap() {']) {
    const id = callOn(model, lineOf(text, n));
    assert.equal(model.calls.flags[id] & (CallFlag.Open | CallFlag.TaskExited), CallFlag.Open, n);
    assert.equal(taskExitCall(model, id), -1);
    assert.equal(taskExitText(model, id), undefined);
  }
  assert.equal(model.issues.count('task-exited'), 3);
  assert.equal(model.issues.count('open-call'), 2);
});

// k61-smp2-task-dead.trace: cat-124 in do_task_dead switches out for the last time; CPU 1 runs the idle task after.
test('do_task_dead: the dead task\'s last call never returned; the idle task\'s calls cut by the end stay open', () => {
  const { model, text } = load('k61-smp2-task-dead.trace');
  const dead = callOn(model, lineOf(text, 'do_task_dead() {'));
  assert.ok((model.calls.flags[dead] & CallFlag.TaskExited) !== 0);
  assert.equal(callInfo(model, dead).task, 'cat');
  assert.equal(taskExitText(model, dead), `its task exited (do_task_dead at line ${lineOf(text, 'do_task_dead() {')})`);
  const idle = model.issues.samplesOf('open-call').map((s) => callInfo(model, s.call));
  assert.deepEqual(idle.map((c) => c.name), ['do_idle', 'tick_nohz_idle_enter', 'ktime_get']);
  assert.ok(idle.every((c) => c.pid === 0 && !c.flagNames.includes('taskExited')));
});

test('a call whose task exited folds and spans to the dead task\'s last line, not to the end of the trace; other open calls still run to the end', () => {
  const { model, text } = load('k61-smp2-task-dead.trace');
  const deadLine = lineOf(text, 'do_task_dead() {');
  const dead = callOn(model, deadLine);
  // The dead task's last traced line: the exit just before the banner that switches it out.
  const banner = lineOf(text, 'cat-124     =>');
  const taskLast = banner - 2; // 1-based: the rule line is banner - 1
  assert.match(text.split('\n')[taskLast - 1], /^ 1\) \+ 16\.040 us {3}\| {12}\}$/);
  assert.equal(openCallEnd(model, dead), taskLast - 1);
  assert.deepEqual(callSpan(model, dead), { first: deadLine - 1, last: taskLast - 1 });
  assert.ok(!callCovers(model, dead, banner + 2), 'the idle task\'s lines after the switch are not inside the dead call');
  assert.ok(foldingRanges(model).some((r) => r.startLine === deadLine - 1 && r.endLine === taskLast - 1), 'do_task_dead folds to the task\'s last line');
  const idleOpen = model.issues.samplesOf('open-call')[0].call;
  assert.equal(openCallEnd(model, idleOpen), model.lineCount - 1);
});

test('exitedCalls: the innermost exit call and its ancestors; nested calls only inside do_task_dead', () => {
  // Calls 0..4: 0 syscall → 1 do_exit → 2 mmput → 3 exit_mmap; 4 on another branch (not nested).
  const parents = [-1, 0, 1, 2, 0];
  const names = ['x64_sys_call', 'do_exit', 'mmput', 'exit_mmap', 'other'];
  const parent = (id: number): number => parents[id];
  const name = (id: number): string | undefined => names[id];
  assert.deepEqual(exitedCalls([0, 1, 2, 3], parent, name).sort(), [0, 1]);
  names[2] = 'do_task_dead';
  assert.deepEqual(exitedCalls([0, 1, 2, 3], parent, name).sort(), [0, 1, 2, 3]);
  assert.deepEqual(exitedCalls([0, 4], parent, name), []);
  assert.deepEqual(exitedCalls([], parent, name), []);
});

test('hover, inlay hint, diagnostic, Call Tree node and CLI say the task exited, with the do_exit line', () => {
  const { doc, model, text } = load('k73-smp2-exit-group-head.trace');
  const entry = lineOf(text, 'do_group_exit() {');
  const doExit = lineOf(text, 'do_exit() {');
  const h = hover(doc, model, { line: entry - 1, character: 40 });
  const value = (h?.contents as MarkupContent).value;
  assert.match(value, new RegExp(`time: unknown: it never returned, its task exited \\(do_exit at line ${doExit}\\)`));
  assert.doesNotMatch(value, /end of the trace/);
  const mmput = lineOf(text, 'mmput() {');
  assert.match((hover(doc, model, { line: mmput - 1, character: 40 })?.contents as MarkupContent).value, /still open at the end of the trace/);

  const hints = inlayHints(doc, model, { start: { line: 0, character: 0 }, end: { line: model.lineCount, character: 0 } });
  const hint = hints.find((x) => x.position.line === entry - 1);
  assert.equal(hint?.label, 'never returned: task exited');
  assert.equal(hint?.tooltip, `Never returned: its task exited (do_exit at line ${doExit})`);
  assert.equal(hints.find((x) => x.position.line === mmput - 1)?.label, 'open at end of trace');

  const diags = diagnostics(doc, model, { thresholdNs: 1e12, severity: DiagnosticSeverity.Warning, maxSlowCalls: 0, structural: true });
  const exitedDiags = diags.filter((d) => d.code === 'task-exited');
  assert.equal(exitedDiags.length, 3);
  assert.ok(exitedDiags.every((d) => d.severity === DiagnosticSeverity.Information));
  assert.ok(exitedDiags.some((d) => d.message === `do_group_exit never returned: its task exited (do_exit at line ${doExit})` && d.range.start.line === entry - 1));
  assert.equal(diags.filter((d) => d.code === 'open-call').length, 2);

  const node = callNode(model, callOn(model, entry));
  assert.deepEqual(node.taskExit, { name: 'do_exit', line: doExit - 1 });
  assert.ok(node.flags.includes('taskExited') && node.flags.includes('open'));
  assert.equal(callNode(model, callOn(model, mmput)).taskExit, null);

  const json = reportJson(model, 'k73.trace');
  assert.equal(json.issues.counts['task-exited'], 3);
  assert.ok(json.issues.samples.some((s) => s.code === 'task-exited' && s.line === entry && s.message === `Call that never returned: its task exited (do_exit at line ${doExit}).`));
  const report = reportText(model, 'k73.trace');
  assert.match(report, new RegExp(`task-exited +3 +Call that never returned`));
  assert.match(report, new RegExp(`do_exit at line ${doExit}: CPU 0 \\(3 calls never returned\\)`));
});
