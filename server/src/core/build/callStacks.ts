// The rules that rebuild calls from entry, leaf and exit lines, banners and switches, over the call stacks per task (else per CPU) of streams.ts.
import type { CallTable } from '../model/growable';
import type { Interner } from './interner';
import type { TraceIssues } from './issues';
import type { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';
import { CallFlag } from '../model/model';
import type { FrameStack } from './frameStack';
import { FIRST_LANES, LANES, grownLanes } from './cpuCaches';
import { Streams, isCpuKey, streamKey } from './streams';
import { markOpenCalls } from './openCalls';
import { RetroTasks } from './retroTasks';

/** True when `d` can be a depth in the call table (Int16). */
function inRange(d: number): boolean {
  return d >= -32768 && d <= 32767;
}

/**
 * The reconstruction rules (README "How calls are rebuilt") over the streams' stacks
 * ({@link Streams}): per-task stacks, per-CPU fallback, orphan exits, adoption, migration, lanes
 * without a CPU column. The builder fills `f` for each line and calls these methods.
 */
export class CallStacks {
  private readonly streams: Streams;
  /** The per-CPU stack cache of `streams` (the same arrays, taken again after it caches a CPU: plainCall reads them on every line). */
  private laneStack: (FrameStack | undefined)[];
  private laneKey: Int32Array;
  /** Per CPU below LANES: a pid whose task name is known, the last one a line of that CPU named (-1: none; grown as lines name higher CPUs). */
  private namedPid = new Int32Array(FIRST_LANES).fill(-1);
  /** Stream key found by the last {@link CallStacks.streamOf}. */
  private curKey = 0;
  /** Name id the fast path interned for the current line, else -1. */
  lineName = -1;
  /** Text the current line's offsets refer to. */
  curText = '';
  /** The fast path's window, which compares a tail name it read (LineFields.tailInWindow) with a name. */
  tailWindow: { tailIsName(id: number): boolean } | null = null;
  /** Per stream: root calls deeper than 0, in order, that a later exit with a missing entry may adopt. */
  private pendingRoots = new Map<number, number[]>();
  /** Per open frame: its latest children printed deeper than one level below it (see attach). */
  private gaps = new Map<number, number[]>();
  /** Tasks that banners say ran before a CPU's first banner (see applyRetro). */
  private readonly retro = new RetroTasks();
  /** CPUs named by banners in a trace without a CPU column, the CPU a banner just named, the last CPU picked. */
  readonly bannerCpus = new Set<number>();
  afterBanner = -1;
  private lastLane = -1;
  hasCpuColumn = false;

  constructor(
    private readonly f: LineFields,
    private readonly calls: CallTable,
    private readonly interner: Interner,
    private readonly tasks: Map<number, string>,
    private readonly issues: TraceIssues,
  ) {
    this.streams = new Streams(calls);
    this.laneStack = this.streams.laneStack;
    this.laneKey = this.streams.laneKey;
  }

  /**
   * {@link CallStacks.onCall} for a call line whose stream is the cached stream of its CPU (a
   * line without a pid, or with the pid that CPU runs and whose task is named already): the
   * usual shapes inline (an exit closing the top frame, whose tail names it if it has one; a call
   * one level below the top frame, which has no gap list), anything else through onCall, with the same result.
   */
  plainCall(line: number, kind: LineKind): number {
    const f = this.f;
    const cpu = f.cpu;
    const d = f.depth;
    const st = this.plainStack(cpu, d, f.pid, f.commStart >= 0);
    if (st === undefined) return this.onCall(line, kind);
    const calls = this.calls;
    const top = st.top();
    if (kind === LineKind.Exit) {
      // findFrame picks the top frame when it is at depth d and the tail names it (or there is
      // no tail name); nothing to terminate. A tail naming another function, or an unnamed top
      // frame (onCall interns the tail name then), goes through onCall.
      if (top < 0 || st.topDepth() !== d || (f.tailStart >= 0 && !this.tailNames(top))) return this.onCall(line, kind);
      this.streams.pop(st);
      if (this.gaps.size > 0) this.gaps.delete(top);
      calls.exitLine[top] = line;
      this.setDuration(top);
      return top;
    }
    // No deeper frame to terminate, the top frame is the parent; attach has nothing to do unless
    // calls printed deeper than one level below it wait in its gap list.
    if (top < 0 || st.topDepth() !== d - 1 || (this.gaps.size > 0 && this.gaps.has(top))) return this.onCall(line, kind);
    const key = this.laneKey[cpu];
    const nameId = this.lineName >= 0 ? this.lineName : this.intern(f.nameStart, f.nameEnd);
    const id = this.newCall(line, top, nameId, key);
    if (kind === LineKind.Leaf) {
      calls.flags[id] |= CallFlag.Leaf;
      this.setDuration(id);
    } else this.streams.push(st, id);
    return id;
  }

  /**
   * True when {@link CallStacks.plainCall} takes an exit on `cpu` at `depth` (of task `pid`, -1
   * without a task column; `named`: the line names the task), whose tail names function `name`, as
   * the exit of the top frame of its stack (the top frame is at that depth and is that function):
   * what it does without reading the tail's text.
   */
  exitsTopNamed(cpu: number, depth: number, name: number, pid: number, named: boolean): boolean {
    const st = this.plainStack(cpu, depth, pid, named);
    if (st === undefined) return false;
    const top = st.top();
    return top >= 0 && st.topDepth() === depth && name >= 0 && this.calls.name[top] === name;
  }

  /**
   * The stack plainCall works on for a line on `cpu` at `depth` of task `pid` (-1: no task
   * column; `named`: the line names the task): the cached stream of the CPU, when keyOf would
   * change nothing for the line (no pid, or the task the CPU runs and, when the line names it, the
   * task the CPU's lines named last); undefined sends the line through onCall.
   */
  private plainStack(cpu: number, depth: number, pid: number, named: boolean): FrameStack | undefined {
    const st = cpu >= 0 && cpu < this.laneStack.length ? this.laneStack[cpu] : undefined;
    if (st === undefined || depth >= 32767) return undefined;
    if (pid >= 0 && !(this.laneKey[cpu] === streamKey(pid, cpu) && (!named || (cpu < this.namedPid.length && this.namedPid[cpu] === pid)))) return undefined;
    return st;
  }

  /** True when the current exit line's tail is the name of call `id` (a named call). */
  private tailNames(id: number): boolean {
    const n = this.calls.name[id];
    if (n < 0) return false;
    const f = this.f;
    if (f.tailInWindow && this.tailWindow !== null) return this.tailWindow.tailIsName(n);
    const name = this.interner.names[n];
    return name.length === f.tailEnd - f.tailStart && (f.normalised ?? this.curText).startsWith(name, f.tailStart);
  }

  /** Stream of the current line: its task when known (proc column, banners), else its CPU. */
  keyOf(): number {
    const f = this.f;
    let pid = f.pid;
    if (pid >= 0) {
      if (f.cpu >= 0) this.streams.setCpuPid(f.cpu, pid);
      if (f.commStart >= 0) {
        if (!this.tasks.has(pid)) this.tasks.set(pid, this.text(f.commStart, f.commEnd));
        if (f.cpu >= 0 && f.cpu < LANES) {
          if (f.cpu >= this.namedPid.length) this.namedPid = grownLanes(this.namedPid, f.cpu, -1);
          this.namedPid[f.cpu] = pid;
        }
      }
    } else pid = this.streams.pidOn(f.cpu) ?? -1;
    return streamKey(pid, f.cpu);
  }

  /** Stack of the current line's stream (as {@link keyOf}); sets curKey. Cached per CPU for lines without a pid. */
  private streamOf(): FrameStack {
    const f = this.f;
    const cpu = f.cpu;
    if (f.pid < 0 && cpu >= 0 && cpu < LANES) {
      const cached = cpu < this.laneStack.length ? this.laneStack[cpu] : undefined;
      if (cached !== undefined) {
        this.curKey = this.laneKey[cpu];
        return cached;
      }
      const key = (this.curKey = this.keyOf());
      const st = this.streams.stackOf(key);
      this.cache(cpu, key, st);
      return st;
    }
    const key = (this.curKey = this.keyOf());
    const st = this.streams.stackOf(key);
    // keyOf made this task the one the CPU runs: its stream is the CPU's stream (see plainCall).
    if (f.pid >= 0 && cpu >= 0 && cpu < LANES && (cpu >= this.laneStack.length || this.laneStack[cpu] === undefined)) this.cache(cpu, key, st);
    return st;
  }

  /** Caches `st` (stream `key`) as CPU `cpu`'s stream (< LANES; see Streams.cache) and takes the caches again (they may have grown). */
  private cache(cpu: number, key: number, st: FrameStack): void {
    this.streams.cache(cpu, key, st);
    this.laneStack = this.streams.laneStack;
    this.laneKey = this.streams.laneKey;
  }

  /** A sched_switch event on `cpu`: its task is off the CPU until the CPU's next call line. */
  switchOut(cpu: number): void {
    this.streams.switchOut(cpu);
  }

  /** A call line on `cpu`: its task is on the CPU again. */
  switchIn(cpu: number): void {
    this.streams.switchIn(cpu);
  }

  private text(s: number, e: number): string {
    return (this.f.normalised ?? this.curText).slice(s, e);
  }

  /** Innermost open call of the current line's stream, or -1. */
  enclosing(): number {
    const st = this.streams.existing(this.keyOf());
    return st !== undefined ? st.top() : -1;
  }

  private intern(s: number, e: number): number {
    return this.interner.idOf(this.f.normalised ?? this.curText, s, e);
  }

  private newCall(line: number, parent: number, nameId: number, key: number): number {
    const f = this.f;
    const pid = key > 0 ? key : key < 0 && !isCpuKey(key) ? 0 : -1;
    return this.calls.add(line, parent, Math.min(f.depth, 32767), f.cpu, pid, nameId);
  }

  private setDuration(call: number): void {
    const f = this.f;
    if (f.durationNs < 0) return;
    this.calls.inclusiveNs.set(call, f.durationNs);
    this.calls.flags[call] |= CallFlag.Timed;
    this.calls.step[call] = f.durationStepNs >= 1000 ? 3 : f.durationStepNs >= 100 ? 2 : f.durationStepNs >= 10 ? 1 : 0;
  }

  /** Pops frames with depth >= minDepth off `st`, marking them unterminated (their exits were lost). */
  private terminateFrom(st: FrameStack, minDepth: number, line: number): void {
    while (st.length > 0 && st.topDepth() >= minDepth) this.terminateTop(st, line);
  }

  /** Pops the top frame of `st` as unterminated, found so at 0-based `line`. */
  private terminateTop(st: FrameStack, line: number): void {
    const c = this.streams.pop(st);
    if (this.gaps.size > 0) this.gaps.delete(c);
    this.calls.flags[c] |= CallFlag.Unterminated;
    this.issues.add('unterminated-call', line, c);
  }

  onCall(line: number, kind: LineKind): number {
    const f = this.f;
    const st = this.streamOf();
    const key = this.curKey;
    const d = f.depth;
    if (kind !== LineKind.Exit) {
      // Deeper open frames lost their exits. A frame at the same depth stays open: an interrupt
      // taken right after an entry prints its calls at that entry's depth, before its exit.
      this.terminateFrom(st, d + 1, line);
      const parent = st.parentAt(d);
      const nameId = this.lineName >= 0 ? this.lineName : this.intern(f.nameStart, f.nameEnd);
      const id = this.newCall(line, parent, nameId, key);
      if (kind === LineKind.Leaf) {
        this.calls.flags[id] |= CallFlag.Leaf;
        this.setDuration(id);
      } else this.streams.push(st, id);
      this.attach(key, parent, id, kind === LineKind.Leaf);
      return id;
    }
    const nameId = f.tailStart >= 0 ? this.intern(f.tailStart, f.tailEnd) : -1;
    let i = st.findFrame(d, nameId);
    let from = st;
    if (i < 0 && nameId >= 0 && isCpuKey(key) && inRange(d)) {
      // §6.4: a task that slept and woke on another CPU; its exit names the call. Only calls of
      // a task known to be off its CPU qualify: switched out by a sched_switch event, or a
      // task that no CPU runs now. The first such stream created wins.
      const found = this.streams.migrated(st, d, nameId);
      if (found !== undefined) {
        i = found.index;
        from = found.stack;
        this.calls.flags[from.ids[i]] |= CallFlag.Migrated;
      }
    }
    if (i >= 0) {
      const id = from.ids[i];
      while (from.length > i + 1) this.terminateTop(from, line);
      this.streams.pop(from);
      if (this.gaps.size > 0) this.gaps.delete(id);
      this.calls.exitLine[id] = line;
      this.setDuration(id);
      return id;
    }
    // Exit whose entry is not in the trace: a call with an unknown start.
    this.terminateFrom(st, d, line);
    const parent = st.top();
    const id = this.newCall(-1, parent, nameId, key);
    this.calls.exitLine[id] = line;
    this.calls.flags[id] |= CallFlag.MissingEntry;
    this.setDuration(id);
    this.issues.add('missing-entry', line, id);
    this.attach(key, parent, id, true);
    return id;
  }

  /**
   * Records the new call `id` under `parent` (-1: a root of stream `key`). Calls printed before it
   * under the same parent but deeper than it ran inside it when `adopt` is set and the times
   * allow: the kernel prints a leaf, or an exit whose entry is missing, after its interrupt calls.
   */
  private attach(key: number, parent: number, id: number, adopt: boolean): void {
    const d = this.calls.depth[id];
    const pd = parent >= 0 ? this.calls.depth[parent] : -1;
    const list = parent >= 0 ? (this.gaps.size > 0 ? this.gaps.get(parent) : undefined) : this.pendingRoots.get(key);
    if (list !== undefined && list.length > 0 && adopt) {
      let k = list.length;
      let sum = 0;
      while (k > 0 && this.calls.depth[list[k - 1]] > d) {
        const v = this.calls.inclusiveNs.at(list[k - 1]);
        if (!Number.isNaN(v)) sum += v;
        k--;
      }
      const own = this.calls.inclusiveNs.at(id);
      // A root-level leaf never adopts (the deeper calls before it belong to exits not yet seen).
      const fits = (parent >= 0 || (this.calls.flags[id] & CallFlag.MissingEntry) !== 0) && !(sum > own);
      if (k < list.length && fits) {
        for (let j = k; j < list.length; j++) this.calls.parent[list[j]] = id;
        list.length = k;
      }
    }
    if (d > pd + 1) {
      if (list !== undefined) list.push(id);
      else if (parent >= 0) this.gaps.set(parent, [id]);
      else this.pendingRoots.set(key, [id]);
    } else if (list !== undefined) {
      // An empty list and no list mean the same: drop a parent's (plainCall then takes its calls).
      // A stream's pending roots stay listed once made, mostly empty: no length write then (the
      // setter is a runtime call).
      if (list.length > 0) list.length = 0;
      if (parent >= 0) this.gaps.delete(parent);
    }
  }

  /**
   * Without a CPU column the lines of all CPUs interleave; banners still name CPUs. Puts the line
   * on the CPU whose open calls it continues (the CPU a banner just named, else the best fit,
   * ties going to the CPU of the previous line).
   */
  pickLane(kind: LineKind): number {
    if (this.afterBanner >= 0) return (this.lastLane = this.afterBanner);
    const lanes = this.streams.lanes!;
    const f = this.f;
    const d = f.depth;
    const nameId = kind === LineKind.Exit && f.tailStart >= 0 ? this.intern(f.tailStart, f.tailEnd) : -1;
    const chosen = lanes.choose(kind, d, nameId, this.lastLane);
    return (this.lastLane = chosen);
  }

  onSwitch(): void {
    const f = this.f;
    let newLane = false;
    if (f.cpu >= 0 && !this.hasCpuColumn) {
      if (this.streams.lanes === undefined) this.streams.startLanes();
      if (!this.bannerCpus.has(f.cpu)) {
        this.bannerCpus.add(f.cpu);
        newLane = true;
      }
      this.afterBanner = f.cpu;
    }
    if (f.prevPid >= 0 && !this.tasks.has(f.prevPid)) this.tasks.set(f.prevPid, this.text(f.prevCommStart, f.prevCommEnd));
    if (f.nextPid >= 0) this.tasks.set(f.nextPid, this.text(f.nextCommStart, f.nextCommEnd));
    if (f.cpu < 0) return;
    const streams = this.streams;
    if (streams.pidOn(f.cpu) === undefined && f.prevPid >= 0) {
      // Lines of this CPU before its first banner belonged to the banner's previous task.
      this.retro.note(f.cpu, f.prevPid, this.calls.count);
      this.moveStream(streamKey(-1, f.cpu), streamKey(f.prevPid, f.cpu));
      streams.markSwitchedOut(f.prevPid, f.cpu);
    }
    streams.setCpuPid(f.cpu, f.nextPid);
    // A new lane starts with the stream its CPU runs after the banner (the lane index is asked
    // nothing in between, so attaching it first would only be undone).
    if (newLane) streams.lanes!.addLane(f.cpu, streamKey(streams.pidOn(f.cpu) ?? -1, f.cpu));
  }

  /** Moves stream `from`'s open frames and pending roots to stream `to`. */
  private moveStream(from: number, to: number): void {
    this.streams.moveFrames(from, to);
    const roots = this.pendingRoots.get(from);
    if (roots !== undefined && roots.length > 0) {
      let dst = this.pendingRoots.get(to);
      if (dst === undefined) this.pendingRoots.set(to, (dst = []));
      for (const r of roots) dst.push(r);
      roots.length = 0;
    }
  }

  /**
   * Ends a concatenated trace segment: calls still open stay open; stream state restarts (the
   * lanes too, unless `final`: the end of the input, where no line follows).
   */
  endSegment(final = false): void {
    for (const st of this.streams.endSegment(final)) markOpenCalls(st.ids, this.calls, this.interner.names, this.issues);
    this.pendingRoots = new Map();
    this.gaps = new Map();
  }

  /** Gives calls recorded before a CPU's first banner the task that banner says ran before. */
  applyRetro(): void {
    this.retro.apply(this.calls);
  }
}
