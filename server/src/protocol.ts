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

export const CUSTOM_REQUESTS = [CallTreeRequest, CallAtRequest, SlowestCallsRequest, FunctionStatsRequest, SummaryRequest, ExportRequest, FlameDataRequest] as const;

// ---------------------------------------------------------------------------------------------
// Big traces: files indexed from disk, and slices.
//
// Files VS Code does not synchronise (above 50 MB there is no didOpen) are indexed by the server
// from disk:
//
// 1. The client sends `ftrace/indexFile {uri}` (a `file:` URI; the server runs where the file is,
//    also over Remote-SSH). It may pass an LSP `workDoneToken`: the server then reports
//    `$/progress` on it (begin, report with `percentage` 0..100 and a message such as
//    "412 MB of 1.0 GB, 8.3M lines", end). Without one it creates its own work-done progress
//    (server-initiated, cancellable) when the client supports it. Cancelling the request (or that
//    progress) stops the reading at once and frees what was built; the answer is then the
//    standard RequestCancelled error. Two requests for the same file share one indexing.
//    The file is read in chunks and never held whole; the index keeps the call columns and a
//    line-offset checkpoint every 64 KB and reads line text back from disk when needed. Right
//    after answering, the server derives the children, self times and rankings the panel needs
//    (about a second per GB), so the first panel requests may wait that long. Malformed params
//    of every request below are answered with InvalidParams (-32602), as for the other requests.
// 2. The answer is an {@link IndexFileResult}: `ok: true` with counts and the file identity the
//    index was built from, or `ok: false` with a reason and a message for people (missing file,
//    permission, binary or non-trace content detected early, gzip data, a line too long, a file
//    that changed while it was read). A failed or cancelled indexing keeps nothing.
// 3. From then on every existing request (`ftrace/callTree`, `callAt`, `slowestCalls`,
//    `functionStats`, `summary`) and `ftrace/slice` answers for that URI although no document is
//    open. Their `version` is the index `generation` (it grows by one per re-index). When the
//    document is also open in the editor (synchronised), the open document wins.
// 4. Before every answer the server checks the file's size, mtime and inode (and a watcher sends
//    news early). When the file changed (appended, truncated, replaced, deleted), the index is
//    dropped, the server sends `ftrace/indexState {state: 'stale'}` and requests for the URI fail
//    with LSP error ContentModified (-32801) and a message saying what changed, until the client
//    sends `ftrace/indexFile` again. An index is never used once the file differs from it.
// 5. `ftrace/closeIndex {uri}` frees an index (the client sends it when the last tab on the file
//    closes).
//
// Slices: `ftrace/slice {uri, spec}` returns a part of a trace (an open document or a disk index)
// as text with the header lines it needs, cut to at most 300,000 lines and 20 MB (so VS Code gives
// it colors, folding and inlay hints); `truncated` says when and where it was cut, and the text then
// ends with a `# ftrace-lens: …` comment line saying so. After the trace's header lines every
// slice has a header comment (`# ftrace-lens: ` lines, mapped to no full-trace line): what it is,
// what it kept and why, and which full-trace lines its lines are. A call slice keeps the call's
// subtree (entry, exit, the calls inside it, their comments; from its first traced line when its
// entry precedes the trace) and the task switches its on-CPU analysis needs (banners naming its
// task, and where no banner says so the next task's first line on that CPU), not other tasks' or
// CPUs' lines, so its inclusive, self, on-CPU and off-CPU times stay. Task slices keep the banners
// naming the task, CPU slices those of the CPU, both the lost-event lines next to their lines.
// A window slice needs timestamps (funcgraph-abstime or trace-cmd report); otherwise, and
// when a spec selects nothing, the answer is `ok: false` with a message for people.
//
// Slice documents: the client shows a slice as a read-only virtual document whose URI is
// {@link sliceUri}(source, spec) (scheme `ftrace-slice`, the spec encoded in the query, so the
// URI alone is enough to rebuild the content after a restart). Its TextDocumentContentProvider
// asks `ftrace/slice` with {@link parseSliceUri}(uri). The language client's document selector
// must include `{ scheme: 'ftrace-slice', language: 'ftrace' }`: the server then parses the
// slice like any document, and its hovers add "line N of the full trace" (a call's lines are
// given as the full trace's). For "Reveal in Full
// Trace" the client either maps lines itself with `lineMap` (see {@link mapSliceLine}) or asks
// `ftrace/sliceLine {uri: sliceUri, line}` → `{source, line}`.
// ---------------------------------------------------------------------------------------------

/** Scheme of slice documents. */
export const SLICE_SCHEME = 'ftrace-slice';
/** Most lines a slice holds (VS Code's large-file line threshold). */
export const SLICE_MAX_LINES = 300_000;
/** Most bytes (UTF-8) a slice holds (VS Code's large-file size threshold, 20 MB = 20 * 2^20). */
export const SLICE_MAX_BYTES = 20 * 1024 * 1024;

