// ftrace/export over the in-memory LSP pair: the server writes each format to the chosen file, and refuses targets it cannot write.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExportRequest, type ExportResult } from '../../server/src/protocol';
import { LspPair } from './lspPair';

const root = join(__dirname, '..', '..');
const seed = readFileSync(join(root, 'fixtures', 'seed-vfio.md'), 'utf8');
const abstime = readFileSync(join(root, 'fixtures', '02-kernel-proc-abstime-tail-16cpu.trace'), 'utf8');

describe('ftrace/export', () => {
  const pair = new LspPair();
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-export-'));
  const send = (params: unknown): Promise<ExportResult | null> => pair.client.sendRequest(ExportRequest.method, params) as Promise<ExportResult | null>;
  before(async () => {
    await pair.initialize();
    const mark = pair.mark();
    await pair.open('file:///t/seed.trace', seed);
    await pair.open('file:///t/abs.trace', abstime);
    // The diagnostics pushed after the opens arrive before the pair closes.
    await pair.diagnostics('file:///t/seed.trace', mark);
    await pair.diagnostics('file:///t/abs.trace', mark);
  });
  after(() => pair.close());

  test('chrome: the file holds the seed ioctl of 2680.276 µs, the clock is reconstructed', async () => {
    const target = join(dir, 'seed.json');
    const r = await send({ uri: 'file:///t/seed.trace', format: 'chrome', target: pathToFileURL(target).href });
    assert.ok(r);
    assert.equal(r.clock, 'durations');
    assert.equal(r.calls, 118);
    const text = readFileSync(target, 'utf8');
    assert.equal(r.bytes, Buffer.byteLength(text));
    assert.ok(JSON.parse(text).traceEvents.some((e: { dur?: number; name: string }) => e.name === 'vfio_fops_unl_ioctl [vfio]' && e.dur === 2680.276));
  });

  test('speedscope and folded; an abstime trace uses the printed timestamps', async () => {
    const s = join(dir, 'abs.speedscope.json');
    const r = await send({ uri: 'file:///t/abs.trace', format: 'speedscope', target: pathToFileURL(s).href });
    assert.equal(r?.clock, 'abstime');
    assert.match(r?.note ?? '', /printed timestamps/);
    assert.equal(JSON.parse(readFileSync(s, 'utf8')).name, 'abs.speedscope.json');
    const f = join(dir, 'seed.folded');
    const rf = await send({ uri: 'file:///t/seed.trace', format: 'folded', target: pathToFileURL(f).href });
    assert.equal(rf?.clock, null);
    assert.match(readFileSync(f, 'utf8'), /^schedule 187566289000$/m);
  });

  test('a target that is not a file URI, or cannot be written, is an error; an unknown document answers null', async () => {
    await assert.rejects(send({ uri: 'file:///t/seed.trace', format: 'folded', target: 'untitled:x' }), /not a file URI/);
    await assert.rejects(send({ uri: 'file:///t/seed.trace', format: 'folded', target: pathToFileURL(join(dir, 'no', 'dir', 'x')).href }), /ENOENT/);
    assert.equal(await send({ uri: 'file:///t/unknown.trace', format: 'folded', target: pathToFileURL(join(dir, 'u')).href }), null);
  });
});
