// Folding ranges: every multi-line call folds from its entry line to the line before its exit.
import type { FoldingRange } from 'vscode-languageserver-types';
import { CallFlag, type TraceModel } from '../core/index';

/**
 * Folding ranges for the calls of `model` (0-based lines), in line order. When there are more
 * than `limit`, the shallowest calls are kept (a bucket pass by depth, linear in the call count),
 * so a huge trace still folds at its top levels.
 */
export function foldingRanges(model: TraceModel, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const c = model.calls;
  const n = model.callCount;
  const endOf = (id: number): number => {
    const exit = c.exitLine[id];
    return exit >= 0 ? exit - 1 : (c.flags[id] & CallFlag.Open) !== 0 ? model.lineCount - 1 : -1;
  };
  const folds = (id: number): boolean => c.entryLine[id] >= 0 && endOf(id) > c.entryLine[id];
  // Count foldable calls per depth; find the deepest depth that still fits in `limit`.
  const perDepth: number[] = [];
  let total = 0;
  for (let id = 0; id < n; id++) {
    if (!folds(id)) continue;
    const d = Math.max(0, c.depth[id]);
    perDepth[d] = (perDepth[d] ?? 0) + 1;
    total++;
  }
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
    if (!folds(id)) continue;
    const d = Math.max(0, c.depth[id]);
    if (d > maxDepth + 1) continue;
    if (d === maxDepth + 1) {
      if (room <= 0) continue;
      room--;
    }
    out.push({ startLine: c.entryLine[id], endLine: endOf(id) });
  }
  return out;
}
