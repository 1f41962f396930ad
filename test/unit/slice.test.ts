// Slices: a call keeps its inclusive and self time, task/CPU/window slices take the right lines, the line map points at the same text, cuts say so; slice URIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CallFlag, DEFAULT_SLICE_LIMITS, LineKind, SLICE_NOTE_PREFIX, TextLines, headerLines, parseTrace, sliceTrace, utf8Length, type SliceSelection,
  type TraceModel, type TraceSlice,
} from '../../server/src/core/index';
import {
  SLICE_MAX_BYTES, SLICE_MAX_LINES, mapFullLine, mapSliceLine, parseSliceUri, sliceUri, validSpec, type SliceSpec,
} from '../../server/src/protocol';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const read = (f: string): string => readFileSync(join(fixtures, f), 'utf8');
const traceFiles = readdirSync(fixtures).filter((f) => /\.(trace|txt)$/.test(f));

function slice(text: string, sel: SliceSelection, limits = DEFAULT_SLICE_LIMITS): { model: TraceModel; s: TraceSlice } {
  const model = parseTrace(text);
  const s = sliceTrace(model, new TextLines(text), sel, limits);
  assert.ok(typeof s !== 'string', `no slice: ${s as string}`);
  return { model, s };
}

/** Every mapped slice line has the full trace's text; lines and bytes are counted right. */
function assertMap(text: string, s: TraceSlice): void {
  const full = new TextLines(text);
  const lines = s.text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a line break');
  assert.equal(lines.length, s.lines);
  assert.equal(utf8Length(s.text), s.bytes);
  let mapped = 0;
  for (let i = 0; i < lines.length; i++) {
    const f = mapSliceLine(s.lineMap, i);
    if (f === null) continue;
    mapped++;
    assert.equal(lines[i], full.text(f), `slice line ${i} → full line ${f}`);
    assert.equal(mapFullLine(s.lineMap, f), i);
  }
  for (let k = 3; k < s.lineMap.length; k += 3) {
    assert.ok(s.lineMap[k] >= s.lineMap[k - 3] + s.lineMap[k - 1] && s.lineMap[k + 1] >= s.lineMap[k - 2] + s.lineMap[k - 1], 'runs ascend');
  }
  const notes = lines.filter((l) => l.startsWith(SLICE_NOTE_PREFIX)).length;
  assert.equal(mapped, lines.length - notes, 'every line but the slice\'s notes is mapped');
  assertHeaderComment(s);
}

/** The header comment says what the slice is and, run by run, which full-trace lines its lines are. */
function assertHeaderComment(s: TraceSlice): void {
  const lines = s.text.split('\n');
  const notes = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith(SLICE_NOTE_PREFIX));
  assert.ok(notes.length >= 3, 'title, what was kept, line numbers');
  // The notes are header lines to the parser: no "not trace text" diagnostics in the slice.
  const kinds = parseTrace(s.text).lineKinds;
  for (const [l, i] of notes) assert.equal(kinds[i], LineKind.Header, l);
  assert.equal(notes[0][0], `${SLICE_NOTE_PREFIX}slice of the full trace: ${s.title}`);
  assert.match(notes[1][0], /: kept: /);
  const numbers = notes.find(([l]) => l.includes(': line numbers: '));
  assert.ok(numbers !== undefined, 'a line-numbers note');
  const bodyStart = Math.max(...notes.filter(([l]) => !l.includes('slice cut at')).map(([, i]) => i)) + 1;
  const n = (x: string): number => Number(x.replace(/,/g, ''));
  const listed = [...numbers[0].matchAll(/(?:lines? |; )([\d,]+)(?:–([\d,]+))? (?:is|are) ([\d,]+)(?:–([\d,]+))?/g)];
  if (listed.length > 0) {
    let covered = 0;
    for (const m of listed) {
      const a = n(m[1]) - 1;
      const b = m[2] !== undefined ? n(m[2]) - 1 : a;
      for (let i = a; i <= b; i++) assert.equal(mapSliceLine(s.lineMap, i), n(m[3]) - 1 + (i - a), `slice line ${i + 1} as the note says`);
      covered += b - a + 1;
    }
    const cutNote = s.truncated !== null ? 1 : 0;
    assert.equal(covered, s.lines - bodyStart - cutNote, 'the runs listed cover the body');
  } else {
    const m = /come from lines ([\d,]+)–([\d,]+) of the full trace in ([\d,]+) runs/.exec(numbers[0]);
    assert.ok(m !== null, numbers[0]);
    assert.equal(mapSliceLine(s.lineMap, bodyStart), n(m[1]) - 1);
  }
}

