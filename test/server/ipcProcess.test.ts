// The built server process over node IPC (--node-ipc), the transport other Node-based clients may choose: initialize, open, folds and a hover, clean exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection, type FoldingRange, type Hover, type MarkupContent } from 'vscode-languageserver/node';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'server', 'out', 'main.js');
const SEED = readFileSync(join(ROOT, 'fixtures', 'seed-vfio.md'), 'utf8');
const URI = 'file:///traces/seed.trace';

test('server/out/main.js --node-ipc: folds and the attach_group hover of the seed; the process exits after shutdown/exit', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  conn.listen();
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'ftrace', version: 1, text: SEED } });
    const folds = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as FoldingRange[];
    const lines = SEED.split('\n');
    const attach = lines.findIndex((l) => l.includes('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {'));
    assert.ok(folds.some((f) => f.startLine === attach), 'attach_group folds');
    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: attach, character: lines[attach].indexOf('vfio_iommu') } }) as Hover;
    const text = (hover.contents as MarkupContent).value;
    assert.match(text, /2\.672 ms/);
    assert.match(text, /6\.945 µs/);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    conn.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
