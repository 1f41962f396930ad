// Custom LSP request of Compare with Another Trace (two traces per function, as `ftrace-lens diff`); re-exported by protocol.ts.
import { request } from './protocolBase';
import type { CompareKey } from './core/analysis/compareTraces';

/** The figure whose change sorts a comparison (as the CLI's `diff --sort`: core's CompareKey, one declaration). */
export type CompareSort = CompareKey;

/** Params of {@link CompareRequest}: two traces, each an open document or a file indexed from disk. */
export interface CompareParams {
  /** The trace compared against (the baseline). */
  readonly before: string;
  /** The trace in question (its ranking settings apply to both). */
  readonly after: string;
  /** Default: total time; calls when a trace has no durations. */
  readonly sortBy?: CompareSort;
  /** Rows in the table (default 200). */
  readonly top?: number;
}

export interface CompareResult {
  /** The table `ftrace-lens diff` prints, with the traces' file names. */
  readonly text: string;
  readonly sortBy: CompareSort;
  /** Functions of either trace, and those of one trace only. */
  readonly functions: number;
  readonly onlyBefore: number;
  readonly onlyAfter: number;
}

/** Two traces compared function by function (calls, total and self time, their change), under the ranking of the `after` document's settings; null when either trace is not open. */
export const CompareRequest = request<CompareParams, CompareResult | null>('ftrace/compare');
