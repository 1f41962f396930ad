// Checks shared by the unit and corpus tests of task runs: ranges nest, and every line's innermost node is its own call's path.
import assert from 'node:assert/strict';
import { LineKind, ownerKey, pathToRoot, taskRuns, type TraceModel } from '../../server/src/core/index';

/**
 * Asserts the run forest's invariants on `model`: runs cover disjoint stretches in line order;
 * each node lies inside its parent and after its previous sibling; on every line that belongs to
 * a call, the chain of nodes that contain the line is exactly that call's path from its root
 * (so the innermost is the call itself and every node is of the line's own task).
 */
export function assertRunInvariants(model: TraceModel, what: string): void {
  const r = taskRuns(model);
  let prevRunLast = -1;
  const lastChildEnd = new Int32Array(r.count).fill(-1);
  for (let k = 0; k < r.count; k++) {
    const p = r.parent[k];
    assert.ok(r.first[k] <= r.last[k], `${what}: node ${k} empty`);
    if (p < 0) {
      assert.ok(r.first[k] > prevRunLast, `${what}: run ${k} overlaps the previous run`);
      prevRunLast = r.last[k];
      continue;
    }
    assert.ok(r.first[p] <= r.first[k] && r.last[k] <= r.last[p], `${what}: node ${k} (${r.first[k]}-${r.last[k]}) outside its parent (${r.first[p]}-${r.last[p]})`);
    assert.ok(r.first[k] > lastChildEnd[p], `${what}: node ${k} overlaps its previous sibling`);
    lastChildEnd[p] = r.last[k];
    assert.equal(r.depth[k], r.depth[p] + 1);
  }
  // Per line: the containing chain (nodes in pre-order; keep a stack of the open ones).
  const stack: number[] = [];
  let k = 0;
  for (let line = 0; line < model.lineCount; line++) {
    while (stack.length > 0 && r.last[stack[stack.length - 1]] < line) stack.pop();
    while (k < r.count && r.first[k] <= line) {
      while (stack.length > 0 && r.last[stack[stack.length - 1]] < r.first[k]) stack.pop();
      stack.push(k++);
    }
    while (stack.length > 0 && r.last[stack[stack.length - 1]] < line) stack.pop();
    const owner = model.lineCall.at(line);
    if (owner < 0) continue;
    const chain = stack.map((n) => r.call[n]);
    assert.equal(chain[0], -1, `${what}: line ${line + 1} is in no run`);
    const run = stack[0];
    // A run starts at its first call line, or at the context-switch line of the banner that switches to its task.
    let at = r.first[run];
    if (model.lineCall.at(at) < 0) {
      assert.equal(model.lineKinds[at], LineKind.ContextSwitch, `${what}: run ${run} starts on line ${at + 1}, neither a call line nor a switch`);
      const b = model.banners?.at(at);
      assert.ok(b, `${what}: run ${run} starts on line ${at + 1}, a switch line without a banner`);
      assert.equal(b.nextPid > 0 ? b.nextPid : -1 - 2 * (b.cpu + 1), ownerKey(model, owner), `${what}: line ${line + 1}: its run starts at a switch to another task`);
      while (model.lineCall.at(at) < 0) at++;
    }
    assert.equal(ownerKey(model, model.lineCall.at(at)), ownerKey(model, owner), `${what}: line ${line + 1} in another task's run`);
    assert.deepEqual(chain.slice(1), pathToRoot(model, owner), `${what}: line ${line + 1}`);
  }
}