test('a call slice keeps the call\'s inclusive and self time and its whole subtree (every call with entry and exit, every fixture)', () => {
  let checked = 0;
  for (const f of traceFiles) {
    const text = read(f);
    const model = parseTrace(text);
    const c = model.calls;
    for (let id = 0; id < model.callCount; id += Math.max(1, Math.floor(model.callCount / 25))) {
      if (c.entryLine[id] < 0 || c.exitLine.at(id) < 0 || (c.flags[id] & CallFlag.Timed) === 0) continue;
      const s = sliceTrace(model, new TextLines(text), { kind: 'call', line: c.entryLine[id] }, DEFAULT_SLICE_LIMITS);
      assert.ok(typeof s !== 'string', s as string);
      assertMap(text, s);
      const sm = parseTrace(s.text);
      // The call is the slice's first call: same name, inclusive, self, number of descendants.
      const root = sm.lineCall.at(s.focusLine);
      assert.ok(root >= 0, `${f}: call ${id} has no call on the focus line`);
      assert.equal(sm.names[sm.calls.name[root]], model.names[c.name[id]], `${f}: call ${id} name`);
      assert.equal(sm.calls.inclusiveNs.at(root), c.inclusiveNs.at(id), `${f}: call ${id} (line ${c.entryLine[id] + 1}) inclusive`);
      assert.equal(sm.calls.selfNs.at(root), c.selfNs.at(id), `${f}: call ${id} (line ${c.entryLine[id] + 1}) self`);
      assert.equal(mapSliceLine(s.lineMap, s.focusLine), c.entryLine[id]);
      assert.equal(s.truncated, null);
      checked++;
    }
  }
  assert.ok(checked > 50, `${checked} calls checked`);
});

test('a call slice from any line inside the call, and clear messages for lines without one', () => {
  const text = read('k61-smp2-tail-head.trace');
  const model = parseTrace(text);
  let id = 0;
  while (id < model.lineCount && !(model.lineCall.at(id) >= 0 && model.calls.exitLine.at(model.lineCall.at(id)) > id + 3)) id++;
  const inside = model.lineCall.at(id) >= 0 ? model.calls.entryLine[model.lineCall.at(id)] + 2 : -1;
  const s = sliceTrace(model, new TextLines(text), { kind: 'call', line: inside }, DEFAULT_SLICE_LIMITS);
  assert.ok(typeof s !== 'string');
  assert.match(s.title, /^call /);
  assert.equal(sliceTrace(model, new TextLines(text), { kind: 'call', line: 0 }, DEFAULT_SLICE_LIMITS), 'no call at line 1');
  assert.match(sliceTrace(model, new TextLines(text), { kind: 'call', line: 10 ** 7 }, DEFAULT_SLICE_LIMITS) as string, /not in the trace/);
});

