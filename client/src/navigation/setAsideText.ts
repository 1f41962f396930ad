// What the slow-call features say about the calls they set aside (sleeps and idle), and when they have nothing to rank (pure: no VS Code import, unit-tested).
import { formatDuration } from '../../../server/src/core/format';
import type { RankingInfo } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';

/** `on-CPU`, `inclusive` or `self`: the measure named for people. */
export function measureText(r: RankingInfo): string {
  return r.measure === 'onCpu' ? 'on-CPU' : r.measure;
}

/**
 * `290 calls slept (off-CPU 3.88 s), 36,039 idle-task calls (idle 3.21 s)`, or undefined when there
 * are none with a time (a trace without durations has sleeps and idle calls, but nothing to count).
 */
export function sleepsAndIdleText(r: RankingInfo): string | undefined {
  const s = r.sleepsAndIdle;
  if (s.calls === 0 || s.timedCalls === 0) return undefined;
  const parts: string[] = [];
  if (s.sleepCalls > 0) parts.push(`${s.sleepCalls.toLocaleString('en-US')} call${s.sleepCalls === 1 ? '' : 's'} slept${s.offCpuUs !== null ? ` (off-CPU ${formatDuration(nsOf(s.offCpuUs))})` : ''}`);
  if (s.idleCalls > 0) parts.push(`${s.idleCalls.toLocaleString('en-US')} idle-task call${s.idleCalls === 1 ? '' : 's'} (idle ${formatDuration(nsOf(s.idleUs))})`);
  return parts.join(', ');
}

/**
 * What Jump to Slowest Call says when the ranking gave no call: the sleeps and idle it set aside
 * (and how to count them) when they have times, else that the trace has no timed call.
 */
export function noSlowestCallText(r: RankingInfo | null): string {
  const left = r === null ? undefined : sleepsAndIdleText(r);
  return left !== undefined ? `Ftrace: no on-CPU work to rank; ${left} (Show Sleeps and Idle).` : 'Ftrace: this trace has no timed calls.';
}
