// Builds the CLI's JSON objects and human report from a parsed trace (1-based lines, µs).
// Names and tasks are cut to DISPLAY_LIMIT characters with a note saying so; the text report also
// shows spoofing characters (controls, bidi, zero-width) as escapes, JSON keeps them (escaped by JSON).
import {
  CpuState, DEFAULT_RANK_POLICY, ISSUE_CODES, ISSUE_TEXT, LINE_KIND_NAMES, LineKind, MEASURE_TEXT, callInfo, cpuTimes, cutText, displayText, leftOutText,
  formatDuration, formatShare, hasInterrupts, interruptNs, knownOffCpuNs, offCpuKind, rankedCalls, rankedFunctionStats, ranking, rankingSummary, rootGroups, sleepsAndIdle, taskExitCall,
  taskExitText, usFromNs, type IssueCode, type OffCpuKind, type RankPolicy, type TraceModel,
} from '../core/index';

/** One call as printed by `calls --jsonl` and in the report's `slowest` list. */
export interface CallJson {
  id: number;
  line: number;
  endLine: number | null;
  name: string;
  module: string | null;
  cpu: number | null;
  pid: number | null;
  task: string | null;
  depth: number;
  parent: number | null;
  inclusiveUs: number | null;
  selfUs: number | null;
  /** Inclusive minus off-CPU time; null when unknown. */
  onCpuUs: number | null;
  /** Time the task was switched out inside the call; null when unknown. */
  offCpuUs: number | null;
  offCpu: OffCpuKind;
  /** The idle task's time. */
  idle: boolean;
  /**
   * The time the default ranking (Jump to Slowest Call, the Call Tree's time order) gives it:
   * on-CPU time, or inclusive when that is unknown; null when it sets the call aside (the idle
   * task's, a call that slept inside it whose on-CPU time is unknown) or the call has no time.
   */
  rankedUs: number | null;
  /** Time the interrupts that came during the call took (their outermost calls inside it); 0 when none did. */
  interruptUs: number;
  printedUs: number | null;
  children: number;
  flags: string[];
}

/** JSON object for call `id`. */
export function callJson(model: TraceModel, id: number): CallJson {
  const c = callInfo(model, id);
  const t = cpuTimes(model);
  return {
    id,
    line: c.line + 1,
    endLine: c.endLine >= 0 ? c.endLine + 1 : null,
    name: cutText(c.name),
    module: c.module !== undefined ? cutText(c.module) : null,
    cpu: c.cpu >= 0 ? c.cpu : null,
    pid: c.pid >= 0 ? c.pid : null,
    task: c.task !== undefined ? cutText(c.task) : null,
    depth: c.depth,
    parent: c.parent >= 0 ? c.parent : null,
    inclusiveUs: usFromNs(c.inclusiveNs),
    selfUs: usFromNs(c.selfNs),
    onCpuUs: usFromNs(t.onCpuNs.at(id)),
    offCpuUs: usFromNs(t.offCpuNs.at(id)),
    offCpu: offCpuKind(model, id),
    idle: (t.state[id] & CpuState.Idle) !== 0,
    rankedUs: usFromNs(ranking(model).valueNs.at(id)),
    interruptUs: usFromNs(interruptNs(model, id)) ?? 0,
    printedUs: usFromNs(c.printedNs),
    children: c.childCount,
    flags: [...c.flagNames],
  };
}

/** Line counts per kind; `unknown` is always present. */
export function kindCounts(model: TraceModel): Record<string, number> {
  const out: Record<string, number> = { unknown: model.kindCounts[LineKind.Unknown] };
  model.kindCounts.forEach((n, k) => {
    if (n > 0) out[LINE_KIND_NAMES[k]] = n;
  });
  return out;
}

/** Tasks seen, by pid. */
function tasks(model: TraceModel): { pid: number; name: string }[] {
  return [...model.tasks].sort((a, b) => a[0] - b[0]).map(([pid, name]) => ({ pid, name: cutText(name) }));
}


