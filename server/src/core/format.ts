// Pure formatting of durations and shares for people (shared by the server, the CLI and the client).

/** Microseconds from nanoseconds, exact to the kernel's 3 decimals (null for unknown). */
export function usFromNs(ns: number): number | null {
  return Number.isNaN(ns) ? null : Math.round(ns) / 1000;
}

/**
 * A duration for people, the one format every view, message and the CLI's text use: four
 * significant digits in the largest unit that keeps the value at or above 1 (`ns`, `µs`, `ms`,
 * `s`), trailing zeros dropped, so `507 ns`, `37.68 µs`, `1 ms`, `2.68 ms`, `187.6 s`
 * (`?` when unknown). The value is rounded before the unit is chosen, so 999.96 µs is `1 ms`,
 * never `1000 µs`. Below 1 µs the kernel's own resolution (1 ns) is kept: `899 ns`, not `0.899 µs`.
 * Exact values stay in the trace text and in JSON output (µs with 3 decimals).
 */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '?';
  const sign = ns < 0 ? '-' : '';
  const a = Math.abs(ns);
  if (Math.round(a) < 1000) return `${sign}${Math.round(a)} ns`;
  const r = roundSignificant(a, 4);
  if (r < 1e6) return `${sign}${trim(r / 1e3)} µs`;
  if (r < 1e9) return `${sign}${trim(r / 1e6)} ms`;
  return `${sign}${trim(r / 1e9)} s`;
}

/** `v` (> 0) rounded to `digits` significant digits. */
function roundSignificant(v: number, digits: number): number {
  const scale = 10 ** (Math.floor(Math.log10(v)) - digits + 1);
  return Math.round(v / scale) * scale;
}

/** A value in [1, 1000) (or larger seconds) with at most four significant digits, no trailing zeros. */
function trim(v: number): string {
  const digits = v >= 1000 ? 0 : v >= 100 ? 1 : v >= 10 ? 2 : 3;
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A duration given in µs (as the protocol and JSON carry it; null or NaN when unknown), formatted by {@link formatDuration}. */
export function formatDurationUs(us: number | null): string {
  return us === null ? '?' : formatDuration(us * 1000);
}

/**
 * A share as a percentage with one decimal, e.g. `73.5%` (empty when the whole is unknown or zero).
 * A share that rounds to 0 or 100 without being it reads `<0.1%` or `99.9%`: `0.0%` would say the
 * 12 µs call is none of its 67 ms top-level call.
 */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || Number.isNaN(part)) return '';
  const p = (100 * part) / whole;
  if (p > 0 && p < 0.05) return '<0.1%';
  return `${p >= 99.95 && p < 100 ? '99.9' : p.toFixed(1)}%`;
}

/** The kernel's overhead mark for a duration in ns (`$ @ * # ! +` or a space). */
export function overheadMark(ns: number): string {
  if (ns > 1e9) return '$';
  if (ns > 1e8) return '@';
  if (ns > 1e7) return '*';
  if (ns > 1e6) return '#';
  if (ns > 1e5) return '!';
  if (ns > 1e4) return '+';
  return ' ';
}
