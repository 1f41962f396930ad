// Language server process entry: LSP over --stdio, IPC (node-ipc) or a socket, as chosen by the client.
import { format } from 'node:util';
import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { StreamedOpenFilter, StreamedOpens } from './streamedOpens';

if (process.argv.includes('--stdio')) {
  // Over a byte stream, big didOpens are parsed while they arrive (see streamedOpens.ts).
  const opens = new StreamedOpens();
  const filter = new StreamedOpenFilter(opens, { log: (m) => connection.console.log(m) });
  const connection: Connection = createConnection(ProposedFeatures.all, process.stdin.pipe(filter), process.stdout);
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
} else {
  startServer(createConnection(ProposedFeatures.all));
}
