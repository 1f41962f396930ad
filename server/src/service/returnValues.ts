// A call's return value (funcgraph-retval) in its hover, and where the error code it returned came from (ftrace/errorOrigin).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callLine, callName, describeReturnValue, errnoText, errorChain, printedReturnValue, returnValueOf, type ErrorLink, type ReturnValueReader, type TraceModel } from '../core/index';
import type { ErrorOriginResult } from '../protocol';
import { callNode } from './callNodes';
import { lineText } from './lines';
import { code } from './markdown';

/** The printed return value on a line of `doc` (core printedReturnValue). */
export function documentReturnValues(doc: TextDocument): ReturnValueReader {
  return (line) => printedReturnValue(lineText(doc, line));
}

/** Like {@link documentReturnValues}, for following errors: only values that may be error codes. */
export function documentErrorValues(doc: TextDocument): ReturnValueReader {
  return (line) => printedReturnValue(lineText(doc, line), true);
}

/**
 * Lines an inlay hint reads at most to tell whether a call passed an error up (its own exit line,
 * then its calls' return lines until one returned the same error).
 */
const HINT_LINES = 256;

/** Lines a hover reads at most to follow an error down (~20 ms): a request (Go to Error Origin) reads up to ERROR_ORIGIN_LINES. */
const HOVER_LINES = 20_000;

/**
 * For call `id`'s inlay hint: its error chain when it returned an error code that a call inside
 * it returned first (an error passed up), else undefined. A lone error code may be a void
 * function's leftover register (funcgraph-retval prints those too): no hint for it.
 */
export function passedUpError(model: TraceModel, id: number, read: ReturnValueReader): ErrorLink[] | undefined {
  const chain = errorChain(model, id, read, HINT_LINES);
  return chain !== undefined && chain.length > 1 ? chain : undefined;
}

/**
 * Hover rows of call `id`: what it returned (`-61: ENODATA (No data available)`) and, for an error
 * code passed up from a call inside it, the call that returned it first. Line numbers through
 * `fullLine` in a slice. None when the trace prints no return value.
 */
export function returnRows(doc: TextDocument, model: TraceModel, id: number, fullLine?: (line: number) => number | null): [string, string][] {
  const v = returnValueOf(model, id, documentReturnValues(doc));
  if (v === undefined) return [];
  const chain = errorChain(model, id, documentErrorValues(doc), HOVER_LINES);
  // An error code no call inside it returned first: maybe a void function's leftover register.
  const alone = chain !== undefined && chain.length === 1 ? ', if it returns a value (funcgraph-retval prints one for void functions too)' : '';
  const rows: [string, string][] = [['returned', `${describeReturnValue(v)}${alone}`]];
  if (chain !== undefined && chain.length > 1) {
    const origin = chain[chain.length - 1];
    const line = returnLineName(model, origin.call, fullLine);
    rows.push(['error from', `${code(callName(model, origin.call))} (${line}), ${chain.length - 1} call${chain.length > 2 ? 's' : ''} down (Ftrace: Go to Error Origin)`]);
  }
  return rows;
}

/** `line 4508` (its entry, or its exit when the entry precedes the trace; the full trace's in a slice). */
function returnLineName(model: TraceModel, id: number, fullLine?: (line: number) => number | null): string {
  const l = callLine(model, id);
  const full = fullLine === undefined ? l : fullLine(l);
  return full === null ? `slice line ${l + 1}` : `line ${full + 1}`;
}

/**
 * `ftrace/errorOrigin`: the call at `line` (0-based) and, when it returned an error code, the chain
 * of calls that passed it up, outermost first; its last call returned it first.
 */
export function errorOrigin(doc: TextDocument, model: TraceModel, line: number): ErrorOriginResult {
  const id = line >= 0 && line < model.lineCount ? model.lineCall.at(line) : -1;
  if (id < 0) return { version: doc.version, call: null, returned: null, error: null, chain: [] };
  const v = returnValueOf(model, id, documentReturnValues(doc));
  const chain = errorChain(model, id, documentErrorValues(doc)) ?? [];
  return {
    version: doc.version,
    call: callNode(model, id),
    returned: v === undefined ? null : describeReturnValue(v),
    error: v?.errno === undefined ? null : errnoText(v.errno),
    chain: chain.map((l) => ({ call: callNode(model, l.call), returned: describeReturnValue(l.value) })),
  };
}
