// How a ranked call's times are labelled: on-CPU only when the trace says how long the call was switched out; self as a bound when its entry precedes the trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankedTime, rankedTimeText } from '../../client/src/navigation/rankedTime';
import { selfIsBound, selfText } from '../../client/src/shared/selfTime';

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

test('the self time of a call whose entry precedes the trace is shown as a bound; an inferred switch\'s and any other call\'s as it is', () => {
  const partial = { partial: true, selfUs: 16110 };
  assert.ok(selfIsBound(partial));
  assert.equal(selfText(partial, true), 'self ≤ 16.11 ms');
  assert.equal(selfText(partial, false), 'self at most 16.11 ms');
  // The schedule() exit of a sleep that began before the trace: its self time is the sleep, inferred.
  const inferred = { partial: false, selfUs: 1_072_000 };
  assert.ok(!selfIsBound(inferred));
  assert.equal(selfText(inferred, true), 'self 1.072 s');
  // Off-CPU unknown because the trace names no task: the entry is in the trace, the self time exact.
  assert.equal(selfText({ partial: false, selfUs: 11 }, false), 'self 11 µs');
  assert.equal(selfText({ partial: true, selfUs: null }, false), undefined);
});
