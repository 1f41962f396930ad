// A language server that does nothing (worst-case bench reference): vscode-jsonrpc reads every message, foldingRange answers [] (or, with `--folds N`, N ranges of a real answer's size) — the floor of the stdio path for a document.
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver/node';

const arg = process.argv.find((a) => a.startsWith('--folds='));
const folds = arg === undefined ? 0 : Number(arg.slice('--folds='.length));
const conn = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
conn.onRequest('initialize', () => ({ capabilities: {} }));
// Two-line folds three lines apart, numbered as in a trace of that many folds: the answer's bytes are a real server's.
conn.onRequest('textDocument/foldingRange', () => Array.from({ length: folds }, (_, i) => ({ startLine: 3 * i + 1, endLine: 3 * i + 2 })));
conn.onNotification(() => undefined);
conn.listen();
