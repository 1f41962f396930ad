// How many CPU numbers get per-CPU caches: every CPU number a Linux kernel can have.

/**
 * CPUs below this number get per-CPU caches (any CPU number still works, without them). The
 * kernel's NR_CPUS is at most 8192 (x86-64 with MAXSMP; arm64 allows 4096), so every CPU number a
 * kernel prints is cached. Its own module: streams.ts and laneIndex.ts import each other, and a
 * constant one of them read from the other while the modules load came out undefined.
 */
export const LANES = 8192;
