// A call's self time as the views show it: a bound for a call whose entry precedes the trace.
import { formatDuration } from '../../../server/src/core/format';
import type { CallNode } from '../../../server/src/protocol';
import { nsOf } from './nsOf';

/** True when `c`'s self time is only an upper bound: the server marks it partial (its entry precedes the trace). */
export function selfIsBound(c: Pick<CallNode, 'partial'>): boolean {
  return c.partial;
}

/**
 * `self 6.945 µs`, or for a partial call (its entry precedes the trace: what it called before is
 * not subtracted, the server says so) `self ≤ 16.11 ms` (`short`) / `self at most 16.11 ms`;
 * undefined without a self time.
 */
export function selfText(c: Pick<CallNode, 'partial' | 'selfUs'>, short: boolean): string | undefined {
  if (c.selfUs === null) return undefined;
  return `self ${selfIsBound(c) ? (short ? '≤ ' : 'at most ') : ''}${formatDuration(nsOf(c.selfUs))}`;
}
