// Hover: a call's inclusive/self time, shares, place and function statistics; what banners, arrows, notices mean.
import type { Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CallFlag, CpuState, LineKind, callInfo, cpuTimes, foreignLines, formatDuration, formatShare, functionStat, knownOffCpuNs, taskExitText, type TraceModel,
} from '../core/index';
import { ancestry } from './ancestors';
import { contextRows } from './callContext';
import { describeDocLine, focusRange, lineRange } from './lines';
import { code } from './markdown';
import { interruptRows } from './interrupts';
import { returnRows } from './returnValues';

/**
 * Hover for `pos`, or null when the line has nothing to say. In a slice, `fullLine` gives the
 * full-trace line (0-based, null when none) of a 0-based slice line: line numbers are then shown
 * as the full trace's.
 */
export function hover(doc: TextDocument, model: TraceModel, pos: Position, fullLine?: (line: number) => number | null): Hover | null {
  const line = pos.line;
  if (line < 0 || line >= model.lineCount) return null;
  const kind = model.lineKinds[line] as LineKind;
  if (kind === LineKind.Entry || kind === LineKind.Exit || kind === LineKind.Leaf) {
    const call = model.lineCall.at(line);
    if (call < 0) return null;
    const extra = [...contextRows(doc, model, call), ...returnRows(doc, model, call, fullLine)];
    return { contents: { kind: 'markdown', value: callMarkdown(model, call, fullLine, extra) }, range: focusRange(doc, line) };
  }
  const text = lineMarkdown(doc, model, line, kind);
  return text === undefined ? null : { contents: { kind: 'markdown', value: text }, range: lineRange(doc, line) };
}

