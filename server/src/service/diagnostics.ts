// Diagnostics: slow calls (the call that explains the time, its slow ancestors as hints) and structural problems.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CpuState, DEFAULT_RANK_POLICY, ISSUE_TEXT, callInfo, cpuTimes, displayText, formatDuration, ranking, taskExitText, type IssueCode, type RankPolicy,
  type TraceModel,
} from '../core/index';
import { irqsOffNote } from './callContext';
import { interruptNote } from './interrupts';
import { focusRange, lineRange } from './lines';

/** Options of {@link diagnostics} (the adapter maps the user's settings onto them). */
export interface DiagnosticOptions {
  /** Calls at or above this time (ns, in the policy's measure) are slow. */
  readonly thresholdNs: number;
  /** The measure and what is left out (default: on-CPU time, idle and sleeps left out). */
  readonly policy?: RankPolicy;
  readonly severity: DiagnosticSeverity;
  /** At most this many slow calls are reported, slowest first. */
  readonly maxSlowCalls: number;
  readonly structural: boolean;
  /** One severity for every structural problem; by default each kind has its own (see {@link STRUCTURAL}). */
  readonly structuralSeverity?: DiagnosticSeverity;
  /** At most this many structural diagnostics. */
  readonly maxStructural?: number;
}

/** Stable diagnostic codes. */
export const SLOW_CALL = 'slow-call';
export const SLOW_ANCESTOR = 'slow-call-ancestor';
const SOURCE = 'ftrace';
/**
 * Slow ancestors a slow call points to (and that get a hint for it), nearest first: more than the
 * kernel's return stack (50 calls) holds, so a bound only on hostile traces, where it keeps the
 * answer's size linear in the number of slow calls.
 */
export const MAX_SLOW_ANCESTORS = 64;

/**
 * Structural problems and their default severity: lost data warns; the rest inform, so that all
 * of them are listed in the Problems view (VS Code leaves hints out of it). Calls cut by the
 * trace's start or end (`missing-entry`, `open-call`) are at most one per stack; `task-exited`
 * marks a call that never returned because its task exited inside it.
 */
const STRUCTURAL: readonly [IssueCode, DiagnosticSeverity][] = [
  ['lost-events', DiagnosticSeverity.Warning],
  ['line-too-big', DiagnosticSeverity.Warning],
  ['unterminated-call', DiagnosticSeverity.Information],
  ['missing-entry', DiagnosticSeverity.Information],
  ['open-call', DiagnosticSeverity.Information],
  ['task-exited', DiagnosticSeverity.Information],
  ['not-trace', DiagnosticSeverity.Information],
];

/**
 * Slow calls and structural issues. With `onCpu` (the default) or `inclusive`: a call at or above
 * the threshold is flagged at the chosen severity when it explains its time — none of its
 * children reaches the threshold, or its own (on-CPU) self time does; its ancestors at or above
 * the threshold get a Hint that points to it. With `self`, every call whose self time reaches the
 * threshold is flagged. Calls the policy leaves out (idle, sleeps) are never flagged.
 */
export function diagnostics(doc: TextDocument, model: TraceModel, opts: DiagnosticOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  slowCalls(doc, model, opts, out);
  if (opts.structural) structural(doc, model, opts.maxStructural ?? 1000, opts.structuralSeverity, out);
  return out;
}

const MEASURE_TEXT = { onCpu: 'on-CPU', inclusive: 'inclusive', self: 'self' } as const;

