// Interrupts inside calls: the calls that begin an interrupt (after an `==========>` arrow, or by the
// name of the kernel's interrupt entry code) and the time they took inside each call.
import { LineKind } from '../parse/lineKinds';
import { splitModule } from './queries';
import { NsColumn, type NsValues } from '../model/nsColumn';
import type { TraceModel } from '../model/model';

/**
 * The interrupt entry and exit code around a handler: on x86 since 5.8 and on arm64 an interrupt
 * prints as `irq_enter_rcu`, the handler, then `irq_exit_rcu` (which runs the pending softirqs),
 * nested in the call it interrupted (the noinstr entry code before them is not traced). Older kernels
 * call `irq_enter` and `irq_exit`.
 */
const BOOKEND = /^(?:irq_enter(?:_rcu)?|irq_exit(?:_rcu)?|__irq_exit_rcu)$/;
/**
 * The first traced function of an interrupt handler: x86 system vectors (`__sysvec_apic_timer_interrupt`,
 * `__sysvec_call_function_single`…), device interrupts (`__common_interrupt`), the pre-5.8 x86
 * handlers (`smp_apic_timer_interrupt`, `do_IRQ`), arm64's `do_interrupt_handler` and the GIC's
 * `gic_handle_irq` (the first call after the arrow on arm64 6.1), older arm64's `handle_domain_irq`.
 */
const HANDLER = /^(?:__sysvec_\w+|sysvec_\w+|__common_interrupt|common_interrupt|do_IRQ|smp_\w+_interrupt|do_interrupt_handler|gic_handle_irq|handle_domain_irq|handle_arch_irq)$/;

/** How a function takes part in an interrupt: its entry or exit code, its handler, or not at all. */
export type InterruptRole = 'bookend' | 'handler' | undefined;

/** The part the function `name` (as printed, `[module]` allowed) plays in an interrupt, by its name. */
export function interruptRole(name: string): InterruptRole {
  const { symbol } = splitModule(name);
  return BOOKEND.test(symbol) ? 'bookend' : HANDLER.test(symbol) ? 'handler' : undefined;
}

/** Per call bits (see {@link interruptColumns}). */
const enum Bit {
  /** The call begins an interrupt (its name, or an `==========>` arrow just before it). */
  Entry = 1,
  /** A handler rather than entry or exit code: counts as one interrupt. */
  Handler = 2,
  /** An outermost interrupt call: no caller of it is one. */
  Root = 4,
  /** Inside an interrupt (a caller of it begins one). */
  Within = 8,
  /** Settled ahead of its id by {@link outermost} (cleared when the pass reaches it). */
  Visited = 16,
}

/** Per-model interrupt columns. */
interface InterruptColumns {
  /** {@link Bit}s per call. */
  readonly bits: Uint8Array;
  /** Per call: the summed inclusive time of the outermost interrupt calls inside it (ns, exact; those whose time is unknown add nothing). */
  readonly ns: NsValues;
  /** True when some call begins an interrupt. */
  readonly any: boolean;
}

const cache = new WeakMap<TraceModel, InterruptColumns>();

/** The columns of a trace in which no call can begin an interrupt: no per-call array at all. */
const NONE: InterruptColumns = { bits: new Uint8Array(0), ns: { length: 0, at: () => 0, bytes: () => 0 }, any: false };

/** How many lines after an `==========>` arrow its handler's entry is looked for (other CPUs' lines may come between). */
const ARROW_REACH = 64;

/**
 * The interrupt columns of `model`: made once per model on first use, O(calls + arrows) time,
 * 5 bytes per call; none for a trace without an interrupt function's name or an arrow.
 */
