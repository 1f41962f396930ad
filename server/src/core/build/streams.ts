// The open calls of every stream (a task, or a CPU while its task is unknown), which task each CPU runs, and the indexes over streams: the per-CPU stack cache, the migration candidates and the lanes of a trace without a CPU column.
import type { CallTable } from '../model/growable';
import { CallFlag } from '../model/model';
import { FrameStack } from './frameStack';
import { LaneIndex } from './laneIndex';
import { MigrationCandidates } from './migrationCandidates';
import { FIRST_LANES, grownLanes, lanesFor } from './cpuCaches';

/** Stream key of the calls of task `pid` (-1: unknown), or of CPU `cpu` while its task is unknown. */
export function streamKey(pid: number, cpu: number): number {
  if (pid > 0) return pid;
  // pid 0 is the idle task of every CPU; unknown pids fall back to the CPU.
  return pid === 0 ? -3 - 2 * (cpu + 1) : -2 - 2 * (cpu + 1);
}

/** True for keys of the per-CPU fallback streams (task unknown). */
export function isCpuKey(key: number): boolean {
  return key < 0 && (-key) % 2 === 0;
}

/**
 * The stacks of all streams of the current trace segment, by stream key, with what the rules of
 * CallStacks ask of them in O(1): the stack a CPU's lines without a pid go to (cached for CPUs
 * below {@link LANES}), the first stream an exit on another CPU may close a call of (§6.4), and
 * the lane of a line without a CPU column. Frames go on and off the stacks only through
 * {@link Streams.push} and {@link Streams.pop}, which keep those indexes.
 */
export class Streams {
  /**
   * Per CPU below LANES: the stack its lines without a pid go to, once known, and its key. They
   * grow when a higher CPU is cached (a CPU past their length has none): read them through `this`
   * after {@link Streams.cache}.
   */
  laneStack = new Array<FrameStack | undefined>(FIRST_LANES).fill(undefined);
  laneKey = new Int32Array(FIRST_LANES);
  /** CPUs whose laneStack entry is set (so a segment end clears only those). */
  private cachedCpus: number[] = [];
  private cachedCpu = new Uint8Array(FIRST_LANES);
  private stacks = new Map<number, FrameStack>();
  /** Creation order of the next stream (the migration search prefers the first created). */
  private nextOrder = 0;
  /** Streams that had open frames in this segment (each once; some may be empty now). */
  private used: FrameStack[] = [];
  /** Non-empty streams an exit on another CPU may close a call of (a CPU switched out by a sched_switch event, a task no CPU runs). */
  private candidates = new MigrationCandidates();
  /** Per pid > 0: how many CPUs run it now (values of cpuPid). */
  private runCount = new Map<number, number>();
  private cpuPid = new Map<number, number>();
  /** CPUs whose last event was a sched_switch comment (their task is off the CPU). */
  private readonly switchedOut = new Set<number>();
  /** Lanes of a trace without a CPU column, once a banner named a CPU. */
  lanes: LaneIndex | undefined;

  constructor(private readonly calls: CallTable) {}

  /** The task CPU `cpu` runs (as the last line with a pid or banner said), or undefined. */
  pidOn(cpu: number): number | undefined {
    return this.cpuPid.get(cpu);
  }

  /** The stack of stream `key`, created when missing. */
  stackOf(key: number): FrameStack {
    let st = this.stacks.get(key);
    if (st === undefined) this.stacks.set(key, (st = new FrameStack(key, this.nextOrder++, this.calls)));
    return st;
  }

  /** The stack of stream `key`, or undefined when it has none. */
  existing(key: number): FrameStack | undefined {
    return this.stacks.get(key);
  }

  /** Caches `st` (stream `key`) as the stack of the lines without a pid of CPU `cpu` (< LANES). */
  cache(cpu: number, key: number, st: FrameStack): void {
    if (cpu >= this.laneKey.length) this.growLanes(cpu);
    this.laneStack[cpu] = st;
    if (this.cachedCpu[cpu] === 0) {
      this.cachedCpu[cpu] = 1;
      this.cachedCpus.push(cpu);
    }
    this.laneKey[cpu] = key;
  }

  /** Makes the per-CPU caches hold CPU `cpu` (< LANES). */
  private growLanes(cpu: number): void {
    const stacks = this.laneStack;
    const n = lanesFor(stacks.length, cpu);
    for (let i = stacks.length; i < n; i++) stacks.push(undefined);
    this.laneKey = grownLanes(this.laneKey, cpu);
    this.cachedCpu = grownLanes(this.cachedCpu, cpu);
  }

  /** Records that `cpu` runs task `pid` (drops that CPU's cached stream); a change of task switched the previous one out. */
  setCpuPid(cpu: number, pid: number): void {
    const old = this.cpuPid.get(cpu);
    if (old === pid) return;
    if (old !== undefined) this.markSwitchedOut(old, cpu);
    this.cpuPid.set(cpu, pid);
    if (cpu < this.laneStack.length) this.laneStack[cpu] = undefined;
    if (old !== undefined && old > 0) {
      const n = this.runCount.get(old)! - 1;
      if (n > 0) this.runCount.set(old, n);
      else {
        this.runCount.delete(old);
        this.mayMigrateFrom(this.stacks.get(old));
      }
    }
    if (pid > 0) {
      const n = this.runCount.get(pid) ?? 0;
      this.runCount.set(pid, n + 1);
      if (n === 0) this.mayNotMigrateFrom(this.stacks.get(pid));
    }
    this.lanes?.attach(cpu, streamKey(pid, cpu));
  }

