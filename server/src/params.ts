// Request params checked before any handler reads them: a wrong shape gets InvalidParams (-32602) with a message, never an internal error.
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver';
import { COMPARE_KEYS } from './core/analysis/compareTraces';
import type {
  CallAtParams, CallTreeParams, DocumentParams, ErrorOriginParams, ExportParams, FunctionSort, FunctionStatsParams, Measure, RankParams, SlowestCallsParams, SourceNamesParams, TreeOrder, FunctionSourceParams, CompareParams,
} from './protocol';

/** Thrown by the checks below; turned into an InvalidParams answer by {@link withParams}. */
class InvalidParams extends Error {}

/** A check: the params typed as `T`, or an {@link InvalidParams} error naming the first wrong field. */
export type ParamsCheck<T> = (raw: unknown) => T;

type Obj = Record<string, unknown>;

function object(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidParams(`${what} must be an object`);
  return v as Obj;
}

function string(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new InvalidParams(`${what} must be a string`);
  return v;
}

function integer(v: unknown, what: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InvalidParams(`${what} must be an integer${min === 0 ? ' ≥ 0' : ''}`);
  return v;
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParams(`${what} must be a finite number`);
  return v;
}

function boolean(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidParams(`${what} must be a boolean`);
  return v;
}

function optional<T>(o: Obj, key: string, check: (v: unknown, what: string) => T): T | undefined {
  return o[key] === undefined ? undefined : check(o[key], `params.${key}`);
}

function oneOf<T extends string>(values: readonly T[]): (v: unknown, what: string) => T {
  return (v, what) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw new InvalidParams(`${what} must be one of ${values.map((x) => `'${x}'`).join(', ')}`);
    return v as T;
  };
}

function position(v: unknown, what: string): Position {
  const o = object(v, what);
  return { line: integer(o.line, `${what}.line`, 0), character: integer(o.character, `${what}.character`, 0) };
}

function range(v: unknown, what: string): Range {
  const o = object(v, what);
  return { start: position(o.start, `${what}.start`), end: position(o.end, `${what}.end`) };
}

/** `{ textDocument: { uri } }`, the base of every text document request. */
export const textDocumentParams: ParamsCheck<{ textDocument: { uri: string } }> = (raw) => {
  const o = object(raw, 'params');
  return { textDocument: { uri: string(object(o.textDocument, 'params.textDocument').uri, 'params.textDocument.uri') } };
};

/** Hover, document highlight: a document and a position. */
export const positionParams: ParamsCheck<{ textDocument: { uri: string }; position: Position }> = (raw) => ({
  ...textDocumentParams(raw),
  position: position((raw as Obj).position, 'params.position'),
});

/** Selection ranges: a document and positions. */
export const selectionRangeParams: ParamsCheck<{ textDocument: { uri: string }; positions: Position[] }> = (raw) => {
  const base = textDocumentParams(raw);
  const list = (raw as Obj).positions;
  if (!Array.isArray(list)) throw new InvalidParams('params.positions must be an array');
  return { ...base, positions: list.map((p, i) => position(p, `params.positions[${i}]`)) };
};

/** Inlay hints: a document and a range. */
export const rangeParams: ParamsCheck<{ textDocument: { uri: string }; range: Range }> = (raw) => ({
  ...textDocumentParams(raw),
  range: range((raw as Obj).range, 'params.range'),
});

const ORDERS: readonly TreeOrder[] = ['trace', 'time'];
const MEASURES: readonly Measure[] = ['onCpu', 'inclusive', 'self'];
const SORTS: readonly FunctionSort[] = ['self', 'total', 'count', 'max', 'mean', 'name'];

/** `{ uri, version? }`, the base of every `ftrace/*` request. */
export const documentParams: ParamsCheck<DocumentParams> = (raw) => {
  const o = object(raw, 'params');
  return { uri: string(o.uri, 'params.uri'), version: optional(o, 'version', integer) };
};

