// Reference for the interrupt columns: each outermost interrupt call found by walking up its callers, its time added to every caller; compared with the per-model pass.
import assert from 'node:assert/strict';
import { beginsInterrupt, callInterrupts, enclosingInterrupt, interruptNs, type TraceModel } from '../../server/src/core/index';

/**
 * For every call: interruptNs equals the sum of the inclusive times of the outermost calls that
 * begin an interrupt (no caller of theirs begins one) in its subtree, found by walking up from each
 * such call; enclosingInterrupt is the outermost one above (or at) it; callInterrupts agrees with
 * interruptNs. Returns the number of outermost interrupt calls.
 */
export function assertInterrupts(model: TraceModel, label: string): number {
  const n = model.callCount;
  const { parent, inclusiveNs } = model.calls;
  const want = new Float64Array(n);
  const outermostAbove = new Int32Array(n).fill(-1);
  let roots = 0;
  for (let id = 0; id < n; id++) {
    if (!beginsInterrupt(model, id)) continue;
    let outer = true;
    for (let p = parent[id]; p >= 0 && outer; p = parent[p]) outer = !beginsInterrupt(model, p);
    if (!outer) continue;
    roots++;
    const t = inclusiveNs.at(id);
    for (let p = parent[id]; p >= 0; p = parent[p]) if (t === t) want[p] += t;
  }
  // The outermost interrupt call above each call, by walking up from it.
  for (let id = 0; id < n; id++) {
    for (let p = id; p >= 0; p = parent[p]) if (beginsInterrupt(model, p)) outermostAbove[id] = p;
  }
  for (let id = 0; id < n; id++) {
    assert.equal(interruptNs(model, id), want[id], `${label}: interrupt time of call ${id}`);
    assert.equal(enclosingInterrupt(model, id), outermostAbove[id], `${label}: interrupt call ${id} runs in`);
    if (want[id] > 0) assert.equal(callInterrupts(model, id).ns, want[id], `${label}: callInterrupts of call ${id}`);
  }
  return roots;
}
