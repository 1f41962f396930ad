// Off-CPU and idle time of every call: when its task was switched out inside it, and whether it is the idle task's time.
import { CallFlag, type TraceModel } from '../model/model';
import { NsColumn, type NsValues } from '../model/nsColumn';

/** Bit flags of a call's CPU time ({@link CpuTimes.state}). */
export const enum CpuState {
  /** Its task was switched out inside it (a context switch seen in the trace: banner or change of task in the proc column). */
  Switched = 1,
  /** Off-CPU time inferred: a scheduler function whose entry, and so its switch, precedes the trace. */
  Inferred = 2,
  /** The idle task's time (pid 0, or a CPU idle-loop function when the trace names no task). */
  Idle = 4,
  /** Off-CPU time unknown (the trace does not say which task ran), and a scheduler function is or runs inside it. */
  ProbableSleep = 8,
  /** Off-CPU time unknown: the trace does not say which task ran the call, or the time of a call that slept inside it is unknown. */
  Unknown = 16,
  /** The switching call itself: its self time is off-CPU time (measured or inferred; probably, with {@link CpuState.ProbableSleep}). */
  OwnSleep = 32,
  /**
   * Its entry precedes the trace (or was lost) and it is not an inferred switch: what it did
   * before the trace shows it (calls, a sleep) is not in the trace, so its off-CPU time is
   * unknown ({@link CpuState.Unknown}) and its self time (inclusive minus the traced children)
   * only an upper bound.
   */
  Partial = 64,
}

/**
 * Off-CPU, on-CPU and idle information per call, indexed by call id (times in ns). Stored: the
 * state byte and the off-CPU time (4 bytes per call, exact as {@link NsColumn}); the on-CPU times
 * are computed from them on each read (a 1 GB trace has 15M calls: three float64 columns were
 * 24 bytes per call).
 */
export interface CpuTimes {
  /** Time the call's task spent switched out inside it: `offCpuNs.at(id)`; NaN when unknown or the call has no time. */
  readonly offCpuNs: NsValues;
  /** Inclusive minus off-CPU time: `onCpuNs.at(id)`; NaN when either is unknown. */
  readonly onCpuNs: NsValues;
  /** Self time minus the off-CPU time in it (only the switching call has some): `onCpuSelfNs.at(id)`; NaN when unknown. */
  readonly onCpuSelfNs: NsValues;
  /** {@link CpuState} bits. */
  readonly state: Uint8Array;
  /** True when the trace says which task ran (banners, proc column, trace-cmd prefixes). */
  readonly hasTaskInfo: boolean;
  /** Off-CPU time summed over the switching calls outside the idle task (each switch counted once), ns. */
  readonly offCpuTotalNs: number;
  /** Inclusive time of the idle task's outermost calls (each counted once), ns. */
  readonly idleTotalNs: number;
}

/**
 * Functions in which a task leaves its CPU (`__schedule` is called from these; it is `notrace`
 * on most kernels, so the switch shows inside them).
 */
const SCHEDULER = new Set([
  'schedule', '__schedule', 'schedule_idle', 'schedule_timeout', 'schedule_timeout_interruptible',
  'schedule_timeout_killable', 'schedule_timeout_uninterruptible', 'schedule_timeout_idle', 'schedule_hrtimeout',
  'schedule_hrtimeout_range', 'schedule_hrtimeout_range_clock', 'schedule_preempt_disabled', 'io_schedule',
  'io_schedule_timeout', 'preempt_schedule', 'preempt_schedule_common', 'preempt_schedule_irq',
  'preempt_schedule_notrace', 'do_nanosleep', 'schedule_user',
]);

