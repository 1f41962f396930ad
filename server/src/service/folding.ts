// Folding ranges: every multi-line call folds from its entry line to the line before its exit.
import type { FoldingRange } from 'vscode-languageserver-types';
import { CallFlag, type TraceModel } from '../core/index';

/**
 * Folding ranges for the calls of `model` (0-based lines), in line order. When there are more
 * than `limit`, the shallowest calls are kept (a bucket pass by depth, linear in the call count),
 * so a huge trace still folds at its top levels.
 */
export function foldingRanges(model: TraceModel, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const { entryLine, exitLine, flags, depth } = model.calls;
  const n = model.callCount;
  const lastLine = model.lineCount - 1;
  // Where each call's fold ends (-1: it does not fold), and the number of folding calls per depth.
  const end = new Int32Array(n);
  const perDepth: number[] = [];
  let total = 0;
  for (let id = 0; id < n; id++) {
    const entry = entryLine[id];
    const exit = exitLine.at(id);
    const e = exit >= 0 ? exit - 1 : (flags[id] & CallFlag.Open) !== 0 ? lastLine : -1;
    if (entry < 0 || e <= entry) {
      end[id] = -1;
      continue;
    }
    end[id] = e;
    const d = depth[id] > 0 ? depth[id] : 0;
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
