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

/** How a call's off-CPU time is known. */
export type OffCpuKind = 'none' | 'measured' | 'inferred' | 'unknown';

/** Calls whose time is sleep or idle, and how many the ranking left out (times in µs). */
export interface SleepsAndIdleInfo {
  /** Calls that slept inside or are the idle task's. */
  readonly calls: number;
  readonly sleepCalls: number;
  readonly idleCalls: number;
  /** Off-CPU time, each switch counted once; null when the trace does not say which task ran. */
  readonly offCpuUs: number | null;
  /** The idle task's time, each outermost idle call counted once. */
  readonly idleUs: number;
  /** Timed calls the ranking left out. */
  readonly leftOutCalls: number;
}

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
  /** Inclusive minus off-CPU time (µs), null when unknown (the trace does not say which task ran) or untimed. */
  readonly onCpuUs: number | null;
  /** Time its task was switched out inside it (µs), null when unknown. */
  readonly offCpuUs: number | null;
  /** How the off-CPU time is known: no switch inside, a switch seen in the trace, inferred (a scheduler exit whose entry precedes the trace), or unknown. */
  readonly offCpu: OffCpuKind;
  /** The idle task's time (pid 0, the CPU idle loop). */
  readonly idle: boolean;
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

/** Which time to rank by: on-CPU (inclusive minus off-CPU), inclusive or self. */
export type Measure = 'onCpu' | 'inclusive' | 'self';

/** How the answer ranked calls: the measure, and whether idle and sleeps counted. */
export interface RankingInfo {
  readonly measure: Measure;
  readonly includeIdle: boolean;
  readonly includeSleep: boolean;
  readonly sleepsAndIdle: SleepsAndIdleInfo;
}

/** Parameters of the requests that rank calls (the document's settings decide what is not given). */
export interface RankParams {
  /** Count sleeps and idle: rank by inclusive (or self) time with idle and sleeping calls (Show Sleeps and Idle). */
  readonly sleepsAndIdle?: boolean;
}

export interface DocumentParams {
  readonly uri: string;
  /** Version the client has; the answer says which version it used. */
  readonly version?: number;
}

export interface CallTreeParams extends DocumentParams, RankParams {
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

export interface CallAtParams extends DocumentParams, RankParams {
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

export interface SlowestCallsParams extends DocumentParams, RankParams {
  readonly count?: number;
  /** Overrides the measure of the settings. */
  readonly by?: Measure;
}

export interface SlowestCallsResult {
  readonly version: number;
  readonly calls: readonly CallNode[];
  readonly ranking: RankingInfo;
}

/** Sort keys of the function statistics. */
export type FunctionSort = 'self' | 'total' | 'count' | 'max' | 'mean' | 'name';

export interface FunctionStatsParams extends DocumentParams, RankParams {
  readonly sortBy?: FunctionSort;
  readonly limit?: number;
}

/** One function; `totalUs`, `selfUs`, `maxUs`, `meanUs` are in the ranking's measure, over the calls it counts. */
export interface FunctionStatRow {
  readonly name: string;
  readonly calls: number;
  /** Calls of this function the ranking left out (idle, sleeps). */
  readonly leftOut: number;
  /** Sum of the printed inclusive time of the counted calls. */
  readonly inclusiveUs: number | null;
  /** Sums of on-CPU and off-CPU time of the counted calls, null when unknown. */
  readonly onCpuUs: number | null;
  readonly offCpuUs: number | null;
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
  readonly ranking: RankingInfo;
}

export interface SummaryResult {
  readonly version: number;
  readonly lines: number;
  readonly cpus: readonly number[];
  readonly tasks: number;
  readonly calls: number;
  readonly hasDurations: boolean;
  /** The slowest call under the document's ranking (on-CPU by default). */
  readonly slowest: CallNode | null;
  readonly ranking: RankingInfo;
  readonly issues: Readonly<Record<string, number>>;
}

/** Children (or groups, or a group's top-level calls) of the call tree, one page at a time. */
export const CallTreeRequest = request<CallTreeParams, CallTreeResult | null>('ftrace/callTree');
/** The call covering a line, with its path to the top-level call. */
export const CallAtRequest = request<CallAtParams, CallAtResult | null>('ftrace/callAt');
/** The top N calls by on-CPU, inclusive or self time. */
export const SlowestCallsRequest = request<SlowestCallsParams, SlowestCallsResult | null>('ftrace/slowestCalls');
/** Per-function aggregates, sorted. */
export const FunctionStatsRequest = request<FunctionStatsParams, FunctionStatsResult | null>('ftrace/functionStats');
/** CPUs, tasks, calls, slowest call, issues. */
export const SummaryRequest = request<DocumentParams & RankParams, SummaryResult | null>('ftrace/summary');

/** Every custom request, for capability listing and tests. */
export const CUSTOM_REQUESTS = [CallTreeRequest, CallAtRequest, SlowestCallsRequest, FunctionStatsRequest, SummaryRequest] as const;
