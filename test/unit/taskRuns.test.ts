// Unit tests: runs of one task's lines and the clipped call forest behind the outline, breadcrumbs and sticky scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { callName, nodeAtLine, parseTrace, taskRuns } from '../../server/src/core/index';
import { MAX_SYMBOL_DEPTH, documentSymbols } from '../../server/src/service/symbols';
import { assertRunInvariants } from './taskRunsCheck';

const interleaved = [
  ' 0)               |  a() {',
  ' 0)               |    b() {',
  ' 1)               |  x() {',
  ' 1)   1.000 us    |    y();',
  ' 0)   2.000 us    |      c();',
  ' ------------------------------------------',
  ' 0)   5.000 us    |    }',
  ' 1)   3.000 us    |  }',
  ' 0)   9.000 us    |  }',
].join('\n');

/** Names of the symbols that contain `line`, outermost first (as VS Code's breadcrumbs pick them: first match per level). */
function crumbs(syms: readonly DocumentSymbol[], line: number): string[] {
  const out: string[] = [];
  for (let list = syms; ; ) {
    const s = list.find((x) => x.range.start.line <= line && line <= x.range.end.line);
    if (s === undefined) return out;
    out.push(s.name);
    list = s.children ?? [];
  }
}

test('runs: a run starts at the banner that switches to its task, so sticky scroll and the outline show the switch (not its first call line)', () => {
  const text = [
    ' 1)               |  schedule() {',
    ' ------------------------------------------',
    ' 1)    sh-123    =>    <idle>-0   ',
    ' ------------------------------------------',
    '',
    ' 1)   2.000 us    |  irq_enter_rcu();',
    ' 1)               |  do_idle() {',
    ' 1)   1.000 us    |    tick_nohz_idle_enter();',
    ' 1)   4.000 us    |  }',
    ' 0)   1.000 us    |  other_cpu();',
    ' ------------------------------------------',
    ' 1)    <idle>-0    =>    sh-123   ',
    ' ------------------------------------------',
    '',
    ' 1) ! 350.000 us  |  } /* schedule */',
  ].join('\n');
  const m = parseTrace(text);
  const r = taskRuns(m);
  const runs = Array.from(r.runs, (k) => `${r.first[k] + 1}-${r.last[k] + 1}`);
  // sh-123 (1-2), idle from its switch line (3-9), CPU 0's line (10-11: the next banner does not
  // switch to CPU 0's task, so it follows that run), sh-123 again from its switch line (12-15).
  assert.deepEqual(runs, ['1-2', '3-9', '10-11', '12-15']);
  assertRunInvariants(m, 'switch banners');
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  const syms = documentSymbols(doc, m);
  assert.deepEqual(syms.map((x) => [x.name, x.range.start.line + 1]), [['sh-123 on CPU 1', 1], ['<idle>-0 on CPU 1', 3], ['CPU 0', 10], ['sh-123 on CPU 1', 12]]);
});

test('runs: interleaved CPUs split into runs whose calls are clipped and nest', () => {
  const m = parseTrace(interleaved);
  const r = taskRuns(m);
  const runs = Array.from(r.runs, (k) => `${r.first[k] + 1}-${r.last[k] + 1}`);
  // The banner line (6) extends the run of CPU 0 before it.
  assert.deepEqual(runs, ['1-2', '3-4', '5-7', '8-8', '9-9']);
  const names = (line1: number): string[] => {
    const out: string[] = [];
    for (let k = nodeAtLine(r, line1 - 1); k >= 0; k = r.parent[k]) out.unshift(r.call[k] < 0 ? '·' : callName(m, r.call[k]));
    return out;
  };
  assert.deepEqual(names(4), ['·', 'x', 'y']);
  assert.deepEqual(names(5), ['·', 'a', 'b', 'c']);
  assert.deepEqual(names(6), ['·', 'a', 'b']);
  assert.deepEqual(names(8), ['·', 'x']);
  assert.deepEqual(names(9), ['·', 'a']);
  assertRunInvariants(m, 'inline');
});

