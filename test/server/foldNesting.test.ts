// Folds must nest (VS Code drops the later of two crossing folds): where CPUs interleave, on-CPU work keeps its fold over the idle task and sleeping calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FoldingRange } from 'vscode-languageserver-types';
import { parseTrace } from '../../server/src/core/index';
import { foldingRanges } from '../../server/src/service/folding';
import { foldsCross, nestingFolds } from '../../server/src/service/foldNesting';

/** The folds VS Code keeps of `ranges` (its `FoldingRegions.sanitizeAndMerge`: a fold must lie inside the enclosing kept one). */
function keptByVsCode(ranges: readonly FoldingRange[]): FoldingRange[] {
  const stack: FoldingRange[] = [];
  let top: FoldingRange | undefined;
  let prev = -1;
  const out: FoldingRange[] = [];
  for (const r of ranges) {
    while (top && top.endLine < r.startLine) top = stack.pop();
    if (r.endLine > r.startLine && r.startLine > prev && (!top || top.endLine >= r.endLine)) {
      out.push(r);
      prev = r.startLine;
      if (top) stack.push(top);
      top = r;
    }
  }
  return out;
}

/**
 * CPU 1's idle loop (do_idle, entered on line 4) is open while CPU 0's task runs mmput (line 6),
 * and ends (line 9) before mmput does (line 12).
 */
const INTERLEAVED = [
  '# tracer: function_graph',
  '#',
  '# CPU  DURATION                  FUNCTION CALLS',
  ' ------------------------------------------',
  ' 1)    sh-10     =>    <idle>-0  ',
  ' ------------------------------------------',
  ' 1)               |  do_idle() {',
  ' 0)               |  mmput() {',
  ' 1)   2.000 us    |    tick_nohz_idle_enter();',
  ' 0)               |    exit_mmap() {',
  ' 1) ! 300.000 us  |  }',
  ' 0)   5.000 us    |      unmap_vmas();',
  ' 0) ! 400.000 us  |    }',
  ' 0) ! 410.000 us  |  }',
  '',
].join('\n');

test('where an idle call of one CPU crosses a slow call of another, the slow call keeps its fold (and VS Code keeps every fold given)', () => {
  const text = INTERLEAVED;
  const lines = text.split('\n');
  const at = (needle: string): number => lines.findIndex((l) => l.includes(needle));
  const ranges = foldingRanges(parseTrace(text));
  assert.deepEqual(ranges, [
    { startLine: at('mmput() {'), endLine: at('410.000') - 1 },
    { startLine: at('exit_mmap() {'), endLine: at('400.000') - 1 },
  ]);
  assert.deepEqual(keptByVsCode(ranges), ranges);
});

test('nestingFolds: work folds nest as VS Code would nest them; a low fold survives only where it crosses no kept fold', () => {
  // 0: work 0-10; 1: low 2-4 (inside 0); 2: low 5-20 (crosses 0); 3: work 12-18; 4: low 13-15 (inside 3); 5: work 14-30 (crosses 3: dropped).
  const start = Int32Array.from([0, 2, 5, 12, 13, 14]);
  const end = Int32Array.from([10, 4, 20, 18, 15, 30]);
  const low = Uint8Array.from([0, 1, 1, 0, 1, 0]);
  assert.deepEqual([...nestingFolds(start, end, low)], [1, 1, 0, 1, 1, 0]);
  // A low fold that starts first but is crossed by a later work fold gives way to it.
  assert.deepEqual([...nestingFolds(Int32Array.from([0, 3]), Int32Array.from([5, 9]), Uint8Array.from([1, 0]))], [0, 1]);
  assert.deepEqual([...nestingFolds(new Int32Array(0), new Int32Array(0), new Uint8Array(0))], []);
});

test('on the 4-CPU capture head every fold nests, so VS Code drops none', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');
  const ranges = foldingRanges(parseTrace(text));
  assert.ok(ranges.length > 50, `${ranges.length} folds`);
  assert.equal(keptByVsCode(ranges).length, ranges.length);
});

test('foldsCross: false exactly when nestingFolds keeps every fold whatever its kind (random folds)', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let crossing = 0;
  for (let round = 0; round < 500; round++) {
    const n = 1 + rnd(12);
    const pairs = Array.from({ length: n }, () => {
      const s = rnd(40);
      return [s, s + 1 + rnd(15)] as const;
    }).sort((a, b) => a[0] - b[0]);
    const start = Int32Array.from(pairs.map((p) => p[0]));
    const end = Int32Array.from(pairs.map((p) => p[1]));
    const cross = foldsCross(start, end);
    if (cross) crossing++;
    // With every fold of one kind, nestingFolds keeps them all exactly when none cross.
    const all = nestingFolds(start, end, new Uint8Array(n));
    assert.equal(all.every((k) => k === 1), !cross, JSON.stringify(pairs));
    if (!cross) for (let t = 0; t < 4; t++) assert.ok(nestingFolds(start, end, Uint8Array.from({ length: n }, () => rnd(2))).every((k) => k === 1), JSON.stringify(pairs));
  }
  assert.ok(crossing > 50 && crossing < 450, `${crossing} of 500 sets cross`);
});
