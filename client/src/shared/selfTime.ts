// A call's self time as the views show it: a bound for a call whose entry precedes the trace.
import { formatDuration } from '../../../server/src/core/format';
import type { CallNode } from '../../../server/src/protocol';
import { nsOf } from './nsOf';

/**
 * True when `c`'s self time is only an upper bound: its entry precedes the trace (only its exit
 * was printed), so what it called before the trace is not subtracted (the server's off-CPU kind is
 * then `unknown`; an inferred switch, a scheduler exit, keeps its self time as its sleep).
 */
export function selfIsBound(c: Pick<CallNode, 'flags' | 'offCpu'>): boolean {
  return c.flags.includes('missingEntry') && c.offCpu === 'unknown';
}

/** `self 6.945 µs`, or `self ≤ 16.11 ms` (`short`) / `self at most 16.11 ms` for a bound; undefined without a self time. */
export function selfText(c: Pick<CallNode, 'flags' | 'offCpu' | 'selfUs'>, short: boolean): string | undefined {
  if (c.selfUs === null) return undefined;
  return `self ${selfIsBound(c) ? (short ? '≤ ' : 'at most ') : ''}${formatDuration(nsOf(c.selfUs))}`;
}
