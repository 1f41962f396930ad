// Folding ranges: every multi-line call folds from its entry line to the line before its exit.
import type { FoldingRange } from 'vscode-languageserver-types';
import { CallFlag, type TraceModel } from '../core/index';

/** Folding ranges for the calls of `model`, shallowest first when more than `limit` exist (0-based lines). */
export function foldingRanges(model: TraceModel, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const c = model.calls;
  const out: FoldingRange[] = [];
  const depth: number[] = [];
  for (let id = 0; id < model.callCount; id++) {
    const start = c.entryLine[id];
    const exit = c.exitLine[id];
    const end = exit >= 0 ? exit - 1 : (c.flags[id] & CallFlag.Open) !== 0 ? model.lineCount - 1 : -1;
    if (start < 0 || end <= start) continue;
    out.push({ startLine: start, endLine: end });
    depth.push(c.depth[id]);
  }
  if (out.length <= limit) return out;
  const order = out.map((_, i) => i).sort((a, b) => depth[a] - depth[b] || out[a].startLine - out[b].startLine);
  return order.slice(0, limit).sort((a, b) => out[a].startLine - out[b].startLine).map((i) => out[i]);
}
