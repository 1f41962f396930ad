// Box colors from VS Code's theme variables: by the kernel's duration class (its overhead marks), by module or by CPU state; idle time gray in every mode.
import type { CpuKind } from './boxes';

/** The kernel's duration classes (marks `+ ! # * @ $`), shortest first, with their lower bounds in ns. */
export const DURATION_CLASSES: readonly { mark: string; label: string; overNs: number; cssVar: string }[] = [
  { mark: ' ', label: '≤ 10 µs', overNs: -Infinity, cssVar: '--vscode-charts-green' },
  { mark: '+', label: '> 10 µs', overNs: 1e4, cssVar: '--vscode-charts-blue' },
  { mark: '!', label: '> 100 µs', overNs: 1e5, cssVar: '--vscode-charts-yellow' },
  { mark: '#', label: '> 1 ms', overNs: 1e6, cssVar: '--vscode-charts-orange' },
  { mark: '*', label: '> 10 ms', overNs: 1e7, cssVar: '--vscode-charts-red' },
  { mark: '@', label: '> 100 ms', overNs: 1e8, cssVar: '--vscode-charts-purple' },
  { mark: '$', label: '> 1 s', overNs: 1e9, cssVar: '--vscode-charts-purple' },
];

/** Index into {@link DURATION_CLASSES} of a length in ns. */
export function durationClass(ns: number): number {
  let k = 0;
  for (let i = 1; i < DURATION_CLASSES.length; i++) if (ns > DURATION_CLASSES[i].overNs) k = i;
  return k;
}

/** Module colors cycle through these (core kernel functions, without a module, get the foreground color). */
const MODULE_VARS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-red'];

/** The module of a name printed as `sym [module]`, undefined for core kernel functions. */
export function moduleOf(name: string): string | undefined {
  const m = / \[([^\]]+)\]$/.exec(name);
  return m ? m[1] : undefined;
}

/** A small stable hash of a string (FNV-1a). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The theme's colors, read from VS Code's CSS variables (read again when the theme changes). */
export interface Palette {
  readonly background: string;
  readonly foreground: string;
  /** Text drawn on boxes (the editor background: boxes are chart colors). */
  readonly boxText: string;
  readonly focus: string;
  readonly match: string;
  readonly border: string | undefined;
  readonly durations: readonly string[];
  readonly modules: readonly string[];
  readonly kernel: string;
  /** By CPU state: on-CPU, waits (a call inside was switched out), sleep (its own time off-CPU), idle (the idle task). */
  readonly cpu: Readonly<Record<CpuKind, string>>;
  readonly font: string;
}

/** Color modes of the view. */
export type ColorBy = 'duration' | 'module' | 'cpu';

/** The variables and fallbacks (Dark Modern) of the CPU-state colors. */
export const CPU_COLORS: readonly { kind: CpuKind; label: string; cssVar: string; fallback: string }[] = [
  { kind: 'on', label: 'on-CPU', cssVar: '--vscode-charts-blue', fallback: '#3794ff' },
  { kind: 'waits', label: 'switched out inside', cssVar: '--vscode-charts-yellow', fallback: '#cca700' },
  { kind: 'sleep', label: 'off-CPU (own time)', cssVar: '--vscode-charts-purple', fallback: '#b180d7' },
  { kind: 'idle', label: 'idle task', cssVar: '--vscode-disabledForeground', fallback: '#8b8b8b' },
  { kind: 'irq', label: 'interrupt', cssVar: '--vscode-charts-green', fallback: '#89d185' },
];

/** Reads the palette from `style` (getComputedStyle of the document element), with fallbacks for a bare page. */
export function readPalette(get: (name: string) => string): Palette {
  const v = (name: string, fallback: string): string => get(name).trim() || fallback;
  const fg = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  return {
    background: v('--vscode-editor-background', '#1e1e1e'),
    foreground: fg,
    boxText: v('--vscode-editor-background', '#1e1e1e'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    match: v('--vscode-editor-findMatchBorder', v('--vscode-editor-findMatchBackground', '#ffcc00')),
    border: get('--vscode-contrastBorder').trim() || undefined,
    durations: DURATION_CLASSES.map((c, i) => v(c.cssVar, ['#89d185', '#3794ff', '#cca700', '#d18616', '#f14c4c', '#b180d7', '#b180d7'][i])),
    modules: MODULE_VARS.map((name, i) => v(name, ['#3794ff', '#d18616', '#b180d7', '#89d185', '#cca700', '#f14c4c'][i])),
    kernel: v('--vscode-charts-foreground', fg),
    cpu: Object.fromEntries(CPU_COLORS.map((c) => [c.kind, v(c.cssVar, c.fallback)])) as Record<CpuKind, string>,
    // At most 12px: a row is 18px and descenders (underscores) must stay inside it.
    font: `${Math.min(12, parseFloat(px(v('--vscode-editor-font-size', '12px'))) || 12)}px ${v('--vscode-editor-font-family', 'monospace')}`,
  };
}

/** A CSS size with a unit (`12` → `12px`). */
function px(size: string): string {
  return /^\d+(\.\d+)?$/.test(size) ? `${size}px` : size;
}

/** Color of a box named `name` of length `ns` in CPU state `kind` (idle boxes are gray in every mode; interrupts have their color in the CPU-state mode only). */
export function boxColor(p: Palette, by: ColorBy, name: string, ns: number, kind: CpuKind = 'on'): string {
  if (by === 'cpu' || kind === 'idle') return p.cpu[kind];
  if (by === 'duration') return p.durations[durationClass(ns)];
  const m = moduleOf(name);
  return m === undefined ? p.kernel : p.modules[hash(m) % p.modules.length];
}

/** Relative luminance (WCAG) of a CSS color in `#rgb`, `#rrggbb[aa]` or `rgb[a](…)` form; undefined for other forms. */
export function luminance(color: string): number | undefined {
  let rgb: number[] | undefined;
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (hex) {
    const h = hex[1];
    rgb = h.length < 6 ? [0, 1, 2].map((k) => parseInt(h[k] + h[k], 16)) : [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16));
  } else {
    const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
    if (m) rgb = [m[1], m[2], m[3]].map(Number);
  }
  if (rgb === undefined || rgb.some((v) => !(v >= 0 && v <= 255))) return undefined;
  const lin = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : Math.pow((v / 255 + 0.055) / 1.055, 2.4)));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

const textCache = new Map<string, string>();

/** The theme's background or foreground color, whichever contrasts more with a box filled with `fill`. */
export function textOn(fill: string, p: Palette): string {
  const key = `${fill}|${p.background}|${p.foreground}`;
  let t = textCache.get(key);
  if (t === undefined) {
    const lf = luminance(fill);
    const lb = luminance(p.background);
    const lg = luminance(p.foreground);
    const ratio = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    t = lf === undefined || lb === undefined || lg === undefined ? p.boxText : ratio(lf, lb) >= ratio(lf, lg) ? p.background : p.foreground;
    if (textCache.size > 256) textCache.clear();
    textCache.set(key, t);
  }
  return t;
}
