// Pure formatting of durations and shares for people (shared by the server, the CLI and the client).

/** Microseconds from nanoseconds, exact to the kernel's 3 decimals (null for unknown). */
export function usFromNs(ns: number): number | null {
  return Number.isNaN(ns) ? null : Math.round(ns) / 1000;
}

/** The duration in µs as the kernel prints it, e.g. `2672.235 µs` (`?` when unknown). */
export function formatUs(ns: number): string {
  if (Number.isNaN(ns)) return '?';
  // Same digits as the kernel: 3 decimals up to 4 integer digits, then 2, 1, none (7+ digits).
  const us = Math.round(ns) / 1000;
  const int = Math.trunc(Math.abs(us)).toString().length;
  const dec = int <= 4 ? 3 : int === 5 ? 2 : int === 6 ? 1 : 0;
  return `${us.toFixed(dec)} µs`;
}

/** A duration with a unit chosen for reading: `507 ns`, `37.68 µs`, `2.672 ms`, `187.6 s`. */
export function formatDuration(ns: number): string {
  if (Number.isNaN(ns)) return '?';
  const a = Math.abs(ns);
  if (a < 1000) return `${Math.round(ns)} ns`;
  if (a < 1e6) return `${trim(ns / 1e3)} µs`;
  if (a < 1e9) return `${trim(ns / 1e6)} ms`;
  return `${trim(ns / 1e9)} s`;
}

/** Four significant digits, no trailing zeros. */
function trim(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return v.toFixed(digits).replace(/\.?0+$/, '');
}

/** A share as a percentage with one decimal, e.g. `73.5%` (empty when the whole is unknown or zero). */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || Number.isNaN(part)) return '';
  const p = (100 * part) / whole;
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
