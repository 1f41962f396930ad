// Flame view data: the core's columns (timeline order, lanes, times), their base64 encoding, and the webview's trees (merge, sandwich) and level-of-detail culling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inInterrupt, parseTrace } from '../../server/src/core/index';
import { flameColumns } from '../../server/src/core/flame/flameColumns';
import { cpuTimes } from '../../server/src/core/analysis/offCpu';
import { flameData, textTimes } from '../../server/src/flameRequest';
import { CpuState, FLAME_IN_INTERRUPT, type FlameDataResult } from '../../server/src/protocol';
import { flameBuffer } from '../../client/src/flame/flameBuffer';
import type { FlamePayload } from '../../client/src/flame/messages';
import { Trace } from '../../client/src/flame/webview/trace';
import { ALL, cpuKind, finishBoxes, mergeBoxes, offCpuTotals, parents, sandwich, visitVisible, type Boxes } from '../../client/src/flame/webview/boxes';
import { displayName } from '../../client/src/flame/webview/names';
import { tooltipLines } from '../../client/src/flame/webview/tooltipText';
import { searchTrace } from '../../client/src/flame/webview/search';
import { luminance, readPalette, textOn } from '../../client/src/flame/webview/colors';
import { fixture, generatedTrace, root, seedText } from './exportFixtures';
import { callLanes, layoutCalls, lineTimesOfText } from '../../server/src/core/export/index';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Timeline boxes as the webview builds them from the server's answer (inline base64, decoded as the client does). */
async function boxesOf(text: string): Promise<{ boxes: Boxes; names: readonly string[]; lanes: { label: string; first: number; count: number }[] }> {
  const model = parseTrace(text);
  const r = flameData(model, 1, textTimes(() => text, model), () => undefined);
  assert.equal(r.file, undefined);
  const buf = await flameBuffer(r);
  const t = new Trace(payloadFields(r, buf));
  assert.equal(t.timeline.n, r.count);
  return { boxes: t.timeline, names: r.names, lanes: r.lanes.map((l) => ({ label: l.label, first: l.first, count: l.count })) };
}

/** The webview's payload of an answer (as client/src/flame/flamePanel.ts builds it, without vscode). */
function payloadFields(r: FlameDataResult, buffer: ArrayBuffer): FlamePayload {
  return { title: 't', version: r.version, count: r.count, clock: r.clock, names: r.names, lanes: r.lanes, taskInfo: r.taskInfo, columns: r.columns, buffer };
}

const nameIndex = (names: readonly string[], n: string): number => names.indexOf(n);

test('columns: every call once, lane by lane, children after their parent and inside it', () => {
  const text = fixture('k61-smp4-default-head.trace');
  const model = parseTrace(text);
  const f = flameColumns(model, lineTimesOfText(model, text));
  assert.equal(f.startNs.length, model.callCount);
  assert.equal(f.lanes.reduce((s, l) => s + l.count, 0), model.callCount);
  assert.deepEqual(f.lanes.map((l) => l.label), ['CPU 0', 'CPU 1', 'CPU 2', 'CPU 3'].filter((l) => f.lanes.some((x) => x.label === l)));
  const lines = new Set(f.line);
  assert.equal(lines.size, model.callCount, 'each call has its own first line');
  const b = finishBoxes(f.startNs, f.durNs, f.level, f.name, f.line);
  const p = parents(b);
  for (let i = 0; i < b.n; i++) {
    if (p[i] < 0) continue;
    assert.ok(b.start[i] >= b.start[p[i]] && b.start[i] + b.dur[i] <= b.start[p[i]] + b.dur[p[i]] + 1e-6, `box ${i} outside its parent`);
  }
});

