// How a call looks in views and pickers: description, duration-class icon, tooltip (untrusted text kept plain).
import * as vscode from 'vscode';
import { formatDuration, formatShare } from '../../../server/src/core/format';
import type { CallNode, DurationClass } from '../../../server/src/protocol';
import { PLAIN_LINE_NAMES, type LineNames } from '../slices/lineNames';
import { nsOf } from '../shared/nsOf';
import { selfIsBound, selfText } from '../shared/selfTime';

/**
 * `2.672 ms  vfio_iommu_type1_attach_group [vfio_iommu_type1]`: the time first, so that it stays
 * visible when a narrow side bar cuts the row (the name alone when the call has no time).
 */
export function callLabel(c: CallNode): string {
  return c.inclusiveUs === null ? c.name : `${formatDuration(nsOf(c.inclusiveUs))}  ${c.name}`;
}

/**
 * `self 6.945 µs · 99.7%` (share of the parent when known); `on-CPU 7.98 ms · self … · …` for a call
 * whose task was switched out inside it; or why the call has no time.
 */
export function callDescription(c: CallNode): string {
  if (c.inclusiveUs === null) {
    return c.flags.includes('taskExited') ? 'never returned: task exited' : c.flags.includes('open') ? 'open at end of trace' : c.flags.includes('unterminated') ? 'exit lost' : '';
  }
  const parts: string[] = [];
  if (c.offCpuUs !== null && c.offCpuUs > 0 && c.onCpuUs !== null) parts.push(`on-CPU ${formatDuration(nsOf(c.onCpuUs))}`);
  const self = selfText(c, true);
  if (self !== undefined) parts.push(self);
  if (c.shareOfParent !== null) parts.push(formatShare(c.shareOfParent, 1));
  return parts.join(' · ');
}

const CLASS_COLOR: Record<DurationClass, string | undefined> = {
  none: undefined,
  plain: undefined,
  plus: 'charts.blue',
  bang: 'charts.yellow',
  hash: 'charts.orange',
  star: 'charts.red',
  at: 'charts.red',
  dollar: 'charts.red',
};

/** Icon colored by the kernel's duration class (`+` blue … `#` orange, `*@$` red). */
export function callIcon(c: CallNode): vscode.ThemeIcon {
  const color = CLASS_COLOR[c.durationClass];
  const icon = c.flags.includes('missingEntry') ? 'debug-step-out' : c.childCount > 0 ? 'symbol-method' : 'symbol-function';
  return color === undefined ? new vscode.ThemeIcon(icon) : new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

/** Plain-text details (names come from the trace, so no Markdown); lines named by `names` (full-trace lines in a slice). */
export function callTooltip(c: CallNode, names: LineNames = PLAIN_LINE_NAMES): string {
  const lines = [c.name];
  if (c.inclusiveUs !== null) lines.push(`inclusive ${formatDuration(nsOf(c.inclusiveUs))}`);
  if (c.onCpuUs !== null) lines.push(`on-CPU ${formatDuration(nsOf(c.onCpuUs))}`);
  if (c.offCpu === 'unknown') {
    lines.push(`off-CPU unknown (${selfIsBound(c) ? 'its entry precedes the trace, which does not show what its task did before' : c.pid === null ? 'the trace does not say which task ran' : 'the time of a call that slept inside it is unknown'})`);
  } else if (c.offCpuUs !== null && c.offCpuUs > 0) lines.push(`off-CPU ${formatDuration(nsOf(c.offCpuUs))}${c.offCpu === 'inferred' ? ' (inferred: switched out before the trace began)' : ' (its task was switched out)'}`);
  const self = selfText(c, false);
  if (self !== undefined) lines.push(self);
  if (c.interruptUs > 0) lines.push(`interrupts ${formatDuration(nsOf(c.interruptUs))} (came during it)`);
  if (c.shareOfParent !== null) lines.push(`${formatShare(c.shareOfParent, 1)} of its caller`);
  lines.push(`${names.lines(c.line, c.endLine)}, depth ${c.depth}`);
  const where = [c.cpu !== null ? `CPU ${c.cpu}` : '', c.task !== null ? `${c.task}-${c.pid}` : c.pid !== null ? `pid ${c.pid}` : ''].filter(Boolean);
  if (where.length > 0) lines.push(where.join(', '));
  if (c.childCount > 0) lines.push(`${c.childCount} direct call${c.childCount === 1 ? '' : 's'}`);
  if (c.flags.includes('missingEntry')) lines.push('entry before the start of the trace');
  if (c.flags.includes('migrated')) lines.push('returned on another CPU');
  if (c.taskExit !== null) lines.push(`never returned: its task exited (${c.taskExit.name} at ${names.line(c.taskExit.line)})`);
  else if (c.flags.includes('open')) lines.push('still open at the end of the trace');
  if (c.idle) lines.push('idle task');
  return lines.join('\n');
}
