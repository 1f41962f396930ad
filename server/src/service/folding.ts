// Folding ranges: every multi-line call folds from its entry line to the line before its exit, as far as folds can nest.
import type { FoldingRange } from 'vscode-languageserver-types';
import { CallFlag, CpuState, cpuTimes, type TraceModel } from '../core/index';
import { foldsCross, nestingFolds } from './foldNesting';

/** A call of the idle task, or one whose task was switched out inside it: its fold yields to on-CPU work. */
const YIELDS = CpuState.Idle | CpuState.Switched | CpuState.Inferred | CpuState.ProbableSleep | CpuState.OwnSleep;

/**
 * Folding ranges for the calls of `model` (0-based lines), in line order, each pair nested or
 * disjoint: where calls of different CPUs cross, the idle task's calls and calls that slept give
 * way to on-CPU work ({@link nestingFolds}; an editor keeps only nested folds). When there are more
 * than `limit`, the shallowest calls are kept (a bucket pass by depth, linear in the call count),
 * so a huge trace still folds at its top levels.
 */
export function foldingRanges(model: TraceModel, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const { entryLine, exitLine, flags, depth } = model.calls;
  const n = model.callCount;
  const lastLine = model.lineCount - 1;
  // Where each call's fold ends (-1: it does not fold).
  const end = new Int32Array(n);
  let candidates = 0;
  for (let id = 0; id < n; id++) {
    const entry = entryLine[id];
    const exit = exitLine.at(id);
    const e = exit >= 0 ? exit - 1 : (flags[id] & CallFlag.Open) !== 0 ? lastLine : -1;
    end[id] = entry < 0 || e <= entry ? -1 : e;
    if (end[id] >= 0) candidates++;
  }
  // Drop the folds that cross a kept one (calls are in line order of their first line).
  const ids = new Int32Array(candidates);
  const starts = new Int32Array(candidates);
  const ends = new Int32Array(candidates);
  const low = new Uint8Array(candidates);
  for (let id = 0, k = 0; id < n; id++) {
    if (end[id] < 0) continue;
    ids[k] = id;
    starts[k] = entryLine[id];
    ends[k] = end[id];
    k++;
  }
  // Which folds are on-CPU work matters only where folds cross (the off-CPU pass is not free:
  // a single-CPU trace's folds all nest, and its folding answer need not wait for it).
  let keep: Uint8Array;
  if (foldsCross(starts, ends)) {
    const state = cpuTimes(model).state;
    for (let k = 0; k < candidates; k++) low[k] = (state[ids[k]] & YIELDS) !== 0 ? 1 : 0;
    keep = nestingFolds(starts, ends, low);
  } else keep = new Uint8Array(candidates).fill(1);
  // The number of kept folds per depth.
  const perDepth: number[] = [];
  let total = 0;
  for (let k = 0; k < candidates; k++) {
    if (keep[k] === 0) {
      end[ids[k]] = -1;
      continue;
    }
    const d = depth[ids[k]] > 0 ? depth[ids[k]] : 0;
    perDepth[d] = (perDepth[d] ?? 0) + 1;
    total++;
  }
  // The deepest depth that still fits in `limit`.
  let maxDepth = Number.MAX_SAFE_INTEGER;
  let room = limit;
  if (total > limit) {
    for (let d = 0; d < perDepth.length; d++) {
      const k = perDepth[d] ?? 0;
      if (k > room) {
        maxDepth = d - 1;
        break;
      }
      room -= k;
    }
  }
  // Calls are created in line order of their first line, so the output is sorted already; at the
  // cut depth, the first `room` calls in line order are kept.
  const out: FoldingRange[] = [];
  for (let id = 0; id < n; id++) {
    const e = end[id];
    if (e < 0) continue;
    const d = depth[id] > 0 ? depth[id] : 0;
    if (d > maxDepth + 1) continue;
    if (d === maxDepth + 1) {
      if (room <= 0) continue;
      room--;
    }
    out.push({ startLine: entryLine[id], endLine: e });
  }
  return out;
}
