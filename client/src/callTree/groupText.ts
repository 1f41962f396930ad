// How a Call Tree group (a task, the idle task of a CPU, or a CPU) is described: its top-level calls, their time, and how much of it was on the CPU.
import { formatDuration } from '../../../server/src/core/format';
import type { CallGroup } from '../../../server/src/protocol';

/** Below this share of the inclusive time, the time switched out is worth naming (1%). */
const ON_CPU_SHOWN_BELOW = 0.99;

function nsOf(us: number): number {
  return Math.round(us * 1000);
}

/** True when the group's tasks spent a noticeable part of its top-level calls switched out. */
function slept(g: Pick<CallGroup, 'pid' | 'totalUs' | 'onCpuUs'>): boolean {
  // The idle task's time is idle time, not work: its "on-CPU" time says nothing more.
  return g.pid !== 0 && g.totalUs !== null && g.onCpuUs !== null && g.totalUs > 0 && g.onCpuUs < g.totalUs * ON_CPU_SHOWN_BELOW;
}

/**
 * `on-CPU 2.102 ms of 7.999 s · 18 top-level calls` when the task slept in them (the inclusive sum
 * alone would read as work), else `1.937 s · 973 top-level calls`; the count alone without times.
 * The time comes first so that a narrow side bar, which cuts the end, still shows it.
 */
export function groupDescription(g: Pick<CallGroup, 'pid' | 'callCount' | 'totalUs' | 'onCpuUs'>): string {
  const count = `${g.callCount} top-level call${g.callCount === 1 ? '' : 's'}`;
  if (g.totalUs === null) return count;
  const total = formatDuration(nsOf(g.totalUs));
  return slept(g) ? `on-CPU ${formatDuration(nsOf(g.onCpuUs!))} of ${total} · ${count}` : `${total} · ${count}`;
}

/** The group's tooltip: what the times are. */
export function groupTooltip(g: Pick<CallGroup, 'label' | 'pid' | 'callCount' | 'totalUs' | 'onCpuUs'>): string {
  const lines = [`${g.label}: ${g.callCount} top-level call${g.callCount === 1 ? '' : 's'}`];
  if (g.totalUs !== null) {
    lines.push(`${formatDuration(nsOf(g.totalUs))} inclusive: the sum of their durations as printed${g.pid === 0 ? ' (the idle task: time the CPU had no other work)' : ', time switched out included'}`);
    if (g.pid !== 0) lines.push(g.onCpuUs !== null ? `${formatDuration(nsOf(g.onCpuUs))} on-CPU: the same without the time their task was switched out` : 'on-CPU time unknown: the trace does not show all of it');
  }
  return lines.join('\n');
}
