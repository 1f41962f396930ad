// Checks `initialize` params before vscode-languageserver reads them, so a wrong shape gets InvalidParams (-32602), not an internal error.
import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions } from 'vscode-languageserver';

/**
 * The library's own `initialize` handler dereferences `params.processId` and `params.capabilities`
 * before any handler of ours runs, so a null or mistyped shape failed there with an internal error
 * (-32603). The message strategy below sends such a request to this method instead (same id), whose
 * handler answers InvalidParams with the reason; the server stays uninitialized, as for any failed
 * initialize.
 */
const REJECTED_INITIALIZE = 'ftrace/$rejectedInitialize';

/** Why `params` cannot be an `initialize` request's params, or undefined when they can. */
export function initializeParamsProblem(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'params must be an object';
  const p = params as Record<string, unknown>;
  if (p.processId !== null && p.processId !== undefined && !Number.isInteger(p.processId)) return 'params.processId must be an integer or null';
  const caps = p.capabilities;
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) return 'params.capabilities must be an object';
  for (const key of ['workspace', 'textDocument', 'window', 'general'] as const) {
    const v = (caps as Record<string, unknown>)[key];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) return `params.capabilities.${key} must be an object`;
  }
  return undefined;
}

/** Connection options for every transport: route an `initialize` with bad params to the rejection. */
export const CONNECTION_OPTIONS: ConnectionOptions = {
  messageStrategy: {
    handleMessage(message, next) {
      if (Message.isRequest(message) && message.method === 'initialize') {
        const problem = initializeParamsProblem(message.params);
        if (problem !== undefined) return next({ ...message, method: REJECTED_INITIALIZE, params: { problem } } as Message);
      }
      return next(message);
    },
  },
};

/** Answers the rerouted requests of {@link CONNECTION_OPTIONS} with InvalidParams. */
export function rejectBadInitialize(connection: Connection): void {
  connection.onRequest(REJECTED_INITIALIZE, (p: { problem: string }) => new ResponseError(ErrorCodes.InvalidParams, `Invalid params for initialize: ${p.problem}`));
}
