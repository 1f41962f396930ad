// Exports (Trace Event JSON, speedscope JSON, folded stacks) on the seed, a real 2-CPU abstime capture and generated traces: values, nesting, streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallFlag, parseTrace } from '../../server/src/core/index';
import {
  chromeTraceChunks, foldedChunks, layoutCalls, lineTimesOfText, speedscopeChunks, LineTimeReader, SPEEDSCOPE_SCHEMA,
} from '../../server/src/core/export/index';
import { fixture, generatedTrace, modelAndLayout, seedText } from './exportFixtures';

interface TraceEvent { ph: string; name: string; cat?: string; pid: number; tid: number; ts?: number; dur?: number; s?: string; args?: Record<string, unknown> }

function chrome(text: string): { events: TraceEvent[]; json: { traceEvents: TraceEvent[]; otherData: Record<string, unknown> } } {
  const { model, layout } = modelAndLayout(text);
  const json = JSON.parse([...chromeTraceChunks(model, layout)].join(''));
  return { events: json.traceEvents, json };
}

/** Checks that complete events nest per thread (in whole ns, as Perfetto reads them) and returns the count. */
function assertNested(events: TraceEvent[]): number {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) if (e.ph === 'X') (byThread.get(`${e.pid}/${e.tid}`) ?? byThread.set(`${e.pid}/${e.tid}`, []).get(`${e.pid}/${e.tid}`)!).push(e);
  let n = 0;
  for (const [thread, list] of byThread) {
    const spans = list.map((e) => ({ s: Math.round(e.ts! * 1000), e: Math.round(e.ts! * 1000) + Math.round(e.dur! * 1000), name: e.name }));
    spans.sort((a, b) => a.s - b.s || b.e - a.e);
    const stack: { s: number; e: number }[] = [];
    for (const sp of spans) {
      while (stack.length > 0 && stack[stack.length - 1].e <= sp.s && !(stack[stack.length - 1].s === sp.s && sp.e === sp.s)) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined) assert.ok(sp.e <= top.e, `${thread}: ${sp.name} [${sp.s}, ${sp.e}] sticks out of its parent [${top.s}, ${top.e}]`);
      stack.push(sp);
      n++;
    }
  }
  return n;
}

test('chrome: the seed, one complete event per timed call, durations as printed, CPU and task named', () => {
  const text = seedText();
  const model = parseTrace(text);
  const { events, json } = chrome(text);
  assert.equal(json.otherData.clock, 'durations');
  const x = events.filter((e) => e.ph === 'X');
  assert.equal(x.length + events.filter((e) => e.ph === 'i').length, model.callCount);
  const ioctl = x.filter((e) => e.name === 'vfio_fops_unl_ioctl [vfio]' && e.dur === 2680.276);
  assert.equal(ioctl.length, 1);
  assert.equal(ioctl[0].cat, 'vfio');
  assert.equal(ioctl[0].pid, 1);
  assert.equal(ioctl[0].tid, 17653);
  const meta = events.filter((e) => e.ph === 'M');
  assert.ok(meta.some((e) => e.name === 'process_name' && e.pid === 1 && e.args?.name === 'CPU 1'));
  assert.ok(meta.some((e) => e.name === 'thread_name' && e.tid === 17653 && e.args?.name === 'qemu-kv-17653'));
  // Every printed duration comes through unchanged.
  let timed = 0;
  for (let id = 0; id < model.callCount; id++) if ((model.calls.flags[id] & CallFlag.Timed) !== 0) timed++;
  const durs = x.filter((e) => e.args?.derived !== true).map((e) => e.dur).sort();
  const printed = [];
  for (let id = 0; id < model.callCount; id++) if ((model.calls.flags[id] & CallFlag.Timed) !== 0) printed.push(Math.round(model.calls.inclusiveNs.at(id)) / 1000);
  assert.equal(durs.length, timed);
  assert.deepEqual(durs, printed.sort());
  assertNested(events);
  // Reconstructed clock: the first top-level call starts at 0, siblings follow each other.
  assert.equal(Math.min(...x.map((e) => e.ts!)), 0);
});

