// The color legend of the flame view (swatches and labels as DOM text) and the hatching that marks off-CPU time on the canvas.
import { CPU_COLORS, DURATION_CLASSES, type ColorBy, type Palette } from './colors';

/** A diagonal hatching in `background` (partly transparent) to lay over a box whose own time is off-CPU. */
export function hatchPattern(background: string): CanvasPattern | undefined {
  const c = document.createElement('canvas');
  c.width = 6;
  c.height = 6;
  const g = c.getContext('2d');
  if (g === null) return undefined;
  g.strokeStyle = background;
  g.globalAlpha = 0.6;
  g.lineWidth = 1.5;
  g.beginPath();
  // Two segments so the stripes join across tiles.
  g.moveTo(-1, 7);
  g.lineTo(7, -1);
  g.moveTo(5, 7);
  g.lineTo(7, 5);
  g.stroke();
  return g.createPattern(c, 'repeat') ?? undefined;
}

/** One legend entry: a swatch of `color` (hatched when `hatched`) and its label. */
function entry(color: string, label: string, hatched = false): HTMLSpanElement {
  const item = document.createElement('span');
  item.className = 'legend-item';
  const sw = document.createElement('span');
  sw.className = hatched ? 'swatch hatch' : 'swatch';
  sw.style.backgroundColor = color;
  const text = document.createElement('span');
  text.textContent = label;
  item.append(sw, text);
  return item;
}

/**
 * Fills `el` with the legend of color mode `by`; `taskInfo` false says sleeps are only probable (the
 * trace does not say which task ran); `interrupts` false leaves the interrupt color out (none in the trace).
 */
export function renderLegend(el: HTMLElement, p: Palette, by: ColorBy, taskInfo: boolean, interrupts = false): void {
  const items: HTMLSpanElement[] = [];
  if (by === 'duration') {
    // The last two classes share a color: one swatch for them.
    DURATION_CLASSES.slice(0, 6).forEach((c, i) => items.push(entry(p.durations[i], i === 5 ? '> 100 ms' : c.label)));
  } else if (by === 'module') {
    items.push(entry(p.kernel, 'kernel'), entry(p.modules[0], 'a color per module'));
  }
  for (const c of CPU_COLORS) {
    if (by !== 'cpu' && (c.kind === 'on' || c.kind === 'waits' || c.kind === 'irq')) continue;
    if (c.kind === 'irq' && !interrupts) continue;
    const label = c.kind === 'sleep' ? (taskInfo ? 'off-CPU (its own time)' : 'probably off-CPU (no task info)') : c.label;
    items.push(entry(by === 'cpu' || c.kind === 'idle' ? p.cpu[c.kind] : p.durations[1], label, c.kind === 'sleep'));
  }
  el.replaceChildren(...items);
}
