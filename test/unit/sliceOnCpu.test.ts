// Call slices keep the call's on-CPU analysis: a task that sleeps in schedule() and resumes on another CPU (banners; trace-cmd prefixes without banners), calls whose entry precedes the trace, every fixture call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CallFlag, DEFAULT_SLICE_LIMITS, SLICE_NOTE_PREFIX, TextLines, callLine, offCpuKind, parseTrace, sliceTrace, type TraceModel,
} from '../../server/src/core/index';
import { mapSliceLine } from '../../server/src/protocol';
import { compareCallSlice } from './sliceTimes';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const traceFiles = readdirSync(fixtures).filter((f) => /\.(trace|txt)$/.test(f));

/** The duration marker the kernel prints before a duration of `us` µs. */
function marker(us: number): string {
  return us > 1e6 ? '$' : us > 1e5 ? '@' : us > 1e4 ? '*' : us > 1000 ? '#' : us > 100 ? '!' : us > 10 ? '+' : ' ';
}

/** One event of a generated capture: CPU, task, depth, body (`f() {`, `f();`, `}`), duration (µs) of a leaf or exit. */
interface Ev {
  readonly cpu: number;
  readonly task: string;
  readonly depth: number;
  readonly body: string;
  readonly us?: number;
}

/** A context switch on a CPU. */
interface Switch {
  readonly cpu: number;
  readonly from: string;
  readonly to: string;
}

type Item = Ev | Switch;

const comm = (task: string): [string, number] => {
  const i = task.lastIndexOf('-');
  return [task.slice(0, i), Number(task.slice(i + 1))];
};

/** The events as the kernel's trace file prints them (default options: CPU and duration columns, banners at switches). */
function kernelText(items: readonly Item[]): string {
  const out = ['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', '# |     |   |                     |   |   |   |'];
  for (const it of items) {
    if ('from' in it) {
      out.push(' ------------------------------------------', ` ${it.cpu})  ${it.from.padStart(10)}  =>  ${it.to.padEnd(10)}`, ' ------------------------------------------', '');
      continue;
    }
    const dur = it.us === undefined ? ' '.repeat(14) : `${marker(it.us)} ${`${it.us.toFixed(3)} us`.padEnd(12)}`;
    out.push(` ${it.cpu}) ${dur}|  ${'  '.repeat(it.depth)}${it.body}`);
  }
  return out.join('\n') + '\n';
}

