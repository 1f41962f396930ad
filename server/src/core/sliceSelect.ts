// Which lines of a trace a slice takes: a call's subtree, a task's or CPU's lines, or a time window.
import { displayText } from './displayText';
import { LineFields } from './lineFields';
import { LineKind } from './lineKinds';
import { parseLine } from './lineParser';
import type { LineSource } from './lineSource';
import type { TraceModel } from './model';
import { callAtLine } from './queries';
import { callSpan } from './spanLines';

/** What a slice selects. Lines are 0-based; window bounds in µs of the trace's timestamps. */
export type SliceSelection =
  | { readonly kind: 'call'; readonly line: number }
  | { readonly kind: 'task'; readonly pid: number }
  | { readonly kind: 'cpu'; readonly cpu: number }
  | { readonly kind: 'window'; readonly fromUs: number; readonly toUs: number };

/**
 * A resolved selection: the line range to scan and a test per line. `take(line)` is called for
 * ascending lines of [first, last] only; `source` gives text when the test needs it.
 */
export interface Selection {
  readonly first: number;
  readonly last: number;
  /** True when 0-based `line` belongs to the slice. */
  take(line: number): boolean;
  /** True when the test reads line text (then the number of lines left out is not counted). */
  readonly readsText: boolean;
  /** The call of a call slice, else -1. */
  readonly call: number;
  /** Words for the title, e.g. "call do_sys_open (line 1,235)" (names as display text: cut, controls escaped). */
  readonly title: string;
  /** True once no later line can be taken (a time window past its end). */
  ended(): boolean;
}

/** Lines before the first data line that are headers (kept at the top of every slice); at most 64. */
export function headerLines(model: TraceModel): number {
  let n = 0;
  while (n < model.lineCount && n < 64) {
    const k = model.lineKinds[n];
    if (k !== LineKind.Header && k !== LineKind.Blank && k !== LineKind.Info) break;
    n++;
  }
  // Trailing blank lines of the block are not headers.
  while (n > 0 && model.lineKinds[n - 1] === LineKind.Blank) n--;
  return n;
}

/** A line with no call that tells a stream's story (switch banners, lost events): kept when the next call line is taken. */
function isStreamNote(kind: number): boolean {
  return kind === LineKind.ContextSwitch || kind === LineKind.BannerRule || kind === LineKind.LostEvents || kind === LineKind.BufferStarted;
}

/** Resolves `sel` on `model`; a message for people when it selects nothing. */
export function resolveSelection(model: TraceModel, source: LineSource, sel: SliceSelection): Selection | string {
  const last = model.lineCount - 1;
  switch (sel.kind) {
    case 'call': return callSelection(model, sel.line);
    case 'task': {
      const pid = model.calls.pid;
      if (!hasCall(model, (c) => pid[c] === sel.pid)) return `no calls of task ${sel.pid} in the trace`;
      const name = model.tasks.get(sel.pid);
      return streamSelection(model, 0, last, (c) => pid[c] === sel.pid, `task ${name !== undefined ? `${displayText(name, 64)}-${sel.pid}` : sel.pid}`);
    }
    case 'cpu': {
      const cpu = model.calls.cpu;
      if (!hasCall(model, (c) => cpu[c] === sel.cpu)) return `no calls on CPU ${sel.cpu} in the trace`;
      return streamSelection(model, 0, last, (c) => cpu[c] === sel.cpu, `CPU ${sel.cpu}`);
    }
    case 'window': return windowSelection(model, source, sel.fromUs, sel.toUs);
  }
}

function hasCall(model: TraceModel, test: (c: number) => boolean): boolean {
  for (let c = 0; c < model.callCount; c++) if (test(c)) return true;
  return false;
}

