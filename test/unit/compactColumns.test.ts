// Unit tests: the compact model columns (times in ns at 4 bytes per call, the line-to-call index) read back exactly what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitLines } from '../../server/src/core/model/exitLines';
import { LineCalls } from '../../server/src/core/model/lineCalls';
import { NsColumn } from '../../server/src/core/model/nsColumn';
import { parseTrace } from '../../server/src/core/index';

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('NsColumn: whole ns, NaN, and values out of the 4-byte range read back exactly', () => {
  const values = [0, 1, 999, 2 ** 32 - 3, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32, 5e12, 2 ** 53, -1, -0.5, 1.5, 1234.000001, NaN, -Infinity, Infinity];
  const col = new NsColumn(values.length);
  assert.ok(Number.isNaN(col.at(0)), 'a new row is NaN');
  values.forEach((v, i) => col.set(i, v));
  values.forEach((v, i) => assert.ok(Object.is(col.at(i), v === 0 ? 0 : v), `row ${i}: ${col.at(i)} for ${v}`));
  assert.equal(col.escaped, 11, 'every value that is not a whole ns below 2^32 - 2 (nor NaN) is in the side map');
  // Overwriting an escaped row with a plain value (or NaN) drops it from the side map.
  col.set(6, 7);
  col.set(7, NaN);
  assert.equal(col.at(6), 7);
  assert.ok(Number.isNaN(col.at(7)));
  assert.equal(col.escaped, 9);
  assert.ok(Number.isNaN(col.at(-1)) && Number.isNaN(col.at(values.length)), 'out of range is NaN');
  // Growing keeps the rows and adds NaN rows; shrinking drops rows and their side entries.
  col.resize(40);
  assert.equal(col.length, 40);
  assert.ok(Number.isNaN(col.at(39)));
  assert.equal(col.at(9), -1);
  const copy = col.clone();
  col.resize(9);
  assert.equal(col.length, 9);
  assert.equal(col.escaped, 3);
  assert.ok(Number.isNaN(col.at(9)), 'a dropped row reads as out of range');
  assert.equal(copy.at(9), -1, 'a clone keeps its own side map');
  assert.equal(copy.at(3), 2 ** 32 - 3);
});

test('NsColumn: past 2^20 values out of range, every row moves to float64 and still reads back exactly', () => {
  const n = (1 << 20) + 100;
  const col = new NsColumn(n);
  col.set(0, 42);
  for (let i = 1; i < n; i++) col.set(i, i + 0.5);
  assert.equal(col.at(0), 42);
  assert.equal(col.at(1), 1.5);
  assert.equal(col.at(n - 1), n - 0.5);
  assert.equal(col.escaped, 0, 'the side map is empty once the rows are float64');
  assert.equal(col.bytes(), n * 8);
  col.set(5, NaN);
  assert.ok(Number.isNaN(col.at(5)) && Number.isNaN(col.at(n)));
  const copy = col.clone();
  col.resize(10, true);
  assert.equal(col.length, 10);
  assert.equal(copy.at(n - 1), n - 0.5);
});

test('LineCalls: any sequence of calls reads back exactly, in sequence or not', () => {
  const rnd = lcg(7);
  for (const n of [0, 1, 31, 32, 33, 64, 1000, 5000]) {
    const want: number[] = [];
    let next = 0;
    for (let i = 0; i < n; i++) {
      const r = rnd();
      // Mostly new calls in sequence (entries, leaves), then exits of earlier calls, comments (-1), and out-of-order ids.
      want.push(r < 0.6 ? next++ : r < 0.8 && next > 0 ? Math.floor(rnd() * next) : r < 0.9 ? -1 : next + 1 + Math.floor(rnd() * 5));
    }
    const lc = new LineCalls(16);
    for (const c of want) lc.push(c);
    lc.trim();
    assert.equal(lc.length, n);
    for (let i = 0; i < n; i++) assert.equal(lc.at(i), want[i], `n ${n}, line ${i}`);
    assert.equal(lc.at(-1), -1);
    assert.equal(lc.at(n), -1);
    // Decoded a block at a time from any line: the same calls; nothing past the end or before line 0.
    for (const [from, size] of [[0, 7], [5, 32], [31, 40], [n - 3, 10]] as const) {
      const out = new Int32Array(size).fill(-7);
      const got = lc.decode(from, out);
      const expect = from < 0 ? 0 : Math.max(0, Math.min(size, n - from));
      assert.equal(got, expect, `n ${n}, decode ${from}+${size}`);
      assert.deepEqual([...out.subarray(0, got)], want.slice(from, from + got), `n ${n}, decode ${from}+${size}`);
      assert.ok(out.subarray(got).every((v) => v === -7));
    }
  }
});

test('ExitLines: near exits, none, far exits and exits without an entry read back exactly', () => {
  const entry = Int32Array.from([0, 5, 10, -1, 20, 30, -1, 100]);
  const exit = Int32Array.from([3, -1, 10 + 65534, 7, 20 + 65535, 31, -1, 100 + 70000]);
  const col = new ExitLines(entry, exit, entry.length);
  assert.deepEqual(Array.from({ length: entry.length }, (_, i) => col.at(i)), Array.from(exit));
  assert.equal(col.escaped, 3, 'a span of 65,535 lines or more, and an exit without an entry, are kept aside');
  assert.equal(col.at(-1), -1);
  assert.equal(col.at(entry.length), -1);
  assert.equal(col.length, entry.length);
  // Only the first n rows count.
  assert.equal(new ExitLines(entry, exit, 2).length, 2);
});

test('ExitLines: past 2^20 exits without an entry, every row is an Int32 and still exact', () => {
  const n = (1 << 20) + 10;
  const entry = new Int32Array(n).fill(-1);
  const exit = Int32Array.from({ length: n }, (_, i) => i);
  entry[0] = 0;
  exit[0] = -1;
  const col = new ExitLines(entry, exit, n);
  assert.equal(col.escaped, 0);
  assert.equal(col.bytes(), n * 4);
  assert.equal(col.at(0), -1);
  assert.equal(col.at(n - 1), n - 1);
  assert.equal(col.at(n), -1);
});

test('LineCalls of a parse: entry and leaf lines cost a bit, exits and comments a list entry', () => {
  const text = [
    '# tracer: function_graph',
    ' 0)               |  f() {',
    ' 0)   0.100 us    |    g();',
    ' 0)               |    h() {',
    ' 0)               |      /* note */',
    ' 0)   1.000 us    |    }',
    ' 0)   2.000 us    |  }',
    '',
  ].join('\n');
  const m = parseTrace(text);
  assert.deepEqual(Array.from({ length: m.lineCount }, (_, l) => m.lineCall.at(l)), [-1, 0, 1, 2, 2, 2, 0]);
  assert.equal(m.calls.inclusiveNs.at(0), 2000);
  assert.equal(m.calls.selfNs.at(0), 2000 - 100 - 1000);
  assert.equal(m.calls.selfNs.at(2), 1000);
});
