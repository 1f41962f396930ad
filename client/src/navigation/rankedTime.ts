// The time a ranked call is shown with: its on-CPU time, or its inclusive time named as such when the trace does not say how long it was switched out.
import { formatDuration } from '../../../server/src/core/format';
import type { CallNode, Measure } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';

/** The time (ns, NaN when the call has none) and the measure it really is (`inclusive` when on-CPU time is unknown). */
export interface RankedTime {
  readonly ns: number;
  readonly measure: Measure;
}

/**
 * The time call `c` is ranked by. Under the on-CPU measure a call whose off-CPU time is unknown
 * (`onCpuUs` null) ranks by its inclusive time; it is then shown as inclusive, never as on-CPU.
 */
export function rankedTime(c: Pick<CallNode, 'inclusiveUs' | 'selfUs' | 'onCpuUs'>, measure: Measure): RankedTime {
  if (measure === 'self') return { ns: nsOf(c.selfUs), measure: 'self' };
  if (measure === 'onCpu' && c.onCpuUs !== null) return { ns: nsOf(c.onCpuUs), measure: 'onCpu' };
  return { ns: nsOf(c.inclusiveUs), measure: 'inclusive' };
}

/**
 * `67.56 ms on-CPU` under the on-CPU measure; `1.089 s inclusive` for a call ranked there whose
 * on-CPU time is unknown; the bare time under the inclusive and self measures (the title names them).
 */
export function rankedTimeText(t: RankedTime, measure: Measure): string {
  const d = formatDuration(t.ns);
  if (measure !== 'onCpu') return d;
  return t.measure === 'onCpu' ? `${d} on-CPU` : `${d} inclusive`;
}
