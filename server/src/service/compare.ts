// Compare with Another Trace: the comparison of two models as the `ftrace/compare` answer (the CLI's `diff` table, labelled with the traces' file names).
import { comparisonReport, comparisonText, type RankPolicy, type TraceModel } from '../core/index';
import { baseName, type CompareParams, type CompareResult } from '../protocol';

/** Rows of the table when the request does not say. */
const DEFAULT_TOP = 200;

/** The comparison of `before` and `after` (the models of the params' URIs) under `policy`. */
export function compareAnswer(before: TraceModel, after: TraceModel, p: CompareParams, policy: RankPolicy): CompareResult {
  let a = baseName(p.before);
  let b = baseName(p.after);
  // Two files of one name (two kernels' trees): the whole URIs tell them apart.
  if (a === b) [a, b] = [p.before, p.after];
  const labels = { before: a, after: b, top: Math.max(0, p.top ?? DEFAULT_TOP), policy };
  const r = comparisonReport(before, after, labels, p.sortBy);
  const c = r.comparison;
  return { text: comparisonText(c, labels, r.sortBy, r.untimed), sortBy: r.sortBy, functions: c.rows.length, onlyBefore: c.onlyBefore, onlyAfter: c.onlyAfter };
}
