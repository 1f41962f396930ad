// Two traces' comparison (compareTraces) for people and for JSON: the table `ftrace-lens diff` prints and the editor's comparison shows.
import { changeOf, compareTraces, sideValue, type CompareKey, type FunctionChange, type FunctionSide, type TraceComparison } from '../analysis/compareTraces';
import type { TraceModel } from '../model/model';
import type { RankPolicy } from '../analysis/ranking';
import { formatDuration, usFromNs } from '../format';
import { cutText, displayText } from './displayText';
import { MEASURE_TEXT, leftOutText } from './rankingText';

const KEY_TEXT: Record<CompareKey, string> = { total: 'total time', self: 'self time', calls: 'number of calls', mean: 'time per call', max: 'longest call' };

/** How a comparison is labelled and cut: the two traces' names, the number of rows shown, the policy it was made under. */
export interface ComparisonLabels {
  readonly before: string;
  readonly after: string;
  readonly top: number;
  readonly policy: RankPolicy;
}

/** `+1.2 ms`, `-830 ns`, `0`; `?` when unknown. */
function signed(ns: number): string {
  if (ns !== ns) return '?';
  if (Math.round(ns) === 0) return '0';
  return ns > 0 ? `+${formatDuration(ns)}` : formatDuration(ns);
}

/** The change in percent of the before value: `+15.7%`; `new` or `gone` for a function one trace lacks. */
function percent(row: FunctionChange, key: CompareKey): string {
  if (row.before === null) return 'new';
  if (row.after === null) return 'gone';
  const b = sideValue(row.before, key);
  const d = changeOf(row, key);
  if (!(b > 0) || d !== d) return '';
  const p = (100 * d) / b;
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}

function right(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

const time = (s: FunctionSide | null, ns: (s: FunctionSide) => number): string => (s === null ? '-' : formatDuration(ns(s)));

/** The comparison as a table for people: header, then one row per function (the first `top`); `untimed` names the traces without durations. */
export function comparisonText(c: TraceComparison, a: ComparisonLabels, sortBy: CompareKey, untimed: readonly string[]): string {
  const m = MEASURE_TEXT[a.policy.measure];
  const leftOut = leftOutText(a.policy);
  const work = (ns: number): string => (ns === ns ? `${formatDuration(ns)} ${m} in all` : 'no durations');
  const out = [
    `before: ${a.before}`,
    `  ${c.before.calls} calls of ${c.before.functions} functions, ${work(c.before.selfNs)}`,
    `after:  ${a.after}`,
    `  ${c.after.calls} calls of ${c.after.functions} functions, ${work(c.after.selfNs)}${c.after.selfNs === c.after.selfNs && c.before.selfNs === c.before.selfNs ? ` (${signed(c.after.selfNs - c.before.selfNs)})` : ''}`,
    `functions only before: ${c.onlyBefore}, only after: ${c.onlyAfter}`,
  ];
  for (const f of untimed) out.push(`(no durations in ${f}: funcgraph-duration was off; only calls compare)`);
  out.push('', `Functions by change in ${KEY_TEXT[sortBy]}, largest first (times ${m}${leftOut !== '' ? `; ${leftOut} left out` : ''}):`);
  out.push(`  ${right('total before', 12)} ${right('after', 10)} ${right('change', 11)} ${right('', 8)}  ${right('self before', 11)} ${right('after', 10)} ${right('change', 11)}  ${right('calls before', 12)} ${right('after', 7)} ${right('change', 7)}  function`);
  const rows = c.rows.slice(0, a.top);
  if (rows.length === 0) out.push('  none');
  for (const r of rows) {
    const dc = changeOf(r, 'calls');
    out.push(
      `  ${right(time(r.before, (s) => s.totalNs), 12)} ${right(time(r.after, (s) => s.totalNs), 10)} ${right(signed(changeOf(r, 'total')), 11)} ${right(percent(r, 'total'), 8)}` +
        `  ${right(time(r.before, (s) => s.selfNs), 11)} ${right(time(r.after, (s) => s.selfNs), 10)} ${right(signed(changeOf(r, 'self')), 11)}` +
        `  ${right(r.before === null ? '-' : String(r.before.calls), 12)} ${right(r.after === null ? '-' : String(r.after.calls), 7)} ${right(dc > 0 ? `+${dc}` : String(dc), 7)}  ${displayText(r.name)}`,
    );
  }
  if (c.rows.length > rows.length) out.push(`  … ${c.rows.length - rows.length} more (--top N)`);
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

function sideJson(s: FunctionSide | null) {
  return s === null ? null : { calls: s.calls, timedCalls: s.timedCalls, totalUs: usFromNs(s.totalNs), selfUs: usFromNs(s.selfNs), meanUs: usFromNs(s.meanNs), maxUs: usFromNs(s.maxNs) };
}

/** The comparison as one JSON object (times in µs, null when unknown). */
export function comparisonJson(c: TraceComparison, a: ComparisonLabels, sortBy: CompareKey) {
  const totals = (file: string, t: TraceComparison['before']) => ({ file, calls: t.calls, functions: t.functions, selfUs: usFromNs(t.selfNs) });
  return {
    before: totals(a.before, c.before),
    after: totals(a.after, c.after),
    ranking: a.policy,
    sortBy,
    onlyBefore: c.onlyBefore,
    onlyAfter: c.onlyAfter,
    functionCount: c.rows.length,
    functions: c.rows.slice(0, a.top).map((r) => ({
      name: cutText(r.name),
      before: sideJson(r.before),
      after: sideJson(r.after),
      change: { calls: changeOf(r, 'calls'), totalUs: usFromNs(changeOf(r, 'total')), selfUs: usFromNs(changeOf(r, 'self')), meanUs: usFromNs(changeOf(r, 'mean')), maxUs: usFromNs(changeOf(r, 'max')) },
    })),
  };
}

/** A comparison ready to print: rows sorted by `sortBy` (total time unless asked; calls when a trace has no durations), and the labels of the traces without durations. */
export interface ComparisonReport {
  readonly comparison: TraceComparison;
  readonly sortBy: CompareKey;
  readonly untimed: readonly string[];
}

/** Compares `before` and `after` (labelled as in `labels`) for {@link comparisonText} and {@link comparisonJson}. */
export function comparisonReport(before: TraceModel, after: TraceModel, labels: ComparisonLabels, sortBy?: CompareKey): ComparisonReport {
  const untimed = [before.hasDurations ? '' : labels.before, after.hasDurations ? '' : labels.after].filter((f) => f !== '');
  const key = sortBy ?? (untimed.length > 0 ? 'calls' : 'total');
  return { comparison: compareTraces(before, after, labels.policy, key), sortBy: key, untimed };
}