/** Markdown describing call `id` (line numbers through `fullLine` in a slice, see {@link hover}), with `extra` rows after its CPU and task. */
export function callMarkdown(model: TraceModel, id: number, fullLine?: (line: number) => number | null, extra: [string, string][] = []): string {
  const c = callInfo(model, id);
  const out: string[] = [];
  out.push(`**${code(c.symbol)}**${c.module !== undefined ? ` module ${code(c.module)}` : ''}`);
  out.push('');
  const rows: [string, string][] = [];
  const timed = !Number.isNaN(c.inclusiveNs);
  if (timed) {
    rows.push(['inclusive', formatDuration(c.inclusiveNs)]);
    rows.push(...cpuRows(model, id, c.inclusiveNs));
    rows.push(['self', selfText(model, id, c.selfNs, c.inclusiveNs)]);
  } else {
    const exited = taskExitText(model, id, fullLine === undefined ? undefined : (l) => fullLineName(l, fullLine));
    const why = exited !== undefined ? `unknown: it never returned, ${exited}; the kernel prints a time only when a call returns`
      : (c.flags & CallFlag.Open) !== 0 ? 'unknown: the call is still open at the end of the trace'
      : (c.flags & CallFlag.Unterminated) !== 0 ? 'unknown: its exit is missing (events were lost or the trace was cut)'
        : 'not printed (the trace has no durations)';
    rows.push(['time', why]);
  }
  rows.push(...interruptRows(model, id, (l) => (fullLine === undefined ? `line ${l + 1}` : fullLineName(l, fullLine))));
  if (c.parent >= 0) {
    const p = callInfo(model, c.parent);
    // A share needs both times; without the enclosing call's time, name it and say why there is no share.
    const noShare = timed ? ' (no share: its time is unknown)' : '';
    if (timed && !Number.isNaN(p.inclusiveNs)) rows.push(['share of parent', `${formatShare(c.inclusiveNs, p.inclusiveNs)} of ${code(p.name)}`]);
    else rows.push(['parent', `${code(p.name)}${noShare}`]);
    const top = callInfo(model, ancestry(model, id, 0).root);
    if (timed && !Number.isNaN(top.inclusiveNs)) rows.push(['share of top-level call', `${formatShare(c.inclusiveNs, top.inclusiveNs)} of ${code(top.name)}`]);
    else rows.push(['under top-level call', `${code(top.name)}${noShare}`]);
  } else rows.push(['top-level call', c.pid === 0 ? 'idle task' : 'yes']);
  rows.push(['depth', String(c.depth)]);
  if (c.cpu >= 0) rows.push(['CPU', String(c.cpu)]);
  if (c.pid >= 0) rows.push(['task', c.task !== undefined ? `${code(c.task)} pid ${c.pid}` : `pid ${c.pid}`]);
  rows.push(...extra);
  rows.push(['children', String(c.childCount)]);
  const first = fullLine?.(c.entryLine >= 0 ? c.entryLine : c.line) ?? null;
  const end = c.endLine >= 0 ? fullLine?.(c.endLine) ?? null : null;
  if (fullLine !== undefined && first !== null) {
    const slice = c.entryLine >= 0 && c.endLine >= 0 ? ` (slice lines ${c.entryLine + 1}–${c.endLine + 1})` : '';
    rows.push(['lines', `${end !== null && c.entryLine >= 0 ? `${first + 1}–${end + 1}` : first + 1} in the full trace${slice}`]);
    if (c.entryLine < 0) rows.push(['entry', 'before the start of the trace (only the exit was printed)']);
  } else if (c.entryLine >= 0 && c.endLine >= 0) {
    const foreign = foreignLines(model, id);
    rows.push(['lines', `${c.entryLine + 1}–${c.endLine + 1}${foreign > 0 ? `, ${foreign} of them from other CPUs or tasks` : ''}`]);
  } else if (c.entryLine < 0) rows.push(['entry', 'before the start of the trace (only the exit was printed)']);
  if ((c.flags & CallFlag.Migrated) !== 0) rows.push(['migrated', 'entered on one CPU, returned on another']);
  for (const [k, v] of rows) out.push(`${k}: ${v}  `);
  const nameId = model.calls.name[id];
  if (nameId >= 0) {
    const s = functionStat(model, nameId);
    out.push('');
    out.push(`All ${code(s.name)} calls: ${s.count}${s.timedCount > 0 ? `, total ${formatDuration(s.totalNs)}, self ${formatDuration(s.selfNs)}, max ${formatDuration(s.maxNs)}, mean ${formatDuration(s.meanNs)}` : ''}`);
  }
  return out.join('\n');
}

/** `line 13` of the full trace, or `slice line 2` for a 0-based slice line the slice added. */
function fullLineName(line: number, fullLine: (line: number) => number | null): string {
  const full = fullLine(line);
  return full === null ? `slice line ${line + 1}` : `line ${full + 1} of the full trace`;
}

/** The self row of a timed call: a partial call's (entry before the trace) is a bound, what it called before the trace not subtracted. */
function selfText(model: TraceModel, id: number, selfNs: number, inclusiveNs: number): string {
  if (Number.isNaN(selfNs)) return 'unknown';
  const time = `${formatDuration(selfNs)} (${formatShare(selfNs, inclusiveNs) || '—'} of inclusive)`;
  return (cpuTimes(model).state[id] & CpuState.Partial) !== 0 ? `at most ${time}: its entry precedes the trace, so what it called before is not subtracted` : time;
}