  /** True when an exit on another CPU may close a call of stream `s` (see CallStacks.onCall). */
  private canMigrateFrom(s: FrameStack): boolean {
    const k = s.key;
    if (isCpuKey(k)) return this.switchedOut.size > 0 && this.switchedOut.has(-(k + 2) / 2 - 1);
    return k > 0 && !this.runCount.has(k);
  }

  private mayMigrateFrom(s: FrameStack | undefined): void {
    if (s !== undefined && s.length > 0) this.candidates.add(s);
  }

  private mayNotMigrateFrom(s: FrameStack | undefined): void {
    if (s !== undefined) this.candidates.delete(s);
  }

  /** A sched_switch event on `cpu`: its task is off the CPU until the CPU's next call line. */
  switchOut(cpu: number): void {
    if (this.switchedOut.has(cpu)) return;
    this.switchedOut.add(cpu);
    this.mayMigrateFrom(this.stacks.get(streamKey(-1, cpu)));
  }

  /** A call line on `cpu`: its task is on the CPU again. */
  switchIn(cpu: number): void {
    if (this.switchedOut.size > 0 && this.switchedOut.delete(cpu)) this.mayNotMigrateFrom(this.stacks.get(streamKey(-1, cpu)));
  }

  /**
   * The first stream (in creation order) other than `st` whose task is off its CPU and whose top
   * frame is at depth `d` named `nameId`, and that frame's index; or undefined (§6.4 migration).
   */
  migrated(st: FrameStack, d: number, nameId: number): { stack: FrameStack; index: number } | undefined {
    return this.candidates.size > 0 ? this.candidates.first(st, d, nameId) : undefined;
  }

  /** Pushes call `id` on `st`, keeping the indexes over streams. */
  push(st: FrameStack, id: number): void {
    const lanes = this.lanes;
    if (lanes !== undefined && lanes.keepsIndex) st.index();
    const wasEmpty = st.ids.length === 0;
    st.push(id);
    if (wasEmpty) {
      if (!st.listed) {
        st.listed = true;
        this.used.push(st);
      }
      if (this.canMigrateFrom(st)) this.mayMigrateFrom(st);
    } else if (this.candidates.size > 0) this.candidates.touched(st);
    if (lanes !== undefined) lanes.framesChanged(st, this.calls.depth[id], this.calls.name[id], true);
  }

  /** Pops the top frame of `st` (which must not be empty), keeping the indexes over streams; returns its call id. */
  pop(st: FrameStack): number {
    const id = st.pop();
    if (this.candidates.size > 0) {
      if (st.ids.length === 0) this.mayNotMigrateFrom(st);
      else this.candidates.touched(st);
    }
    const lanes = this.lanes;
    if (lanes !== undefined) lanes.framesChanged(st, this.calls.depth[id], this.calls.name[id], false);
    return id;
  }

  /** Flags the innermost open call of task `pid` (last seen on `cpu`): the task left its CPU inside it. */
  markSwitchedOut(pid: number, cpu: number): void {
    const st = this.stacks.get(streamKey(pid, cpu));
    if (st !== undefined && st.length > 0) this.calls.flags[st.top()] |= CallFlag.SwitchedOut;
  }

  /** Moves the open frames of stream `from` onto stream `to`, in order. */
  moveFrames(from: number, to: number): void {
    const st = this.stacks.get(from);
    if (st === undefined || st.length === 0) return;
    const dst = this.stackOf(to);
    const ids = st.ids.slice();
    while (st.length > 0) this.pop(st);
    for (const id of ids) this.push(dst, id);
  }

  /** Starts the lane index (the first banner of a trace without a CPU column); returns it. */
  startLanes(): LaneIndex {
    // The index, once it starts (past a few lanes), reads the streams' frames itself.
    const lanes = (this.lanes = new LaneIndex((key) => this.stacks.get(key), undefined, () => this.used));
    lanes.attach(-1, streamKey(-1, -1));
    return lanes;
  }

  /**
   * Ends a trace segment: every stream starts empty, no task runs anywhere (the lanes restart,
   * unless `final`: the end of the input). Returns the streams that still had open frames, in
   * creation order (their frames are not popped).
   */
  endSegment(final: boolean): FrameStack[] {
    const open = this.used.filter((st) => st.length > 0).sort((a, b) => a.order - b.order);
    const oldPids = this.cpuPid;
    this.stacks = new Map();
    this.used = [];
    this.candidates = new MigrationCandidates();
    this.runCount = new Map();
    this.cpuPid = new Map();
    for (const cpu of this.cachedCpus) {
      this.laneStack[cpu] = undefined;
      this.cachedCpu[cpu] = 0;
    }
    this.cachedCpus = [];
    this.switchedOut.clear();
    const lanes = this.lanes;
    if (lanes !== undefined && !final) {
      lanes.clearHolders();
      for (const cpu of oldPids.keys()) lanes.attach(cpu, streamKey(-1, cpu));
      for (const st of open) lanes.refresh(st.key);
    }
    return open;
  }
}