/** The same events as `trace-cmd report` prints them: a task and CPU prefix on every line, no banners. */
function traceCmdText(items: readonly Item[]): string {
  const out = ['cpus=2'];
  let ts = 100;
  for (const it of items) {
    if ('from' in it) continue;
    ts += 0.000_5;
    const [name, pid] = comm(it.task);
    const exit = it.body.startsWith('}');
    const dur = it.us === undefined ? ' '.repeat(19) : `${' '.repeat(6)}${marker(it.us)} ${`${it.us.toFixed(3)} us`.padEnd(11)}`;
    out.push(`${`${name}-${pid}`.padStart(20)}   [${String(it.cpu).padStart(3, '0')}]    ${ts.toFixed(6)}: ${exit ? 'funcgraph_exit: ' : 'funcgraph_entry:'}${dur}|  ${'  '.repeat(it.depth)}${it.body}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Task a-100 makes a system call on CPU 0, sleeps in schedule() (b-200 runs on CPU 0 meanwhile)
 * and resumes on CPU 1 (after c-300 ran there); other tasks' lines interleave throughout.
 */
const SLEEPER: readonly Item[] = [
  { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 1 },
  { cpu: 0, task: 'a-100', depth: 0, body: 'do_syscall_64() {' },
  { cpu: 0, task: 'a-100', depth: 1, body: 'x64_sys_call() {' },
  { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 2 },
  { cpu: 0, task: 'a-100', depth: 2, body: 'mutex_lock();', us: 1.5 },
  { cpu: 0, task: 'a-100', depth: 2, body: 'schedule() {' },
  { cpu: 0, task: 'a-100', depth: 3, body: 'rcu_note_context_switch();', us: 2 },
  { cpu: 0, from: 'a-100', to: 'b-200' },
  { cpu: 0, task: 'b-200', depth: 0, body: 'b_work() {' },
  { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 3 },
  { cpu: 0, task: 'b-200', depth: 1, body: 'b_leaf();', us: 4 },
  { cpu: 0, task: 'b-200', depth: 0, body: '}', us: 9 },
  { cpu: 1, from: 'c-300', to: 'a-100' },
  { cpu: 1, task: 'a-100', depth: 3, body: 'finish_task_switch();', us: 3 },
  { cpu: 1, task: 'a-100', depth: 2, body: '}', us: 420 },
  { cpu: 0, task: 'b-200', depth: 0, body: 'b_work();', us: 5 },
  { cpu: 1, task: 'a-100', depth: 2, body: 'copy_to_user();', us: 6 },
  { cpu: 1, task: 'a-100', depth: 1, body: '}', us: 450 },
  { cpu: 0, task: 'b-200', depth: 0, body: 'b_work();', us: 7 },
  { cpu: 1, task: 'a-100', depth: 0, body: '}', us: 470 },
  { cpu: 1, from: 'a-100', to: 'c-300' },
  { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 8 },
];

/** The call of task `pid` named `fn`. */
function callOf(model: TraceModel, fn: string, pid: number): number {
  for (let id = 0; id < model.callCount; id++) if (model.names[model.calls.name[id]] === fn && model.calls.pid[id] === pid) return id;
  throw new Error(`no call ${fn} of ${pid}`);
}

test('a call that sleeps and resumes on another CPU keeps its on-CPU and off-CPU time in its slice (banners, and trace-cmd prefixes without banners)', () => {
  for (const [format, text] of [['kernel', kernelText(SLEEPER)], ['trace-cmd', traceCmdText(SLEEPER)]] as const) {
    const model = parseTrace(text);
    const source = new TextLines(text);
    const sched = callOf(model, 'schedule', 100);
    // The generated trace says what it should: a-100 was switched out inside schedule().
    assert.equal(offCpuKind(model, sched), 'measured', `${format}: the full trace sees the switch`);
    assert.ok((model.calls.flags[sched] & CallFlag.SwitchedOut) !== 0);
    for (const fn of ['do_syscall_64', 'x64_sys_call', 'schedule', 'finish_task_switch', 'copy_to_user']) {
      const id = callOf(model, fn, 100);
      const r = compareCallSlice(model, source, id);
      assert.deepEqual(r.diffs, [], `${format}: ${fn}`);
      const sm = parseTrace(r.slice.text);
      // No line of b-200 or c-300 but the switches.
      const body = r.slice.text.split('\n').filter((l) => !l.startsWith('#') && l.trim() !== '' && !l.startsWith('cpus='));
      const foreign = body.filter((l) => /b_work|b_leaf|c_work/.test(l));
      if (format === 'kernel') assert.deepEqual(foreign, [], `${format}: ${fn}: only a-100's lines and banners`);
      else assert.ok(foreign.length <= 2 && foreign.length === r.switchLines, `${format}: ${fn}: ${foreign.join(' / ')}`);
      if (fn === 'x64_sys_call') {
        assert.equal(offCpuKind(sm, r.sliceCall), 'measured');
        if (format === 'kernel') assert.equal(body.filter((l) => l.includes('=>')).length, 2, 'the switch out on CPU 0 and in on CPU 1');
        else assert.equal(r.switchLines, 1, 'the first line of b-200 on CPU 0 after a-100 left it');
        assert.match(r.slice.text, /# ftrace-lens: kept: the call's \d+ lines .* and \d+ lines? where a-100 leaves or gets a CPU/);
      }
    }
  }
});

