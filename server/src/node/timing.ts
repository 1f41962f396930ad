// Open-latency timing log of the server process (off unless FTRACE_LENS_TIMING names a file; the client writes to the same file).
import { appendFileSync } from 'node:fs';

const file = process.env.FTRACE_LENS_TIMING || undefined;

/** True when the timing log is on. */
export const timingOn = file !== undefined;

/** Appends `{ t, side: 'server', event, ...detail }` (`t` in epoch milliseconds) to the timing log. */
export function mark(event: string, detail?: Record<string, unknown>): void {
  if (file === undefined) return;
  try {
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), side: 'server', event, ...detail })}\n`);
  } catch {
    // A timing log that cannot be written changes nothing else.
  }
}
