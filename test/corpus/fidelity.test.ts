// Corpus fidelity: every real capture parses with no unknown lines, one call per printed duration, and self time >= 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallFlag, LineKind, describeLine, parseTrace, type TraceModel } from '../../server/src/core/index';
import { corpus, files, present, read } from './corpusFiles';




/** Checks the fidelity rules of the issue; returns a short summary. */
function checkFidelity(text: string, m: TraceModel, strictUnknown: boolean): string {
  const lines = text.split('\n');
  if (strictUnknown) {
    const unknown: string[] = [];
    for (let i = 0; i < m.lineCount && unknown.length < 5; i++) if (m.lineKinds[i] === LineKind.Unknown) unknown.push(`${i + 1}: ${lines[i].slice(0, 120)}`);
    assert.deepEqual(unknown, [], 'unknown lines');
  }
  // Every line that prints a duration is the line of exactly one call whose inclusive time equals it.
  const owner = new Map<number, number[]>();
  for (let c = 0; c < m.callCount; c++) {
    if ((m.calls.flags[c] & CallFlag.Timed) === 0) continue;
    const line = m.calls.exitLine.at(c) >= 0 ? m.calls.exitLine.at(c) : m.calls.entryLine[c];
    const list = owner.get(line) ?? [];
    list.push(c);
    owner.set(line, list);
  }
  let durations = 0;
  for (let i = 0; i < m.lineCount; i++) {
    const kind = m.lineKinds[i];
    if (kind !== LineKind.Leaf && kind !== LineKind.Exit) continue;
    const d = describeLine(lines[i]);
    if (d.durationNs < 0) continue;
    durations++;
    const calls = owner.get(i) ?? [];
    assert.equal(calls.length, 1, `line ${i + 1} has ${calls.length} calls: ${lines[i].slice(0, 120)}`);
    assert.equal(m.calls.inclusiveNs.at(calls[0]), d.durationNs, `line ${i + 1}`);
  }
  let closed = 0;
  let negative = 0;
  for (let c = 0; c < m.callCount; c++) {
    if ((m.calls.flags[c] & CallFlag.Timed) === 0 || Number.isNaN(m.calls.selfNs.at(c))) continue;
    closed++;
    if (m.calls.selfNs.at(c) < 0) negative++;
  }
  if (closed > 0) assert.ok(negative / closed <= 0.001, `${negative} of ${closed} closed calls have negative self time`);
  return `${m.lineCount} lines, ${m.callCount} calls, ${durations} durations, ${negative}/${closed} negative self`;
}

test('corpus is present', { skip: present ? false : '../shared/corpus not found' }, () => {
  assert.ok(files('real').length >= 20);
});

for (const path of files('real')) {
  test(`real: ${path.split('/').pop()}`, (t) => {
    const text = read(path);
    const m = parseTrace(text);
    t.diagnostic(checkFidelity(text, m, true));
  });
}

for (const path of files('constructed')) {
  const messy = path.includes('messy');
  test(`constructed: ${path.split('/').pop()}`, (t) => {
    const text = read(path);
    const m = parseTrace(text);
    t.diagnostic(checkFidelity(text, m, !messy));
    if (messy) {
      // Pasted text around the trace is unknown, but every graph line must still be read as trace.
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (/\d\) .*\|  +\S.*(\{|\}|;)\s*$/.test(lines[i])) assert.notEqual(m.lineKinds[i], LineKind.Unknown, `line ${i + 1}: ${lines[i]}`);
      }
    }
  });
}

test('the seed trace: slowest call, the ioctl and its printk', () => {
  const text = readFileSync(join(corpus, 'seed-vfio.md'), 'utf8');
  const m = parseTrace(text);
  checkFidelity(text, m, false);
});
