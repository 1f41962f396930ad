// Flame Graph webview: loads the calls from the extension, draws the chosen mode on a canvas, handles mouse, keyboard and search.
// The controls: VS Code's look from @vscode-elements (Lit web components, bundled here; icons from the codicon font).
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { formatDuration, formatShare } from '../../../../server/src/core/format';
import type { FromWebview, ToWebview } from '../messages';
import { CpuState } from '../../../../server/src/protocol';
import { ALL, callsIn, cpuKind, type Boxes } from './boxes';
import { boxColor, readPalette, textOn, type ColorBy, type Palette } from './colors';
import { hatchPattern, renderLegend } from './legend';
import { displayName } from './names';
import { ROW_H, drawBands, hitTest, type Band, type Viewport } from './render';
import { flameScene, sandwichScene, timelineScene, type Mode, type Scene } from './scene';
import { Trace } from './trace';

/** What the view uses of vscode-toolbar-button (toggleable), and of vscode-single-select and vscode-textfield. */
type VscodeToolbarButton = HTMLElement & { checked: boolean };
type VscodeSingleSelect = HTMLElement & { value: string };
type VscodeTextfield = HTMLElement & { value: string };

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('canvas');
const stage = $<HTMLDivElement>('stage');
const tooltip = $<HTMLDivElement>('tooltip');
const status = $<HTMLSpanElement>('status');
const matchesEl = $<HTMLSpanElement>('matches');
const search = $<VscodeTextfield>('search');
const colorBy = $<VscodeSingleSelect>('color');
const modeButtons = { timeline: $<VscodeToolbarButton>('mode-timeline'), flame: $<VscodeToolbarButton>('mode-flame'), sandwich: $<VscodeToolbarButton>('mode-sandwich') };
const ctx = canvas.getContext('2d', { alpha: false })!;

/** Timings the tests and the bench read. */
const stats = { frames: [] as number[], firstFrameMs: -1, firstFrameParts: { boxesMs: 0, sceneMs: 0, drawMs: 0 }, lastBoxes: 0, lastSlivers: 0, outlined: undefined as { x: number; y: number; w: number; h: number; line: number } | undefined };
(globalThis as unknown as { __ftraceFlame: typeof stats }).__ftraceFlame = stats;

let trace: Trace | undefined;
let scene: Scene | undefined;
let mode: Mode = 'timeline';
let sandwichFn = -1;
let palette: Palette = readPalette((n) => getComputedStyle(document.documentElement).getPropertyValue(n));
let charW = 7;
const view: Viewport = { x0: 0, x1: 1, scrollY: 0, width: 300, height: 150 };
/** Selected box (timeline index, or index in the current merged boxes). */
let selected: { boxes: Boxes; index: number } | undefined;
/** First line of the call under the editor's cursor (-1: none). */
let cursorLine = -1;
let matchName: Uint8Array | undefined;
let frame = 0;

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

function measure(): void {
  ctx.font = palette.font;
  charW = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26 || 7;
}

