// Where an error code came from: down the calls that returned the same error, to the first one that did (funcgraph-retval's purpose).
import { CallFlag, type TraceModel } from '../model/model';
import { decodeReturnValue, type ReturnValue } from './returnValue';

/** Reads the printed return value on a 0-based line (a `returnValue` span), or undefined. */
export type ReturnValueReader = (line: number) => string | undefined;

/** The line that prints call `id`'s return value: its exit line, or its line for a leaf; -1 when it has none. */
export function returnLine(model: TraceModel, id: number): number {
  const c = model.calls;
  return (c.flags[id] & CallFlag.Leaf) !== 0 ? c.entryLine[id] : c.exitLine.at(id);
}

/** Call `id`'s return value as printed (funcgraph-retval), decoded; undefined when the trace prints none. */
export function returnValueOf(model: TraceModel, id: number, read: ReturnValueReader): ReturnValue | undefined {
  const line = returnLine(model, id);
  const text = line >= 0 ? read(line) : undefined;
  return text === undefined ? undefined : decodeReturnValue(text);
}

/** A call of an error chain and what it returned. */
export interface ErrorLink {
  readonly call: number;
  readonly value: ReturnValue;
}

/**
 * Lines read at most while following an error down (a call can make thousands of calls; a chain
 * is as deep as the kernel's stack): the chain found so far is returned past it.
 */
export const ERROR_ORIGIN_LINES = 200_000;

/**
 * The chain of calls through which call `id` got the error code it returned: `id`, then the first
 * of its calls that returned the same error number, and so on down to the first call that
 * returned it (the last link: none of its own calls did). Undefined when `id` returned no error
 * code.
 *
 * The first such call, not the last: the usual error path (`ret = f(); if (ret) goto out; …
 * out: put_pid(pid); return ret;`) calls cleanup functions after the one that failed, and a void
 * cleanup that leaves the return register alone "returns" the same value (funcgraph-retval prints
 * one for void functions too: seen in a real capture, `kernel_wait4`'s -10 came from `do_wait`,
 * and `put_pid` after it printed -10). For the same reason a chain can run through void
 * functions that return right after a call: a heuristic, to be read with the code.
 */
export function errorChain(model: TraceModel, id: number, read: ReturnValueReader, maxLines = ERROR_ORIGIN_LINES): ErrorLink[] | undefined {
  const first = returnValueOf(model, id, read);
  if (first?.errno === undefined) return undefined;
  const errno = first.errno;
  const { childStart, childList } = model.calls;
  const chain: ErrorLink[] = [{ call: id, value: first }];
  let budget = maxLines;
  for (let cur = id; ;) {
    let next: ErrorLink | undefined;
    for (let k = childStart[cur]; k < childStart[cur + 1] && next === undefined && budget > 0; k++, budget--) {
      const child = childList[k];
      const v = returnValueOf(model, child, read);
      if (v?.errno === errno) next = { call: child, value: v };
    }
    if (next === undefined) return chain;
    chain.push(next);
    cur = next.call;
  }
}
