// Corpus checks of slices: on multi-CPU captures a call keeps its inclusive, self, on-CPU and off-CPU time and ranking in its slice; a task slice keeps its calls' times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import {
  CallFlag, DEFAULT_SLICE_LIMITS, TextLines, callLine, cpuTimes, parseTrace, sliceTrace, type TraceModel,
} from '../../server/src/core/index';
import { mapSliceLine } from '../../server/src/protocol';
import { compareCallSlice } from '../unit/sliceTimes';
import { corpus, present, read } from './corpusFiles';

/** Multi-CPU captures of every kind of task information: banners, proc column, trace-cmd prefixes, no CPU column, arm64 irq arrows. */
const CAPTURES = [
  'k61-smp4-default.trace.gz', 'k61-smp2-proc-abstime.trace.gz', 'k61-smp2-tracecmd-report.txt.gz', 'k61-smp2-no-cpu.trace.gz',
  'k61-smp2-irqs-on.trace.gz', 'a61-smp2-irqs-on.trace.gz', 'k61-smp2-marker-events.trace.gz',
];

/** Timed calls with children to check: every one that slept, moved or lacks its entry (up to `n`), and `n` more spread over the trace. */
function sample(model: TraceModel, n: number): number[] {
  const c = model.calls;
  const special: number[] = [];
  const plain: number[] = [];
  for (let id = 0; id < model.callCount; id++) {
    if ((c.flags[id] & (CallFlag.Leaf | CallFlag.Timed)) !== CallFlag.Timed) continue;
    if ((c.flags[id] & (CallFlag.SwitchedOut | CallFlag.MissingEntry | CallFlag.Migrated)) !== 0) special.push(id);
    else plain.push(id);
  }
  const spread = (ids: number[]): number[] => ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / n)) === 0).slice(0, n);
  // Calls that contain a switch deeper down, too: the ancestors of the switching calls.
  const withAncestors = new Set(spread(special));
  for (const id of [...withAncestors]) for (let p = c.parent[id]; p >= 0 && withAncestors.size < 3 * n; p = c.parent[p]) if ((c.flags[p] & CallFlag.Timed) !== 0) withAncestors.add(p);
  return [...withAncestors, ...spread(plain)];
}

test('multi-CPU captures: a call has the same inclusive, self, on-CPU, off-CPU time and ranking in its slice as in the full trace', { skip: !present && 'corpus absent' }, () => {
  let checked = 0;
  let switched = 0;
  for (const name of CAPTURES) {
    const text = read(join(corpus, 'real', name));
    const model = parseTrace(text);
    const source = new TextLines(text);
    const t = cpuTimes(model);
    for (const id of sample(model, 60)) {
      const r = compareCallSlice(model, source, id);
      assert.deepEqual(r.diffs, [], `${name}: call ${id} (line ${callLine(model, id) + 1})`);
      checked++;
      if (t.offCpuNs.at(id) > 0) switched++;
    }
  }
  assert.ok(checked > 500 && switched > 50, `${checked} calls, ${switched} with off-CPU time`);
});

test('multi-CPU captures: a task slice keeps the times of the task\'s calls', { skip: !present && 'corpus absent' }, () => {
  let checked = 0;
  for (const name of CAPTURES) {
    const text = read(join(corpus, 'real', name));
    const model = parseTrace(text);
    const source = new TextLines(text);
    const c = model.calls;
    // The task with the most switching calls.
    const count = new Map<number, number>();
    for (let id = 0; id < model.callCount; id++) if (c.pid[id] > 0 && (c.flags[id] & CallFlag.SwitchedOut) !== 0) count.set(c.pid[id], (count.get(c.pid[id]) ?? 0) + 1);
    const pid = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (pid === undefined) continue;
    const s = sliceTrace(model, source, { kind: 'task', pid }, DEFAULT_SLICE_LIMITS);
    assert.ok(typeof s !== 'string' && s.truncated === null, `${basename(name)}: task ${pid}`);
    const sm = parseTrace(s.text);
    const t = cpuTimes(model);
    const st = cpuTimes(sm);
    for (let sid = 0; sid < sm.callCount; sid++) {
      const f = mapSliceLine(s.lineMap, callLine(sm, sid));
      const id = f === null ? -1 : model.lineCall.at(f);
      if (id < 0 || c.pid[id] !== pid) continue;
      const at = `${name}: task ${pid}, call at line ${f! + 1}`;
      assert.ok(Object.is(sm.calls.inclusiveNs.at(sid), c.inclusiveNs.at(id)), `${at}: inclusive`);
      assert.ok(Object.is(sm.calls.selfNs.at(sid), c.selfNs.at(id)), `${at}: self`);
      assert.ok(Object.is(st.onCpuNs.at(sid), t.onCpuNs.at(id)), `${at}: on-CPU ${st.onCpuNs.at(sid)} vs ${t.onCpuNs.at(id)}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} calls`);
});
