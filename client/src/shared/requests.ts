// Typed calls of the server's ftrace/* requests from the client.
import type { CancellationToken, LanguageClient } from 'vscode-languageclient/node';
import type { RequestDef } from '../../../server/src/protocol';

/** Sends request `def` with `params`; resolves to its typed result. */
export function send<P, R>(client: LanguageClient, def: RequestDef<P, R>, params: P, token?: CancellationToken): Promise<R> {
  return client.sendRequest<R>(def.method, params, token);
}
