// Custom LSP requests between the client panel/commands and the server, each declared once (method, params, result).

/** A typed request: the method name plus phantom parameter and result types. */
export interface RequestDef<P, R> {
  readonly method: string;
  /** Type carriers only; never set. */
  readonly _params?: P;
  readonly _result?: R;
}

function request<P, R>(method: string): RequestDef<P, R> {
  return { method };
}

/** Duration class of a call, from the kernel's overhead marks (`+` > 10 µs … `$` > 1 s). */
export type DurationClass = 'none' | 'plain' | 'plus' | 'bang' | 'hash' | 'star' | 'at' | 'dollar';

/**
 * One call as the panel and commands see it. Lines are 0-based; times in µs (null when unknown).
 * Names, modules, tasks and labels in every answer are display text: cut to 512 characters with a
 * note (`… (10,000,000 characters)`), spoofing characters shown as escapes (`\u202E`).
 */
export interface CallNode {
  readonly id: number;
  readonly name: string;
  readonly module: string | null;
  /** Entry line, or the exit line when the entry is missing. */
  readonly line: number;
  /** Exit line, null for leaves and open calls. */
  readonly endLine: number | null;
  readonly depth: number;
  readonly cpu: number | null;
  readonly pid: number | null;
  readonly task: string | null;
  readonly inclusiveUs: number | null;
  readonly selfUs: number | null;
  /** Inclusive time as a share of the parent's (0..1), null when unknown or for roots. */
  readonly shareOfParent: number | null;
  readonly childCount: number;
  readonly flags: readonly string[];
  readonly durationClass: DurationClass;
}

/** A top-level group of calls: one CPU, or one task when the trace names tasks. */
export interface CallGroup {
  readonly key: string;
  readonly label: string;
  readonly cpu: number | null;
  readonly pid: number | null;
  readonly task: string | null;
  readonly callCount: number;
  /** Sum of the inclusive time of its top-level calls (µs), null when none is timed. */
  readonly totalUs: number | null;
}

/** Order of children in the tree: as printed, or slowest first. */
export type TreeOrder = 'trace' | 'time';

/** Which time to rank by. */
export type Measure = 'inclusive' | 'self';

export interface DocumentParams {
  readonly uri: string;
  /** Version the client has; the answer says which version it used. */
  readonly version?: number;
}

export interface CallTreeParams extends DocumentParams {
  /** Call whose children to list; omit for the groups, or give `group` for a group's top-level calls. */
  readonly parent?: number;
  readonly group?: string;
  readonly offset?: number;
  readonly limit?: number;
  readonly order?: TreeOrder;
}

export interface CallTreeResult {
  readonly version: number;
  readonly groups?: readonly CallGroup[];
  readonly calls?: readonly CallNode[];
  readonly offset: number;
  readonly total: number;
}

export interface CallAtParams extends DocumentParams {
  readonly line: number;
  /** Order in which `indices` count siblings (default trace order). */
  readonly order?: TreeOrder;
}

export interface CallAtResult {
  readonly version: number;
  readonly call: CallNode | null;
  /** From the top-level call down to `call`; only the innermost 256 calls when `call` is deeper (then `group` is null). */
  readonly path: readonly CallNode[];
  /** Key of the group the top-level call belongs to; null when `path` does not reach it. */
  readonly group: string | null;
  /** For each call of `path`: its index among its siblings (a group's top-level calls, or its parent's children) in `order`. */
  readonly indices: readonly number[];
}

export interface SlowestCallsParams extends DocumentParams {
  readonly count?: number;
  readonly by?: Measure;
}

export interface SlowestCallsResult {
  readonly version: number;
  readonly calls: readonly CallNode[];
}

/** Sort keys of the function statistics. */
export type FunctionSort = 'self' | 'total' | 'count' | 'max' | 'mean' | 'name';

export interface FunctionStatsParams extends DocumentParams {
  readonly sortBy?: FunctionSort;
  readonly limit?: number;
}

export interface FunctionStatRow {
  readonly name: string;
  readonly calls: number;
  readonly totalUs: number | null;
  readonly selfUs: number | null;
  readonly maxUs: number | null;
  readonly meanUs: number | null;
  /** The slowest call of the function, for "reveal". */
  readonly slowestCall: number | null;
  readonly slowestLine: number | null;
}

export interface FunctionStatsResult {
  readonly version: number;
  readonly functions: readonly FunctionStatRow[];
  readonly total: number;
}

export interface SummaryResult {
  readonly version: number;
  readonly lines: number;
  readonly cpus: readonly number[];
  readonly tasks: number;
  readonly calls: number;
  readonly hasDurations: boolean;
  readonly slowest: CallNode | null;
  readonly issues: Readonly<Record<string, number>>;
}

/** Children (or groups, or a group's top-level calls) of the call tree, one page at a time. */
export const CallTreeRequest = request<CallTreeParams, CallTreeResult | null>('ftrace/callTree');
/** The call covering a line, with its path to the top-level call. */
export const CallAtRequest = request<CallAtParams, CallAtResult | null>('ftrace/callAt');
/** The top N calls by inclusive or self time. */
export const SlowestCallsRequest = request<SlowestCallsParams, SlowestCallsResult | null>('ftrace/slowestCalls');
/** Per-function aggregates, sorted. */
export const FunctionStatsRequest = request<FunctionStatsParams, FunctionStatsResult | null>('ftrace/functionStats');
/** CPUs, tasks, calls, slowest call, issues. */
export const SummaryRequest = request<DocumentParams, SummaryResult | null>('ftrace/summary');

/** Every custom request, for capability listing and tests. */
export const CUSTOM_REQUESTS = [CallTreeRequest, CallAtRequest, SlowestCallsRequest, FunctionStatsRequest, SummaryRequest] as const;
