// What the parser benchmarks share: the bare newline scan, the whole-model parse, clocks and a full GC.
import * as core from '../../server/src/core/index';

/** The bare newline scan: a JavaScript loop over the bytes. */
export function scanJs(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  return n;
}

/** parseTrace plus the columns the model derives on first use (children, self times, function statistics): the whole model, as before they became lazy. */
export function parseComplete(text: string): core.TraceModel {
  const model = core.parseTrace(text);
  if (model.functions.count.length < 0 || model.calls.selfNs.length < 0) throw new Error('unreachable');
  return model;
}

/**
 * Milliseconds of f(): wall clock, and CPU time of the whole process (user + system, all threads:
 * page faults and the GC helper threads that run beside the parse count too).
 */
export function clocked(f: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A full collection when the process runs with --expose-gc (twice: weak references and finalizers go in the first). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) {
    g();
    g();
  }
}
