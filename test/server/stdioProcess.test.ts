// The built server process over stdio with a document big enough to be parsed while it arrives: the same answers as an in-process server, a clean exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type FoldingRange, type Hover } from 'vscode-languageserver/node';
import { LspPair } from './lspPair';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'server', 'out', 'main.js');
const URI = 'file:///traces/repeated.trace';
// About 1.3 MB: over the 1 MB from which the server parses a didOpen as it arrives.
const TEXT = readFileSync(join(ROOT, 'fixtures', 'k61-smp4-default-head.trace'), 'utf8').repeat(42);

test('server/out/main.js --stdio: a streamed open answers as an in-process open; the process exits after shutdown/exit', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
  assert.ok(Buffer.byteLength(TEXT) > 1 << 20);
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); });
  conn.listen();
  const plain = new LspPair();
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
    await plain.initialize();
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'ftrace', version: 1, text: TEXT } });
    await plain.open(URI, TEXT);
    const ask = async (c: typeof conn): Promise<unknown[]> => [
      await c.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as FoldingRange[],
      ...await Promise.all([12, 400, 9000, 30000].map((line) => c.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line, character: 30 } }) as Promise<Hover | null>)),
    ];
    const got = await ask(conn);
    assert.deepEqual(got, await ask(plain.client));
    assert.ok((got[0] as FoldingRange[]).length > 1000);
    assert.ok(logs.some((m) => m.startsWith(`streamed ${URI} v1`)), logs.join('\n'));
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    plain.close();
    conn.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