test('a slice of a call whose entry precedes the trace starts at its first traced line and says so; an exit alone says that', () => {
  const items: Item[] = [
    { cpu: 0, task: 'a-100', depth: 2, body: 'inner();', us: 1 },
    { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 1 },
    { cpu: 0, task: 'a-100', depth: 1, body: '} /* middle */', us: 5 },
    { cpu: 1, task: 'c-300', depth: 0, body: 'c_work();', us: 2 },
    { cpu: 0, task: 'a-100', depth: 1, body: 'leaf2();', us: 2 },
    { cpu: 0, task: 'a-100', depth: 0, body: '} /* outer */', us: 20 },
    { cpu: 1, task: 'c-300', depth: 0, body: '} /* lone */', us: 30 },
  ];
  const text = kernelText(items);
  const model = parseTrace(text);
  const source = new TextLines(text);
  const outer = model.lineCall.at(text.split('\n').findIndex((l) => l.includes('/* outer */')));
  assert.ok((model.calls.flags[outer] & CallFlag.MissingEntry) !== 0);
  assert.equal(model.calls.selfNs.at(outer), 13_000, 'outer adopted middle and leaf2');
  const r = compareCallSlice(model, source, outer);
  assert.deepEqual(r.diffs, []);
  const lines = r.slice.text.split('\n');
  const inner = text.split('\n').findIndex((l) => l.includes('inner();'));
  assert.match(r.slice.text, new RegExp(`its entry precedes the trace \\(only its exit was printed, line ${callLine(model, outer) + 1}\\): the slice starts at the first line the trace has of it, line ${inner + 1}`));
  assert.deepEqual(lines.filter((l) => /^ \d\)/.test(l)).map((l) => l.trim().replace(/.*\|\s*/, '')), ['inner();', '} /* middle */', 'leaf2();', '} /* outer */']);
  assert.equal(r.slice.focusLine, lines.findIndex((l) => l.includes('/* outer */')), 'opens at its exit, its line in the Call Tree');
  const lone = model.lineCall.at(text.split('\n').findIndex((l) => l.includes('/* lone */')));
  const s = sliceTrace(model, source, { kind: 'call', line: callLine(model, lone) }, DEFAULT_SLICE_LIMITS);
  assert.ok(typeof s !== 'string');
  assert.match(s.text, /no line inside it was traced: the slice holds its exit only/);
  assert.equal(s.text.split('\n').filter((l) => /^ \d\)/.test(l)).length, 1);
});

test('every timed call of every fixture has the same inclusive, self, on-CPU, off-CPU time and ranking in its slice, entry missing or not', () => {
  let checked = 0;
  let missing = 0;
  for (const f of traceFiles) {
    const text = readFileSync(join(fixtures, f), 'utf8');
    const model = parseTrace(text);
    const source = new TextLines(text);
    const c = model.calls;
    for (let id = 0; id < model.callCount; id++) {
      if ((c.flags[id] & (CallFlag.Leaf | CallFlag.Timed)) !== CallFlag.Timed) continue;
      const r = compareCallSlice(model, source, id);
      assert.deepEqual(r.diffs, [], `${f}: call ${id} (line ${callLine(model, id) + 1})`);
      assert.equal(r.slice.truncated, null);
      checked++;
      if ((c.flags[id] & CallFlag.MissingEntry) !== 0) missing++;
    }
  }
  assert.ok(checked > 500 && missing > 20, `${checked} calls checked, ${missing} with a missing entry`);
});

test('task, CPU and window slices map every line but their notes to the full trace, and their header says which lines', () => {
  const text = readFileSync(join(fixtures, 'k61-smp2-proc-abstime-head.trace'), 'utf8');
  const model = parseTrace(text);
  const source = new TextLines(text);
  const stamps = text.split('\n').map((l) => /(\d+\.\d{6}) \|/.exec(l)?.[1]).filter((x): x is string => x !== undefined).map(Number);
  for (const sel of [{ kind: 'task', pid: 15 }, { kind: 'cpu', cpu: 0 }, { kind: 'window', fromUs: stamps[40] * 1e6, toUs: stamps[90] * 1e6 }] as const) {
    const s = sliceTrace(model, source, sel, DEFAULT_SLICE_LIMITS);
    assert.ok(typeof s !== 'string');
    const lines = s.text.split('\n');
    for (let i = 0; i < s.lines; i++) {
      const f = mapSliceLine(s.lineMap, i);
      assert.equal(f === null, lines[i].startsWith(SLICE_NOTE_PREFIX), `${sel.kind}: slice line ${i + 1}`);
      if (f !== null) assert.equal(lines[i], source.text(f));
    }
    const note = lines.find((l) => l.includes(': line numbers: '))!;
    const first = mapSliceLine(s.lineMap, lines.findIndex((l, i) => i > 4 && !l.startsWith('#')))!;
    assert.ok(note.includes(`${(first + 1).toLocaleString('en-US')}`), `${sel.kind}: ${note}`);
    assert.match(lines.find((l) => l.includes(': kept: '))!, sel.kind === 'window' ? /stamped from/ : sel.kind === 'cpu' ? /calls on CPU 0/ : /calls of rcu_pre-15/);
    if (sel.kind === 'task') {
      // The task slice keeps the banners that name the task, and only those.
      const banners = lines.filter((l) => l.includes('=>'));
      assert.ok(banners.length > 0 && banners.every((l) => l.includes('-15 ')), banners.join(' / '));
    }
  }
});
