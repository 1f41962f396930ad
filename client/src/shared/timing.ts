// Open-latency timing log (off unless FTRACE_LENS_TIMING names a file): each client stage of opening a trace appends one JSON line.
import { appendFileSync } from 'node:fs';

/**
 * The file named by `FTRACE_LENS_TIMING` (the server writes to the same file; `npm run
 * bench:editor` sets it and prints the stages), or undefined: then {@link mark} does nothing.
 */
const file = process.env.FTRACE_LENS_TIMING || undefined;

/** True when the timing log is on. */
export const timingOn = file !== undefined;

/**
 * Appends `{ t, side: 'client', event, ...detail }` to the timing log, `t` in milliseconds since
 * the epoch (the wall clock: every process reads the same one), so that the client's, the server's and the benchmark's stamps line up.
 */
export function mark(event: string, detail?: Record<string, unknown>): void {
  if (file === undefined) return;
  try {
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), side: 'client', event, ...detail })}\n`);
  } catch {
    // A timing log that cannot be written changes nothing else.
  }
}

/** Runs `request` and marks when it was sent and answered (`what` names it; `uri` the document). */
export async function timed<T>(what: string, uri: string, request: () => PromiseLike<T> | T, detail?: Record<string, unknown>): Promise<T> {
  if (file === undefined) return request();
  const start = performance.now();
  mark(`${what} sent`, { uri, ...detail });
  const result = await request();
  mark(`${what} answered`, { uri, ms: Math.round(performance.now() - start), items: Array.isArray(result) ? result.length : undefined });
  return result;
}
