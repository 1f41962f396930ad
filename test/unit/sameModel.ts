// Model equality for tests that parse one text two ways (fast and general path, text and JSON bytes): names the first difference.
import assert from 'node:assert/strict';
import type { TraceModel } from '../../server/src/core/index';

/** A column: an array-like, or a compact column read with `at` (NsValues, LineCallValues). */
type Column = ArrayLike<unknown> | { readonly length: number; at(i: number): unknown };

/** Element i of a column. */
export function valueAt(a: Column, i: number): unknown {
  return 'at' in a && typeof a.at === 'function' && !ArrayBuffer.isView(a) && !Array.isArray(a) ? a.at(i) : (a as ArrayLike<unknown>)[i];
}

/** First index where two columns differ (Object.is: NaN equals NaN), or -1. */
export function firstDifference(a: Column, b: Column): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(valueAt(a, i), valueAt(b, i))) return i;
  return a.length === b.length ? -1 : n;
}

/** Asserts that two models are identical, naming the first differing column and line. */
export function assertSameModel(fast: TraceModel, general: TraceModel, lines: string[], what: string): void {
  const at = (line: number): string => (line >= 0 && line < lines.length ? ` (line ${line + 1}: ${JSON.stringify(lines[line].slice(0, 140))})` : '');
  assert.equal(fast.lineCount, general.lineCount, `${what}: lineCount`);
  for (const [name, a, b] of [['lineKinds', fast.lineKinds, general.lineKinds], ['lineCall', fast.lineCall, general.lineCall]] as const) {
    const i = firstDifference(a, b);
    assert.equal(i, -1, `${what}: ${name}[${i}] fast ${String(valueAt(a, i))} vs general ${String(valueAt(b, i))}${at(i)}`);
  }
  assert.equal(fast.callCount, general.callCount, `${what}: callCount`);
  const cols = ['entryLine', 'exitLine', 'parent', 'depth', 'cpu', 'pid', 'name', 'inclusiveNs', 'selfNs', 'flags', 'childStart', 'childList'] as const;
  for (const col of cols) {
    const a = fast.calls[col];
    const b = general.calls[col];
    const i = firstDifference(a, b);
    const line = i >= 0 && i < fast.callCount ? Math.max(general.calls.entryLine[i], general.calls.exitLine.at(i)) : -1;
    assert.equal(i, -1, `${what}: calls.${col}[${i}] fast ${String(valueAt(a, i))} vs general ${String(valueAt(b, i))}${at(line)}`);
  }
  for (let c = 0; c < fast.callCount; c++) {
    const a = fast.calls.name[c] >= 0 ? fast.names[fast.calls.name[c]] : undefined;
    const b = general.calls.name[c] >= 0 ? general.names[general.calls.name[c]] : undefined;
    if (a !== b) assert.fail(`${what}: name of call ${c}: fast ${a} vs general ${b}${at(general.calls.entryLine[c])}`);
  }
  assert.deepEqual(fast.names, general.names, `${what}: names`);
  for (const col of ['count', 'timedCount', 'totalNs', 'selfNs', 'maxNs', 'maxCall'] as const) {
    assert.equal(firstDifference(fast.functions[col], general.functions[col]), -1, `${what}: functions.${col}`);
  }
  assert.deepEqual([...fast.tasks], [...general.tasks], `${what}: tasks`);
  assert.deepEqual(fast.cpus, general.cpus, `${what}: cpus`);
  assert.deepEqual(fast.kindCounts, general.kindCounts, `${what}: kindCounts`);
  assert.equal(fast.tracer, general.tracer, `${what}: tracer`);
  assert.equal(fast.hasDurations, general.hasDurations, `${what}: hasDurations`);
  assert.deepEqual(fast.issues.countsByCode(), general.issues.countsByCode(), `${what}: issue counts`);
  assert.deepEqual(fast.issues.allSamples(), general.issues.allSamples(), `${what}: issue samples`);
}