test('task and CPU slices hold exactly the lines of that task or CPU, plus the header lines', () => {
  const text = read('b73-smp2-graphfn-vfs_read-retval.trace');
  for (const sel of [{ kind: 'cpu', cpu: 1 }, { kind: 'cpu', cpu: 0 }, { kind: 'task', pid: 96 }, { kind: 'task', pid: 1 }] as const) {
    const { model, s } = slice(text, sel);
    assertMap(text, s);
    const h = headerLines(model);
    assert.ok(h >= 3);
    const full = new Set<number>();
    for (let i = 0; i < s.lines; i++) {
      const f = mapSliceLine(s.lineMap, i);
      if (i < h) assert.equal(f, i, 'headers first');
      else if (f !== null) full.add(f);
    }
    for (let l = h; l < model.lineCount; l++) {
      const c = model.lineCall.at(l);
      if (c < 0) continue;
      const belongs = sel.kind === 'cpu' ? model.calls.cpu[c] === sel.cpu : model.calls.pid[c] === sel.pid;
      assert.equal(full.has(l), belongs, `line ${l + 1}`);
    }
    const sm = parseTrace(s.text);
    if (sel.kind === 'cpu') assert.deepEqual(sm.cpus, [sel.cpu]);
    else for (let c = 0; c < sm.callCount; c++) assert.equal(sm.calls.pid[c], sel.pid);
  }
  const model = parseTrace(text);
  assert.match(sliceTrace(model, new TextLines(text), { kind: 'cpu', cpu: 7 }, DEFAULT_SLICE_LIMITS) as string, /no calls on CPU 7/);
  assert.match(sliceTrace(model, new TextLines(text), { kind: 'task', pid: 99999 }, DEFAULT_SLICE_LIMITS) as string, /no calls of task 99999/);
});

test('a task slice keeps the switch banners that name the task', () => {
  const text = read('k61-smp2-graphfn-vfs_read-depth5.trace');
  const model = parseTrace(text);
  const pid = [...model.tasks.keys()].find((p) => p > 1);
  assert.ok(pid !== undefined, 'the fixture names a task in a banner');
  const { s } = slice(text, { kind: 'task', pid });
  assert.ok(s.text.includes(`-${pid}`), 'the banner naming the task');
  assert.equal(parseTrace(s.text).tasks.get(pid), model.tasks.get(pid));
});

test('a time window slice takes the lines stamped inside it; traces without timestamps get a clear message', () => {
  for (const f of ['k61-smp2-proc-abstime-head.trace', '10-trace-cmd-report-3.3.txt']) {
    const text = read(f);
    const full = new TextLines(text);
    const stamps = text.split('\n').map((l) => /(\d+\.\d{6})(?: \||:)/.exec(l)?.[1]).filter((x): x is string => x !== undefined).map(Number);
    assert.ok(stamps.length > 10, f);
    const from = stamps[Math.floor(stamps.length / 4)];
    const to = stamps[Math.floor(stamps.length / 2)];
    const { model, s } = slice(text, { kind: 'window', fromUs: from * 1e6, toUs: to * 1e6 });
    assertMap(text, s);
    const h = headerLines(model);
    let taken = 0;
    for (let i = h; i < s.lines; i++) {
      const f = mapSliceLine(s.lineMap, i);
      if (f === null) continue;
      const m = /(\d+\.\d{6})(?: \||:)/.exec(full.text(f));
      if (m === null) continue;
      taken++;
      assert.ok(Number(m[1]) >= from && Number(m[1]) <= to, `${f}: ${m[1]} outside ${from}..${to}`);
    }
    const inWindow = stamps.filter((t) => t >= from && t <= to).length;
    assert.equal(taken, inWindow, `${f}: every stamped line of the window`);
  }
  const plain = read('k61-smp2-tail-head.trace');
  assert.match(sliceTrace(parseTrace(plain), new TextLines(plain), { kind: 'window', fromUs: 0, toUs: 1e9 }, DEFAULT_SLICE_LIMITS) as string, /no timestamps/);
});

