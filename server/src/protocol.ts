// Custom LSP requests between the client panel/commands and the server, each declared once (method, params, result).

import { request } from './protocolBase';

export type { RequestDef } from './protocolBase';
export * from './bigTraceProtocol';
export * from './sourceProtocol';
export * from './compareProtocol';
import { CompareRequest } from './compareProtocol';
import { FunctionSourceRequest, SourceNamesRequest } from './sourceProtocol';
/** CPU state bits of a call, as sent in the flame buffer's `cpu` column ({@link FlameColumnOffsets.cpu}); declared by the core. */
export { CpuState } from './core/analysis/offCpu';
export { FLAME_IN_INTERRUPT } from './core/flame/flameColumns';

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
  /** Of `calls`, those with a known time (none in a trace that prints no durations: nothing to count or set aside). */
  readonly timedCalls: number;
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
  /**
   * Its entry precedes the trace and it is no inferred switch (core CpuState.Partial): its off-CPU
   * time is unknown and its self time only an upper bound (what it called before the trace is not
   * subtracted).
   */
  readonly partial: boolean;
  /** Time the interrupts that came during it took (µs; their outermost calls inside it), 0 when none did. */
  readonly interruptUs: number;
  /** Inclusive time as a share of the parent's (0..1), null when unknown or for roots. */
  readonly shareOfParent: number | null;
  readonly childCount: number;
  readonly flags: readonly string[];
  readonly durationClass: DurationClass;
  /**
   * For a call that never returned because its task exited inside it (flag `taskExited`): the
   * call the task exited through (`do_exit`…) and its 0-based entry line; else null.
   */
  readonly taskExit: { readonly name: string; readonly line: number } | null;
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
  /**
   * Sum of the on-CPU time of its top-level calls (µs: inclusive minus the time their task was
   * switched out), null when none is timed or the off-CPU time of a timed one is unknown.
   */
  readonly onCpuUs: number | null;
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

/** Params of {@link ErrorOriginRequest}: a 0-based line of the document. */
export interface ErrorOriginParams extends DocumentParams {
  readonly line: number;
}

/** A call of an error chain and what it returned (`-61: ENODATA (No data available)`). */
export interface ErrorLinkNode {
  readonly call: CallNode;
  readonly returned: string;
}

export interface ErrorOriginResult {
  readonly version: number;
  /** The call at the line; null when the line is no call's. */
  readonly call: CallNode | null;
  /** What it returned, as {@link ErrorLinkNode.returned}; null when the trace prints no return value for it. */
  readonly returned: string | null;
  /** The error code it returned (`ENODATA (No data available)`); null when none. */
  readonly error: string | null;
  /**
   * The calls that passed the error up, from the call at the line down to the first that returned
   * it (the last); empty when it returned no error code.
   */
  readonly chain: readonly ErrorLinkNode[];
}

/** Where the error code a call returned came from (funcgraph-retval): the chain of calls that returned it. Needs the document's text (up to 50 MB). */
export const ErrorOriginRequest = request<ErrorOriginParams, ErrorOriginResult | null>('ftrace/errorOrigin');

/**
 * Client to server, right before a document's didOpen: the document's `ftraceLens` settings,
 * exactly what `workspace/configuration` with that scope would answer. The server answers the
 * document's first requests (status bar, inlay hints) with them: pulled, the answer would queue
 * behind the didOpen's megabytes on the client's side of the pipe.
 */
export const DOCUMENT_SETTINGS_NOTIFICATION = 'ftrace/documentSettings';

/** Params of {@link DOCUMENT_SETTINGS_NOTIFICATION}. */
export interface DocumentSettingsParams {
  readonly uri: string;
  /** The `ftraceLens` section as JSON (normalised by the server like a pulled one). */
  readonly settings: unknown;
}

/** Export formats of `ftrace/export` (same names as the CLI's `--format`). */
export type ExportFormatName = 'chrome' | 'speedscope' | 'folded';

export interface ExportParams extends DocumentParams {
  readonly format: ExportFormatName;
  /** `file:` URI the server writes the export to (replaced when it exists). */
  readonly target: string;
}

export interface ExportResult {
  readonly version: number;
  /** Bytes written. */
  readonly bytes: number;
  readonly calls: number;
  /** Where the times come from: printed timestamps, reconstructed from durations, or none (folded). */
  readonly clock: 'abstime' | 'durations' | null;
  /** One sentence for people about the clock and adjusted calls. */
  readonly note: string;
}