/** The idle task's loop (pid 0 runs them); they identify idle time when the trace names no task. */
const IDLE_LOOP = new Set([
  'cpu_startup_entry', 'do_idle', 'cpu_idle_poll', 'default_idle_call', 'default_idle', 'arch_cpu_idle',
  'cpuidle_idle_call', 'cpuidle_enter', 'cpuidle_enter_state', 'amd_e400_idle', 'intel_idle', 'intel_idle_irq',
  'acpi_idle_enter', 'acpi_idle_do_entry', 'acpi_safe_halt', 'mwait_idle', 'mwait_idle_with_hints', 'native_safe_halt',
  'poll_idle', 'schedule_idle', 'play_idle_precise', 'cpu_idle', 'psci_enter_idle_state', 'cpu_do_idle',
]);

/** The bare symbol of a printed name: without ` [module]` and compiler suffixes such as `.isra.0`. */
function bareSymbol(name: string): string {
  let end = name.indexOf(' ');
  if (end < 0) end = name.length;
  const dot = name.indexOf('.');
  return name.slice(0, dot > 0 && dot < end ? dot : end);
}

/** True when `name` (as printed) is a scheduler function in which tasks leave the CPU. */
export function isSchedulerFunction(name: string): boolean {
  return SCHEDULER.has(bareSymbol(name));
}

/** True when `name` (as printed) is a function of the CPU idle loop. */
export function isIdleLoopFunction(name: string): boolean {
  return IDLE_LOOP.has(bareSymbol(name));
}

/** A bit of {@link CpuTimes.state} used while computing (never set in the result): the call's idle state is settled. */
const VISITED = 128;

const cache = new WeakMap<TraceModel, CpuTimes>();

/**
 * Off-CPU, on-CPU and idle time of every call, computed on first use (a few linear passes over
 * the calls; cached per model). Method (README "Off-CPU and idle time"):
 *
 * - The builder flags the call a task was in when it left its CPU: the task's innermost open call
 *   at a context-switch banner (`prev => next`) or where the proc column shows another task on
 *   that CPU. That call's self time (inclusive minus its traced children) is the time the task
 *   was switched out plus the untraced rest of the call (`__schedule` itself, a few µs), so it is
 *   counted as off-CPU time; every enclosing call of the task contains the same gap.
 * - A scheduler function whose entry precedes the trace (only its exit `} /* schedule *\/` was
 *   printed) switched out before the trace started: its self time is inferred to be off-CPU
 *   ({@link CpuState.Inferred}). So is any call whose entry precedes the trace and that calls
 *   `finish_task_switch` (the task resumed inside it), whatever its exit names.
 * - Any other call whose entry precedes the trace is partial ({@link CpuState.Partial}): the trace
 *   does not show what its task did before (a sleep included), so its off-CPU time is unknown (NaN);
 *   its sleeps the trace shows still mark it (and so rank it as a sleep).
 * - Without task information (no banner, no proc column) off-CPU time is unknown (NaN); calls that
 *   are or contain a scheduler function are marked {@link CpuState.ProbableSleep}.
 * - Idle: calls of pid 0 and, without task information, calls inside a CPU idle-loop function.
 */
export function cpuTimes(model: TraceModel): CpuTimes {
  let t = cache.get(model);
  if (t === undefined) cache.set(model, (t = computeCpuTimes(model)));
  return t;
}

