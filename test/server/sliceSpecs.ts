// The slices the slice tests open: a call, a task, a CPU and a time window of the proc + abstime fixture, with its text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceSpec } from '../../server/src/protocol';

/** The fixture's text and lines, and one slice spec of each kind over it. */
export function fixtureSlices(): { text: string; fullLines: string[]; specs: SliceSpec[] } {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp2-proc-abstime-head.trace'), 'utf8');
  const fullLines = text.split('\n');
  const stamps = fullLines.map((l) => /(\d+\.\d{6}) \|/.exec(l)?.[1]).filter((x): x is string => x !== undefined).map(Number);
  const entry = fullLines.findIndex((l, i) => i > 200 && l.endsWith('{'));
  const specs: SliceSpec[] = [
    { kind: 'call', line: entry }, { kind: 'task', pid: 15 }, { kind: 'cpu', cpu: 0 }, { kind: 'window', fromTs: stamps[100], toTs: stamps[220] },
  ];
  return { text, fullLines, specs };
}