test('symbols: one per run, named after task and CPU, calls continued from an earlier run say so', () => {
  const text = interleaved;
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  const syms = documentSymbols(doc, parseTrace(text));
  assert.deepEqual(syms.map((s) => s.name), ['CPU 0', 'CPU 1', 'CPU 0', 'CPU 1', 'CPU 0']);
  assert.deepEqual(crumbs(syms, 4), ['CPU 0', 'a', 'b', 'c']);
  assert.deepEqual(crumbs(syms, 3), ['CPU 1', 'x', 'y']);
  const a2 = syms[2].children![0];
  assert.equal(a2.name, 'a');
  assert.equal(a2.detail, '9 µs, continued');
  // A continued call's selection is empty, on the run's first line (inside its range, as VS Code requires).
  assert.deepEqual(a2.selectionRange, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
  const first = syms[0].children![0];
  assert.equal(first.detail, '9 µs');
  assert.deepEqual(first.selectionRange, { start: { line: 0, character: 21 }, end: { line: 0, character: 22 } });
});

test('symbols: tasks from the proc column, idle task per CPU', () => {
  const text = [
    ' 0)    <idle>-0    |               |  do_idle() {',
    ' 1)   sh-137       |               |  mntput() {',
    ' 0)    <idle>-0    |   1.000 us    |    schedule_idle();',
    ' 1)   sh-137       |   2.000 us    |    mntput_no_expire();',
    ' 1)   sh-137       |   4.000 us    |  }',
    ' 0)    <idle>-0    |   7.000 us    |  }',
  ].join('\n');
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  const syms = documentSymbols(doc, parseTrace(text));
  assert.deepEqual(syms.map((s) => s.name), ['<idle>-0 on CPU 0', 'sh-137 on CPU 1', '<idle>-0 on CPU 0', 'sh-137 on CPU 1', '<idle>-0 on CPU 0']);
  assert.deepEqual(crumbs(syms, 3), ['sh-137 on CPU 1', 'mntput', 'mntput_no_expire']);
  assert.deepEqual(crumbs(syms, 2), ['<idle>-0 on CPU 0', 'do_idle', 'schedule_idle']);
});

test('symbols: the cap keeps whole shallow levels, then the first of the next level', () => {
  const text = interleaved;
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  const m = parseTrace(text);
  const count = (list: readonly DocumentSymbol[]): number => list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
  const all = count(documentSymbols(doc, m));
  assert.equal(all, taskRuns(m).count);
  for (const cap of [0, 1, 5, 7, all]) assert.equal(count(documentSymbols(doc, m, cap)), Math.min(cap, all));
  const seven = documentSymbols(doc, m, 7);
  assert.equal(seven.length, 5);
  assert.deepEqual(seven.map((s) => s.children!.length), [1, 1, 0, 0, 0]);
});

test('runs: invariants on every fixture', () => {
  const dir = join(__dirname, '..', '..', 'fixtures');
  for (const f of readdirSync(dir).filter((n) => !n.endsWith('README.md'))) {
    assertRunInvariants(parseTrace(readFileSync(join(dir, f), 'utf8')), f);
  }
});

test('runs: deep nesting without recursion', () => {
  const depth = 2000;
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(` 0)               |  ${'  '.repeat(i)}f${i}() {`);
  for (let i = depth - 1; i >= 0; i--) lines.push(` 0)   1.000 us    |  ${'  '.repeat(i)}}`);
  const text = lines.join('\n');
  const m = parseTrace(text);
  assert.equal(taskRuns(m).count, depth + 1);
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  let d = 0;
  for (let s: DocumentSymbol | undefined = documentSymbols(doc, m, 1e9)[0]; s; s = s.children?.[0]) d++;
  assert.equal(d, 1 + MAX_SYMBOL_DEPTH + 2);
});
