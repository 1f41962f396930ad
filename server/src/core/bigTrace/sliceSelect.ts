// Which lines of a trace a slice takes: a call's subtree, a task's or CPU's lines, or a time window.
import { displayText } from '../present/displayText';
import { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';
import { parseLine } from '../parse/lineParser';
import type { LineSource } from './lineSource';
import type { TraceModel } from '../model/model';
import { callSelection, linesOf } from './sliceCall';
import { BannerReader, SwitchLines, namesTask, type Banner } from './sliceContext';
import { Take, type Selection, type TakenCounts } from './sliceTake';

/** What a slice selects. Lines are 0-based; window bounds in µs of the trace's timestamps. */
export type SliceSelection =
  | { readonly kind: 'call'; readonly line: number }
  | { readonly kind: 'task'; readonly pid: number }
  | { readonly kind: 'cpu'; readonly cpu: number }
  | { readonly kind: 'window'; readonly fromUs: number; readonly toUs: number };

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

/** A notice with no call (lost events, buffer started): kept when the call line just before or after it is taken. */
function isStreamNote(kind: number): boolean {
  return kind === LineKind.LostEvents || kind === LineKind.BufferStarted;
}

/** Resolves `sel` on `model`; a message for people when it selects nothing. */
export function resolveSelection(model: TraceModel, source: LineSource, sel: SliceSelection): Selection | string {
  const last = model.lineCount - 1;
  switch (sel.kind) {
    case 'call': return callSelection(model, source, sel.line);
    case 'task': {
      const pid = model.calls.pid;
      if (!hasCall(model, (c) => pid[c] === sel.pid)) return `no calls of task ${sel.pid} in the trace`;
      const name = model.tasks.get(sel.pid);
      const label = sel.pid === 0 ? 'the idle task (pid 0, every CPU)' : name !== undefined ? `${displayText(name, 64)}-${sel.pid}` : `pid ${sel.pid}`;
      return streamSelection(model, source, 0, last, {
        column: pid,
        value: sel.pid,
        banner: (b) => namesTask(b, sel.pid, b.cpu),
        switchLines: true,
        title: `task ${name !== undefined ? `${displayText(name, 64)}-${sel.pid}` : sel.pid}`,
        kept: (n) => `kept: the ${linesOf(n.selected)} of the calls of ${label}`
          + (n.context > 0 ? ` and ${linesOf(n.context)} where it leaves or gets a CPU (the context-switch banners that name it or, where no banner says so, the next task's first line on that CPU)` : '')
          + '; the other tasks\' lines are left out',
      });
    }
    case 'cpu': {
      const cpu = model.calls.cpu;
      if (!hasCall(model, (c) => cpu[c] === sel.cpu)) return `no calls on CPU ${sel.cpu} in the trace`;
      return streamSelection(model, source, 0, last, {
        column: cpu,
        value: sel.cpu,
        banner: (b) => b.cpu === sel.cpu,
        switchLines: false,
        title: `CPU ${sel.cpu}`,
        kept: (n) => `kept: the ${linesOf(n.selected)} of the calls on CPU ${sel.cpu}`
          + (n.context > 0 ? ` and ${linesOf(n.context)} of its context-switch banners and notices` : '')
          + '; the other CPUs\' lines are left out',
      });
    }
    case 'window': return windowSelection(model, source, sel.fromUs, sel.toUs);
  }
}

function hasCall(model: TraceModel, test: (c: number) => boolean): boolean {
  for (let c = 0; c < model.callCount; c++) if (test(c)) return true;
  return false;
}

/** What a task or CPU slice takes. */
interface StreamRule {
  /** The calls whose lines are selected: those whose value in `column` (pid, CPU) is `value`. */
  readonly column: Int32Array | Int16Array;
  readonly value: number;
  /** The context-switch banners kept (with their rules). */
  readonly banner: (b: Banner) => boolean;
  /** Keep the first call line of another task on a CPU after a selected line when no banner marks the switch. */
  readonly switchLines: boolean;
  readonly title: string;
  readonly kept: (n: TakenCounts) => string;
}

/**
 * Lines of the calls `rule` accepts, the banners it accepts and, around them, the notices next
 * to them (a run of lost-event or buffer notices goes with the call line just before or after it).
 * Banners that name no CPU go with the call lines next to them too.
 */
function streamSelection(model: TraceModel, source: LineSource, first: number, last: number, rule: StreamRule): Selection {
  const lineCall = model.lineCall;
  const { column, value } = rule;
  const selected = (c: number): boolean => column[c] === value;
  // Without banners a call line of another task may be a task-switch line to keep: no skipping then.
  const canSkip = !rule.switchLines || model.kindCounts[LineKind.ContextSwitch] > 0;
  // The calls of the lines being scanned, a block at a time (every line of a big trace is visited).
  const block = new Int32Array(4096);
  let blockStart = 0;
  let blockLength = 0;
  const callOf = (l: number): number => {
    if (l < blockStart || l >= blockStart + blockLength) {
      blockStart = l;
      blockLength = lineCall.decode(l, block);
      if (blockLength === 0) return -1;
    }
    return block[l - blockStart];
  };
  const kinds = model.lineKinds;
  const banners = new BannerReader(model, source);
  const switches = new SwitchLines(model, banners);
  /** Whether the last call line visited was taken (lines are visited in ascending order). */
  let prevTaken = false;
  /** For a note line: whether its run is taken (found once per run of notes). */
  let noteRunEnd = -1;
  let noteRunTaken = false;
  const nextToTaken = (l: number): boolean => {
    if (l > noteRunEnd) {
      let k = l + 1;
      while (k <= last && lineCall.at(k) < 0 && k - l < 64) k++;
      noteRunEnd = k - 1;
      noteRunTaken = prevTaken || (k <= last && lineCall.at(k) >= 0 && selected(lineCall.at(k)));
    }
    return noteRunTaken;
  };
  return {
    first, last, call: -1, focus: -1, readsText: false, title: rule.title, ended: () => false,
    describe: (n) => [rule.kept(n)],
    // Asked for ascending lines (the selected lines a cut left out): by block too.
    selects: (l) => {
      const c = callOf(l);
      return c >= 0 && selected(c);
    },
    countSelected: (from, to) => {
      let n = 0;
      for (let l = Math.max(0, from); l <= to; l += block.length) {
        const got = lineCall.decode(l, block);
        if (got === 0) break;
        for (let k = 0, end = Math.min(got, to - l + 1); k < end; k++) {
          const c = block[k];
          if (c >= 0 && column[c] === value) n++;
        }
      }
      blockLength = 0;
      return n;
    },
    // Lines of other calls are Take.No (and leave prevTaken false): passed over a block at a time.
    skip: (l) => {
      if (!canSkip) return l;
      let from = l;
      for (;;) {
        if (callOf(from) < 0) return from;
        const end = Math.min(blockStart + blockLength, last + 1);
        let k = from - blockStart;
        let c: number;
        for (let at = from; at < end; at++, k++) {
          c = block[k];
          if (c < 0 || column[c] === value) {
            if (at > l) prevTaken = false;
            return at;
          }
        }
        if (end > l) prevTaken = false;
        if (end > last) return end;
        from = end;
      }
    },
    take: (l) => {
      const c = callOf(l);
      const kind = kinds[l];
      if (c >= 0) {
        prevTaken = selected(c);
        if (rule.switchLines && (kind === LineKind.Entry || kind === LineKind.Exit || kind === LineKind.Leaf) && switches.visit(l, prevTaken)) return Take.Context;
        return prevTaken ? Take.Selected : Take.No;
      }
      const b = banners.blockOf(l);
      if (b >= 0) {
        const info = banners.at(b)!;
        if (b === l && info.cpu >= 0) switches.banner(info.cpu);
        if (info.cpu < 0) return nextToTaken(l) ? Take.Context : Take.No;
        return rule.banner(info) ? Take.Context : Take.No;
      }
      return isStreamNote(kind) && nextToTaken(l) ? Take.Context : Take.No;
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
    first, last: n - 1, call: -1, focus: -1, readsText: true, ended: () => done,
    // Not counted (readsText): a window's lines are found by reading their timestamps.
    selects: () => false,
    title: `${fmt(fromUs)} to ${fmt(toUs)}`,
    describe: (k) => [
      `kept: the ${linesOf(k.selected)} stamped from ${fmt(fromUs)} to ${fmt(toUs)} (a line without a timestamp goes with the line above)`
        + '; calls that cross the window\'s edges lack their entry or exit here, so their times are not those of the full trace',
    ],
    take: (l) => {
      if (done) return Take.No;
      const t = source.text(l);
      parseLine(t, 0, t.length, f);
      if (f.timeUs >= 0) {
        inWindow = f.timeUs >= fromUs - 1e-3 && f.timeUs <= toUs + 1e-3;
        if (f.timeUs > toUs + 1e-3) done = true;
      }
      return inWindow ? Take.Selected : Take.No;
    },
  };
}
