// Typed calls of the server's ftrace/* requests from the client.
import type { CancellationToken, LanguageClient } from 'vscode-languageclient/node';
import type { RequestDef } from '../../../server/src/protocol';

/** Sends request `def` with `params`; resolves to its typed result. */
export function send<P, R>(client: LanguageClient, def: RequestDef<P, R>, params: P, token?: CancellationToken): Promise<R> {
  // An undefined token must not be passed: the client would send it as a second positional parameter.
  return token === undefined ? client.sendRequest<R>(def.method, params) : client.sendRequest<R>(def.method, params, token);
}
