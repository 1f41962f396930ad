// Language server process entry: LSP over --stdio, IPC (node-ipc) or a socket, as chosen by the client.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from '../server';

startServer(createConnection(ProposedFeatures.all));