function slowCalls(doc: TextDocument, model: TraceModel, opts: DiagnosticOptions, out: Diagnostic[]): void {
  if (opts.maxSlowCalls <= 0) return;
  const c = model.calls;
  const t = opts.thresholdNs;
  const policy = opts.policy ?? DEFAULT_RANK_POLICY;
  const byself = policy.measure === 'self';
  const r = ranking(model, policy);
  const v = r.valueNs;
  const own = r.selfValueNs;
  const culprits: number[] = [];
  for (let id = 0; id < model.callCount; id++) {
    if (!(v.at(id) >= t)) continue;
    if (byself) {
      culprits.push(id);
      continue;
    }
    let slowChild = false;
    for (let k = c.childStart[id]; k < c.childStart[id + 1] && !slowChild; k++) slowChild = v.at(c.childList[k]) >= t;
    if (!slowChild || own.at(id) >= t) culprits.push(id);
  }
  culprits.sort((a, b) => v.at(b) - v.at(a) || a - b);
  const what = MEASURE_TEXT[policy.measure];
  const { offCpuNs: off, state } = cpuTimes(model);
  // Under the on-CPU measure a call whose off-CPU time is unknown ranks by its inclusive time, and
  // is named so (as the status bar and the panel name it: client navigation/rankedTime.ts).
  const measured = (id: number): string => (policy.measure !== 'onCpu' ? '' : off.at(id) === off.at(id) ? ' on-CPU' : ' inclusive');
  // `2.672 ms on-CPU`, and the printed inclusive time beside it when they differ.
  const timeOf = (id: number): string => (off.at(id) > 0 && policy.measure === 'onCpu' ? `${formatDuration(v.at(id))} on-CPU, ${formatDuration(c.inclusiveNs.at(id))} inclusive` : `${formatDuration(v.at(id))}${measured(id)}`);
  const hinted = new Map<number, number[]>();
  for (const id of culprits.slice(0, opts.maxSlowCalls)) {
    const info = callInfo(model, id);
    const line = info.line;
    const related: DiagnosticRelatedInformation[] = [];
    if (!byself) {
      for (let p = info.parent; p >= 0 && related.length < MAX_SLOW_ANCESTORS; p = c.parent[p]) {
        if (!(v.at(p) >= t)) break;
        related.push({ location: { uri: doc.uri, range: focusRange(doc, callInfo(model, p).line) }, message: `inside ${nameOf(model, p)} (${timeOf(p)})` });
        const list = hinted.get(p) ?? [];
        list.push(id);
        hinted.set(p, list);
      }
    }
    const selfText = !byself && own.at(id) === own.at(id) ? `, self ${formatDuration(own.at(id))}` : '';
    const offText = policy.measure === 'onCpu' && off.at(id) > 0 ? ` (${formatDuration(info.inclusiveNs)} inclusive, ${formatDuration(off.at(id))} off-CPU)` : '';
    // A partial call (its entry before the trace) ranks by inclusive time: say why.
    const partial = policy.measure === 'onCpu' && (state[id] & CpuState.Partial) !== 0 ? ' (its entry precedes the trace: its off-CPU time is unknown)' : '';
    const irq = byself ? '' : interruptNote(model, id, v.at(id));
    const time = byself ? `self ${formatDuration(v.at(id))}` : `${formatDuration(v.at(id))}${measured(id)}${selfText}${offText}${partial}${irq}`;
    out.push({
      range: focusRange(doc, line),
      severity: opts.severity,
      code: SLOW_CALL,
      source: SOURCE,
      message: `Slow call: ${nameOf(model, id)} took ${time}${irqsOffNote(doc, model, id)} (${what} threshold ${formatDuration(t)})`,
      ...(related.length > 0 ? { relatedInformation: related } : {}),
    });
  }
  for (const [p, kids] of hinted) {
    const info = callInfo(model, p);
    out.push({
      range: focusRange(doc, info.line),
      severity: DiagnosticSeverity.Hint,
      code: SLOW_ANCESTOR,
      source: SOURCE,
      message: `${nameOf(model, p)} (${timeOf(p)}) is slow because of ${kids.length === 1 ? nameOf(model, kids[0]) : `${kids.length} slow calls`} inside it`,
      relatedInformation: kids.slice(0, 20).map((k) => ({ location: { uri: doc.uri, range: focusRange(doc, callInfo(model, k).line) }, message: `${nameOf(model, k)} (${timeOf(k)})` })),
    });
  }
}

function structural(doc: TextDocument, model: TraceModel, max: number, all: DiagnosticSeverity | undefined, out: Diagnostic[]): void {
  let n = 0;
  for (const [code, byKind] of STRUCTURAL) {
    const severity = all ?? byKind;
    for (const s of model.issues.samplesOf(code)) {
      if (n++ >= max) return;
      out.push({
        range: s.call >= 0 ? focusRange(doc, s.line) : lineRange(doc, s.line),
        severity,
        code,
        source: SOURCE,
        message: code === 'task-exited' ? `${nameOf(model, s.call)} never returned: ${taskExitText(model, s.call) ?? 'its task exited'}`
          : s.call >= 0 && code !== 'unterminated-call' ? `${ISSUE_TEXT[code]} (${nameOf(model, s.call)})` : s.call >= 0 ? `${nameOf(model, s.call)}: ${ISSUE_TEXT[code]}` : ISSUE_TEXT[code],
      });
    }
  }
}

/** A call's name as diagnostics show it: cut and neutralised (`displayText`). */
function nameOf(model: TraceModel, id: number): string {
  return displayText(callInfo(model, id).name);
}
