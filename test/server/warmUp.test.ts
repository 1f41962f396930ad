// The server's start-up warm-up: runs to the end on the sample, gives way to input, stops when a trace opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDLE_INPUT_MS, WARM_UP_SAMPLE, warmUp, warmUpInBackground, warmUpSteps, type WarmUpOutcome } from '../../server/src/node/warmUp';

const withSample = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-warm-'));
  copyFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), join(dir, WARM_UP_SAMPLE));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const run = (stop: () => boolean, lastInput: () => number, dir: string): Promise<WarmUpOutcome> =>
  new Promise((resolve) => warmUpInBackground(stop, resolve, lastInput, dir));

test('without the sample there is nothing to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-warm-'));
  try {
    assert.equal(warmUp(dir), undefined);
    assert.deepEqual([...warmUpSteps(dir)], []);
    const o = await run(() => false, () => -Infinity, dir);
    assert.equal(o.done, false, 'nothing was warmed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runs to the end in many steps', () => withSample(async (dir) => {
  let steps = 0;
  const o = await run(() => { steps++; return false; }, () => -Infinity, dir);
  assert.ok(steps > 30, `${steps} steps`);
  assert.equal(o.done, true);
  assert.ok(o.workMs > 0 && o.wallMs >= o.workMs);
}));

test('stops as soon as a trace is being opened', () => withSample(async (dir) => {
  let asked = 0;
  const o = await run(() => ++asked > 3, () => -Infinity, dir);
  assert.equal(o.done, false);
  assert.equal(asked, 4, 'three steps ran, the fourth look stopped it');
}));

test('waits while messages keep arriving', () => withSample(async (dir) => {
  const start = performance.now();
  let firstStepAt = -1;
  // Input until 300 ms from now; a step may run only once the input has been idle IDLE_INPUT_MS.
  const lastInput = (): number => {
    const now = performance.now();
    const last = Math.min(now, start + 300);
    if (firstStepAt < 0 && now - last >= IDLE_INPUT_MS) firstStepAt = now; // this look lets a step run
    return last;
  };
  const o = await run(() => firstStepAt >= 0, lastInput, dir);
  assert.equal(o.done, false);
  assert.ok(o.workMs > 0, 'one step ran');
  assert.ok(firstStepAt - start >= 300 + IDLE_INPUT_MS, `first step after ${(firstStepAt - start).toFixed(0)} ms`);
}));
