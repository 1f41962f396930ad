// Language server process entry: LSP over --stdio, IPC (node-ipc) or a socket, as chosen by the client.
import { format } from 'node:util';
import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { CONNECTION_OPTIONS } from '../initializeGuard';
import { startServer, type StartedServer } from '../server';
import { outputFlushedOf } from './outputFlushed';
import { StreamedOpenFilter, StreamedOpens } from './streamedOpens';
import { warmUpInBackground } from './warmUp';
import { mark } from './timing';

mark('server main', { sinceProcessStartMs: Math.round(performance.now()) });

/** Set once a trace is being opened (the warm-up then gives way for good). */
let opening = false;
/** When the last bytes came in from the client (`performance.now()`; over stdio only): the warm-up waits for a pause. */
let lastInput = -Infinity;

/** Over stdio, big didOpens are parsed while their bytes arrive (see streamedOpens.ts). */
function stdioServer(): Connection {
  const opens = new StreamedOpens();
  // The filter exists before the server it tells about arriving opens.
  const started: { server?: StartedServer } = {};
  const filter = new StreamedOpenFilter(opens, {
    log: (m) => connection.console.log(m),
    onStreamStart: (uri) => {
      opening = true;
      started.server?.expectOpen(uri);
    },
  });
  process.stdin.on('data', () => { lastInput = performance.now(); });
  const connection: Connection = createConnection(ProposedFeatures.all, process.stdin.pipe(filter), process.stdout, CONNECTION_OPTIONS);
  // stdout carries the protocol: console output goes to the client's log instead (as
  // vscode-languageserver does when it opens stdio itself).
  /* eslint-disable no-console -- redirecting the console, not using it */
  for (const level of ['log', 'info', 'debug'] as const) console[level] = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  /* eslint-enable no-console */
  const outputFlushed = outputFlushedOf(process.stdout);
  started.server = startServer(connection, { streamed: opens, outputFlushed, onDidOpen: () => { opening = true; } });
  return connection;
}

function otherServer(): Connection {
  const connection = createConnection(ProposedFeatures.all, CONNECTION_OPTIONS);
  startServer(connection, { onDidOpen: () => { opening = true; } });
  return connection;
}

const connection = process.argv.includes('--stdio') ? stdioServer() : otherServer();
// Off the start-up path, in steps between which messages are answered; given up once a trace opens.
mark('warm-up start');
warmUpInBackground(() => opening, (o) => {
  mark('warm-up end', { workMs: Math.round(o.workMs), wallMs: Math.round(o.wallMs), done: o.done });
  if (o.done) connection.console.log(`parser warmed up in ${o.workMs.toFixed(0)} ms`);
  else if (o.workMs > 0) connection.console.log(`parser warm-up stopped after ${o.workMs.toFixed(0)} ms: a trace is being opened`);
}, () => lastInput);