/** `{ sleepsAndIdle? }` of the requests that rank calls. */
function rankParams(raw: unknown): RankParams {
  return { sleepsAndIdle: optional(raw as Obj, 'sleepsAndIdle', boolean) };
}

/** `ftrace/summary`. */
export const summaryParams: ParamsCheck<DocumentParams & RankParams> = (raw) => ({ ...documentParams(raw), ...rankParams(raw) });

/** `ftrace/callTree`. */
export const callTreeParams: ParamsCheck<CallTreeParams> = (raw) => {
  const o = raw as Obj;
  return {
    ...documentParams(raw),
    parent: optional(o, 'parent', integer),
    group: optional(o, 'group', string),
    offset: optional(o, 'offset', finite),
    limit: optional(o, 'limit', finite),
    order: optional(o, 'order', oneOf(ORDERS)),
    ...rankParams(raw),
  };
};

/** `ftrace/callAt`. */
export const callAtParams: ParamsCheck<CallAtParams> = (raw) => ({
  ...documentParams(raw),
  line: integer((raw as Obj).line, 'params.line'),
  order: optional(raw as Obj, 'order', oneOf(ORDERS)),
  ...rankParams(raw),
});

/** `ftrace/errorOrigin`. */
export const errorOriginParams: ParamsCheck<ErrorOriginParams> = (raw) => ({
  ...documentParams(raw),
  line: integer((raw as Obj).line, 'params.line'),
});

/** `ftrace/sourceNames`: a document and a position in it. */
export const sourceNamesParams: ParamsCheck<SourceNamesParams> = (raw) => ({
  ...documentParams(raw),
  line: integer((raw as Obj).line, 'params.line'),
  character: integer((raw as Obj).character, 'params.character'),
});

/** `ftrace/functionSource`: a trace and a function name (any string: one that names no C function finds nothing). */
export const functionSourceParams: ParamsCheck<FunctionSourceParams> = (raw) => ({
  ...documentParams(raw),
  name: string((raw as Obj).name, 'params.name'),
});

/** `ftrace/compare`. */
export const compareParams: ParamsCheck<CompareParams> = (raw) => {
  const o = object(raw, 'params');
  return {
    before: string(o.before, 'params.before'),
    after: string(o.after, 'params.after'),
    sortBy: optional(o, 'sortBy', oneOf(COMPARE_KEYS)),
    top: optional(o, 'top', (v, what) => integer(v, what, 0)),
  };
};

/** `ftrace/slowestCalls`. */
export const slowestCallsParams: ParamsCheck<SlowestCallsParams> = (raw) => ({
  ...documentParams(raw),
  count: optional(raw as Obj, 'count', finite),
  by: optional(raw as Obj, 'by', oneOf(MEASURES)),
  ...rankParams(raw),
});

/** `ftrace/functionStats`. */
export const functionStatsParams: ParamsCheck<FunctionStatsParams> = (raw) => ({
  ...documentParams(raw),
  sortBy: optional(raw as Obj, 'sortBy', oneOf(SORTS)),
  limit: optional(raw as Obj, 'limit', finite),
  ...rankParams(raw),
});

/** `ftrace/export`: a format name and a target URI string. */
export const exportParams: ParamsCheck<ExportParams> = (raw) => ({
  ...documentParams(raw),
  format: oneOf(['chrome', 'speedscope', 'folded'] as const)((raw as Obj).format, 'params.format'),
  target: string((raw as Obj).target, 'params.target'),
});

/**
 * Runs `fn` on the checked params, or answers InvalidParams (-32602) saying which field of
 * `method`'s params is wrong. Errors other than a failed check propagate.
 */
export function withParams<P, R>(method: string, check: ParamsCheck<P>, raw: unknown, fn: (p: P) => R): R | ResponseError<void> {
  let p: P;
  try {
    p = check(raw);
  } catch (e) {
    if (e instanceof InvalidParams) return new ResponseError(ErrorCodes.InvalidParams, `Invalid params for ${method}: ${e.message}`);
    throw e;
  }
  return fn(p);
}
