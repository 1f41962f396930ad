// Builds the CLI's JSON objects and human report from a parsed trace (1-based lines, µs).
// Names and tasks are cut to DISPLAY_LIMIT characters with a note saying so; the text report also
// shows spoofing characters (controls, bidi, zero-width) as escapes, JSON keeps them (escaped by JSON).
import {
  ISSUE_CODES, ISSUE_TEXT, LINE_KIND_NAMES, LineKind, callInfo, cutText, displayText, formatDuration, formatShare,
  functionStats, rootGroups, slowestCalls, usFromNs, type TraceModel,
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
  printedUs: number | null;
  children: number;
  flags: string[];
}

/** JSON object for call `id`. */
export function callJson(model: TraceModel, id: number): CallJson {
  const c = callInfo(model, id);
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

/** The `report --json` object. */
export function reportJson(model: TraceModel, file: string, top = 10) {
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
      samples: samples.map((s) => ({ code: s.code, line: s.line + 1, message: ISSUE_TEXT[s.code] })),
    },
    slowest: slowestCalls(model, top, 'inclusive').map((id) => callJson(model, id)),
    slowestSelf: slowestCalls(model, top, 'self').map((id) => callJson(model, id)),
    functions: functionStats(model, 'self', top).map((s) => ({
      name: cutText(s.name),
      calls: s.count,
      totalUs: usFromNs(s.totalNs),
      selfUs: usFromNs(s.selfNs),
      maxUs: usFromNs(s.maxNs),
      meanUs: Number.isNaN(s.meanNs) ? null : Math.round(s.meanNs) / 1000,
      slowestLine: s.maxCall >= 0 ? callJson(model, s.maxCall).line : null,
    })),
  };
}

/** Human-readable summary for `report`. */
export function reportText(model: TraceModel, file: string, top = 10): string {
  const out: string[] = [];
  const kinds = kindCounts(model);
  out.push(`${file}: ${model.lineCount} lines${model.tracer !== undefined ? `, tracer ${displayText(model.tracer)}` : ''}`);
  out.push(`  line kinds: ${Object.entries(kinds).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out.push(`  CPUs: ${model.cpus.length > 0 ? model.cpus.join(', ') : 'unknown'}`);
  const ts = tasks(model);
  if (ts.length > 0) out.push(`  tasks: ${ts.length} (${ts.slice(0, 8).map((t) => `${displayText(t.name)}-${t.pid}`).join(', ')}${ts.length > 8 ? ', …' : ''})`);
  out.push(`  calls: ${model.callCount} in ${rootGroups(model).length} CPU/task groups`);
  if (!model.hasDurations) out.push('  (no durations in this trace: funcgraph-duration was off)');
  out.push('', `Slowest calls (inclusive):`);
  const slow = slowestCalls(model, top, 'inclusive');
  if (slow.length === 0) out.push('  none timed');
  for (const id of slow) {
    const c = callJson(model, id);
    const self = callInfo(model, id);
    const where = [c.cpu !== null ? `CPU ${c.cpu}` : '', self.task !== undefined ? `${displayText(self.task)}-${c.pid}` : c.pid !== null ? `pid ${c.pid}` : ''].filter(Boolean).join(', ');
    out.push(`  ${pad(formatDuration(self.inclusiveNs), 10)} ${pad(`self ${formatDuration(self.selfNs)}`, 15)} line ${pad(String(c.line), 8)} ${displayText(self.name)}${where ? `  (${where})` : ''}${c.flags.includes('missingEntry') ? '  [entry before trace start]' : ''}`);
  }
  out.push('', 'Functions with most self time:');
  const fs = functionStats(model, 'self', top).filter((s) => s.timedCount > 0);
  if (fs.length === 0) out.push('  none timed');
  let totalSelf = 0;
  for (let i = 0; i < model.callCount; i++) {
    const v = model.calls.selfNs[i];
    if (!Number.isNaN(v)) totalSelf += v;
  }
  for (const s of fs) {
    out.push(`  ${pad(formatDuration(s.selfNs), 11)} ${pad(formatShare(s.selfNs, totalSelf), 7)} ${pad(`${s.count} call${s.count === 1 ? '' : 's'}`, 13)} max ${pad(formatDuration(s.maxNs), 10)} ${displayText(s.name)}`);
  }
  out.push('', 'Issues:');
  if (model.issues.total() === 0) out.push('  none');
  for (const code of ISSUE_CODES) {
    const n = model.issues.count(code);
    if (n === 0) continue;
    const lines = model.issues.samplesOf(code).slice(0, 5).map((s) => s.line + 1);
    out.push(`  ${pad(code, 18)} ${pad(String(n), 7)} ${ISSUE_TEXT[code]} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}${n > lines.length ? ', …' : ''})`);
  }
  return out.join('\n') + '\n';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