export function interruptColumns(model: TraceModel): InterruptColumns {
  const hit = cache.get(model);
  if (hit !== undefined) return hit;
  const n = model.callCount;
  const c = model.calls;
  const bits = new Uint8Array(n);
  const roles = new Uint8Array(model.names.length);
  model.names.forEach((name, i) => {
    const role = interruptRole(name);
    roles[i] = role === 'handler' ? Bit.Entry | Bit.Handler : role === 'bookend' ? Bit.Entry : 0;
  });
  if (model.kindCounts[LineKind.IrqEntry] === 0 && roles.every((r) => r === 0)) {
    cache.set(model, NONE);
    return NONE;
  }
  let any = false;
  for (let id = 0; id < n; id++) {
    const name = c.name[id];
    if (name >= 0 && roles[name] !== 0) {
      bits[id] = roles[name];
      any = true;
    }
  }
  if (model.kindCounts[LineKind.IrqEntry] > 0) any = markArrows(model, bits) || any;
  const ns = new NsColumn(n, true);
  if (any) {
    outermost(model, bits);
    // Bottom-up, ids descending (calls are numbered by the line that created them, so children
    // mostly come after their parent; no order array): each caller sums its outermost interrupt
    // calls. A call whose parent was passed already (an exit-only call comes after the calls it
    // adopted) carries its time on up to the first ancestor not passed yet. Calls inside an
    // interrupt carry nothing (no outermost interrupt is inside them).
    const { parent, inclusiveNs } = c;
    for (let id = n - 1; id >= 0; id--) {
      let v = ns.at(id);
      if ((bits[id] & Bit.Root) !== 0) {
        const t = inclusiveNs.at(id);
        v = t === t ? t : 0;
      }
      if (v === 0) continue;
      for (let p = parent[id]; p >= 0; p = parent[p]) {
        ns.set(p, ns.at(p) + v);
        if (p < id) break;
      }
    }
  }
  const out = { bits, ns, any };
  cache.set(model, out);
  return out;
}

/**
 * Marks the calls inside an interrupt ({@link Bit.Within}) and the outermost interrupt calls
 * ({@link Bit.Root}). Top-down, ids ascending: the callers of a call that come after it (an
 * exit-only call adopting earlier calls) are settled first and marked Visited.
 */
function outermost(model: TraceModel, bits: Uint8Array): void {
  const parent = model.calls.parent;
  const settle = (id: number): void => {
    const p = parent[id];
    if (p >= 0 && (bits[p] & (Bit.Entry | Bit.Within)) !== 0) bits[id] |= Bit.Within;
    else if ((bits[id] & Bit.Entry) !== 0) bits[id] |= Bit.Root;
  };
  // later[0, nLater): a count, not later.length = 0 per call (the length setter is a runtime call).
  const later: number[] = [];
  for (let id = 0; id < model.callCount; id++) {
    if ((bits[id] & Bit.Visited) !== 0) {
      bits[id] &= ~Bit.Visited;
      continue;
    }
    let nLater = 0;
    for (let p = parent[id]; p > id && (bits[p] & Bit.Visited) === 0; p = parent[p]) later[nLater++] = p;
    for (let k = nLater - 1; k >= 0; k--) {
      settle(later[k]);
      bits[later[k]] |= Bit.Visited;
    }
    settle(id);
  }
}

/** Marks the call each `==========>` arrow announces as an interrupt handler; true when it marked one. */
function markArrows(model: TraceModel, bits: Uint8Array): boolean {
  const c = model.calls;
  let marked = false;
  const kinds = model.lineKinds;
  const lines = model.lineCount;
  // The engine's search finds the arrows (a loop over every line ran interpreted: 17-32 ms for 700k lines).
  for (let l = kinds.indexOf(LineKind.IrqEntry); l >= 0 && l < lines; l = kinds.indexOf(LineKind.IrqEntry, l + 1)) {
    // The arrow belongs to the call open on its CPU (-1 at the top): the handler is that call's next child.
    const owner = model.lineCall.at(l);
    for (let k = l + 1; k < lines && k <= l + ARROW_REACH; k++) {
      const kind = kinds[k];
      if (kind !== LineKind.Entry && kind !== LineKind.Leaf) continue;
      const id = model.lineCall.at(k);
      if (id < 0 || c.entryLine[id] !== k || c.parent[id] !== owner) continue;
      if (owner >= 0 && c.cpu[id] !== c.cpu[owner]) continue;
      bits[id] |= Bit.Entry | Bit.Handler;
      marked = true;
      break;
    }
  }
  return marked;
}

