// The Flame Graph's data and the exports of a trace read from disk (ftrace/indexFile, no document) equal those of the same text opened as a document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExportRequest, FlameDataRequest, IndexFileRequest, type ExportResult, type FlameDataResult, type IndexFileResult } from '../../server/src/protocol';
import { flameBuffer } from '../../client/src/flame/flameBuffer';
import { LspPair } from './lspPair';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'ftrace-flame-disk-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('flameData and export answer for a disk index as for the open document (timestamps read from the file)', async () => {
  const pair = new LspPair();
  try {
    await pair.initialize();
    for (const f of ['k61-smp2-proc-abstime-head.trace', '02-kernel-proc-abstime-tail-16cpu.trace', 'k61-smp4-default-head.trace']) {
      const text = readFileSync(join(fixtures, f), 'utf8');
      const path = join(dir, f);
      writeFileSync(path, text);
      const uri = pathToFileURL(path).toString();
      const ix = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
      assert.ok(ix.ok, JSON.stringify(ix));
      const fromDisk = await pair.client.sendRequest(FlameDataRequest.method, { uri }) as FlameDataResult;
      assert.ok(fromDisk !== null, f);
      assert.equal(fromDisk.version, ix.generation);
      const docUri = `untitled:${f}`;
      await pair.open(docUri, text);
      const fromDoc = await pair.client.sendRequest(FlameDataRequest.method, { uri: docUri }) as FlameDataResult;
      assert.equal(fromDisk.clock, fromDoc.clock, f);
      if (f !== 'k61-smp4-default-head.trace') assert.equal(fromDisk.clock, 'abstime', `${f}: the timestamps were read from disk`);
      assert.deepEqual({ ...fromDisk, file: undefined, version: 0 }, { ...fromDoc, file: undefined, version: 0 }, f);
      assert.deepEqual(new Uint8Array(await flameBuffer(fromDisk)), new Uint8Array(await flameBuffer(fromDoc)), f);
      for (const format of ['chrome', 'folded'] as const) {
        const a = join(dir, `${f}.disk.${format}`);
        const b = join(dir, `${f}.doc.${format}`);
        const ra = await pair.client.sendRequest(ExportRequest.method, { uri, format, target: pathToFileURL(a).href }) as ExportResult;
        const rb = await pair.client.sendRequest(ExportRequest.method, { uri: docUri, format, target: pathToFileURL(b).href }) as ExportResult;
        assert.equal(ra.calls, rb.calls);
        // Exports name the file they were written to (speedscope); chrome and folded are equal byte for byte.
        assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), `${f} ${format}`);
      }
    }
    // No document and no index: no data.
    assert.equal(await pair.client.sendRequest(FlameDataRequest.method, { uri: pathToFileURL(join(dir, 'none.trace')).toString() }), null);
  } finally {
    await pair.close();
  }
});
