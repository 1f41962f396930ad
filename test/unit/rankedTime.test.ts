// How a ranked call's time is labelled: on-CPU only when the trace says how long the call was switched out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankedTime, rankedTimeText } from '../../client/src/navigation/rankedTime';

// A call whose off-CPU time is unknown: the ranking falls back to its inclusive time (server/src/core/analysis/ranking.ts).
const unknown = { inclusiveUs: 1089119, selfUs: 11, onCpuUs: null };
const known = { inclusiveUs: 67560, selfUs: 33.17, onCpuUs: 67000 };

test('under the on-CPU measure a call with a known on-CPU time shows it, named on-CPU', () => {
  const t = rankedTime(known, 'onCpu');
  assert.deepEqual(t, { ns: 67_000_000, measure: 'onCpu' });
  assert.equal(rankedTimeText(t, 'onCpu'), '67 ms on-CPU');
});

test('under the on-CPU measure a call whose off-CPU time is unknown shows its inclusive time, named inclusive (not on-CPU)', () => {
  const t = rankedTime(unknown, 'onCpu');
  assert.deepEqual(t, { ns: 1_089_119_000, measure: 'inclusive' });
  assert.equal(rankedTimeText(t, 'onCpu'), '1.089 s inclusive');
  assert.doesNotMatch(rankedTimeText(t, 'onCpu'), /on-CPU/);
});

test('the inclusive and self measures show the bare time (the title names the measure)', () => {
  assert.equal(rankedTimeText(rankedTime(unknown, 'inclusive'), 'inclusive'), '1.089 s');
  assert.deepEqual(rankedTime(known, 'self'), { ns: 33_170, measure: 'self' });
  assert.equal(rankedTimeText(rankedTime(known, 'self'), 'self'), '33.17 µs');
});

test('a call without a time gives NaN (the caller shows no time)', () => {
  assert.ok(Number.isNaN(rankedTime({ inclusiveUs: null, selfUs: null, onCpuUs: null }, 'onCpu').ns));
});
