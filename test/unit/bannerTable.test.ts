// The banners the parser records: the same CPU and tasks as the banner line's text says, for every banner of every fixture, parsed from text and indexed from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineFields } from '../../server/src/core/parse/lineFields';
import { LineKind } from '../../server/src/core/parse/lineKinds';
import { parseLine } from '../../server/src/core/parse/lineParser';
import { parseTrace, type TraceModel } from '../../server/src/core/index';
import { BannerTable } from '../../server/src/core/build/bannerTable';
import { indexTraceFile } from '../../server/src/node/fileIndexer';

const fixtures = join(__dirname, '..', '..', 'fixtures');

function checkBanners(model: TraceModel, lines: string[], what: string): number {
  const f = new LineFields();
  let n = 0;
  for (let l = 0; l < model.lineCount; l++) {
    const b = model.banners!.at(l);
    if (model.lineKinds[l] !== LineKind.ContextSwitch) {
      assert.equal(b, null, `${what}:${l + 1} is no banner`);
      continue;
    }
    parseLine(lines[l], 0, lines[l].length, f);
    assert.deepEqual(b, { cpu: f.cpu, prevPid: f.prevPid, nextPid: f.nextPid }, `${what}:${l + 1}`);
    n++;
  }
  assert.equal(model.banners!.count, n, what);
  return n;
}

test('every banner of the fixtures is recorded as its text says, from text and from disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-banners-'));
  try {
    let total = 0;
    for (const name of readdirSync(fixtures).filter((x) => x.endsWith('.trace'))) {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const lines = text.split(/\r\n|\r|\n/);
      total += checkBanners(parseTrace(text), lines, name);
      const path = join(dir, name);
      writeFileSync(path, text);
      const { trace } = await indexTraceFile(path, { chunkBytes: 4096 });
      checkBanners(trace.model, lines, `${name} (disk)`);
    }
    assert.ok(total >= 10, `${total} banners`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the banner table finds banners by line, grows, and answers null elsewhere', () => {
  const t = new BannerTable();
  for (let i = 0; i < 100; i++) t.add(3 * i + 1, i % 4, i, i + 1);
  t.trim();
  assert.equal(t.count, 100);
  assert.equal(t.bytes(), 1600);
  assert.deepEqual(t.at(1), { cpu: 0, prevPid: 0, nextPid: 1 });
  assert.deepEqual(t.at(298), { cpu: 3, prevPid: 99, nextPid: 100 });
  for (const l of [-1, 0, 2, 299, 1e9]) assert.equal(t.at(l), null);
});
