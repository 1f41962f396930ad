// The Flame Graph's box tooltip: what it says about a box (name, times, merged calls, CPU state, line) and where it appears.
import { formatDuration, formatShare } from '../../../../server/src/core/format';
import { CpuState } from '../../../../server/src/protocol';
import { callsIn, cpuKind } from './boxes';
import { displayName } from './names';
import type { Band } from './render';
import type { Scene } from './scene';
import type { Trace } from './trace';

/** The tooltip's lines for box `i` of `band` (the first is the name). */
export function tooltipLines(trace: Trace, scene: Scene, band: Band, i: number): string[] {
  const b = band.boxes;
  const whole = scene.whole(band);
  const lines = [
    displayName(trace.nameOf(b.name[i])),
    `inclusive ${formatDuration(b.dur[i])}${whole > 0 ? ` (${formatShare(b.dur[i], whole)})` : ''}`,
    `self ${formatDuration(b.self[i])}`,
  ];
  const merged = callsIn(b, i);
  if (merged > 1) lines.push(`${merged.toLocaleString('en-US')} calls merged`);
  if (b === trace.timeline && (trace.flags[i] & 2) !== 0) lines.push('no printed duration: spans its children');
  const kind = cpuKind(b.cpu[i]);
  if (kind === 'idle') lines.push('idle task');
  else if ((b.cpu[i] & CpuState.Unknown) !== 0) {
    if (kind !== 'on') lines.push('probably sleeps inside (the trace does not say which task ran)');
  } else if (kind !== 'on') {
    const off = trace.offCpuNs(b, i);
    lines.push(`off-CPU ${formatDuration(off)}, on-CPU ${formatDuration(Math.max(0, b.dur[i] - off))}${(b.cpu[i] & CpuState.Inferred) !== 0 ? ' (inferred: switched out before the trace)' : ''}`);
  }
  if (b.line[i] >= 0) lines.push(`${merged > 1 ? 'slowest on ' : ''}${trace.lines.line(b.line[i])}`);
  return lines;
}

/** Shows `lines` in `tooltip` next to the pointer at (x, y) of `stage`, kept inside it (below the pointer, or above when there is no room). */
export function showTooltipAt(tooltip: HTMLElement, stage: HTMLElement, lines: readonly string[], x: number, y: number): void {
  tooltip.replaceChildren(...lines.map((text, k) => {
    const div = document.createElement('div');
    div.textContent = text;
    if (k === 0) div.className = 'name';
    return div;
  }));
  tooltip.hidden = false;
  const r = stage.getBoundingClientRect();
  const tw = tooltip.offsetWidth;
  const th = tooltip.offsetHeight;
  tooltip.style.left = `${Math.min(x + 12, r.width - tw - 4)}px`;
  tooltip.style.top = `${y + 16 + th > r.height ? Math.max(0, y - th - 8) : y + 16}px`;
}