function computeCpuTimes(model: TraceModel): CpuTimes {
  const n = model.callCount;
  const c = model.calls;
  const { parent, pid, flags, inclusiveNs: incl, selfNs: self, childStart, childList, name } = c;
  const scheduler = nameSet(model, isSchedulerFunction);
  const idleLoop = nameSet(model, isIdleLoopFunction);
  // `finish_task_switch` runs when a task resumes after a context switch: a call whose entry
  // precedes the trace and that calls it was switched out inside it, even when its exit names no
  // function (no funcgraph-tail: `}` after a banner that switches the task back in).
  const resumed = nameSet(model, (f) => /^finish_task_switch\b/.test(f));
  const hasChildIn = (id: number, set: Uint8Array): boolean => {
    for (let k = childStart[id]; k < childStart[id + 1]; k++) if (name[childList[k]] >= 0 && set[name[childList[k]]] === 1) return true;
    return false;
  };
  const state = new Uint8Array(n);
  const off = new NsColumn(n, true);
  let hasTaskInfo = model.tasks.size > 0;
  let offTotal = 0;
  for (let c0 = 0; c0 < n; c0++) {
    const f = flags[c0];
    // An exit whose entry precedes the trace: a switch inferred (see above), or a partial call.
    const missing = (f & CallFlag.MissingEntry) !== 0;
    const switchShape = missing && ((name[c0] >= 0 && scheduler[name[c0]] === 1) || hasChildIn(c0, resumed));
    if (pid[c0] < 0) {
      state[c0] |= CpuState.Unknown | (missing && !switchShape ? CpuState.Partial : 0);
      if (name[c0] >= 0 && scheduler[name[c0]] === 1) state[c0] |= CpuState.ProbableSleep | CpuState.OwnSleep;
      off.set(c0, NaN);
      continue;
    }
    hasTaskInfo = true;
    const inferred = switchShape;
    if (missing && !inferred) {
      // The part before the trace may hold a sleep the trace does not show: its off-CPU time is
      // made unknown after the sums below, so that a caller whose entry is in the trace (the
      // child's entry lost) still adds up what the trace shows of it.
      state[c0] |= CpuState.Partial;
      continue;
    }
    if ((f & CallFlag.SwitchedOut) === 0 && !inferred) continue;
    // The switching call's own gap: its self time (see onCpuSelf).
    state[c0] |= CpuState.OwnSleep | ((f & CallFlag.SwitchedOut) !== 0 ? CpuState.Switched : CpuState.Inferred);
    const s = self.at(c0);
    off.set(c0, s > 0 ? s : s === s ? 0 : NaN);
  }
  // Bottom-up: a call contains the off-CPU time of its children (the same task, nested). Ids
  // descending (calls are numbered by the line that created them, so children mostly come after
  // their parent, with no order array of 4 bytes per call): a call whose parent was passed already
  // (an exit-only call comes after its children) carries its time on up to the first ancestor not
  // passed yet. Durations are whole ns: the sums are exact in any order.
  const SLEEP_BITS = CpuState.Switched | CpuState.Inferred | CpuState.ProbableSleep | CpuState.Unknown;
  for (let id = n - 1; id >= 0; id--) {
    const o = off.at(id);
    const bits = state[id] & SLEEP_BITS;
    for (let p = parent[id]; p >= 0; p = parent[p]) {
      if (o !== 0) off.set(p, off.at(p) + o);
      state[p] |= bits;
      if (p < id) break;
    }
  }
  // Top-down: idle inherits from the enclosing call. Ids ascending; the ancestors of a call that
  // come after it are settled first (marked Visited, skipped when the pass reaches them).
  let idleTotal = 0;
  const settle = (id: number): void => {
    const p = parent[id];
    const own = pid[id] === 0 || (pid[id] < 0 && name[id] >= 0 && idleLoop[name[id]] === 1);
    if (own || (p >= 0 && (state[p] & CpuState.Idle) !== 0)) {
      state[id] |= CpuState.Idle;
      const inc = incl.at(id);
      if ((p < 0 || (state[p] & CpuState.Idle) === 0) && inc === inc) idleTotal += inc;
    }
  };
  // later[0, nLater): a count, not later.length = 0 per call (the length setter is a runtime call:
  // 30% of this function on a 2M-call trace).
  const later: number[] = [];
  for (let id = 0; id < n; id++) {
    if ((state[id] & VISITED) !== 0) {
      state[id] &= ~VISITED;
      continue;
    }
    let nLater = 0;
    for (let p = parent[id]; p > id && (state[p] & VISITED) === 0; p = parent[p]) later[nLater++] = p;
    for (let k = nLater - 1; k >= 0; k--) {
      settle(later[k]);
      state[later[k]] |= VISITED;
    }
    settle(id);
  }
  for (let id = 0; id < n; id++) {
    // Each switch once, outside the idle task (its "off-CPU" time is the other tasks' work).
    if ((state[id] & (CpuState.OwnSleep | CpuState.Idle)) === CpuState.OwnSleep && pid[id] >= 0) {
      const s = self.at(id);
      const gap = s - onCpuSelf(s, true);
      if (gap === gap) offTotal += gap;
    }
    if (incl.at(id) !== incl.at(id) || (state[id] & CpuState.Partial) !== 0) off.set(id, NaN);
    if (off.at(id) !== off.at(id) && (state[id] & CpuState.Unknown) === 0) state[id] |= CpuState.Unknown;
  }
  return {
    offCpuNs: off, onCpuNs: new OnCpuValues(incl, off), onCpuSelfNs: new OnCpuSelfValues(self, state, pid), state, hasTaskInfo, offCpuTotalNs: offTotal, idleTotalNs: idleTotal,
  };
}

