// Flame view data: the core's columns (timeline order, lanes, times), their base64 encoding, and the webview's trees (merge, sandwich) and level-of-detail culling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace } from '../../server/src/core/index';
import { flameColumns } from '../../server/src/core/flame/flameColumns';
import { flameData } from '../../server/src/flameRequest';
import { ALL, finishBoxes, mergeBoxes, parents, sandwich, visitVisible, type Boxes } from '../../client/src/flame/webview/boxes';
import { displayName } from '../../client/src/flame/webview/names';
import { fixture, generatedTrace, modelAndLayout, seedText } from './exportFixtures';

/** Timeline boxes as the webview builds them from the server's answer (base64 decoded with Buffer). */
function boxesOf(text: string): { boxes: Boxes; names: readonly string[]; lanes: { label: string; first: number; count: number }[] } {
  const model = parseTrace(text);
  const r = flameData(model, 1, () => text);
  const buf = (s: string): ArrayBuffer => {
    const b = Buffer.from(s, 'base64');
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const boxes = finishBoxes(new Float64Array(buf(r.startNs)), new Float64Array(buf(r.durNs)), new Uint16Array(buf(r.level)), new Int32Array(buf(r.name)), new Int32Array(buf(r.line)));
  assert.equal(boxes.n, r.count);
  return { boxes, names: r.names, lanes: r.lanes.map((l) => ({ label: l.label, first: l.first, count: l.count })) };
}

const nameIndex = (names: readonly string[], n: string): number => names.indexOf(n);

test('columns: every call once, lane by lane, children after their parent and inside it', () => {
  const { model, layout } = modelAndLayout(fixture('k61-smp4-default-head.trace'));
  const f = flameColumns(model, layout);
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

test('seed over the wire: the 2680.276 µs ioctl at its line, lanes per task', () => {
  const { boxes, names, lanes } = boxesOf(seedText());
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

test('merge: identical paths merged, widths sum, children widest first, root holds everything', () => {
  const { boxes, names } = boxesOf(seedText());
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
  assert.equal(m.calls[merged[0]], calls);
  // Self times are kept: the merged self total equals the timeline's.
  let selfT = 0;
  let selfM = 0;
  for (let i = 0; i < boxes.n; i++) selfT += boxes.self[i];
  for (let i = 1; i < m.n; i++) selfM += m.self[i];
  assert.ok(Math.abs(selfT - selfM) < 1e-6);
});

test('sandwich: callers above and callees below one function; recursion counted once', () => {
  const { boxes, names } = boxesOf(seedText());
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

test('level of detail: boxes under a pixel are slivers, their subtrees never visited; off-screen subtrees skipped', () => {
  const text = generatedTrace(20_000, 2);
  const { boxes } = boxesOf(text);
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
