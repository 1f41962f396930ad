// Folding ranges: every multi-line call folds from its entry line to the line before its exit, as far as folds can nest.
import type { FoldingRange } from 'vscode-languageserver-types';
import { CallFlag, CpuState, cpuTimes, openCallEnd, type TraceModel } from '../core/index';
import { foldsCross, nestingFolds } from './foldNesting';
import { limitFolds } from './foldLimit';

/** A call of the idle task, or one whose task was switched out inside it: its fold yields to on-CPU work. */
const YIELDS = CpuState.Idle | CpuState.Switched | CpuState.Inferred | CpuState.ProbableSleep | CpuState.OwnSleep;

/**
 * Folding ranges for the calls of `model` (0-based lines), in line order, each pair nested or
 * disjoint: where calls of different CPUs cross, the idle task's calls and calls that slept give
 * way to on-CPU work ({@link nestingFolds}; an editor keeps only nested folds). When there are more
 * than `limit`, `limit` of them are kept ({@link limitFolds}): one in every screenful of lines that
 * starts a fold, so folds show where a person looks, also at the top of a capture that starts deep
 * inside calls, then the outermost ones (by how many of a call's callers fold, not by the printed
 * depth). Linear in the call count.
 */
export function foldingRanges(model: TraceModel, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const { entryLine, exitLine, flags, parent } = model.calls;
  const n = model.callCount;
  // Where each call's fold ends (-1: it does not fold).
  const end = new Int32Array(n);
  let candidates = 0;
  for (let id = 0; id < n; id++) {
    const entry = entryLine[id];
    const exit = exitLine.at(id);
    const e = exit >= 0 ? exit - 1 : (flags[id] & CallFlag.Open) !== 0 ? openCallEnd(model, id) : -1;
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
  let total = 0;
  for (let k = 0; k < candidates; k++) {
    if (keep[k] === 1) total++;
    else end[ids[k]] = -1;
  }
  if (total > limit) limitTo(limit, total, keep, ids, starts, end, parent);
  // Calls are created in line order of their first line, so the output is sorted already.
  const out: FoldingRange[] = [];
  for (let k = 0; k < candidates; k++) if (keep[k] === 1) out.push({ startLine: starts[k], endLine: ends[k] });
  return out;
}

/**
 * Keeps `limit` of the `total` kept folds ({@link limitFolds}), ranked by how many of each call's
 * callers have a kept fold (`end[id] >= 0`): a call whose callers were never recorded (a capture
 * starts inside them) or did not fold is outermost, however deep it was printed. A caller with an
 * entry line precedes its callees in id order; one without precedes the trace and so do all its callers.
 */
function limitTo(limit: number, total: number, keep: Uint8Array, ids: Int32Array, starts: Int32Array, end: Int32Array, parent: Int32Array): void {
  const folded = new Int32Array(end.length);
  for (let id = 0; id < end.length; id++) {
    const p = parent[id];
    folded[id] = p >= 0 && p < id ? folded[p] + (end[p] >= 0 ? 1 : 0) : 0;
  }
  const kept = new Int32Array(total);
  for (let k = 0, j = 0; k < keep.length; k++) if (keep[k] === 1) kept[j++] = k;
  const chosen = limitFolds(
    kept.map((k) => starts[k]),
    kept.map((k) => folded[ids[k]]),
    limit,
  );
  for (let j = 0; j < total; j++) if (chosen[j] === 0) keep[kept[j]] = 0;
}
