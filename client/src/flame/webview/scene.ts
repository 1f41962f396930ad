// Builds what each mode draws: timeline lanes, the merged flame graph, or a sandwich.
import { ROW_H, type Band } from './render';
import type { Trace } from './trace';

export type Mode = 'timeline' | 'flame' | 'sandwich';

/** What a mode draws: bands, their x extent and total height. */
export interface Scene {
  readonly mode: Mode;
  readonly bands: readonly Band[];
  readonly xMax: number;
  readonly height: number;
  /** Whole of the share shown in tooltips, per band. */
  readonly whole: (band: Band) => number;
}

/** Timeline: one band per lane with a header row. */
export function timelineScene(t: Trace): Scene {
  const b = t.timeline;
  const bands: Band[] = [];
  let y = 0;
  let xMax = 0;
  const totals = new Map<Band, number>();
  for (const lane of t.payload.lanes) {
    if (lane.count === 0) continue;
    let rows = 1;
    let total = 0;
    for (let i = lane.first; i < lane.first + lane.count; i++) {
      if (b.level[i] + 1 > rows) rows = b.level[i] + 1;
      const e = b.start[i] + b.dur[i];
      if (e > xMax) xMax = e;
      if (b.level[i] === 0) total += b.dur[i];
    }
    y += ROW_H;
    const band: Band = { boxes: b, first: lane.first, last: lane.first + lane.count, y, up: false, label: lane.label };
    bands.push(band);
    totals.set(band, total);
    y += rows * ROW_H + ROW_H / 2;
  }
  return { mode: 'timeline', bands, xMax: xMax > 0 ? xMax : 1, height: y, whole: (band) => totals.get(band) ?? 0 };
}

/** Flame graph: the merged tree, root on top. */
export function flameScene(t: Trace): Scene {
  const b = t.flame();
  const band: Band = { boxes: b, first: 0, last: b.n, y: 0, up: false };
  return { mode: 'flame', bands: [band], xMax: b.dur[0] > 0 ? b.dur[0] : 1, height: b.rows * ROW_H, whole: () => b.dur[0] };
}

/** Sandwich of name index `fn`: callers above the function's row, callees below. */
export function sandwichScene(t: Trace, fn: number): Scene {
  const s = t.sandwich(fn);
  const callersTop = (s.callers.rows - 1) * ROW_H;
  const up: Band = { boxes: s.callers, first: 0, last: s.callers.n, y: callersTop, up: true };
  const down: Band = { boxes: s.callees, first: 0, last: s.callees.n, y: callersTop + ROW_H + ROW_H / 2, up: false, label: undefined };
  return { mode: 'sandwich', bands: [up, down], xMax: s.totalNs > 0 ? s.totalNs : 1, height: callersTop + ROW_H * 1.5 + s.callees.rows * ROW_H, whole: () => s.totalNs };
}
