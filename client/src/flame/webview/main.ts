// Flame Graph webview: loads the calls from the extension, draws the chosen mode on a canvas, handles mouse, keyboard and search.
// The controls: VS Code's look from @vscode-elements (Lit web components, bundled here; icons from the codicon font).
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { formatDuration } from '../../../../server/src/core/format';
import type { FromWebview, ToWebview } from '../messages';
import { CpuState } from '../../../../server/src/protocol';
import { ALL, cpuKind, type Boxes } from './boxes';
import { boxColor, readPalette, textOn, type ColorBy, type Palette } from './colors';
import { hatchPattern, renderLegend } from './legend';
import { displayName } from './names';
import { panBy as panView, resetView, revealLine, zoomAt as zoomView, zoomTo as zoomViewTo } from './navigate';
import { ROW_H, drawBands, hitTest, type Band, type Viewport } from './render';
import { flameScene, sandwichScene, timelineScene, type Mode, type Scene } from './scene';
import { searchTrace } from './search';
import { showTooltipAt } from './tooltip';
import { tooltipLines } from './tooltipText';
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
  // Said first (the status line is cut at the pane's edge): otherwise the pictures are just empty.
  const untimed = trace.timed ? '' : 'No times in this trace (no durations, no timestamps): every box is empty · ';
  status.textContent = `${untimed}${p.title} · ${p.count.toLocaleString('en-US')} calls · ${what}`;
}

function setMode(m: Mode): void {
  mode = m;
  selected = undefined;
  buildScene();
}

function zoomAt(px: number, factor: number): void {
  if (scene === undefined) return;
  zoomView(view, scene, px, factor);
  schedule();
}

function panBy(dxPx: number, dyPx: number): void {
  if (scene === undefined) return;
  panView(view, scene, dxPx, dyPx);
  schedule();
}

function reset(): void {
  if (scene === undefined) return;
  resetView(view, scene);
  schedule();
}

function zoomTo(band: Band, i: number): void {
  zoomViewTo(view, band, i);
  schedule();
}

function showTooltip(band: Band, i: number, x: number, y: number): void {
  if (trace === undefined || scene === undefined) return;
  showTooltipAt(tooltip, stage, tooltipLines(trace, band.boxes, scene.whole(band), i), x, y);
}

function applySearch(): void {
  const q = search.value.trim().toLowerCase();
  if (trace === undefined || q === '') {
    matchName = undefined;
    matchesEl.textContent = '';
    schedule();
    return;
  }
  const found = searchTrace(trace, q);
  matchName = found.names;
  matchesEl.textContent = found.count === 0 ? 'no match' : `${found.count.toLocaleString('en-US')} call${found.count === 1 ? '' : 's'} · ${formatDuration(found.totalNs)}`;
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
    if (trace !== undefined && scene !== undefined && mode === 'timeline' && m.line >= 0) revealLine(view, scene, trace, m.line);
    schedule();
  }
});

/** The legend for the current color mode (and whether the trace knows off-CPU time). */
function updateLegend(): void {
  renderLegend($<HTMLDivElement>('legend'), palette, colorMode(), trace === undefined || trace.payload.taskInfo, trace?.interrupts === true);
}

hatch = hatchPattern(palette.background);
updateLegend();
measure();
resize();
post({ type: 'ready' });
