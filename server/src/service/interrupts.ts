// What the hover and the slow-call diagnostic say of interrupts: the time interrupts took inside a call, or the interrupt a call runs in.
import {
  callInfo, callInterrupts, cpuTimes, enclosingInterrupt, formatDuration, formatShare, hasInterrupts, interruptNs, type TraceModel,
} from '../core/index';
import { code } from './markdown';

/** Handler names a hover lists (by count) before saying how many more there are. */
const HANDLERS_SHOWN = 3;

/** The time a call's interrupts are a share of: its on-CPU time when known, else its inclusive time. */
function base(model: TraceModel, id: number): { ns: number; what: string } {
  const on = cpuTimes(model).onCpuNs.at(id);
  return on === on ? { ns: on, what: 'on-CPU' } : { ns: model.calls.inclusiveNs.at(id), what: 'inclusive' };
}

/**
 * The hover's interrupt row of call `id`, if any: the interrupts that came during it
 * (`interrupts: 6.282 ms (9.3% of on-CPU) in 17: 17 × __sysvec_apic_timer_interrupt`), or, for a
 * call that is part of an interrupt, which one and what it interrupted. `lineName` names a 0-based
 * line as the hover shows it (the full trace's line in a slice).
 */
export function interruptRows(model: TraceModel, id: number, lineName: (line: number) => string): [string, string][] {
  if (!hasInterrupts(model)) return [];
  const root = enclosingInterrupt(model, id);
  if (root >= 0) {
    const r = callInfo(model, root);
    const during = r.parent >= 0 ? `, which came during ${code(callInfo(model, r.parent).name)}` : '';
    return [['interrupt', root === id ? `this call is part of an interrupt${during}` : `runs in an interrupt: ${code(r.name)} (${lineName(r.line)})${during}`]];
  }
  const irq = callInterrupts(model, id);
  if (!(irq.ns > 0) && irq.count === 0) return [];
  const b = base(model, id);
  const share = formatShare(irq.ns, b.ns);
  const time = `${formatDuration(irq.ns)}${share !== '' ? ` (${share} of ${b.what})` : ''}`;
  if (!irq.complete) return [['interrupts', `${time}; too many calls inside to count them`]];
  if (irq.count === 0) return [['interrupts', `${time}, interrupt entry and exit code only (their handlers are not traced)`]];
  const names = irq.handlers.slice(0, HANDLERS_SHOWN).map(([name, n]) => `${n} × ${code(name)}`);
  const more = irq.handlers.length > HANDLERS_SHOWN ? `, ${irq.handlers.length - HANDLERS_SHOWN} more handlers` : '';
  return [['interrupts', `${time} in ${irq.count}: ${names.join(', ')}${more}`]];
}

/** Share of a slow call's measured time from which interrupts are named in its diagnostic. */
export const INTERRUPT_NOTE_SHARE = 0.25;

/**
 * For a slow call's diagnostic: `, 310.5 µs of it in interrupts` when interrupts took at least
 * {@link INTERRUPT_NOTE_SHARE} of `measuredNs` (the time the call was flagged for), else empty.
 */
export function interruptNote(model: TraceModel, id: number, measuredNs: number): string {
  if (!hasInterrupts(model)) return '';
  const ns = interruptNs(model, id);
  return ns > 0 && measuredNs > 0 && ns >= INTERRUPT_NOTE_SHARE * measuredNs ? `, ${formatDuration(ns)} of it in interrupts` : '';
}
