// The large-file regimes of VS Code 1.100 (20 MB / 300,000 lines, 50 MB) and what the client says about each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LARGE_FILE_BYTES, LARGE_FILE_LINES, SYNC_LIMIT_BYTES, formatSize, regimeBadge, regimeMessage, regimeNotice, regimeOf } from '../../client/src/bigTrace/regime';
import { parseWindow } from '../../client/src/slices/sliceWindow';

test('regimes follow the thresholds, bytes past 50 MB winning over lines', () => {
  assert.equal(regimeOf(1000, 10), 'normal');
  assert.equal(regimeOf(LARGE_FILE_BYTES, LARGE_FILE_LINES), 'normal');
  assert.equal(regimeOf(LARGE_FILE_BYTES + 1, 10), 'large');
  assert.equal(regimeOf(10_000_000, LARGE_FILE_LINES + 1), 'large');
  assert.equal(regimeOf(SYNC_LIMIT_BYTES, undefined), 'large');
  assert.equal(regimeOf(SYNC_LIMIT_BYTES + 1, undefined), 'tooBig');
  assert.equal(regimeOf(SYNC_LIMIT_BYTES + 1, 5), 'tooBig');
  assert.equal(regimeOf(10_000_000, undefined), 'normal');
});

test('messages say what VS Code turned off, why, and what still works', () => {
  const large = regimeMessage('large', 'x.trace', 31_000_000, 588_540)!;
  assert.match(large, /588,540 lines \(over 300,000\)/);
  assert.match(large, /31\.0 MB \(over 20 MB\)/);
  assert.match(large, /colors, folding and inlay hints/);
  assert.match(large, /Restore Editor Features/);
  const byLines = regimeMessage('large', 'x.trace', 15_000_000, 400_000)!;
  assert.doesNotMatch(byLines, /over 20 MB/);
  const big = regimeMessage('tooBig', 'x.trace', 160_174_605)!;
  assert.match(big, /160\.2 MB/);
  assert.match(big, /Call Tree/);
  assert.match(big, /slice/);
  assert.equal(regimeMessage('normal', 'x.trace', 10, 1), undefined);
  assert.equal(regimeBadge('normal'), undefined);
  assert.ok(regimeBadge('large') && regimeBadge('tooBig'));
  assert.equal(formatSize(2_150_000_000), '2.15 GB');
  assert.equal(formatSize(4_000), '4 KB');
});

test('the notification says the same in short (a toast shows a few lines above its buttons); the tooltip keeps the long form', () => {
  const large = regimeNotice('large', 'large-31mb.trace', 31_000_000, 588_541)!;
  assert.match(large, /588,541 lines \(over 300,000\) and 31\.0 MB \(over 20 MB\)/);
  assert.match(large, /turned off its colors, folding and inlay hints/);
  assert.match(large, /slice/);
  const big = regimeNotice('tooBig', 'huge.trace', 125_000_000)!;
  assert.match(big, /125\.0 MB: above 50 MB VS Code shows it as plain text/);
  assert.match(big, /Call Tree/);
  // At most about five lines of a 450-px toast (about 50 characters a line).
  for (const n of [large, big]) assert.ok(n.length <= 250, `${n.length} characters: ${n}`);
  assert.ok(large.length < regimeMessage('large', 'large-31mb.trace', 31_000_000, 588_541)!.length);
  assert.equal(regimeNotice('normal', 'x.trace', 10, 1), undefined);
});

test('time windows parse from two ordered numbers in seconds', () => {
  assert.deepEqual(parseWindow('1234.5678 1234.6'), [1234.5678, 1234.6]);
  assert.deepEqual(parseWindow(' 10-12.5 '), [10, 12.5]);
  assert.deepEqual(parseWindow('10..12'), [10, 12]);
  assert.deepEqual(parseWindow('10, 12'), [10, 12]);
  assert.equal(parseWindow('12 10'), undefined);
  assert.equal(parseWindow('abc'), undefined);
  assert.equal(parseWindow('12'), undefined);
});
