// CPU numbers past the per-CPU caches (cpuCaches.ts) take the uncached steps, and those past the caches' first length grow them: the same fixtures with every CPU number raised give the same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, type TraceModel } from '../../server/src/core/index';
import { FIRST_LANES, LANES } from '../../server/src/core/build/cpuCaches';
import { firstDifference } from './sameModel';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/**
 * `text` with every CPU number in the CPU column (` 2) ...`) and in banners (` 2)    cat-4321 => ...`) raised by `by`.
 * A line that starts with a number and `)` is one of those in these fixtures (the no-cpu one has them in banners only).
 */
function raiseCpus(text: string, by: number): string {
  return text.replace(/^( *)(\d{1,4})\)/gm, (_, pad: string, n: string) => `${pad}${Number(n) + by})`);
}

function calls(m: TraceModel): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const col of ['entryLine', 'parent', 'depth', 'pid', 'name', 'flags'] as const) out[col] = Array.from(m.calls[col].subarray(0, m.callCount));
  out.exitLine = Array.from({ length: m.callCount }, (_, i) => m.calls.exitLine.at(i));
  out.inclusiveNs = Array.from({ length: m.callCount }, (_, i) => m.calls.inclusiveNs.at(i));
  return out;
}

for (const file of ['01-kernel-default-6x.trace', 'k61-smp4-default-head.trace', '07-kernel-bare-nocpu-noduration.trace', 'k61-smp2-no-duration-head.trace', 'k61-smp2-task-dead.trace']) {
  test(`${file}: CPU numbers raised across the caches' first length (${FIRST_LANES}), across and past their last (${LANES}) give the calls of the original`, () => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const base = parseTrace(text);
    assert.ok(base.callCount > 0);
    // Across FIRST_LANES (the caches grow mid-trace), far above it, across LANES, past it.
    for (const by of [FIRST_LANES - 2, 3000, LANES - 2, 9000]) {
      const raised = raiseCpus(text, by);
      assert.notEqual(raised, text, 'the fixture names CPUs');
      const m = parseTrace(raised);
      assert.equal(m.callCount, base.callCount, `+${by}: callCount`);
      const a = calls(base);
      const b = calls(m);
      for (const col of Object.keys(a)) assert.equal(firstDifference(a[col], b[col]), -1, `+${by}: calls.${col}`);
      for (let id = 0; id < m.callCount; id++) {
        const cpu = base.calls.cpu[id];
        if (m.calls.cpu[id] !== (cpu < 0 ? cpu : cpu + by)) assert.fail(`+${by}: call ${id} on CPU ${m.calls.cpu[id]}, was ${cpu}`);
      }
      assert.deepEqual(m.cpus.map((c) => c - by), [...base.cpus], `+${by}: cpus`);
    }
  });
}