/** The `report --json` object; calls are ranked under `policy` (on-CPU time, idle and sleeps left out, by default). */
export function reportJson(model: TraceModel, file: string, top = 10, policy: RankPolicy = DEFAULT_RANK_POLICY) {
  const samples = model.issues.allSamples().slice(0, 200);
  return {
    file,
    lines: model.lineCount,
    kinds: kindCounts(model),
    tracer: model.tracer !== undefined ? cutText(model.tracer) : null,
    cpus: model.cpus,
    tasks: tasks(model),
    calls: model.callCount,
    hasDurations: model.hasDurations,
    issues: {
      total: model.issues.total(),
      counts: model.issues.countsByCode(),
      samples: samples.map((s) => ({ code: s.code, line: s.line + 1, message: issueMessage(model, s.code, s.call) })),
    },
    ranking: rankingSummary(model, policy),
    slowest: rankedCalls(model, top, policy).map((id) => callJson(model, id)),
    slowestSelf: rankedCalls(model, top, { ...policy, measure: 'self' }).map((id) => callJson(model, id)),
    sleepsAndIdle: sleepsAndIdle(model, top).map((id) => callJson(model, id)),
    functions: rankedFunctionStats(model, policy, 'self', top).map((s) => ({
      name: cutText(s.name),
      calls: s.count,
      leftOut: s.leftOut,
      totalUs: usFromNs(s.totalNs),
      selfUs: usFromNs(s.selfNs),
      maxUs: usFromNs(s.maxNs),
      meanUs: Number.isNaN(s.meanNs) ? null : Math.round(s.meanNs) / 1000,
      inclusiveUs: usFromNs(s.inclusiveNs),
      onCpuUs: usFromNs(s.onCpuNs),
      offCpuUs: usFromNs(s.offCpuNs),
      slowestLine: s.maxCall >= 0 ? callJson(model, s.maxCall).line : null,
    })),
  };
}

/** A call's off-CPU time for the text report: `1.072 s`, `≥1.072 s` for a call whose entry precedes the trace (what the trace shows of it), `?` when unknown. */
function offText(model: TraceModel, id: number): string {
  if ((cpuTimes(model).state[id] & CpuState.Partial) === 0) {
    const off = cpuTimes(model).offCpuNs.at(id);
    return off === off ? formatDuration(off) : '?';
  }
  const known = knownOffCpuNs(model, id);
  return known > 0 ? `≥${formatDuration(known)}` : '?';
}

/** `CPU 1, sh-134` for call `id` (display text; empty when the trace says neither). */
export function whereOf(model: TraceModel, id: number): string {
  const c = callInfo(model, id);
  return [c.cpu >= 0 ? `CPU ${c.cpu}` : '', c.task !== undefined ? `${displayText(c.task)}-${c.pid}` : c.pid >= 0 ? `pid ${c.pid}` : ''].filter(Boolean).join(', ');
}

