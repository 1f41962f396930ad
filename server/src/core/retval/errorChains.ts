// Every error passed up in a trace (funcgraph-retval): the calls that returned an error code, grouped into chains from the outermost call down to the first that returned it.
import { LineKind } from '../parse/lineKinds';
import type { TraceModel } from '../model/model';
import type { LineSource } from '../bigTrace/lineSource';
import { decodeReturnValue, printedReturnValue } from './returnValue';
import { errorChain, returnLine, type ErrorLink } from './errorOrigin';

export interface TraceErrors {
  /** Calls that returned an error code (as printed: `-22`, an ERR_PTR, …). */
  readonly errorCalls: number;
  /** Lines whose return value was read (exit and leaf lines that print one). */
  readonly valueLines: number;
  /**
   * One chain per call that returned an error its caller did not return (the outermost of a
   * chain), in trace order: that call, then the calls it got the error from, down to the first
   * that returned it. Only chains of `minLength` calls or more.
   */
  readonly chains: ErrorLink[][];
}

/**
 * The errors returned in `model` (line text from `lines`), read line by line in order (one pass
 * over a file read from disk); chains of at least `minLength` calls (2: errors passed up, which a
 * void function's leftover register cannot fake).
 */
export function traceErrors(model: TraceModel, lines: LineSource, minLength = 2): TraceErrors {
  const errorText = new Map<number, string>();
  const errorIds: number[] = [];
  let valueLines = 0;
  const kinds = model.lineKinds;
  for (let l = 0; l < model.lineCount; l++) {
    const k = kinds[l];
    if (k !== LineKind.Exit && k !== LineKind.Leaf) continue;
    const raw = printedReturnValue(lines.text(l));
    if (raw === undefined) continue;
    valueLines++;
    const id = model.lineCall.at(l);
    if (id < 0 || returnLine(model, id) !== l || decodeReturnValue(raw)?.errno === undefined) continue;
    errorText.set(l, raw);
    errorIds.push(id);
  }
  const read = (line: number): string | undefined => errorText.get(line);
  const errnoOfCall = (id: number): number | undefined => {
    const l = returnLine(model, id);
    const t = l >= 0 ? errorText.get(l) : undefined;
    return t === undefined ? undefined : decodeReturnValue(t)?.errno;
  };
  const chains: ErrorLink[][] = [];
  errorIds.sort((a, b) => a - b);
  for (const id of errorIds) {
    const p = model.calls.parent[id];
    if (p >= 0 && errnoOfCall(p) === errnoOfCall(id)) continue;
    const chain = errorChain(model, id, read);
    if (chain !== undefined && chain.length >= minLength) chains.push(chain);
  }
  return { errorCalls: errorIds.length, valueLines, chains };
}

/** System call entry points as the graph tracer prints them (per architecture, the SYSCALL_DEFINE wrappers, old kernels' `sys_`). */
const SYSCALL_ENTRY = /^(?:__(?:x64|ia32|x32|arm64|riscv|s390x|powerpc|se|do)_sys_|sys_)([a-z0-9_]+)$/;

/**
 * The system call whose entry point `name` (a function as printed) is (`__x64_sys_wait4` → `wait4`),
 * or undefined: an error such a call returned is the one user space saw (kernel-internal codes
 * such as ERESTARTSYS excepted, which the kernel turns into a restart or EINTR).
 */
export function syscallOf(name: string): string | undefined {
  const bare = name.split(' ', 1)[0];
  return SYSCALL_ENTRY.exec(bare)?.[1];
}