/** The call at `line` with every line of its subtree (entry, exit, children, their comments). */
function callSelection(model: TraceModel, line: number): Selection | string {
  if (!(line >= 0 && line < model.lineCount)) return `line ${line + 1} is not in the trace (${model.lineCount} lines)`;
  const call = callAtLine(model, line);
  if (call < 0) return `no call at line ${line + 1}`;
  const { first, last } = callSpan(model, call);
  const parent = model.calls.parent;
  const lineCall = model.lineCall;
  // Lines are visited in order, and runs of lines share a call: remember the last answer.
  let lastCall = -2;
  let lastIn = false;
  const inside = (c: number): boolean => {
    if (c === lastCall) return lastIn;
    let x = c;
    for (let n = 0; x >= 0 && x !== call && n < 100000; n++) x = parent[x];
    lastCall = c;
    lastIn = x === call;
    return lastIn;
  };
  const name = model.calls.name[call] >= 0 ? displayText(model.names[model.calls.name[call]], 128) : 'call';
  return {
    first, last, call, readsText: false, ended: () => false,
    title: `call ${name} (line ${(first + 1).toLocaleString('en-US')})`,
    take: (l) => {
      const c = lineCall.at(l);
      return c >= 0 && inside(c);
    },
  };
}

/**
 * Lines of the calls `test` accepts, plus the banners and notices next to them: a run of such
 * lines is taken when the call line just before or just after it is (a switch banner names the
 * task switched from and the one switched to; the parser names tasks from both).
 */
function streamSelection(model: TraceModel, first: number, last: number, test: (c: number) => boolean, title: string): Selection {
  const lineCall = model.lineCall;
  const kinds = model.lineKinds;
  /** Whether the last call line visited was taken (lines are visited in ascending order). */
  let prevTaken = false;
  /** For a note line: whether its run is taken (found once per run of notes). */
  let noteRunEnd = -1;
  let noteRunTaken = false;
  return {
    first, last, call: -1, readsText: false, title, ended: () => false,
    take: (l) => {
      const c = lineCall.at(l);
      if (c >= 0) return (prevTaken = test(c));
      if (!isStreamNote(kinds[l])) return false;
      if (l > noteRunEnd) {
        let k = l + 1;
        while (k <= last && lineCall.at(k) < 0 && k - l < 64) k++;
        noteRunEnd = k - 1;
        noteRunTaken = prevTaken || (k <= last && lineCall.at(k) >= 0 && test(lineCall.at(k)));
      }
      return noteRunTaken;
    },
  };
}

/** Timestamp (µs) of the first line at or after `line` that has one, within `span` lines; NaN when none. */
function timeAtOrAfter(source: LineSource, f: LineFields, line: number, end: number, span = 2000): number {
  for (let l = line; l < end && l < line + span; l++) {
    const t = source.text(l);
    parseLine(t, 0, t.length, f);
    if (f.timeUs >= 0) return f.timeUs;
  }
  return NaN;
}

/**
 * Lines whose timestamp is in [fromUs, toUs] (lines without one go with the line above), found by
 * a binary search over line numbers (trace output is in time order) and a forward scan.
 */
function windowSelection(model: TraceModel, source: LineSource, fromUs: number, toUs: number): Selection | string {
  const n = model.lineCount;
  const f = new LineFields();
  const start = headerLines(model);
  if (Number.isNaN(timeAtOrAfter(source, f, start, n, 5000))) {
    return 'the trace has no timestamps: a time window needs the funcgraph-abstime option (or trace-cmd report output)';
  }
  // Smallest line whose next timestamp is >= fromUs (timestamps ascend through the trace).
  let lo = start;
  let hi = n;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const t = timeAtOrAfter(source, f, mid, n);
    if (Number.isNaN(t) || t >= fromUs - 1e-3) hi = mid;
    else lo = mid + 1;
  }
  // Back to the line that carries the timestamp (lines without one go with the line above).
  let first = lo;
  while (first > start && first < n) {
    const t = source.text(first);
    parseLine(t, 0, t.length, f);
    if (f.timeUs >= 0) break;
    first--;
  }
  if (first >= n) return `no line at or after ${fromUs / 1e6} s in the trace`;
  let inWindow = false;
  let done = false;
  const fmt = (us: number): string => `${(us / 1e6).toFixed(6)} s`;
  return {
    first, last: n - 1, call: -1, readsText: true, ended: () => done,
    title: `${fmt(fromUs)} to ${fmt(toUs)}`,
    take: (l) => {
      if (done) return false;
      const t = source.text(l);
      parseLine(t, 0, t.length, f);
      if (f.timeUs >= 0) {
        inWindow = f.timeUs >= fromUs - 1e-3 && f.timeUs <= toUs + 1e-3;
        if (f.timeUs > toUs + 1e-3) done = true;
      }
      return inWindow;
    },
  };
}
