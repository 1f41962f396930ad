// Request handler wrapper: honours cancellation, logs errors, answers a default instead of failing.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** Something to log errors to (the connection's console). */
export interface ErrorLog {
  error(message: string): void;
}

/**
 * Runs `fn`; returns `fallback` when it throws (the error is logged) and a cancellation error
 * when the client cancelled the request before or while it ran.
 */
export function runSafe<T>(log: ErrorLog, what: string, fallback: T, token: CancellationToken | undefined, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    const result = fn();
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return result;
  } catch (e) {
    log.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}