/** On-CPU self time of a call whose self time is `s`: all of it is off-CPU time when `switching` and positive (the switch's gap). */
function onCpuSelf(s: number, switching: boolean): number {
  return switching && s > 0 ? 0 : s;
}

/** Inclusive minus off-CPU time, computed on each read. */
class OnCpuValues implements NsValues {
  constructor(private readonly incl: NsValues, private readonly off: NsValues) {}
  get length(): number {
    return this.off.length;
  }
  at(i: number): number {
    const o = this.off.at(i);
    return o === o ? Math.max(0, this.incl.at(i) - o) : NaN;
  }
  bytes(): number {
    return 0;
  }
}

/** Self minus off-CPU time: the switching call's (own sleep, its task known) positive self time is its gap. */
class OnCpuSelfValues implements NsValues {
  constructor(private readonly self: NsValues, private readonly state: Uint8Array, private readonly pid: Int32Array) {}
  get length(): number {
    return this.state.length;
  }
  at(i: number): number {
    return onCpuSelf(this.self.at(i), (this.state[i] & CpuState.OwnSleep) !== 0 && this.pid[i] >= 0);
  }
  bytes(): number {
    return 0;
  }
}

/** How the off-CPU time of a call is known: no switch inside, a switch seen, inferred, or unknown. */
export type OffCpuKind = 'none' | 'measured' | 'inferred' | 'unknown';

/** How the off-CPU time of call `id` is known (see {@link cpuTimes}). */
export function offCpuKind(model: TraceModel, id: number): OffCpuKind {
  const st = cpuTimes(model).state[id];
  if ((st & CpuState.Unknown) !== 0) return 'unknown';
  if ((st & CpuState.Inferred) !== 0) return 'inferred';
  return (st & CpuState.Switched) !== 0 ? 'measured' : 'none';
}

/**
 * The off-CPU time the trace shows inside call `id`: its off-CPU time, or for a partial call
 * ({@link CpuState.Partial}: unknown, its entry precedes the trace) the sum of what its traced
 * children show, a lower bound (0 when none shows any). NaN when `id` has no time.
 */
export function knownOffCpuNs(model: TraceModel, id: number): number {
  const t = cpuTimes(model);
  if ((t.state[id] & CpuState.Partial) === 0) return t.offCpuNs.at(id);
  if (Number.isNaN(model.calls.inclusiveNs.at(id))) return NaN;
  const { childStart, childList } = model.calls;
  // Partial calls nest no deeper than the stacks open when the trace started: an explicit stack all the same.
  let sum = 0;
  const partials = [id];
  while (partials.length > 0) {
    const c = partials.pop()!;
    for (let k = childStart[c]; k < childStart[c + 1]; k++) {
      const ch = childList[k];
      if ((t.state[ch] & CpuState.Partial) !== 0) partials.push(ch);
      else {
        const o = t.offCpuNs.at(ch);
        if (o > 0) sum += o;
      }
    }
  }
  return sum;
}

/** 1 for every name id whose name passes `test`. */
function nameSet(model: TraceModel, test: (name: string) => boolean): Uint8Array {
  const out = new Uint8Array(model.names.length);
  for (let i = 0; i < model.names.length; i++) if (test(model.names[i])) out[i] = 1;
  return out;
}

