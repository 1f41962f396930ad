// The Flame Graph's box tooltip: where it appears (its text: tooltipText.ts).
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
