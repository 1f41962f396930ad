// The parsed trace: per-line kinds, the call table (typed-array columns) and per-function aggregates.
import type { LineKind } from '../parse/lineKinds';
import type { TraceIssues } from '../build/issues';
import type { LineCallValues } from './lineCalls';
import type { LineValues } from './exitLines';
import type { NsValues } from './nsColumn';
import type { BannerValues } from '../build/bannerTable';

/** Bit flags of a call. */
export const enum CallFlag {
  /** Printed as a one-line leaf `f();`. */
  Leaf = 1,
  /** Its entry line is not in the trace (exit only). */
  MissingEntry = 2,
  /** Never closed: still open at the end of the trace (or of a concatenated segment), or {@link CallFlag.TaskExited}. */
  Open = 4,
  /** Its exit was lost: a later line at a lower depth ended it. */
  Unterminated = 8,
  /** Entered on one CPU and exited on another. */
  Migrated = 16,
  /** The kernel printed a duration for it. */
  Timed = 32,
  /** Its task left the CPU while this was the task's innermost open call (a context switch inside it). */
  SwitchedOut = 64,
  /**
   * Open (also flagged {@link CallFlag.Open}) because its task exited inside it: it is, surrounds
   * or is nested in an open call to `do_exit`, `do_group_exit` or `make_task_dead`, which never
   * return (see taskExit.ts). It did not outlive the capture.
   */
  TaskExited = 128,
}

/** Columns of the call table; index = call id, in order of the line that created the call. */
export interface CallColumns {
  /** 0-based entry line (or leaf line), -1 when the entry is before the trace start. */
  readonly entryLine: Int32Array;
  /** 0-based exit line, -1 for leaves and calls never closed: `exitLine.at(call)` (2 bytes per call). */
  readonly exitLine: LineValues;
  /** Parent call id, -1 for roots. */
  readonly parent: Int32Array;
  /** Printed depth (indent / 2). */
  readonly depth: Int16Array;
  /** CPU, -1 when unknown. */
  readonly cpu: Int16Array;
  /** Task pid, -1 when unknown. */
  readonly pid: Int32Array;
  /** Name id into {@link TraceModel.names}, -1 when unknown. */
  readonly name: Int32Array;
  /** Inclusive time in ns (the printed duration), NaN when unknown: `inclusiveNs.at(call)` (4 bytes per call). */
  readonly inclusiveNs: NsValues;
  /** Self time in ns (inclusive minus the children's inclusive), NaN when unknown: `selfNs.at(call)`. */
  readonly selfNs: NsValues;
  /** {@link CallFlag} bits. */
  readonly flags: Uint8Array;
  /** Children of call i are childList[childStart[i] .. childStart[i+1]), in trace order. */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
}

/** Per-function aggregates, indexed by name id. */
export interface FunctionColumns {
  /** Number of calls. */
  readonly count: Int32Array;
  /** Number of calls with a known inclusive time. */
  readonly timedCount: Int32Array;
  /** Sum of inclusive time (ns) over timed calls. */
  readonly totalNs: Float64Array;
  /** Sum of self time (ns) over calls with a known self time whose entry is in the trace (a missing entry's holds what the call made before the trace). */
  readonly selfNs: Float64Array;
  /** Largest inclusive time (ns), NaN when none is known. */
  readonly maxNs: Float64Array;
  /** Call id of the slowest call, -1 when none is timed. */
  readonly maxCall: Int32Array;
}

/** A parsed trace. Lines are 0-based. */
export interface TraceModel {
  /** Number of input lines (a final line without a line break counts; an empty text has 0). */
  readonly lineCount: number;
  /** {@link LineKind} of every line. */
  readonly lineKinds: Uint8Array;
  /**
   * The call a line belongs to, `lineCall.at(line)`: the call for entry/exit/leaf lines, the
   * enclosing open call for comments and arrows, else -1 (about 1.5 bytes per line).
   */
  readonly lineCall: LineCallValues;
  /** Number of calls. */
  readonly callCount: number;
  readonly calls: CallColumns;
  /** Interned function names (`name [module]` as printed). */
  readonly names: readonly string[];
  readonly functions: FunctionColumns;
  /** Task names by pid, as last printed. */
  readonly tasks: ReadonlyMap<number, string>;
  /** The context-switch banners as the parser read them, by line (absent in models built elsewhere: read the line text then). */
  readonly banners?: BannerValues;
  /** CPUs seen, ascending. */
  readonly cpus: readonly number[];
  /** Count of lines per {@link LineKind}. */
  readonly kindCounts: readonly number[];
  /** Tracer named by `# tracer:`, if any. */
  readonly tracer: string | undefined;
  /** True when at least one duration was printed. */
  readonly hasDurations: boolean;
  readonly issues: TraceIssues;
}

/** Returns the kind of 0-based line `line`. */
export function lineKindAt(model: TraceModel, line: number): LineKind {
  return model.lineKinds[line] as LineKind;
}

/** Bytes of the model by part (see {@link modelBytes}). */
export interface ModelBytes {
  /** Per-line columns: the kinds and the line-to-call index. */
  readonly lines: number;
  /** The call table, children index and self times included. */
  readonly calls: number;
  /** Per-function aggregates. */
  readonly functions: number;
  /** Interned function names and task names. */
  readonly names: number;
  /** Issue samples. */
  readonly issues: number;
}

/**
 * Bytes the model keeps alive by part: the whole buffer behind every typed-array column (a column
 * may be a view on a larger buffer), strings and small objects at V8's sizes on 64-bit (header +
 * one byte per Latin-1 character; a slot per array element or map entry), issue samples as
 * objects. The text itself is not counted. Reading it derives the lazy columns.
 */
export function modelBytesByPart(model: TraceModel): ModelBytes {
  const buffers = new Set<ArrayBufferLike>();
  const columns = (cols: readonly unknown[]): number => {
    let n = 0;
    for (const col of cols) {
      if (ArrayBuffer.isView(col)) {
        if (buffers.has(col.buffer)) continue;
        buffers.add(col.buffer);
        n += col.buffer.byteLength + 64;
      } else n += (col as { bytes(): number }).bytes() + 64;
    }
    return n;
  };
  const lines = columns([model.lineKinds, model.lineCall]) + (model.banners?.bytes() ?? 0);
  const calls = columns(Object.values(model.calls));
  const functions = columns(Object.values(model.functions));
  let names = 0;
  for (const s of model.names) names += 8 + stringBytes(s);
  for (const comm of model.tasks.values()) names += 32 + stringBytes(comm);
  return { lines, calls, functions, names, issues: model.issues.sampleCount() * (8 + 40) };
}

/** Bytes the model keeps alive (the measure behind the "bytes per line" budget): the sum of {@link modelBytesByPart}. */
export function modelBytes(model: TraceModel): number {
  const p = modelBytesByPart(model);
  return p.lines + p.calls + p.functions + p.names + p.issues;
}

/** Heap size of a string: 16-byte header, then 1 byte per character (2 if any is beyond Latin-1), 8-byte aligned. */
function stringBytes(s: string): number {
  let wide = false;
  for (let i = 0; i < s.length && !wide; i++) wide = s.charCodeAt(i) > 255;
  return (16 + s.length * (wide ? 2 : 1) + 7) & ~7;
}
