// Protocol times (µs, null when unknown) as the nanoseconds formatDuration takes (pure: no VS Code import).

/** Nanoseconds from a protocol µs value (NaN for null). */
export function nsOf(us: number | null): number {
  return us === null ? NaN : Math.round(us * 1000);
}
