// Custom LSP requests for big traces (files indexed from disk) and slices; re-exported by protocol.ts.
import { request } from './protocolBase';

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
export function baseName(uri: string): string {
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
 * `ftrace-slice:/<label>/<stem> (<label>)<extension>?<base64url of {source, spec}>`, so its editor
 * tab reads `big (call L1235).trace`, not the full trace's name. The query uses only characters no
 * URI library re-encodes, so the URI survives VS Code's normalisation.
 */
export function sliceUri(source: string, spec: SliceSpec): string {
  const label = sliceLabel(spec).replace(/[^A-Za-z0-9._-]+/g, '-');
  const base = baseName(source);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  const name = encodeURIComponent(`${stem} (${sliceLabel(spec)})${ext}`);
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