/** Human-readable summary for `report`; calls are ranked under `policy`. */
export function reportText(model: TraceModel, file: string, top = 10, policy: RankPolicy = DEFAULT_RANK_POLICY): string {
  const out: string[] = [];
  const kinds = kindCounts(model);
  out.push(`${file}: ${model.lineCount} lines${model.tracer !== undefined ? `, tracer ${displayText(model.tracer)}` : ''}`);
  out.push(`  line kinds: ${Object.entries(kinds).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out.push(`  CPUs: ${model.cpus.length > 0 ? model.cpus.join(', ') : 'unknown'}`);
  const ts = tasks(model);
  if (ts.length > 0) out.push(`  tasks: ${ts.length} (${ts.slice(0, 8).map((t) => `${displayText(t.name)}-${t.pid}`).join(', ')}${ts.length > 8 ? ', …' : ''})`);
  out.push(`  calls: ${model.callCount} in ${rootGroups(model).length} CPU/task groups`);
  if (!model.hasDurations) out.push('  (no durations in this trace: funcgraph-duration was off)');
  const r = ranking(model, policy);
  const left = leftOutText(policy);
  out.push('', `Slowest calls (${MEASURE_TEXT[policy.measure]}${left !== '' ? `; ${left} left out` : ''}):`);
  const slow = rankedCalls(model, top, policy);
  if (slow.length === 0) out.push('  none timed');
  // The interrupts inside each call, in a trace that has any (self time never holds them).
  const irq = policy.measure !== 'self' && hasInterrupts(model);
  for (const id of slow) {
    const c = callJson(model, id);
    const info = callInfo(model, id);
    const where = whereOf(model, id);
    const irqText = irq ? ` ${pad(`irq ${formatDuration(interruptNs(model, id))}`, 14)}` : '';
    const times = policy.measure === 'onCpu'
      ? `${pad(formatDuration(r.valueNs.at(id)), 10)} ${pad(`incl ${formatDuration(info.inclusiveNs)}`, 15)} ${pad(`off ${offText(model, id)}`, 14)}${irqText}`
      : `${pad(formatDuration(r.valueNs.at(id)), 10)} ${pad(`self ${formatDuration(info.selfNs)}`, 15)}${irqText}`;
    out.push(`  ${times} line ${pad(String(c.line), 8)} ${displayText(info.name)}${where ? `  (${where})` : ''}${c.flags.includes('missingEntry') ? `  [entry before trace start${c.offCpu === 'unknown' ? ': off-CPU unknown' : ''}]` : c.offCpu === 'unknown' ? '  [off-CPU unknown]' : ''}`);
  }
  const s = r.summary;
  if (s.calls > 0) {
    const times = s.timedCalls === 0 ? 'none timed' : `off-CPU ${formatDuration(s.offCpuNs)}, idle ${formatDuration(s.idleNs)}; ${s.leftOutCalls} left out of the ranking above (--include-idle, --include-sleep, --measure inclusive)`;
    out.push('', `Sleeps and idle: ${s.calls} call${s.calls === 1 ? '' : 's'} (${s.sleepCalls} slept, ${s.idleCalls} idle task); ${times}`);
    for (const id of sleepsAndIdle(model, Math.min(top, 5))) {
      const c = callJson(model, id);
      const where = whereOf(model, id);
      out.push(`  ${pad(formatDuration(model.calls.inclusiveNs.at(id)), 10)} ${pad(c.idle ? 'idle' : `off ${offText(model, id)}`, 14)} line ${pad(String(c.line), 8)} ${displayText(callInfo(model, id).name)}${where ? `  (${where})` : ''}`);
    }
  }
  out.push('', `Functions with most self time (${MEASURE_TEXT[policy.measure === 'inclusive' ? 'self' : policy.measure]}; longest: its longest call, ${MEASURE_TEXT[policy.measure]}):`);
  const fs = rankedFunctionStats(model, policy, 'self', top).filter((f) => f.timedCount > 0);
  if (fs.length === 0) out.push('  none timed');
  let totalSelf = 0;
  for (let i = 0; i < model.callCount; i++) {
    const v = r.selfValueNs.at(i);
    if (!Number.isNaN(v)) totalSelf += v;
  }
  for (const f of fs) {
    out.push(`  ${pad(formatDuration(f.selfNs), 11)} ${pad(formatShare(f.selfNs, totalSelf), 7)} ${pad(`${f.count} call${f.count === 1 ? '' : 's'}`, 13)} longest ${pad(formatDuration(f.maxNs), 10)} ${displayText(f.name)}`);
  }
  out.push('', 'Issues:');
  if (model.issues.total() === 0) out.push('  none');
  for (const code of ISSUE_CODES) {
    const n = model.issues.count(code);
    if (n === 0) continue;
    const lines = model.issues.samplesOf(code).slice(0, 5).map((s) => s.line + 1);
    out.push(`  ${pad(code, 18)} ${pad(String(n), 7)} ${ISSUE_TEXT[code]} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}${n > lines.length ? ', …' : ''})`);
    if (code === 'task-exited') out.push(...exitLines(model));
  }
  return out.join('\n') + '\n';
}

/** An issue's message; for a call whose task exited, which exit call and where. */
function issueMessage(model: TraceModel, code: IssueCode, call: number): string {
  const exited = code === 'task-exited' ? taskExitText(model, call) : undefined;
  return exited !== undefined ? `Call that never returned: ${exited}.` : ISSUE_TEXT[code];
}

/** `    do_exit at line 60678: cat-124 (5 calls never returned)`, one line per task exit (at most 5). */
function exitLines(model: TraceModel): string[] {
  const byExit = new Map<number, number>();
  for (const s of model.issues.samplesOf('task-exited')) {
    const exit = taskExitCall(model, s.call);
    if (exit >= 0) byExit.set(exit, (byExit.get(exit) ?? 0) + 1);
  }
  const exits = [...byExit].sort((a, b) => model.calls.entryLine[a[0]] - model.calls.entryLine[b[0]]);
  const out = exits.slice(0, 5).map(([exit, n]) => {
    const c = callInfo(model, exit);
    const task = c.pid >= 0 ? `${c.task !== undefined ? displayText(c.task) : 'pid'}-${c.pid}` : `CPU ${c.cpu}`;
    return `  ${' '.repeat(26)}${displayText(c.name)} at line ${c.entryLine + 1}: ${task} (${n} call${n === 1 ? '' : 's'} never returned)`;
  });
  if (exits.length > 5) out.push(`  ${' '.repeat(26)}…`);
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
