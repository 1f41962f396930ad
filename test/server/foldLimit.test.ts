// Folds past the editor's limit: a fold control on every screenful of lines (also at the top of a capture that starts deep inside calls), then the outermost calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FoldingRange } from 'vscode-languageserver-types';
import { parseTrace } from '../../server/src/core/index';
import { foldingRanges } from '../../server/src/service/folding';
import { SCREEN_LINES, limitFolds } from '../../server/src/service/foldLimit';

const head = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');

/** The 4-CPU capture head (it starts 18 calls deep, inside calls whose entries precede the capture) and `copies` more of its body. */
function midStack(copies: number): string {
  const body = head.replace(/^(#.*\n)+/, '');
  return head + body.repeat(copies);
}

/** Each pair of `ranges` nests or is disjoint, and their starts increase. */
function assertNestedSorted(ranges: readonly FoldingRange[]): void {
  const stack: FoldingRange[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (i > 0) assert.ok(r.startLine > ranges[i - 1].startLine, `ranges ${i - 1} and ${i} out of order`);
    while (stack.length > 0 && stack[stack.length - 1].endLine < r.startLine) stack.pop();
    const top = stack[stack.length - 1];
    assert.ok(top === undefined || r.endLine <= top.endLine, `${JSON.stringify(r)} crosses ${JSON.stringify(top)}`);
    stack.push(r);
  }
}

/** Stretches of `h` lines (of `lines`) that start one of `all` but none of `kept`: their first lines. */
function foldlessScreens(all: readonly number[], kept: readonly number[], lines: number, h: number): number[] {
  const count = (starts: readonly number[]): Int32Array => {
    const c = new Int32Array(lines + 1);
    for (const s of starts) c[s + 1]++;
    for (let i = 1; i <= lines; i++) c[i] += c[i - 1];
    return c;
  };
  const a = count(all);
  const k = count(kept);
  const out: number[] = [];
  for (let s = 0; s + h <= lines; s++) if (a[s + h] > a[s] && k[s + h] === k[s]) out.push(s);
  return out;
}

test('a capture that starts deep inside calls folds on its first screen when the limit cuts (the calls there were printed 12 to 20 deep)', () => {
  const text = midStack(20);
  const model = parseTrace(text);
  const all = foldingRanges(model);
  const firstScreen = all.filter((r) => r.startLine < SCREEN_LINES);
  assert.ok(firstScreen.length >= 5, `${firstScreen.length} folds start on the first screen`);
  assert.ok(firstScreen.every((r) => model.calls.depth[model.lineCall.at(r.startLine)] >= 12), 'the first screen holds deep calls only');
  // Fewer than the folds of the trace's printed depths 0..11: a cut by printed depth would keep none of the first screen.
  const limit = Math.floor(all.length / 3);
  assert.ok(all.filter((r) => model.calls.depth[model.lineCall.at(r.startLine)] < 12).length > limit);
  const ranges = foldingRanges(model, limit);
  assert.equal(ranges.length, limit);
  const top = ranges.filter((r) => r.startLine < SCREEN_LINES);
  assert.ok(top.length > 0, 'no fold on the first screen');
  // The outermost there: the first fold of the first screen encloses every other fold starting before it ends.
  assert.ok(top.some((r) => r.startLine === firstScreen[0].startLine), `kept ${JSON.stringify(top)}`);
  assertNestedSorted(ranges);
});

test('past the limit every 32-line stretch that starts a fold keeps one (64 or 128 lines when the limit is too small for that), in a sorted, nested subset of the full answer', () => {
  const model = parseTrace(midStack(40));
  const all = foldingRanges(model);
  const allStarts = all.map((r) => r.startLine);
  const key = new Set(all.map((r) => `${r.startLine}:${r.endLine}`));
  // 20,340 lines, 3,075 folds: one kept start per 32 lines takes 769 to 922 of them, more than half
  // of the smaller limits, so the stretch doubles there.
  for (const [share, h] of [[0.6, SCREEN_LINES], [0.35, 2 * SCREEN_LINES], [0.2, 4 * SCREEN_LINES]]) {
    const limit = Math.ceil(all.length * share);
    const ranges = foldingRanges(model, limit);
    assert.equal(ranges.length, limit);
    assert.ok(ranges.every((r) => key.has(`${r.startLine}:${r.endLine}`)), 'a range the full answer does not have');
    assertNestedSorted(ranges);
    const missing = foldlessScreens(allStarts, ranges.map((r) => r.startLine), model.lineCount, h);
    assert.deepEqual(missing.slice(0, 5), [], `limit ${limit}: ${missing.length} stretches of ${h} lines start a fold but show none`);
  }
  // Tiny limits: exactly that many, and never more than there are.
  for (const limit of [0, 1, 2, 3, 7]) assert.equal(foldingRanges(model, limit).length, limit);
  assert.equal(foldingRanges(model, all.length + 5).length, all.length);
  assert.equal(foldingRanges(model, Number.NaN).length, all.length);
});

test('limitFolds: rank 0 goes first whatever the line, ranks below 0 count as 0, and bad limits choose all or none', () => {
  // Four disjoint folds at lines 0, 100, 200, 300; screens of 1000 lines mark a single one (the
  // outermost at least half a screen in, else the farthest start: line 300).
  const start = Int32Array.from([0, 100, 200, 300]);
  assert.deepEqual([...limitFolds(start, Int32Array.from([3, 0, 2, 1]), 2, 1000)], [0, 1, 0, 1]);
  assert.deepEqual([...limitFolds(start, Int32Array.from([3, -5, 2, 1]), 2, 1000)], [0, 1, 0, 1]);
  assert.deepEqual([...limitFolds(start, Int32Array.from([3, 0, 2, 1]), 3, 1000)], [0, 1, 1, 1]);
  assert.deepEqual([...limitFolds(start, new Int32Array(4), 0)], [0, 0, 0, 0]);
  assert.deepEqual([...limitFolds(start, new Int32Array(4), -1)], [0, 0, 0, 0]);
  assert.deepEqual([...limitFolds(start, new Int32Array(4), Number.NaN)], [1, 1, 1, 1]);
  assert.deepEqual([...limitFolds(start, new Int32Array(4), Infinity)], [1, 1, 1, 1]);
  assert.deepEqual([...limitFolds(new Int32Array(0), new Int32Array(0), 0)], []);
});

/**
 * The policy written plainly (quadratic): in line order from the last chosen start `k` (first -1),
 * the next is the lowest-ranked start from `max(p, k + h/2)` to `max(p, k + h)` (`p` the first
 * start after `k`), else the last start up to `max(p, k + h)`; `h` doubles while these are more
 * than half the limit (at least 1). The rest, sorted by rank then line, fills the limit.
 */
function reference(start: number[], rank: number[], limit: number, screen: number): number[] {
  const n = start.length;
  if (n <= limit) return start.map(() => 1);
  if (limit <= 0) return start.map(() => 0);
  const cap = Math.max(1, Math.floor(limit / 2));
  let chosen: number[] = [];
  for (let h = screen; ; h *= 2) {
    chosen = [];
    let k = -1;
    for (;;) {
      const after = start.map((_, i) => i).filter((i) => start[i] > k);
      if (after.length === 0) break;
      const p = start[after[0]];
      const hi = Math.max(p, k + h);
      const lo = Math.max(p, k + Math.max(1, Math.floor(h / 2)));
      const inRange = after.filter((i) => start[i] <= hi);
      const preferred = inRange.filter((i) => start[i] >= lo).sort((a, b) => rank[a] - rank[b] || a - b);
      const q = preferred.length > 0 ? preferred[0] : inRange[inRange.length - 1];
      chosen.push(q);
      k = start[q];
    }
    if (chosen.length <= cap) break;
  }
  const rest = start.map((_, i) => i).filter((i) => !chosen.includes(i)).sort((a, b) => rank[a] - rank[b] || a - b);
  const keep = start.map(() => 0);
  for (const i of [...chosen, ...rest.slice(0, limit - chosen.length)]) keep[i] = 1;
  return keep;
}

/**
 * Random folds that nest or are disjoint: a walk that opens, closes or skips lines. Each fold's
 * rank is how many open folds enclose it, or (`flat`) a small random number, so that many starts
 * near each other tie.
 */
const nestings = fc
  .record({ steps: fc.array(fc.constantFrom('open', 'close', 'skip'), { maxLength: 400, size: 'max' }), flat: fc.boolean(), seed: fc.integer() })
  .map(({ steps, flat, seed }) => {
    const start: number[] = [];
    const rank: number[] = [];
    const open: number[] = [];
    let line = 0;
    let x = seed | 0;
    for (const s of steps) {
      if (s === 'open') {
        open.push(start.length);
        start.push(line);
        x = (Math.imul(x, 1103515245) + 12345) | 0;
        rank.push(flat ? (x >>> 16) % 4 : open.length - 1);
      } else if (s === 'close') open.pop();
      line++;
    }
    return { start, rank, lines: line + 1 };
  });

test('limitFolds agrees with a plain reference of the policy on random nestings and limits, and chooses exactly min(limit, n)', () => {
  fc.assert(
    fc.property(nestings, fc.integer({ min: 0, max: 80 }), fc.integer({ min: 2, max: 40 }), ({ start, rank }, limit, screen) => {
      const got = [...limitFolds(Int32Array.from(start), Int32Array.from(rank), limit, screen)];
      assert.deepEqual(got, reference(start, rank, limit, screen));
      assert.equal(got.reduce((a, b) => a + b, 0), Math.min(limit, start.length));
    }),
    { numRuns: 300 },
  );
});

test('limitFolds: with room for the screens, every stretch of `screen` lines that starts a fold keeps one', () => {
  fc.assert(
    fc.property(nestings, fc.integer({ min: 2, max: 40 }), ({ start, rank, lines }, screen) => {
      // At most about 4 marks per screen: a limit with room for twice that never doubles the screen.
      const limit = 2 * (4 * Math.ceil(lines / screen) + 2);
      const keep = limitFolds(Int32Array.from(start), Int32Array.from(rank), limit, screen);
      const kept = start.filter((_, i) => keep[i] === 1);
      assert.deepEqual(foldlessScreens(start, kept, lines, screen), []);
    }),
    { numRuns: 300 },
  );
});
