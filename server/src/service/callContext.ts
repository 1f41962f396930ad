// What the latency flags of a call's entry and exit lines say (the latency-format option, trace-cmd report 3.3+): hover rows, and the irqs-off note of slow-call diagnostics.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { latencyContext, type TraceModel } from '../core/index';
import { spanText } from './lines';
import { code } from './markdown';

/**
 * The flags printed on call `id`'s entry and exit lines (undefined where a line is missing or has
 * none); `oneLine` for a call printed on one line (a leaf) or without an exit line (still open),
 * which has only `entry`.
 */
function callFlags(doc: TextDocument, model: TraceModel, id: number): { entry?: string; exit?: string; oneLine: boolean } {
  const entry = model.calls.entryLine[id];
  const exit = model.calls.exitLine.at(id);
  const at = (line: number): string | undefined => (line >= 0 ? spanText(doc, line, 'latencyFlags') : undefined);
  const oneLine = exit < 0 || exit === entry;
  return { entry: at(entry), exit: oneLine ? undefined : at(exit), oneLine };
}

/**
 * The context rows of call `id` for its hover: what the kernel was doing when it printed the entry
 * and the exit line ("irqs off · hard irq · preempt-depth 2"); one row for a leaf or when both say
 * the same; none when the lines have no flags.
 */
export function contextRows(doc: TextDocument, model: TraceModel, id: number): [string, string][] {
  const { entry, exit } = callFlags(doc, model, id);
  const text = (flags: string | undefined): string | undefined =>
    flags === undefined ? undefined : latencyContext(flags) ?? `${code(flags)} (a combination this version does not know)`;
  const first = text(entry);
  const last = text(exit);
  if (last === undefined) return first === undefined ? [] : [['context', first]];
  if (first === last) return [['context', `${first} (at entry and exit)`]];
  return first === undefined ? [['context at exit', last]] : [['context at entry', first], ['context at exit', last]];
}

/** True for an irqs-off flag (`d`, or `D`: irqs and bottom halves off). */
function irqsOff(flags: string | undefined): boolean {
  return flags !== undefined && (flags[0] === 'd' || flags[0] === 'D') && latencyContext(flags) !== undefined;
}

/**
 * For a slow call's diagnostic: ", irqs off at entry and exit" when every flags line it has says
 * irqs off (a slow call with interrupts disabled is interrupt latency), ", irqs off when called"
 * for a leaf; empty otherwise.
 */
export function irqsOffNote(doc: TextDocument, model: TraceModel, id: number): string {
  const { entry, exit, oneLine } = callFlags(doc, model, id);
  if (oneLine) return irqsOff(entry) ? ', irqs off when called' : '';
  return irqsOff(entry) && irqsOff(exit) ? ', irqs off at entry and exit' : '';
}