/** Writes the export of a document, or of a file indexed from disk, in a format to a file (the server writes it: exports can be hundreds of MB). */
export const ExportRequest = request<ExportParams, ExportResult | null>('ftrace/export');

/** One lane of the flame view's timeline: boxes `first .. first + count - 1`. */
export interface FlameLaneJson {
  readonly label: string;
  readonly cpu: number | null;
  readonly pid: number | null;
  readonly first: number;
  readonly count: number;
}

/** Byte offsets of the columns in a flame buffer (each column has `count` elements). */
export interface FlameColumnOffsets {
  /** Float64Array: start in ns from x = 0. */
  readonly startNs: number;
  /** Float64Array: length in ns. */
  readonly durNs: number;
  /** Int32Array: name index, -1 when unknown. */
  readonly name: number;
  /** Int32Array: 0-based first line of the call. */
  readonly line: number;
  /** Uint16Array: nesting level in the lane. */
  readonly level: number;
  /** Uint8Array: bit 1 the duration was printed, bit 2 it was derived. */
  readonly flags: number;
  /** Uint8Array: CPU state bits (1 switched out inside it, 2 inferred so, 4 idle, 8 probable sleep, 16 off-CPU time unknown, 32 its own time is off-CPU). */
  readonly cpu: number;
}

/**
 * The calls of a document for the Flame Graph view: one little-endian buffer of typed-array
 * columns indexed by box (a call in timeline order: lane by lane, each call before its children).
 * The buffer is either in `file`, a private temporary file of the server's that the client reads
 * and deletes (the server and the client run on one machine; LSP messages are JSON, and 28 bytes a
 * call as JSON would be megabytes of text to print and parse), or, when the server could not write
 * one, inline as base64 in `data`.
 */
export interface FlameDataResult {
  readonly version: number;
  readonly count: number;
  /** Where the timeline's x comes from: printed timestamps, or durations in print order per CPU. */
  readonly clock: 'abstime' | 'durations';
  /** Absolute ns of x = 0 (abstime), 0 otherwise. */
  readonly originNs: number;
  /** Function names; box names index it (-1: unknown). */
  readonly names: readonly string[];
  readonly lanes: readonly FlameLaneJson[];
  /** Whether the trace says which task ran (off-CPU time known), so the CPU states mean something. */
  readonly taskInfo: boolean;
  readonly byteLength: number;
  readonly columns: FlameColumnOffsets;
  /** Absolute path of the buffer's file (read it once, then delete it). */
  readonly file?: string;
  /** The buffer as base64, when there is no file. */
  readonly data?: string;
}

/** The calls of a document, or of a file indexed from disk (ftrace/indexFile; timestamps read from the file), for the Flame Graph view (binary columns, not an object per call). */
export const FlameDataRequest = request<DocumentParams, FlameDataResult | null>('ftrace/flameData');

/** Every custom request, for capability listing and tests. */
/** Memory of the server process and of one open document, by part (bytes; `ftrace/memoryUsage`, for benchmarks). */
export interface MemoryUsageResult {
  /** process.memoryUsage() of the server. */
  readonly process: { readonly rss: number; readonly heapUsed: number; readonly heapTotal: number; readonly external: number; readonly arrayBuffers: number };
  /** The GLIBC_TUNABLES the server process runs with (the client adds huge pages on Linux: hugePages.ts), null when unset. */
  readonly glibcTunables: string | null;
  /** The document's parts; null when it is not open. */
  readonly document: {
    readonly lines: number;
    /** The model by part (modelBytesByPart: reading it derives the lazy columns). */
    readonly model: { readonly lines: number; readonly calls: number; readonly functions: number; readonly names: number; readonly issues: number };
    /** The document text as a string, or the didOpen bytes kept until it is decoded. */
    readonly text: number;
    readonly textDecoded: boolean;
    /** The line indexes: the services' line starts and the TextDocument's line offsets (each built on first use; 0 before). */
    readonly lineIndex: number;
  } | null;
}

/** `ftrace/memoryUsage`: the server's memory by part (a benchmark's question; not used by the client). */
export const MemoryUsageRequest = request<DocumentParams, MemoryUsageResult>('ftrace/memoryUsage');

export const CUSTOM_REQUESTS = [
  CallTreeRequest, CallAtRequest, SlowestCallsRequest, FunctionStatsRequest, SummaryRequest, ExportRequest, FlameDataRequest, ErrorOriginRequest, SourceNamesRequest,
  FunctionSourceRequest, CompareRequest,
] as const;