test('a slice over the limits is cut, says so in its text and result, and stays within them', () => {
  const text = read('k61-smp2-proc-abstime-head.trace');
  for (const limits of [{ maxLines: 50, maxBytes: 1 << 20 }, { maxLines: 10_000, maxBytes: 6000 }]) {
    const { model, s } = slice(text, { kind: 'cpu', cpu: 0 }, limits);
    assert.ok(s.truncated !== null);
    assert.equal(s.truncated.reason, limits.maxLines === 50 ? 'lines' : 'bytes');
    assert.ok(s.lines <= limits.maxLines, `${s.lines} lines`);
    assert.ok(s.bytes <= limits.maxBytes, `${s.bytes} bytes`);
    assert.match(s.text, /\n# ftrace-lens: slice cut at .* not shown\n$/);
    // The count of lines left out is right.
    const all = sliceTrace(model, new TextLines(text), { kind: 'cpu', cpu: 0 }, DEFAULT_SLICE_LIMITS) as TraceSlice;
    assert.equal(all.truncated, null);
    const body = (x: TraceSlice): number[] => {
      const out: number[] = [];
      for (let i = headerLines(model); i < x.lines; i++) {
        const f = mapSliceLine(x.lineMap, i);
        if (f !== null) out.push(f);
      }
      return out;
    };
    // Selected lines (the calls' lines) left out; the banners kept next to them are not counted.
    assert.equal(s.truncated.omittedLines, body(all).slice(body(s).length).filter((f) => model.lineCall.at(f) >= 0).length);
    assert.equal(s.truncated.firstOmittedLine, body(all)[body(s).length]);
    assert.match(s.text, /\n# ftrace-lens: cut at .*\n/, 'the header comment says it too');
    assertMap(text, s);
  }
});

test('slice titles show names as display text (long names cut)', () => {
  const long = 'f'.repeat(3000);
  const text = `# tracer: function_graph\n 0)               |  ${long}() {\n 0)   1.000 us    |    x();\n 0)   3.000 us    |  }\n`;
  const { s } = slice(text, { kind: 'call', line: 1 });
  assert.match(s.title, /^call f+/);
  assert.ok(s.title.length < 400, `${s.title.length} characters`);
  assert.ok(s.text.includes(long), 'the text itself is not cut');
});

test('slice URIs carry the source and spec through encoding; specs are validated; limits agree', () => {
  const specs: SliceSpec[] = [{ kind: 'call', line: 41 }, { kind: 'task', pid: 4242 }, { kind: 'cpu', cpu: 3 }, { kind: 'window', fromTs: 12.5, toTs: 12.75 }];
  for (const source of ['file:///home/me/traces/big%20one.trace', 'file:///c%3A/Users/x/t%C3%A9st.trace', 'vscode-remote://ssh-remote%2Bhost/t.trace']) {
    for (const spec of specs) {
      const uri = sliceUri(source, spec);
      assert.match(uri, /^ftrace-slice:\/[A-Za-z0-9._-]+\/[^?]+\?[A-Za-z0-9_-]+$/);
      assert.deepEqual(parseSliceUri(uri), { source, spec });
      // As VS Code might re-encode it.
      const q = uri.indexOf('?');
      assert.deepEqual(parseSliceUri(uri.slice(0, q + 1) + uri.slice(q + 1).replace(/-/g, '%2D')), { source, spec });
    }
  }
  // The tab names the slice, not just the full trace.
  assert.equal(decodeURIComponent(sliceUri('file:///t/big.trace', { kind: 'call', line: 1234 }).split('?')[0].split('/').pop() ?? ''), 'big (call L1235).trace');
  assert.equal(decodeURIComponent(sliceUri('file:///t/report', { kind: 'cpu', cpu: 2 }).split('?')[0].split('/').pop() ?? ''), 'report (cpu 2)');
  assert.equal(parseSliceUri('file:///x?abc'), undefined);
  assert.equal(parseSliceUri('ftrace-slice:/x/y?!!'), undefined);
  assert.equal(validSpec({ kind: 'call', line: -1 }), false);
  assert.equal(validSpec({ kind: 'window', fromTs: 2, toTs: 1 }), false);
  assert.equal(validSpec({ kind: 'cpu', cpu: 1.5 }), false);
  assert.equal(validSpec({ kind: 'task', pid: 7 }), true);
  assert.equal(SLICE_MAX_LINES, DEFAULT_SLICE_LIMITS.maxLines);
  assert.equal(SLICE_MAX_BYTES, DEFAULT_SLICE_LIMITS.maxBytes);
  assert.equal(mapSliceLine([0, 10, 5, 5, 100, 2], 6), 101);
  assert.equal(mapSliceLine([0, 10, 5, 5, 100, 2], 7), null);
  assert.equal(mapFullLine([0, 10, 5, 5, 100, 2], 14), 4);
  assert.equal(mapFullLine([0, 10, 5, 5, 100, 2], 50), null);
});