test('chrome: real captures with abstime, ts are the printed timestamps, one process per CPU', () => {
  const multi = chrome(fixture('02-kernel-proc-abstime-tail-16cpu.trace'));
  assert.equal(multi.json.otherData.clock, 'abstime');
  const pids = new Set(multi.events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  assert.deepEqual([...pids].sort((a, b) => a - b), [3, 7, 12]);
  // `86532.000914 |   12)  kworker-212   |   0.702 us    |    kfree();`
  const kfree = multi.events.find((e) => e.name === 'kfree');
  assert.deepEqual({ ts: kfree?.ts, dur: kfree?.dur, pid: kfree?.pid, tid: kfree?.tid }, { ts: 86532000914, dur: 0.702, pid: 12, tid: 212 });
  assert.ok(multi.events.some((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 12 && e.tid === 212 && e.args?.name === 'kworker-212'));
  assertNested(multi.events);

  const text = fixture('k61-smp2-proc-abstime-head.trace');
  const { model, layout } = modelAndLayout(text);
  assert.equal(layout.source, 'abstime');
  const { events } = chrome(text);
  // `   14.370690 |   0)    <idle>-0    |   4.158 us    |      tick_check_oneshot_broadcast_this_cpu();`
  const leaf = events.find((e) => e.name === 'tick_check_oneshot_broadcast_this_cpu');
  assert.deepEqual({ ts: leaf?.ts, dur: leaf?.dur, pid: leaf?.pid, tid: leaf?.tid }, { ts: 14370690, dur: 4.158, pid: 0, tid: 0 });
  // Entry lines start their calls at the printed time unless moved to nest (counted).
  const times = lineTimesOfText(model, text);
  let atPrinted = 0;
  let stamped = 0;
  for (let id = 0; id < model.callCount; id++) {
    if (times.entryNs[id] === times.entryNs[id]) stamped++;
    if (layout.startNs[id] === times.entryNs[id]) atPrinted++;
  }
  assert.ok(stamped > model.callCount / 2);
  assert.ok(stamped - atPrinted <= layout.adjusted, `${stamped - atPrinted} moved, ${layout.adjusted} counted`);
  assert.ok(assertNested(events) > 300);
});

test('chrome: calls of no known length are instant events, derived spans are marked', () => {
  const text = fixture('k61-smp2-no-duration-head.trace');
  const { model, layout } = modelAndLayout(text);
  const { events } = chrome(text);
  const instants = events.filter((e) => e.ph === 'i');
  const x = events.filter((e) => e.ph === 'X');
  assert.equal(instants.length + x.length, model.callCount);
  assert.ok(instants.length > 0 || layout.derived > 0);
  for (const e of x) if (e.args?.derived === true) assert.ok(e.dur! > 0);
  for (const e of instants) assert.equal(e.s, 't');
});

test('speedscope: schema, one evented profile per lane, balanced open/close events that never go back', () => {
  for (const text of [seedText(), fixture('k61-smp2-proc-abstime-head.trace'), fixture('k61-smp4-default-head.trace')]) {
    const { model, layout } = modelAndLayout(text);
    const file = JSON.parse([...speedscopeChunks(model, layout, 'seed')].join(''));
    assert.equal(file.$schema, SPEEDSCOPE_SCHEMA);
    assert.equal(file.profiles.length, layout.lanes.lanes.length);
    assert.equal(file.shared.frames.length, model.names.length + 1);
    let opens = 0;
    for (const p of file.profiles) {
      assert.equal(p.type, 'evented');
      assert.equal(p.unit, 'nanoseconds');
      const stack: number[] = [];
      let at = -Infinity;
      for (const e of p.events) {
        assert.ok(e.at >= at, `${p.name}: time goes back at ${e.at}`);
        at = e.at;
        if (e.type === 'O') {
          stack.push(e.frame);
          opens++;
        } else assert.equal(stack.pop(), e.frame);
        assert.ok(e.at >= p.startValue && e.at <= p.endValue);
      }
      assert.equal(stack.length, 0);
    }
    assert.equal(opens, model.callCount);
  }
});

test('speedscope: the seed ioctl spans 2680.276 µs', () => {
  const { model, layout } = modelAndLayout(seedText());
  const file = JSON.parse([...speedscopeChunks(model, layout, 'seed')].join(''));
  const frame = file.shared.frames.findIndex((f: { name: string }) => f.name === 'vfio_fops_unl_ioctl [vfio]');
  const spans: number[] = [];
  for (const p of file.profiles) {
    const open: number[] = [];
    for (const e of p.events) {
      if (e.type === 'O') open.push(e.at);
      else {
        const s = open.pop()!;
        if (e.frame === frame) spans.push(e.at - s);
      }
    }
  }
  assert.ok(spans.includes(2680276), spans.join(' '));
});

test('folded: self times per path sum to the total self time; the seed paths', () => {
  for (const text of [seedText(), fixture('k61-smp4-default-head.trace'), fixture('k61-smp2-proc-abstime-head.trace')]) {
    const model = parseTrace(text);
    const out = [...foldedChunks(model)].join('');
    let sum = 0;
    const seen = new Set<string>();
    for (const line of out.split('\n')) {
      if (line === '') continue;
      const m = /^(.+) (\d+)$/.exec(line);
      assert.ok(m, line);
      assert.ok(!seen.has(m[1]), `path twice: ${m[1]}`);
      seen.add(m[1]);
      sum += Number(m[2]);
    }
    let total = 0;
    for (let id = 0; id < model.callCount; id++) if (model.calls.selfNs.at(id) > 0) total += model.calls.selfNs.at(id);
    assert.equal(sum, Math.round(total));
  }
  const seed = [...foldedChunks(parseTrace(seedText()))].join('');
  assert.match(seed, /^schedule 187566289000$/m);
  // The seed's vfio ioctl of 2680.276 µs: its self time is its own path's share (two ioctls of the same path merge).
  assert.match(seed, /^vfio_fops_unl_ioctl \[vfio\];vfio_iommu_type1_attach_group \[vfio_iommu_type1\];vfio_iommu_attach_group\.isra\.16 \[vfio_iommu_type1\] \d+$/m);
});

test('exports never build one giant string: bounded chunks on a 60k-call trace', () => {
  const text = generatedTrace(60_000, 4);
  const { model, layout } = modelAndLayout(text);
  assert.equal(layout.source, 'durations');
  for (const [name, gen] of [['chrome', chromeTraceChunks(model, layout)], ['speedscope', speedscopeChunks(model, layout, 'g')], ['folded', foldedChunks(model)]] as const) {
    let count = 0;
    let max = 0;
    let total = 0;
    for (const chunk of gen) {
      count++;
      max = Math.max(max, chunk.length);
      total += chunk.length;
    }
    assert.ok(max < 70_000, `${name}: a chunk of ${max} characters`);
    if (name !== 'folded') assert.ok(count > 20, `${name}: ${count} chunks for ${total} characters`);
  }
});

test('hostile names: valid JSON, folded separators replaced', () => {
  const names = ['a"b\\c', '<img/src/onerror=alert`1`>', '</script>', 'semi;colon', '\u202Eevil\u200B'];
  const text = generatedTrace(50, 2, names);
  const { model, layout } = modelAndLayout(text);
  const c = JSON.parse([...chromeTraceChunks(model, layout)].join(''));
  const got = new Set(c.traceEvents.filter((e: TraceEvent) => e.ph === 'X').map((e: TraceEvent) => e.name));
  for (const n of names) assert.ok(got.has(n), n);
  const s = JSON.parse([...speedscopeChunks(model, layout, '</script>')].join(''));
  assert.equal(s.name, '</script>');
  const folded = [...foldedChunks(model)].join('');
  assert.ok(folded.includes('semi_colon'));
  assert.ok(!folded.includes('semi;colon'));
});

test('line times: fed in any chunking, the same stamps; a trace without stamps stops early', () => {
  const text = fixture('k61-smp2-proc-abstime-head.trace');
  const model = parseTrace(text);
  const whole = lineTimesOfText(model, text);
  const r = new LineTimeReader(model);
  for (let i = 0; i < text.length; i += 7) r.feed(text.slice(i, i + 7));
  const pieces = r.finish();
  assert.deepEqual([...pieces.entryNs], [...whole.entryNs]);
  assert.deepEqual([...pieces.exitNs], [...whole.exitNs]);
  assert.ok(whole.stamped > 100);
  const plain = generatedTrace(5000, 2);
  const pm = parseTrace(plain);
  const pr = new LineTimeReader(pm);
  pr.feed(plain);
  assert.equal(pr.wantsMore, false);
  assert.equal(pr.finish().stamped, 0);
  assert.equal(layoutCalls(pm, pr.finish()).source, 'durations');
});

test('empty and junk input export without throwing', () => {
  for (const text of ['', 'hello\nworld\n', '\u0000\u0001garbage']) {
    const { model, layout } = modelAndLayout(text);
    assert.doesNotThrow(() => JSON.parse([...chromeTraceChunks(model, layout)].join('')));
    assert.doesNotThrow(() => JSON.parse([...speedscopeChunks(model, layout, 'x')].join('')));
    assert.equal([...foldedChunks(model)].join(''), '');
  }
});
