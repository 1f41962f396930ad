// Unit tests: how views name a document's lines (client/src/slices/lineNames.ts): own numbers in a trace, full-trace lines in a slice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SLICE_LIMITS, TextLines, callInfo, parseTrace, sliceTrace } from '../../server/src/core/index';
import { flameData, textTimes } from '../../server/src/flameRequest';
import { flameBuffer } from '../../client/src/flame/flameBuffer';
import { Trace } from '../../client/src/flame/webview/trace';
import { PLAIN_LINE_NAMES, lineNamesOf, sliceLineNames } from '../../client/src/slices/lineNames';
import { seedText } from './exportFixtures';

test('a trace or ordinary document keeps its own 1-based numbers, as the views always showed them', () => {
  const n = lineNamesOf(undefined);
  assert.equal(n, PLAIN_LINE_NAMES);
  assert.equal(n.line(0), 'line 1');
  assert.equal(n.line(1233), 'line 1234');
  assert.equal(n.lines(11, 19), 'line 12–20');
  assert.equal(n.lines(11, 11), 'line 12–12');
  assert.equal(n.lines(11, null), 'line 12');
});

test('a slice names the full trace\'s lines through its runs; lines the slice added keep their slice number', () => {
  // Slice lines 0–1 are the trace header (full 0–1), 2–3 the slice's own comment, 4–8 full lines 1,200–1,204, 9–10 full 5,000–5,001.
  const n = sliceLineNames([0, 0, 2, 4, 1200, 5, 9, 5000, 2]);
  assert.equal(n.line(0), 'line 1 of the full trace');
  assert.equal(n.line(4), 'line 1,201 of the full trace');
  assert.equal(n.line(8), 'line 1,205 of the full trace');
  assert.equal(n.line(10), 'line 5,002 of the full trace');
  assert.equal(n.line(2), 'slice line 3');
  assert.equal(n.line(11), 'slice line 12', 'past the last run');
  assert.equal(n.lines(4, 10), 'lines 1,201–5,002 of the full trace', 'a call whose lines are not contiguous in the full trace');
  assert.equal(n.lines(5, 5), 'line 1,202 of the full trace');
  assert.equal(n.lines(5, null), 'line 1,202 of the full trace');
  assert.equal(n.lines(5, 11), 'line 1,202 of the full trace', 'an end the slice does not map is left out');
  assert.equal(n.lines(2, 3), 'slice lines 3–4');
  assert.equal(n.lines(3, null), 'slice line 4');
});

test('bad lines never throw: negative, fractional, huge, NaN, and an empty map', () => {
  const n = sliceLineNames([0, 10, 3]);
  for (const bad of [-1, 0.5, Number.MAX_SAFE_INTEGER, NaN]) assert.match(n.line(bad), /^slice line /);
  assert.equal(sliceLineNames([]).line(0), 'slice line 1');
  assert.equal(sliceLineNames([]).lines(0, 4), 'slice lines 1–5');
});

test('a real call slice: every line named by the full trace holds the same text there', () => {
  const text = seedText();
  const model = parseTrace(text);
  const full = text.split('\n');
  const slowest = model.calls.entryLine.findIndex((l, id) => l >= 0 && callInfo(model, id).childCount > 2);
  assert.ok(slowest >= 0);
  const s = sliceTrace(model, new TextLines(text), { kind: 'call', line: model.calls.entryLine[slowest] }, DEFAULT_SLICE_LIMITS);
  assert.ok(typeof s !== 'string', String(s));
  const names = sliceLineNames(s.lineMap);
  const lines = s.text.split('\n');
  let mapped = 0;
  for (let i = 0; i < s.lines; i++) {
    const m = /^line ([\d,]+) of the full trace$/.exec(names.line(i));
    if (m === null) {
      assert.match(lines[i], /^#/, `slice line ${i + 1} is one the slice added`);
      continue;
    }
    mapped++;
    assert.equal(full[Number(m[1].replace(/,/g, '')) - 1], lines[i], `slice line ${i + 1}`);
  }
  assert.ok(mapped > 3);
});

test('the flame view names a slice\'s lines by the full trace when its payload carries the line map', async () => {
  const text = seedText();
  const model = parseTrace(text);
  const s = sliceTrace(model, new TextLines(text), { kind: 'task', pid: model.calls.pid[0] }, DEFAULT_SLICE_LIMITS);
  assert.ok(typeof s !== 'string', String(s));
  const sliced = parseTrace(s.text);
  const r = flameData(sliced, 1, textTimes(() => s.text, sliced), () => undefined);
  const buffer = await flameBuffer(r);
  const base = { title: 't', version: r.version, count: r.count, clock: r.clock, names: r.names, lanes: r.lanes, taskInfo: r.taskInfo, columns: r.columns, buffer };
  const plain = new Trace(base);
  const slice = new Trace({ ...base, lineMap: s.lineMap });
  const i = Array.from(plain.timeline.line).findIndex((l) => l >= 0);
  assert.ok(i >= 0);
  const line = plain.timeline.line[i];
  assert.equal(plain.lines.line(line), `line ${line + 1}`);
  const named = /^line ([\d,]+) of the full trace$/.exec(slice.lines.line(line));
  assert.ok(named !== null, slice.lines.line(line));
  assert.equal(text.split('\n')[Number(named[1].replace(/,/g, '')) - 1], s.text.split('\n')[line]);
});