/** Parameters of `ftrace/indexFile`. */
export interface IndexFileParams {
  /** `file:` URI of the trace on the server's machine. */
  readonly uri: string;
  /** LSP work-done progress token created by the client (optional). */
  readonly workDoneToken?: string | number;
}

/** Identity of the file an index was built from (checked before every answer). */
export interface FileIdentity {
  /** Size in bytes. */
  readonly size: number;
  /** Modification time, ms since the epoch. */
  readonly mtimeMs: number;
  /** Inode number (0 where the platform has none). */
  readonly ino: number;
}

/** Why a file could not be indexed. */
export type IndexFailure = 'notFound' | 'unreadable' | 'notFile' | 'binary' | 'compressed' | 'notTrace' | 'lineTooLong' | 'changed' | 'unsupportedUri';

/** Answer of `ftrace/indexFile`. */
export type IndexFileResult =
  | {
    readonly ok: true;
    readonly uri: string;
    /** Index generation, the `version` of every answer from this index; grows by one per re-index. */
    readonly generation: number;
    readonly lines: number;
    readonly calls: number;
    readonly cpus: readonly number[];
    readonly tasks: number;
    readonly hasDurations: boolean;
    readonly file: FileIdentity;
    /** Milliseconds the indexing took (0 when an existing index was current). */
    readonly indexMs: number;
  }
  | {
    readonly ok: false;
    readonly uri: string;
    readonly reason: IndexFailure;
    /** One sentence for people, naming the file and what to do. */
    readonly message: string;
  };

/** State of a disk index, pushed by the server in `ftrace/indexState`. */
export interface IndexStateParams {
  readonly uri: string;
  /** `indexing` while reading, `indexed` when ready, `stale` when the file changed, `closed` when freed. */
  readonly state: 'indexing' | 'indexed' | 'stale' | 'closed';
  readonly generation: number;
  /** For `stale`: what changed, for people. */
  readonly message?: string;
}

/** What a slice holds. Lines are 0-based; times in seconds as printed (abstime or trace-cmd column). */
export type SliceSpec =
  /** The call whose entry (or leaf, or exit when the entry is missing) is on `line`, or the call covering `line`. */
  | { readonly kind: 'call'; readonly line: number }
  /** Every line of task `pid` (with the CPU lines between its calls when it is named by a switch). */
  | { readonly kind: 'task'; readonly pid: number }
  /** Every line printed for CPU `cpu`. */
  | { readonly kind: 'cpu'; readonly cpu: number }
  /** The lines whose timestamp is in [fromTs, toTs] seconds (needs timestamps in the trace). */
  | { readonly kind: 'window'; readonly fromTs: number; readonly toTs: number };

/** Parameters of `ftrace/slice`. */
export interface SliceParams {
  /** The full trace: an open document or a file indexed with `ftrace/indexFile`. */
  readonly uri: string;
  readonly spec: SliceSpec;
}

/**
 * Slice line → full-trace line, as runs: flat triples `[sliceLine, fullLine, length, …]`
 * (0-based, ascending by sliceLine). Slice lines in no run (the header comment, the cut note)
 * have no full-trace line.
 */
export type LineMap = readonly number[];

/** Where and why a slice was cut. */
export interface SliceCut {
  readonly reason: 'lines' | 'bytes';
  /** Selected lines left out (the calls' lines; context lines kept next to them are not counted); null when not counted (a time window is not read past the cut). */
  readonly omittedLines: number | null;
  /** The first full-trace line left out (0-based). */
  readonly firstOmittedLine: number;
}

/** Answer of `ftrace/slice`; `ok: false` with a message when the spec selects nothing or cannot apply. */
export type SliceResult =
  | {
    readonly ok: true;
    /** The slice text (LF line ends). */
    readonly text: string;
    /** Short title, e.g. "call do_sys_open (line 1,235)". */
    readonly title: string;
    /** Suggested document URI: {@link sliceUri}(params.uri, params.spec). */
    readonly sliceUri: string;
    readonly lineMap: LineMap;
    /** Slice line to put the cursor on (the call's entry, or its exit when the entry is missing, for a call slice; else the first selected line). */
    readonly focusLine: number;
    readonly lines: number;
    /** UTF-8 bytes of `text`. */
    readonly bytes: number;
    /** Null when the slice is complete. */
    readonly truncated: SliceCut | null;
    /** `version` of the full trace the slice was cut from (document version or index generation). */
    readonly version: number;
  }
  | { readonly ok: false; readonly message: string };

/** Parameters of `ftrace/sliceLine`: a line of a slice document. */
export interface SliceLineParams {
  /** URI of the slice document (scheme `ftrace-slice`). */
  readonly uri: string;
  /** 0-based line in the slice. */
  readonly line: number;
}

