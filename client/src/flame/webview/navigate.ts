// Moving the Flame Graph's viewport: zoom about a point, pan, reset, zoom to a box, bring the editor's cursor call into view.
import { ROW_H, type Band, type Viewport } from './render';
import type { Scene } from './scene';
import type { Trace } from './trace';

/** Zooms by `factor` (< 1 in, > 1 out) keeping the time under pixel `px` in place; never wider than the scene plus 5 %. */
export function zoomAt(view: Viewport, scene: Scene, px: number, factor: number): void {
  const t = view.x0 + (px / view.width) * (view.x1 - view.x0);
  const span = Math.min(scene.xMax * 1.05, Math.max(1, (view.x1 - view.x0) * factor));
  view.x0 = t - (px / view.width) * span;
  view.x1 = view.x0 + span;
}

/** Pans by (dxPx, dyPx) pixels; the vertical scroll stays within the scene. */
export function panBy(view: Viewport, scene: Scene, dxPx: number, dyPx: number): void {
  const ns = (dxPx / view.width) * (view.x1 - view.x0);
  view.x0 += ns;
  view.x1 += ns;
  view.scrollY = Math.max(0, Math.min(Math.max(0, scene.height - view.height + ROW_H), view.scrollY + dyPx));
}

/** Shows the whole scene from the top. */
export function resetView(view: Viewport, scene: Scene): void {
  view.x0 = 0;
  view.x1 = scene.xMax;
  view.scrollY = 0;
}

/** Zooms to box `i` of `band` with 5 % of its width on each side. */
export function zoomTo(view: Viewport, band: Band, i: number): void {
  const b = band.boxes;
  const pad = b.dur[i] * 0.05;
  view.x0 = b.start[i] - pad;
  view.x1 = b.start[i] + b.dur[i] + pad;
}

/** Scrolls and pans so the timeline box of the call on 0-based line `line` is in view (zooming in when it is too narrow to see); nothing when no box has that line. */
export function revealLine(view: Viewport, scene: Scene, trace: Trace, line: number): void {
  const b = trace.timeline;
  let i = -1;
  for (let k = 0; k < b.n; k++) if (b.line[k] === line) { i = k; break; }
  if (i < 0) return;
  const band = scene.bands.find((bd) => i >= bd.first && i < bd.last);
  if (band === undefined) return;
  const s = b.start[i];
  const e = s + b.dur[i];
  const px = (b.dur[i] / (view.x1 - view.x0)) * view.width;
  if (e < view.x0 || s > view.x1 || b.dur[i] > view.x1 - view.x0 || px < 2) {
    // Too narrow to see: zoom so that it takes a third of the width.
    const span = px < 2 ? Math.max(b.dur[i] * 3, 1000) : Math.max(view.x1 - view.x0, b.dur[i] * 1.2);
    view.x0 = s + b.dur[i] / 2 - span / 2;
    view.x1 = view.x0 + span;
  }
  const y = band.y + b.level[i] * ROW_H;
  if (y < view.scrollY || y > view.scrollY + view.height - ROW_H) view.scrollY = Math.max(0, y - view.height / 3);
}
