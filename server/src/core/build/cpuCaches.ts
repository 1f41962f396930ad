// How many CPU numbers get per-CPU caches: every CPU number a Linux kernel can have.

/**
 * CPUs below this number get per-CPU caches (any CPU number still works, without them). The
 * kernel's NR_CPUS is at most 8192 (x86-64 with MAXSMP; arm64 allows 4096), so every CPU number a
 * kernel prints is cached. Its own module: streams.ts and laneIndex.ts import each other, and a
 * constant one of them read from the other while the modules load came out undefined.
 */
export const LANES = 8192;

/**
 * Entries the per-CPU caches start with: they grow (up to LANES) when a higher CPU comes. Sized
 * for LANES up front, a builder allocated ~150 KB before its first line, and a server opening
 * 2,500 one-line documents spent ~15% of its time allocating and collecting them.
 */
export const FIRST_LANES = 64;

/** The length a per-CPU cache of `length` entries grows to so it holds CPU `cpu` (< LANES). */
export function lanesFor(length: number, cpu: number): number {
  let n = Math.max(length * 2, FIRST_LANES);
  while (n <= cpu) n *= 2;
  return Math.min(n, LANES);
}

/** `a` grown to hold CPU `cpu` (< LANES), new entries `fill`. */
export function grownLanes<T extends Int32Array | Uint8Array>(a: T, cpu: number, fill = 0): T {
  const out = new (a.constructor as new (n: number) => T)(lanesFor(a.length, cpu));
  if (fill !== 0) out.fill(fill, a.length);
  out.set(a as never);
  return out;
}
