// The Flame Graph's box tooltip text: what it says about a box (name, times, merged calls, CPU state, line); no DOM, unit-tested.
import { formatDuration, formatShare } from '../../../../server/src/core/format';
import { CpuState, FLAME_IN_INTERRUPT } from '../../../../server/src/protocol';
import { callsIn, cpuKind, type Boxes } from './boxes';
import { displayName } from './names';
import type { Trace } from './trace';

/** The tooltip's lines for box `i` of `b` (the first is the name); `whole` is what its share is of (0: none shown). */
export function tooltipLines(trace: Trace, b: Boxes, whole: number, i: number): string[] {
  const lines = [
    displayName(trace.nameOf(b.name[i])),
    `inclusive ${formatDuration(b.dur[i])}${whole > 0 ? ` (${formatShare(b.dur[i], whole)})` : ''}`,
    // A call whose entry precedes the trace: what it called before is not subtracted (a bound).
    `self ${(b.cpu[i] & CpuState.Partial) !== 0 ? 'at most ' : ''}${formatDuration(b.self[i])}`,
  ];
  const merged = callsIn(b, i);
  if (merged > 1) lines.push(`${merged.toLocaleString('en-US')} calls merged`);
  if (b === trace.timeline && (trace.flags[i] & 2) !== 0) lines.push('no printed duration: spans its children');
  // An interrupt's box says so, then what its CPU state says otherwise.
  if ((b.cpu[i] & FLAME_IN_INTERRUPT) !== 0) lines.push(merged > 1 ? 'interrupt calls among them' : 'in an interrupt');
  const kind = cpuKind(b.cpu[i] & ~FLAME_IN_INTERRUPT);
  if (kind === 'idle') lines.push('idle task');
  else if ((b.cpu[i] & CpuState.Partial) !== 0) {
    // Its entry precedes the trace: what its task did before (a sleep?) is not in it.
    const off = kind !== 'on' ? trace.offCpuNs(b, i) : 0;
    lines.push(`${merged > 1 ? 'a call began' : 'began'} before the trace: off-CPU unknown${off > 0 ? `, at least ${formatDuration(off)}` : ''}`);
  } else if ((b.cpu[i] & CpuState.Unknown) !== 0) {
    if (kind !== 'on') lines.push('probably sleeps inside (the trace does not say which task ran)');
  } else if (kind !== 'on') {
    const off = trace.offCpuNs(b, i);
    lines.push(`off-CPU ${formatDuration(off)}, on-CPU ${formatDuration(Math.max(0, b.dur[i] - off))}${(b.cpu[i] & CpuState.Inferred) !== 0 ? ' (inferred: switched out before the trace)' : ''}`);
  }
  if (b.line[i] >= 0) lines.push(`${merged > 1 ? 'slowest on ' : ''}${trace.lines.line(b.line[i])}`);
  return lines;
}