/** Answer of `ftrace/sliceLine`: the full trace and the 0-based line there (null when the line has none). */
export interface SliceLineResult {
  readonly source: string;
  readonly line: number | null;
}

/** Reads a trace file from disk into an index (progress, cancellation); see the comment above. */
export const IndexFileRequest = request<IndexFileParams, IndexFileResult>('ftrace/indexFile');
/** Frees the disk index of a file. */
export const CloseIndexRequest = request<{ readonly uri: string }, boolean>('ftrace/closeIndex');
/** Part of a trace as text, with its line map (null when the URI is neither open nor indexed; ContentModified when its index is stale). */
export const SliceRequest = request<SliceParams, SliceResult | null>('ftrace/slice');
/** The full-trace line of a slice line. */
export const SliceLineRequest = request<SliceLineParams, SliceLineResult | null>('ftrace/sliceLine');
/** Server → client notification: a disk index changed state. */
export const INDEX_STATE_NOTIFICATION = 'ftrace/indexState';

/** The full-trace line of 0-based slice line `line` under `map`, or null. */
export function mapSliceLine(map: LineMap, line: number): number | null {
  let lo = 0;
  let hi = map.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = map[mid * 3];
    if (line < s) hi = mid - 1;
    else if (line >= s + map[mid * 3 + 2]) lo = mid + 1;
    else return map[mid * 3 + 1] + (line - s);
  }
  return null;
}

/** The slice line showing 0-based full-trace line `line` under `map`, or null (runs ascend in both columns). */
export function mapFullLine(map: LineMap, line: number): number | null {
  let lo = 0;
  let hi = map.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = map[mid * 3 + 1];
    if (line < f) hi = mid - 1;
    else if (line >= f + map[mid * 3 + 2]) lo = mid + 1;
    else return map[mid * 3] + (line - f);
  }
  return null;
}

/** Short file name of a URI (last path segment, decoded). */
function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last) || 'trace';
  } catch {
    return last || 'trace';
  }
}

/** Words of a spec for titles and paths, e.g. "call L1235", "task 4242", "cpu 1", "12.5s-12.7s". */
export function sliceLabel(spec: SliceSpec): string {
  switch (spec.kind) {
    case 'call': return `call L${spec.line + 1}`;
    case 'task': return `task ${spec.pid}`;
    case 'cpu': return `cpu ${spec.cpu}`;
    case 'window': return `${spec.fromTs}s-${spec.toTs}s`;
  }
}

/**
 * URI of the slice document for `spec` of the trace `source`:
 * `ftrace-slice:/<label>/<source file name>?<base64url of {source, spec}>`. The query uses only
 * characters no URI library re-encodes, so the URI survives VS Code's normalisation.
 */
export function sliceUri(source: string, spec: SliceSpec): string {
  const label = sliceLabel(spec).replace(/[^A-Za-z0-9._-]+/g, '-');
  const name = encodeURIComponent(baseName(source));
  return `${SLICE_SCHEME}:/${label}/${name}?${base64url(JSON.stringify({ source, spec }))}`;
}

/** The source URI and spec a slice URI encodes, or undefined when `uri` is not a valid slice URI. */
export function parseSliceUri(uri: string): { readonly source: string; readonly spec: SliceSpec } | undefined {
  if (!uri.startsWith(`${SLICE_SCHEME}:`)) return undefined;
  const q = uri.indexOf('?');
  if (q < 0) return undefined;
  const h = uri.indexOf('#', q);
  let query = uri.slice(q + 1, h < 0 ? uri.length : h);
  try {
    query = decodeURIComponent(query);
    const v = JSON.parse(fromBase64url(query)) as { source?: unknown; spec?: unknown };
    if (typeof v.source !== 'string' || !validSpec(v.spec)) return undefined;
    return { source: v.source, spec: v.spec };
  } catch {
    return undefined;
  }
}

/** True when `s` is a well-formed {@link SliceSpec}. */
export function validSpec(s: unknown): s is SliceSpec {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  switch (o.kind) {
    case 'call': return int(o.line);
    case 'task': return int(o.pid);
    case 'cpu': return int(o.cpu);
    case 'window': return num(o.fromTs) && num(o.toTs) && (o.toTs as number) >= (o.fromTs as number);
    default: return false;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(text: string): string {
  const b = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < b.length) out += B64[(n >> 6) & 63];
    if (i + 2 < b.length) out += B64[n & 63];
  }
  return out;
}

function fromBase64url(s: string): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new Error('not base64url');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
}

/** The requests of big traces (disk index and slices). */
export const BIG_TRACE_REQUESTS = [IndexFileRequest, CloseIndexRequest, SliceRequest, SliceLineRequest] as const;
