// Language server process entry: LSP over --stdio, IPC (node-ipc) or a socket, as chosen by the client.
import { format } from 'node:util';
import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { CONNECTION_OPTIONS } from '../initializeGuard';
import { startServer } from '../server';
import { StreamedOpenFilter, StreamedOpens } from './streamedOpens';
import { warmUp } from './warmUp';

/** Over stdio, big didOpens are parsed while their bytes arrive (see streamedOpens.ts). */
function stdioServer(): Connection {
  const opens = new StreamedOpens();
  const filter = new StreamedOpenFilter(opens, { log: (m) => connection.console.log(m) });
  const connection: Connection = createConnection(ProposedFeatures.all, process.stdin.pipe(filter), process.stdout, CONNECTION_OPTIONS);
  // stdout carries the protocol: console output goes to the client's log instead (as
  // vscode-languageserver does when it opens stdio itself).
  /* eslint-disable no-console -- redirecting the console, not using it */
  for (const level of ['log', 'info', 'debug'] as const) console[level] = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  /* eslint-enable no-console */
  const outputFlushed = (): Promise<void> => new Promise((resolve) => {
    if (process.stdout.writableLength === 0) resolve();
    else process.stdout.once('drain', () => resolve());
  });
  startServer(connection, { streamed: opens, outputFlushed });
  return connection;
}

function otherServer(): Connection {
  const connection = createConnection(ProposedFeatures.all, CONNECTION_OPTIONS);
  startServer(connection);
  return connection;
}

const connection = process.argv.includes('--stdio') ? stdioServer() : otherServer();
// Off the start-up path: the first messages are answered first.
setImmediate(() => {
  const ms = warmUp();
  if (ms !== undefined) connection.console.log(`parser warmed up in ${ms.toFixed(0)} ms`);
});
