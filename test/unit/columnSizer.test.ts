// ColumnSizer: a builder fed a big input block by block gets its columns sized for the whole input once (not grown block by block), with the same model; a whole text is sized the same way from its first SIZING_SAMPLE characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ColumnSizer, TraceBuilder, parseTrace } from '../../server/src/core/index';
import { CallTable } from '../../server/src/core/model/growable';
import { WINDOW } from '../../server/src/core/build/callTreeBuilder';
import { SIZING_SAMPLE } from '../../server/src/core/build/columnSizer';
import { assertSameModel } from './sameModel';

const ONE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');
const BLOCK = 256 * 1024;

/** The fixture repeated to about `bytes`, cut into blocks of whole lines. */
function blocksOf(bytes: number): { text: string; blocks: string[] } {
  const text = ONE.repeat(Math.ceil(bytes / ONE.length));
  const blocks: string[] = [];
  for (let s = 0; s < text.length;) {
    const e = Math.min(text.length, text.lastIndexOf('\n', s + BLOCK) + 1 || text.length);
    blocks.push(text.slice(s, e > s ? e : text.length));
    s = e > s ? e : text.length;
  }
  return { text, blocks };
}

/** Feeds the blocks (through a sizer when `sized`); returns the model and how often the call columns were reallocated after the sample. */
function feedAll(text: string, blocks: string[], sized: boolean): { growths: number; model: ReturnType<TraceBuilder['finish']> } {
  const b = new TraceBuilder();
  const sizer = sized ? new ColumnSizer(b, text.length) : undefined;
  let done = 0;
  let growths = 0;
  let columns = b.calls.entryLine;
  for (const block of blocks) {
    b.feed(block);
    done += block.length;
    // After the sample only: before it the columns grow as the input comes, either way.
    if (b.calls.entryLine !== columns && done > SIZING_SAMPLE + BLOCK) growths++;
    sizer?.after(done);
    columns = b.calls.entryLine;
  }
  return { growths, model: b.finish() };
}

test('past the sample, a sized builder never reallocates its call columns; an unsized one does, block after block', () => {
  const { text, blocks } = blocksOf(24 * 1024 * 1024);
  const sized = feedAll(text, blocks, true);
  const unsized = feedAll(text, blocks, false);
  assert.equal(sized.growths, 0, 'sized: reallocations after the sample');
  assert.ok(unsized.growths >= 5, `unsized: ${unsized.growths} reallocations after the sample (the case the sizer is for)`);
  assertSameModel(sized.model, parseTrace(text), text.split('\n'), 'sized builder vs parseTrace');
});

test('a sizer that never reaches its sample (a small input) changes nothing', () => {
  const { text, blocks } = blocksOf(1024 * 1024);
  const b = new TraceBuilder();
  const sizer = new ColumnSizer(b, text.length);
  let done = 0;
  for (const block of blocks) {
    b.feed(block);
    sizer.after((done += block.length));
  }
  assertSameModel(b.finish(), parseTrace(text), text.split('\n'), 'small input');
});

test('a whole text is sized for the rest once its first SIZING_SAMPLE characters are parsed, not after its first window', () => {
  // Uniform lines: the whole-text reservation is the first growth far past the calls parsed so far.
  const text = ' 0)   1.000 us    |  f();\n'.repeat(Math.ceil((12 << 20) / 26));
  const growths: { count: number; capacity: number }[] = [];
  const reserve = CallTable.prototype.reserve;
  CallTable.prototype.reserve = function (this: CallTable, n: number, tight?: boolean) {
    const before = this.entryLine;
    reserve.call(this, n, tight);
    if (this.entryLine !== before) growths.push({ count: this.count, capacity: this.entryLine.length });
  };
  let model;
  try {
    model = parseTrace(text);
  } finally {
    CallTable.prototype.reserve = reserve;
  }
  const calls = model.callCount;
  const whole = growths.find((g) => g.capacity >= calls);
  assert.ok(whole !== undefined, 'no reservation for the whole text');
  // Windows end at line ends, so the sample may end a window's calls early.
  const sampleCalls = Math.floor(SIZING_SAMPLE / 26);
  const windowCalls = Math.ceil(WINDOW / 26);
  assert.ok(whole.count >= sampleCalls - windowCalls, `sized for the whole text after ${whole.count} calls (the sample holds ${sampleCalls})`);
  assert.equal(growths[growths.length - 1], whole, 'call columns grown after the whole-text reservation');
});
