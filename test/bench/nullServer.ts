// A language server that does nothing (worst-case bench reference): vscode-jsonrpc reads every message, foldingRange answers [] — the floor of the stdio path for a document.
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver/node';

const conn = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
conn.onRequest('initialize', () => ({ capabilities: {} }));
conn.onRequest('textDocument/foldingRange', () => []);
conn.onNotification(() => undefined);
conn.listen();