function resize(): void {
  const r = stage.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  view.width = Math.max(50, r.width);
  view.height = Math.max(50, r.height);
  canvas.width = Math.round(view.width * dpr);
  canvas.height = Math.round(view.height * dpr);
  canvas.style.width = `${view.width}px`;
  canvas.style.height = `${view.height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  schedule();
}

function schedule(): void {
  if (frame === 0) frame = requestAnimationFrame(draw);
}

let hatch: CanvasPattern | undefined;

function colorMode(): ColorBy {
  const v = colorBy.value;
  return v === 'module' || v === 'cpu' ? v : 'duration';
}

const style = {
  fill: (b: Boxes, i: number) => boxColor(palette, colorMode(), trace!.nameOf(b.name[i]), b.dur[i], b.name[i] === ALL ? 'on' : cpuKind(b.cpu[i])),
  overlay: (b: Boxes, i: number) => ((b.cpu[i] & (CpuState.OwnSleep | CpuState.Idle)) === CpuState.OwnSleep ? hatch : undefined),
  label: (b: Boxes, i: number) => displayName(trace!.nameOf(b.name[i])),
  alpha: (b: Boxes, i: number) => (matchName === undefined || (b.name[i] >= 0 && matchName[b.name[i]] === 1) ? 0.9 : 0.25),
  outlined: (b: Boxes, i: number) => (selected !== undefined && selected.boxes === b && selected.index === i) || (b === trace?.timeline && cursorLine >= 0 && b.line[i] === cursorLine),
  drewOutlined: (x: number, y: number, w: number, h: number, b: Boxes, i: number) => {
    stats.outlined = { x, y, w, h, line: b.line[i] };
  },
  text: (fill: string) => textOn(fill, palette),
  get header() { return palette.foreground; },
  get outline() { return palette.focus; },
  get border() { return palette.border; },
  get font() { return palette.font; },
};

function draw(): void {
  frame = 0;
  const t0 = performance.now();
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, view.width, view.height);
  if (scene === undefined) return;
  stats.outlined = undefined;
  const s = drawBands(ctx, scene.bands, view, style, charW);
  stats.lastBoxes = s.boxes;
  stats.lastSlivers = s.slivers;
  const ms = performance.now() - t0;
  stats.frames.push(ms);
  if (stats.frames.length > 2000) stats.frames.splice(0, 1000);
}

function setScene(next: Scene, keepView = false): void {
  scene = next;
  if (!keepView) {
    view.x0 = 0;
    view.x1 = next.xMax;
    view.scrollY = 0;
  }
  // Radio-like: exactly the current mode's button is checked (a click toggles it first).
  for (const [m, b] of Object.entries(modeButtons)) b.checked = m === next.mode;
  updateStatus();
  schedule();
}

function buildScene(): void {
  if (trace === undefined) return;
  if (mode === 'sandwich') {
    if (sandwichFn < 0) sandwichFn = heaviestFunction(trace);
    setScene(sandwichScene(trace, sandwichFn));
  } else setScene(mode === 'flame' ? flameScene(trace) : timelineScene(trace));
}

/** The function with the most self time (the sandwich's default). */
function heaviestFunction(t: Trace): number {
  const self = new Float64Array(t.names.length);
  const b = t.timeline;
  for (let i = 0; i < b.n; i++) if (b.name[i] >= 0) self[b.name[i]] += b.self[i];
  let best = 0;
  for (let k = 1; k < self.length; k++) if (self[k] > self[best]) best = k;
  return self.length > 0 ? best : -1;
}

function updateStatus(): void {
  if (trace === undefined || scene === undefined) return;
  const p = trace.payload;
  const clock = p.clock === 'abstime' ? 'x: printed timestamps' : 'x: durations in print order per CPU (no timestamps printed; idle gaps left out)';
  const what = mode === 'timeline' ? clock : mode === 'flame' ? 'identical call paths merged, widest first' : `sandwich of ${displayName(trace.nameOf(sandwichFn))}: callers above, callees below`;
  status.textContent = `${p.title} · ${p.count.toLocaleString('en-US')} calls · ${what}`;
}

function setMode(m: Mode): void {
  mode = m;
  selected = undefined;
  buildScene();
}

function zoomAt(px: number, factor: number): void {
  if (scene === undefined) return;
  const t = view.x0 + (px / view.width) * (view.x1 - view.x0);
  const span = Math.min(scene.xMax * 1.05, Math.max(1, (view.x1 - view.x0) * factor));
  view.x0 = t - (px / view.width) * span;
  view.x1 = view.x0 + span;
  schedule();
}

function panBy(dxPx: number, dyPx: number): void {
  if (scene === undefined) return;
  const ns = (dxPx / view.width) * (view.x1 - view.x0);
  view.x0 += ns;
  view.x1 += ns;
  view.scrollY = Math.max(0, Math.min(Math.max(0, scene.height - view.height + ROW_H), view.scrollY + dyPx));
  schedule();
}

function reset(): void {
  if (scene === undefined) return;
  view.x0 = 0;
  view.x1 = scene.xMax;
  view.scrollY = 0;
  schedule();
}

function zoomTo(band: Band, i: number): void {
  const b = band.boxes;
  const pad = b.dur[i] * 0.05;
  view.x0 = b.start[i] - pad;
  view.x1 = b.start[i] + b.dur[i] + pad;
  schedule();
}

function showTooltip(band: Band, i: number, x: number, y: number): void {
  if (trace === undefined || scene === undefined) return;
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
  if (b.line[i] >= 0) lines.push(`${merged > 1 ? 'slowest on ' : ''}line ${b.line[i] + 1}`);
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

function applySearch(): void {
  const q = search.value.trim().toLowerCase();
  if (trace === undefined || q === '') {
    matchName = undefined;
    matchesEl.textContent = '';
    schedule();
    return;
  }
  const names = trace.names;
  matchName = new Uint8Array(names.length);
  for (let k = 0; k < names.length; k++) if (names[k].toLowerCase().includes(q)) matchName[k] = 1;
  // Total: matching calls not nested in another match (no time counted twice).
  const b = trace.timeline;
  let count = 0;
  let total = 0;
  for (let i = 0; i < b.n;) {
    if (b.name[i] >= 0 && matchName[b.name[i]] === 1) {
      total += b.dur[i];
      for (let j = i; j < b.end[i]; j++) if (b.name[j] >= 0 && matchName[b.name[j]] === 1) count++;
      i = b.end[i];
    } else i++;
  }
  matchesEl.textContent = count === 0 ? 'no match' : `${count.toLocaleString('en-US')} call${count === 1 ? '' : 's'} · ${formatDuration(total)}`;
  schedule();
}

// ---------------------------------------------------------------- events

let drag: { x: number; y: number; moved: boolean } | undefined;
canvas.addEventListener('wheel', (e) => {
  e.preventDefault();
  if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) panBy(e.shiftKey ? e.deltaY : e.deltaX, 0);
  else zoomAt(e.offsetX, Math.pow(1.0015, e.deltaY));
}, { passive: false });
canvas.addEventListener('mousedown', (e) => {
  drag = { x: e.clientX, y: e.clientY, moved: false };
  canvas.focus();
});
window.addEventListener('mouseup', () => {
  drag = undefined;
});
canvas.addEventListener('mousemove', (e) => {
  if (drag !== undefined && (e.buttons & 1) !== 0) {
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    drag.x = e.clientX;
    drag.y = e.clientY;
    if (drag.moved) {
      tooltip.hidden = true;
      panBy(-dx, -dy);
      return;
    }
  }
  if (scene === undefined) return;
  const hit = hitTest(scene.bands, view, e.offsetX, e.offsetY + view.scrollY);
  if (hit === undefined) tooltip.hidden = true;
  else showTooltip(hit.band, hit.index, e.offsetX, e.offsetY);
});
canvas.addEventListener('mouseleave', () => {
  tooltip.hidden = true;
});
canvas.addEventListener('click', (e) => {
  if (scene === undefined || drag?.moved === true) return;
  const hit = hitTest(scene.bands, view, e.offsetX, e.offsetY + view.scrollY);
  if (hit === undefined) return;
  selected = { boxes: hit.band.boxes, index: hit.index };
  const line = hit.band.boxes.line[hit.index];
  if (line >= 0) post({ type: 'reveal', line });
  schedule();
});
canvas.addEventListener('dblclick', (e) => {
  if (scene === undefined || trace === undefined) return;
  const hit = hitTest(scene.bands, view, e.offsetX, e.offsetY + view.scrollY);
  if (hit === undefined) return;
  if (e.altKey && hit.band.boxes.name[hit.index] >= 0) {
    sandwichFn = hit.band.boxes.name[hit.index];
    setMode('sandwich');
  } else zoomTo(hit.band, hit.index);
});
canvas.addEventListener('keydown', (e) => {
  const step = view.width / 8;
  switch (e.key) {
    case '+': case '=': zoomAt(view.width / 2, 0.8); break;
    case '-': case '_': zoomAt(view.width / 2, 1.25); break;
    case 'ArrowLeft': panBy(-step, 0); break;
    case 'ArrowRight': panBy(step, 0); break;
    case 'ArrowUp': panBy(0, -ROW_H * 3); break;
    case 'ArrowDown': panBy(0, ROW_H * 3); break;
    case '0': case 'Escape': reset(); break;
    case '1': setMode('timeline'); break;
    case '2': setMode('flame'); break;
    case '3': setMode('sandwich'); break;
    case 'Enter':
      if (selected !== undefined && selected.boxes.line[selected.index] >= 0) post({ type: 'reveal', line: selected.boxes.line[selected.index] });
      break;
    case 's':
      if (selected !== undefined && selected.boxes.name[selected.index] >= 0 && selected.boxes.name[selected.index] !== ALL) {
        sandwichFn = selected.boxes.name[selected.index];
        setMode('sandwich');
      }
      break;
    case '/': search.focus(); break;
    default: return;
  }
  e.preventDefault();
});
for (const [m, b] of Object.entries(modeButtons)) b.addEventListener('click', () => {
  if (m === 'sandwich' && selected !== undefined && selected.boxes.name[selected.index] >= 0) sandwichFn = selected.boxes.name[selected.index];
  setMode(m as Mode);
});
$<VscodeToolbarButton>('reset').addEventListener('click', reset);
colorBy.addEventListener('change', () => {
  updateLegend();
  schedule();
});
search.addEventListener('input', applySearch);
new ResizeObserver(resize).observe(stage);
// VS Code changes the body's class (vscode-dark, vscode-light, vscode-high-contrast) and its variables with the theme.
new MutationObserver(() => {
  palette = readPalette((n) => getComputedStyle(document.documentElement).getPropertyValue(n));
  hatch = hatchPattern(palette.background);
  updateLegend();
  measure();
  schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (m.type === 'data') {
    const t0 = performance.now();
    trace = new Trace(m.payload);
    const t1 = performance.now();
    updateLegend();
    sandwichFn = -1;
    selected = undefined;
    buildScene();
    applySearch();
    const t2 = performance.now();
    draw();
    const ms = performance.now() - t0;
    stats.firstFrameMs = ms;
    stats.firstFrameParts = { boxesMs: t1 - t0, sceneMs: t2 - t1, drawMs: performance.now() - t2 };
    post({ type: 'rendered', version: m.payload.version, ms, boxes: stats.lastBoxes + stats.lastSlivers });
  } else if (m.type === 'status') {
    status.textContent = m.text;
  } else if (m.type === 'highlight') {
    cursorLine = m.line;
    if (trace !== undefined && mode === 'timeline' && m.line >= 0) revealCursorBox();
    schedule();
  }
});

/** Scrolls and pans so the box of the editor's cursor call is in view. */
function revealCursorBox(): void {
  if (trace === undefined || scene === undefined) return;
  const b = trace.timeline;
  let i = -1;
  for (let k = 0; k < b.n; k++) if (b.line[k] === cursorLine) { i = k; break; }
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

/** The legend for the current color mode (and whether the trace knows off-CPU time). */
function updateLegend(): void {
  renderLegend($<HTMLDivElement>('legend'), palette, colorMode(), trace === undefined || trace.payload.taskInfo);
}

hatch = hatchPattern(palette.background);
updateLegend();
measure();
resize();
post({ type: 'ready' });