test('seed over the wire: the 2680.276 µs ioctl at its line, lanes per task', async () => {
  const { boxes, names, lanes } = await boxesOf(seedText());
  assert.deepEqual(lanes.map((l) => l.label), ['CPU 1 · ksoftir-18', 'CPU 1 · qemu-kv-17653']);
  const ioctl = nameIndex(names, 'vfio_fops_unl_ioctl [vfio]');
  const i = [...boxes.name.keys()].find((k) => boxes.name[k] === ioctl && boxes.dur[k] === 2680276);
  assert.ok(i !== undefined);
  const lineText = seedText().split('\n')[boxes.line[i]];
  assert.match(lineText, /vfio_fops_unl_ioctl \[vfio\]\(\) \{/);
  assert.equal(boxes.level[i], 0);
  // Self time as the model computes it.
  assert.equal(boxes.self[i], 2844);
});

test('merge: identical paths merged, widths sum, children widest first, root holds everything', async () => {
  const { boxes, names } = await boxesOf(seedText());
  const m = mergeBoxes(boxes, names.length);
  assert.equal(m.name[0], ALL);
  let roots = 0;
  for (let i = 0; i < boxes.n; i++) if (boxes.level[i] === 0) roots += boxes.dur[i];
  assert.equal(m.dur[0], roots);
  // Paths are unique among siblings, and siblings are widest first and packed from the parent's start.
  const p = parents(m);
  for (let i = 1; i < m.n; i++) {
    const sibs: number[] = [];
    for (let j = i; j < m.end[p[i]]; j = m.end[j]) if (p[j] === p[i]) sibs.push(j);
    if (sibs[0] !== i) continue;
    assert.equal(new Set(sibs.map((s) => m.name[s])).size, sibs.length);
    for (let k = 1; k < sibs.length; k++) {
      assert.ok(m.dur[sibs[k - 1]] >= m.dur[sibs[k]]);
      assert.equal(m.start[sibs[k]], m.start[sibs[k - 1]] + m.dur[sibs[k - 1]]);
    }
  }
  // The two outer ioctl calls with children merge into one box of their summed time.
  const ioctl = nameIndex(names, 'vfio_fops_unl_ioctl [vfio]');
  const merged = [...m.name.keys()].filter((k) => m.name[k] === ioctl && m.level[k] === 1);
  assert.equal(merged.length, 1);
  let sum = 0;
  let calls = 0;
  for (let i = 0; i < boxes.n; i++) if (boxes.name[i] === ioctl && boxes.level[i] === 0) {
    sum += boxes.dur[i];
    calls++;
  }
  assert.equal(m.dur[merged[0]], sum);
  assert.equal(m.calls?.[merged[0]], calls);
  // Self times are kept: the merged self total equals the timeline's.
  let selfT = 0;
  let selfM = 0;
  for (let i = 0; i < boxes.n; i++) selfT += boxes.self[i];
  for (let i = 1; i < m.n; i++) selfM += m.self[i];
  assert.ok(Math.abs(selfT - selfM) < 1e-6);
});

test('sandwich: callers above and callees below one function; recursion counted once', async () => {
  const { boxes, names } = await boxesOf(seedText());
  const fn = nameIndex(names, '_cond_resched');
  const s = sandwich(boxes, fn, names.length);
  let total = 0;
  let count = 0;
  for (let i = 0; i < boxes.n; i++) if (boxes.name[i] === fn) {
    total += boxes.dur[i];
    count++;
  }
  assert.equal(s.outermost, count);
  assert.equal(s.totalNs, total);
  assert.equal(s.callers.dur[0], total);
  assert.equal(s.callees.dur[0], total);
  // Every _cond_resched calls rcu_all_qs: the only callee path.
  assert.deepEqual([...s.callees.name.slice(1)].map((k) => names[k]), ['rcu_all_qs']);
  // Callers: its direct callers at level 1, their widths summing to the total.
  let lvl1 = 0;
  for (let i = 0; i < s.callers.n; i++) if (s.callers.level[i] === 1) lvl1 += s.callers.dur[i];
  assert.equal(lvl1, total);
  // Recursion: a(){ a(){ b(); } } counts the outer a once.
  const rec = finishBoxes(new Float64Array([0, 10, 20]), new Float64Array([100, 50, 10]), new Uint16Array([0, 1, 2]), new Int32Array([0, 0, 1]), new Int32Array([0, 1, 2]));
  const r = sandwich(rec, 0, 2);
  assert.equal(r.outermost, 1);
  assert.equal(r.totalNs, 100);
});

test('level of detail: boxes under a pixel are slivers, their subtrees never visited; off-screen subtrees skipped', async () => {
  const text = generatedTrace(20_000, 2);
  const { boxes } = await boxesOf(text);
  const total = boxes.start[boxes.n - 1] + boxes.dur[boxes.n - 1];
  let drawn = 0;
  let slivers = 0;
  // 1000 px over everything: each top-level call (2 µs) is far under a pixel.
  visitVisible(boxes, 0, boxes.n, 0, total * 2, (total * 2) / 1000, 100, () => drawn++, () => slivers++);
  assert.ok(drawn + slivers < boxes.n / 3, `${drawn} boxes and ${slivers} slivers of ${boxes.n}`);
  assert.ok(slivers > 0);
  // Zoomed into one top-level call: only boxes overlapping the window.
  let seen = 0;
  visitVisible(boxes, 0, boxes.n, boxes.start[0], boxes.start[0] + boxes.dur[0], boxes.dur[0] / 1000, 100, () => seen++, () => seen++);
  assert.ok(seen < 20, `${seen} visited`);
  // Rows below maxLevel are cut.
  let deep = 0;
  visitVisible(boxes, 0, boxes.n, 0, total, 0, 0, (i) => { if (boxes.level[i] > 0) deep++; }, () => undefined);
  assert.equal(deep, 0);
});

test('hostile names are shown with their hidden characters made visible, never interpreted', () => {
  assert.equal(displayName('a\u202Eb\u200Bc'), 'a⟨U+202E⟩b⟨U+200B⟩c');
  assert.equal(displayName('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(displayName(undefined), '?');
});

test('columns place every call where layoutCalls (the exports) does, on every fixture', () => {
  const files = readdirSync(join(root, 'fixtures')).filter((f) => /\.(trace|txt)$/.test(f));
  const texts = [...files.map((f) => [f, fixture(f)]), ['seed', seedText()], ['generated', generatedTrace(3000, 3)]];
  for (const [label, text] of texts) {
    const model = parseTrace(text);
    const times = lineTimesOfText(model, text);
    const layout = layoutCalls(model, times);
    const f = flameColumns(model, times);
    assert.equal(f.source, layout.source, label);
    assert.equal(f.originNs, layout.minNs, label);
    assert.equal(f.startNs.length, layout.order.length, label);
    const lanes = callLanes(model).lanes;
    assert.deepEqual(f.lanes.map((l) => [l.cpu, l.pid]), lanes.map((l) => [l.cpu, l.pid]), label);
    for (let i = 0; i < layout.order.length; i++) {
      const call = layout.order[i];
      const where = `${label} box ${i} (call ${call})`;
      assert.equal(f.startNs[i], layout.startNs[call] - layout.minNs, where);
      assert.equal(f.durNs[i], Math.max(0, layout.endNs[call] - layout.startNs[call]), where);
      assert.equal(f.level[i], layout.level[call], where);
      assert.equal(f.name[i], model.calls.name[call], where);
    }
  }
});

test('over a hand-off file: private, read once and deleted; a foreign path is refused', async () => {
  const text = seedText();
  const model = parseTrace(text);
  const r = flameData(model, 3, textTimes(() => text, model));
  assert.ok(r.file !== undefined && r.data === undefined);
  assert.equal(statSync(r.file).mode & 0o777, 0o600);
  assert.equal(statSync(dirname(r.file)).mode & 0o777, 0o700);
  const buf = await flameBuffer(r);
  assert.equal(buf.byteLength, r.byteLength);
  assert.equal(existsSync(r.file), false);
  const inline = flameData(model, 3, textTimes(() => text, model), () => undefined);
  assert.deepEqual(new Uint8Array(buf), new Uint8Array(await flameBuffer(inline)));
  await assert.rejects(flameBuffer({ ...r, file: '/etc/passwd' }), /unexpected hand-off file/);
  await assert.rejects(flameBuffer({ ...inline, byteLength: r.byteLength + 1 }), /expected/);
});

test('CPU states: switched-out, idle and interrupt calls as the model says; off-CPU totals in boxes and merged trees', async () => {
  const text = fixture('k61-smp2-proc-abstime-head.trace');
  const model = parseTrace(text);
  const t = cpuTimes(model);
  const { boxes } = await boxesOf(text);
  const f = flameColumns(model, lineTimesOfText(model, text), t.state);
  const callOfLine = new Map<number, number>();
  for (let c = 0; c < model.callCount; c++) callOfLine.set(model.calls.entryLine[c] >= 0 ? model.calls.entryLine[c] : model.calls.exitLine.at(c), c);
  let sleeps = 0;
  let irqs = 0;
  for (let i = 0; i < boxes.n; i++) {
    // The model's CPU state, and the interrupt bit for the calls of interrupts.
    const irq = inInterrupt(model, callOfLine.get(boxes.line[i])!);
    assert.equal(boxes.cpu[i], f.cpu[i] | (irq ? FLAME_IN_INTERRUPT : 0));
    if (cpuKind(boxes.cpu[i]) === 'sleep') sleeps++;
    if (cpuKind(boxes.cpu[i]) === 'irq') irqs++;
  }
  assert.ok(sleeps > 0, 'the capture switches tasks');
  assert.ok(irqs > 0, 'the capture has interrupts');
  // Each top-level box's off-CPU total is the model's off-CPU time of that call.
  const off = offCpuTotals(boxes);
  const byLine = new Map<number, number>();
  for (let c = 0; c < model.callCount; c++) byLine.set(model.calls.entryLine[c] >= 0 ? model.calls.entryLine[c] : model.calls.exitLine.at(c), c);
  let checked = 0;
  for (let i = 0; i < boxes.n; i++) {
    const c = byLine.get(boxes.line[i])!;
    const want = t.offCpuNs.at(c);
    if ((boxes.cpu[i] & (CpuState.Switched | CpuState.Inferred)) === 0 || want !== want || boxes.dur[i] !== model.calls.inclusiveNs.at(c)) continue;
    assert.ok(Math.abs(off[i] - want) < 1e-6, `line ${boxes.line[i] + 1}: ${off[i]} vs ${want}`);
    checked++;
  }
  assert.ok(checked > 0);
  // Merged: the off-CPU self time is kept in total.
  const m = mergeBoxes(boxes, model.names.length);
  const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(sum(m.offSelf) - sum(boxes.offSelf)) < 1e-6);
  assert.equal(cpuKind(CpuState.Idle | CpuState.OwnSleep), 'idle');
  assert.equal(cpuKind(CpuState.Idle | FLAME_IN_INTERRUPT), 'irq', 'an interrupt during the idle task is work');
  assert.equal(cpuKind(CpuState.Switched), 'waits');
  assert.equal(cpuKind(0), 'on');
});

test('box text takes the theme color that contrasts more with the box', () => {
  const dark = readPalette((n) => ({ '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc' } as Record<string, string>)[n] ?? '');
  const light = readPalette((n) => ({ '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b' } as Record<string, string>)[n] ?? '');
  assert.equal(textOn('#89d185', dark), '#1f1f1f'); // light green box: dark text
  assert.equal(textOn('#616161', light), '#ffffff'); // dark gray box: white text
  assert.equal(textOn('#cccccc', light), '#3b3b3b'); // light gray box: dark text
  assert.equal(textOn('rgb(0, 0, 0)', dark), '#cccccc');
  assert.equal(luminance('#fff'), 1);
  assert.equal(luminance('var(--x)'), undefined);
});

test('search: names matched case-insensitively; every matching call counted, nested matches\' time once', async () => {
  const text = [
    '# tracer: function_graph',
    '#',
    '# CPU  DURATION                  FUNCTION CALLS',
    '# |     |   |                     |   |   |   |',
    ' 0)               |  Outer_Lock() {',
    ' 0)               |    helper() {',
    ' 0)   1.000 us    |      inner_lock();',
    ' 0)   3.000 us    |    }',
    ' 0) + 10.000 us   |  }',
    ' 0)   2.000 us    |  other_lock();',
    ' 0)   4.000 us    |  unrelated();',
    '',
  ].join('\n');
  const model = parseTrace(text);
  const r = flameData(model, 1, textTimes(() => text, model), () => undefined);
  const t = new Trace(payloadFields(r, await flameBuffer(r)));
  const found = searchTrace(t, 'lock');
  assert.deepEqual(r.names.filter((_, k) => found.names[k] === 1).sort(), ['Outer_Lock', 'inner_lock', 'other_lock']);
  assert.equal(found.count, 3);
  assert.equal(found.totalNs, 12_000);
  assert.equal(searchTrace(t, 'nothing').count, 0);
});

test('a trace without durations or timestamps has no timed box (the view says so first); a timed one has', async () => {
  const traceOf = async (text: string): Promise<Trace> => {
    const model = parseTrace(text);
    const r = flameData(model, 1, textTimes(() => text, model), () => undefined);
    return new Trace(payloadFields(r, await flameBuffer(r)));
  };
  const untimed = await traceOf(fixture('k61-smp2-no-duration-head.trace'));
  assert.ok(untimed.timeline.n > 100, 'every call is there');
  assert.equal(untimed.timed, false);
  assert.equal((await traceOf(fixture('k61-smp4-default-head.trace'))).timed, true);
});

test('tooltip: a box whose call began before the trace says its off-CPU time is unknown, and what the trace shows of it', async () => {
  const text = [
    '# tracer: function_graph',
    ' 0)   4.000 us    |      inner();',
    ' 0) + 40.000 us   |    } /* middle */',
    ' 0) + 50.000 us   |  } /* outer */',
    ' 0) ! 300.000 us  |    } /* schedule */',
    ' 0) ! 310.000 us  |  } /* do_wait */',
    ' ------------------------------------------',
    ' 0)       sh-10  =>  kworker-20',
    ' ------------------------------------------',
    '',
    ' 0)   2.000 us    |  k_work();',
  ].join('\n');
  const model = parseTrace(text);
  const r = flameData(model, 1, textTimes(() => text, model), () => undefined);
  const trace = new Trace(payloadFields(r, await flameBuffer(r)));
  const b = trace.timeline;
  const lines = (name: string): string[] => {
    for (let i = 0; i < b.n; i++) if (trace.nameOf(b.name[i]) === name) return tooltipLines(trace, b, 0, i);
    throw new Error(`no box ${name}`);
  };
  assert.ok(lines('middle').includes('began before the trace: off-CPU unknown'), lines('middle').join(' / '));
  // Its self time is a bound (what it called before the trace is not subtracted); a whole call's is not.
  assert.ok(lines('middle').includes('self at most 36 µs'), lines('middle').join(' / '));
  assert.ok(lines('k_work').includes('self 2 µs'), lines('k_work').join(' / '));
  assert.ok(lines('do_wait').includes('began before the trace: off-CPU unknown, at least 300 µs'), lines('do_wait').join(' / '));
  assert.ok(lines('schedule').some((l) => /^off-CPU 300 µs, on-CPU 0 ns \(inferred/.test(l)), lines('schedule').join(' / '));
  assert.ok(!lines('k_work').some((l) => /off-CPU/.test(l)));
});

test('interrupts: their boxes are marked, say so in the tooltip, and have a legend color only when the trace has some', async () => {
  const text = [
    '# tracer: function_graph',
    ' 0)               |  do_sys_read() {',
    ' 0)   2.000 us    |    irq_enter_rcu();',
    ' 0)               |    __sysvec_apic_timer_interrupt() {',
    ' 0) + 40.000 us   |      hrtimer_interrupt();',
    ' 0) + 45.000 us   |    }',
    ' 0)   3.000 us    |    a();',
    ' 0) + 60.000 us   |  }',
  ].join('\n');
  const model = parseTrace(text);
  const r = flameData(model, 1, textTimes(() => text, model), () => undefined);
  const trace = new Trace(payloadFields(r, await flameBuffer(r)));
  assert.ok(trace.interrupts);
  const b = trace.timeline;
  const kinds = new Map<string, string>();
  for (let i = 0; i < b.n; i++) kinds.set(trace.nameOf(b.name[i]), cpuKind(b.cpu[i]));
  assert.deepEqual(Object.fromEntries(kinds), { do_sys_read: 'on', irq_enter_rcu: 'irq', __sysvec_apic_timer_interrupt: 'irq', hrtimer_interrupt: 'irq', a: 'on' });
  const tip = (name: string): string[] => {
    for (let i = 0; i < b.n; i++) if (trace.nameOf(b.name[i]) === name) return tooltipLines(trace, b, 0, i);
    throw new Error(`no box ${name}`);
  };
  assert.ok(tip('hrtimer_interrupt').includes('in an interrupt'));
  assert.ok(!tip('a').includes('in an interrupt'));
  // A trace without interrupts has no marked box.
  const plain = parseTrace(' 0)   2.000 us    |  f();\n');
  const p = flameData(plain, 1, textTimes(() => ' 0)   2.000 us    |  f();\n', plain), () => undefined);
  assert.equal(new Trace(payloadFields(p, await flameBuffer(p))).interrupts, false);
});