/** True when call `id` begins an interrupt: by its name ({@link interruptRole}) or after an `==========>` arrow. */
export function beginsInterrupt(model: TraceModel, id: number): boolean {
  const { bits, any } = interruptColumns(model);
  return any && (bits[id] & Bit.Entry) !== 0;
}

/** True when call `id` begins an interrupt or runs in one. */
export function inInterrupt(model: TraceModel, id: number): boolean {
  const { bits, any } = interruptColumns(model);
  return any && (bits[id] & (Bit.Root | Bit.Within)) !== 0;
}

/** Sets `bit` in `out[id]` (indexed by call id) for every call that begins an interrupt or runs in one. */
export function markInterruptCalls(model: TraceModel, out: Uint8Array, bit: number): void {
  const { bits, any } = interruptColumns(model);
  if (!any) return;
  for (let id = 0; id < bits.length; id++) if ((bits[id] & (Bit.Root | Bit.Within)) !== 0) out[id] |= bit;
}

/** True when some call of the trace begins an interrupt. */
export function hasInterrupts(model: TraceModel): boolean {
  return interruptColumns(model).any;
}

/** Time (ns) the outermost interrupts inside call `id` took: 0 when none came during it. */
export function interruptNs(model: TraceModel, id: number): number {
  return interruptColumns(model).ns.at(id);
}

/** The interrupts inside a call, as a hover or a diagnostic tells them. */
export interface CallInterrupts {
  /** Their summed time (ns). */
  readonly ns: number;
  /** Interrupts counted by their handler calls (entry and exit code alone count none). */
  readonly count: number;
  /** Handler names by count, most first (ties by name); empty when the walk was cut short. */
  readonly handlers: readonly (readonly [string, number])[];
  /** False when the call has more than the walk's budget of calls: count and handlers then cover only its first calls. */
  readonly complete: boolean;
}

/** Calls a {@link callInterrupts} walk visits at most (a hover stays within a few ms). */
export const INTERRUPT_WALK_CALLS = 200_000;

/**
 * The interrupts inside call `id` (its outermost interrupt calls, not the calls inside them):
 * their time, how many, and the handlers' names. Walks the call's subtree, up to `budget` calls.
 */
export function callInterrupts(model: TraceModel, id: number, budget = INTERRUPT_WALK_CALLS): CallInterrupts {
  const cols = interruptColumns(model);
  const ns = cols.ns.at(id);
  if (!cols.any || !(ns > 0)) return { ns: 0, count: 0, handlers: [], complete: true };
  const { childStart, childList, name } = model.calls;
  const byName = new Map<number, number>();
  let count = 0;
  let visited = 0;
  const stack = [id];
  while (stack.length > 0 && visited < budget) {
    const x = stack.pop()!;
    for (let k = childStart[x]; k < childStart[x + 1]; k++) {
      const ch = childList[k];
      visited++;
      const b = cols.bits[ch];
      if ((b & Bit.Root) === 0) {
        if (cols.ns.at(ch) > 0) stack.push(ch);
        continue;
      }
      if ((b & Bit.Handler) !== 0) {
        count++;
        byName.set(name[ch], (byName.get(name[ch]) ?? 0) + 1);
      }
    }
  }
  const complete = stack.length === 0;
  const handlers = [...byName].map(([k, v]) => [k >= 0 ? model.names[k] : '?', v] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { ns, count, handlers, complete };
}

/**
 * The outermost interrupt call that call `id` runs in (`id` itself when it is one), or -1 when it
 * is not part of an interrupt.
 */
export function enclosingInterrupt(model: TraceModel, id: number): number {
  const { bits, any } = interruptColumns(model);
  if (!any) return -1;
  const parent = model.calls.parent;
  for (let x = id; x >= 0; x = parent[x]) if ((bits[x] & Bit.Root) !== 0) return x;
  return -1;
}