/** The on-CPU and off-CPU rows of a timed call (README "Off-CPU and idle time"). */
function cpuRows(model: TraceModel, id: number, inclusiveNs: number): [string, string][] {
  const t = cpuTimes(model);
  const st = t.state[id];
  const off = t.offCpuNs.at(id);
  const rows: [string, string][] = [];
  if (Number.isNaN(off)) {
    const slept = (st & (CpuState.Switched | CpuState.Inferred)) !== 0 ? '; its task slept inside it (set aside with the sleeps)' : '';
    const why = (st & CpuState.ProbableSleep) !== 0 ? 'unknown: the trace does not say which task ran, and a scheduler function (a possible sleep) runs in it'
      : !t.hasTaskInfo ? 'unknown: the trace does not say which task ran (no context-switch banners, no proc column)'
        : (st & CpuState.Partial) !== 0 ? `unknown: its entry precedes the trace, which does not show what its task did before (a sleep included)${slept}`
          : 'unknown: the time of a call that slept inside it is unknown';
    rows.push(['on-CPU', why]);
    const known = (st & CpuState.Partial) !== 0 ? knownOffCpuNs(model, id) : NaN;
    if (known > 0) rows.push(['off-CPU', `at least ${formatDuration(known)} (the switches the trace shows inside it)`]);
  } else {
    rows.push(['on-CPU', `${formatDuration(t.onCpuNs.at(id))} (${formatShare(t.onCpuNs.at(id), inclusiveNs) || '—'} of inclusive)`]);
    const how = (st & CpuState.Inferred) !== 0 ? 'inferred: a scheduler call whose entry, and so its switch, precedes the trace'
      : (st & CpuState.OwnSleep) !== 0 ? 'its task was switched out in this call'
        : (st & CpuState.Switched) !== 0 ? 'its task was switched out inside it' : '';
    rows.push(['off-CPU', off > 0 ? `${formatDuration(off)}${how !== '' ? ` (${how})` : ''}` : '0 (no context switch of its task inside it)']);
  }
  if ((st & CpuState.Idle) !== 0) rows.push(['idle', 'the idle task\'s time (left out of the slow-call ranking by default)']);
  return rows;
}

/** Markdown for non-call lines, or undefined. */
function lineMarkdown(doc: TextDocument, model: TraceModel, line: number, kind: LineKind): string | undefined {
  switch (kind) {
    case LineKind.ContextSwitch: {
      const d = describeDocLine(doc, line);
      const tasks = d.spans.filter((s) => s.kind === 'task').map((s) => s.text);
      const pids = d.spans.filter((s) => s.kind === 'pid').map((s) => s.text);
      const cpu = d.cpu >= 0 ? `CPU ${d.cpu}` : 'this CPU';
      return `**Context switch** on ${cpu}: ${code(`${tasks[0]}-${pids[0]}`)} stopped, ${code(`${tasks[1]}-${pids[1]}`)} runs. The lines of ${cpu} below belong to it until the next switch.`;
    }
    case LineKind.BannerRule:
      return 'Rule around a **context-switch banner**.';
    case LineKind.IrqEntry:
      return '**Interrupt entry**: the next call is an interrupt handler (a function in `.irqentry.text`), nested in whatever this CPU was running.';
    case LineKind.IrqExit:
      return '**Interrupt return**: the interrupt handler above has finished.';
    case LineKind.LostEvents: {
      const d = describeDocLine(doc, line);
      const count = d.spans.find((s) => s.kind === 'lostCount')?.text ?? '';
      return `**Lost events**: the ring buffer dropped events here${/\d/.test(count) ? ` (${code(count)})` : ''}. Calls around this line may lack their entry or exit.`;
    }
    case LineKind.Comment:
    case LineKind.CommentContinuation: {
      const call = model.lineCall.at(line);
      return `**Comment event** (trace_printk, trace_marker or another event printed by the graph tracer)${call >= 0 ? `, inside ${code(callInfo(model, call).name)}` : ''}.`;
    }
    case LineKind.BufferStarted:
      return '**Buffer started**: the first event of this CPU in the buffer.';
    case LineKind.Overrun:
      return '**Overruns**: how many return entries the task\'s graph stack dropped so far.';
    case LineKind.LineTooBig:
      return '**Line too big**: the kernel cut this line; its call may be incomplete.';
    case LineKind.Event:
      return '**Event** printed in the generic format (not a function_graph entry or exit).';
    default:
      return undefined;
  }
}
