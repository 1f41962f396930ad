// Unit tests: the one duration format shown to people (core/format.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatDurationUs, formatShare } from '../../server/src/core/index';

test('durations: four significant digits in ns, µs, ms or s', () => {
  const cases: [number, string][] = [
    [0, '0 ns'],
    [899, '899 ns'],
    [6945, '6.945 µs'],
    [37680, '37.68 µs'],
    [1000000, '1 ms'],
    [2672235, '2.672 ms'],
    [2680276, '2.68 ms'],
    [187566289000, '187.6 s'],
    [1.5e12, '1500 s'],
    [-5000, '-5 µs'],
  ];
  for (const [ns, text] of cases) assert.equal(formatDuration(ns), text, String(ns));
});

test('durations: rounding never shows 1000 of a unit, nor 0.x of the next', () => {
  assert.equal(formatDuration(999.6), '1 µs');
  assert.equal(formatDuration(999.4), '999 ns');
  assert.equal(formatDuration(999960), '1 ms');
  assert.equal(formatDuration(999_996_000), '1 s');
  for (let ns = 1; ns < 1e13; ns *= 1.37) assert.doesNotMatch(formatDuration(ns), /^(1000(\.0*)? (ns|µs|ms)|0\.\d+ (µs|ms|s))$/, String(ns));
});

test('durations: unknown is ?, µs values from the protocol use the same rule', () => {
  assert.equal(formatDuration(NaN), '?');
  assert.equal(formatDurationUs(null), '?');
  assert.equal(formatDurationUs(0.899), '899 ns');
  assert.equal(formatDurationUs(1000), '1 ms');
  assert.equal(formatDurationUs(187566289), '187.6 s');
});

test('shares: one decimal; a share that is neither 0 nor 100% never reads as either', () => {
  assert.equal(formatShare(735, 1000), '73.5%');
  assert.equal(formatShare(0, 1000), '0.0%');
  assert.equal(formatShare(12.27, 67_560), '<0.1%');
  assert.equal(formatShare(999.7, 1000), '99.9%');
  assert.equal(formatShare(1000, 1000), '100.0%');
  assert.equal(formatShare(5, 0), '');
  assert.equal(formatShare(Number.NaN, 10), '');
});
