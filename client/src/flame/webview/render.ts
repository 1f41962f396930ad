// Draws boxes on a 2D canvas with level of detail: boxes under a pixel wide become one pixel column per row, their subtrees skipped.
import { visitVisible, type Boxes } from './boxes';

/** Height of a row in CSS pixels. */
export const ROW_H = 18;

/** A run of boxes drawn at one vertical place: a timeline lane, a merged tree, the callers or callees of a sandwich. */
export interface Band {
  readonly boxes: Boxes;
  readonly first: number;
  readonly last: number;
  /** y of row 0's top, in scene pixels. */
  readonly y: number;
  /** Rows grow upwards (callers in the sandwich). */
  readonly up: boolean;
  /** A header row above the band (timeline lanes), drawn at y - ROW_H. */
  readonly label?: string;
}

/** The visible window: x in ns, y scroll in pixels. */
export interface Viewport {
  x0: number;
  x1: number;
  scrollY: number;
  width: number;
  height: number;
}

/** What the renderer asks of each box. */
export interface BoxStyle {
  fill(b: Boxes, i: number): string;
  label(b: Boxes, i: number): string;
  /** 0..1: dimmed (search misses) or not. */
  alpha(b: Boxes, i: number): number;
  outlined(b: Boxes, i: number): boolean;
  /** A fill drawn over the box's color (the off-CPU hatching), or undefined. */
  overlay(b: Boxes, i: number): CanvasPattern | undefined;
  /** Told where an outlined box was drawn (CSS pixels of the canvas). */
  drewOutlined?(x: number, y: number, w: number, h: number, b: Boxes, i: number): void;
  /** Text color on a box filled with `fill`. */
  text(fill: string): string;
  readonly header: string;
  readonly outline: string;
  readonly border: string | undefined;
  readonly font: string;
}

/** Top y of box i of a band, in scene pixels. */
export function boxY(band: Band, i: number): number {
  const lv = band.boxes.level[i];
  return band.up ? band.y - lv * ROW_H : band.y + lv * ROW_H;
}

/** Counts of what one frame drew (for tests and the bench). */
export interface FrameStats {
  boxes: number;
  slivers: number;
}

/** Draws `bands` into `ctx` (already scaled for the device pixel ratio). */
export function drawBands(ctx: CanvasRenderingContext2D, bands: readonly Band[], v: Viewport, style: BoxStyle, charW: number): FrameStats {
  const stats: FrameStats = { boxes: 0, slivers: 0 };
  const span = v.x1 - v.x0;
  if (!(span > 0)) return stats;
  const k = v.width / span;
  const minNs = 1 / k;
  ctx.font = style.font;
  ctx.textBaseline = 'middle';
  for (const band of bands) {
    const b = band.boxes;
    const top = band.up ? band.y - (b.rows - 1) * ROW_H : band.y;
    const bottom = band.up ? band.y + ROW_H : band.y + b.rows * ROW_H;
    if (band.label !== undefined && band.y - ROW_H - v.scrollY < v.height && band.y - v.scrollY > 0) {
      ctx.globalAlpha = 1;
      ctx.fillStyle = style.header;
      ctx.fillText(band.label, 4, band.y - ROW_H / 2 - v.scrollY);
    }
    if (bottom - v.scrollY < 0 || top - v.scrollY > v.height) continue;
    // Rows below the window are cut off (rows grow down); for upward bands every row above is cut.
    const maxLevel = band.up ? Math.floor((band.y - v.scrollY + ROW_H) / ROW_H) : Math.floor((v.height + v.scrollY - band.y) / ROW_H);
    const lastCol = new Float64Array(b.rows).fill(-1);
    visitVisible(b, band.first, band.last, v.x0, v.x1, minNs, Math.max(0, maxLevel), (i) => {
      const y = boxY(band, i) - v.scrollY;
      const x = (b.start[i] - v.x0) * k;
      const w = b.dur[i] * k;
      const cx = Math.max(x, -1);
      const cw = Math.min(x + w, v.width + 1) - cx;
      const alpha = style.alpha(b, i);
      ctx.globalAlpha = alpha;
      const fill = style.fill(b, i);
      ctx.fillStyle = fill;
      ctx.fillRect(cx, y + 1, Math.max(cw - 1, 1), ROW_H - 2);
      const over = style.overlay(b, i);
      if (over !== undefined) {
        ctx.fillStyle = over;
        ctx.fillRect(cx, y + 1, Math.max(cw - 1, 1), ROW_H - 2);
      }
      if (style.border !== undefined && cw > 3) {
        // High Contrast: the theme's contrast border, opaque unless the box is dimmed (a search miss).
        ctx.globalAlpha = alpha < 0.5 ? alpha : 1;
        ctx.strokeStyle = style.border;
        ctx.lineWidth = 1;
        ctx.strokeRect(cx + 0.5, y + 1.5, cw - 2, ROW_H - 3);
      }
      if (cw > charW * 3 + 6) {
        const name = style.label(b, i);
        const fit = Math.floor((cw - 6) / charW);
        ctx.fillStyle = style.text(fill);
        ctx.fillText(name.length > fit ? name.slice(0, Math.max(1, fit - 1)) + '…' : name, cx + 3, y + ROW_H / 2 - 1);
      }
      if (style.outlined(b, i)) {
        ctx.globalAlpha = 1;
        ctx.strokeStyle = style.outline;
        ctx.lineWidth = 2;
        ctx.strokeRect(cx + 1, y + 1, Math.max(cw - 2, 2), ROW_H - 2);
        style.drewOutlined?.(cx, y, cw, ROW_H, b, i);
      }
      stats.boxes++;
    }, (i) => {
      const col = Math.floor((b.start[i] - v.x0) * k);
      const lv = b.level[i];
      if (col === lastCol[lv]) return;
      lastCol[lv] = col;
      ctx.globalAlpha = style.alpha(b, i);
      ctx.fillStyle = style.fill(b, i);
      ctx.fillRect(col, boxY(band, i) - v.scrollY + 1, 1, ROW_H - 2);
      stats.slivers++;
    });
  }
  ctx.globalAlpha = 1;
  return stats;
}

/** The box under scene point (x px, y px incl. scroll), or undefined. */
export function hitTest(bands: readonly Band[], v: Viewport, x: number, y: number): { band: Band; index: number } | undefined {
  const t = v.x0 + (x / v.width) * (v.x1 - v.x0);
  const tol = (v.x1 - v.x0) / v.width;
  for (const band of bands) {
    const b = band.boxes;
    const rel = band.up ? band.y + ROW_H - y : y - band.y;
    if (rel < 0) continue;
    const level = Math.floor(rel / ROW_H);
    if (level >= b.rows) continue;
    let found = -1;
    visitVisible(b, band.first, band.last, t - tol / 2, t + tol / 2, 0, level, (i) => {
      if (b.level[i] === level && found < 0) found = i;
    }, () => undefined);
    if (found >= 0) return { band, index: found };
  }
  return undefined;
}
