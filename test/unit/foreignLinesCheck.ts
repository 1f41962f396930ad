// Reference for foreignLines: every call's own lines counted over the whole model at once (the server's first implementation), compared with the per-call count.
import assert from 'node:assert/strict';
import { callSpan, foreignLines, type TraceModel } from '../../server/src/core/index';

/** Per call: the lines whose call is in its subtree, accumulated from children to parents. */
function ownLines(model: TraceModel): Int32Array {
  const n = model.callCount;
  const own = new Int32Array(n);
  for (let l = 0; l < model.lineCount; l++) {
    const c = model.lineCall.at(l);
    if (c >= 0) own[c]++;
  }
  // Deepest first: a call's ancestors all come later in this order.
  const depthOf = (c: number): number => {
    let d = 0;
    for (let p = model.calls.parent[c]; p >= 0; p = model.calls.parent[p]) d++;
    return d;
  };
  const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => depthOf(b) - depthOf(a));
  for (const c of order) {
    const p = model.calls.parent[c];
    if (p >= 0) own[p] += own[c];
  }
  return own;
}

/**
 * foreignLines of every call (every `step`-th) equals the span minus the subtree's lines, counted
 * line by line over the span and from the whole model's counts (a span past the walk limit).
 */
export function assertForeignLines(model: TraceModel, what: string, step = 1): void {
  const own = ownLines(model);
  let checked = 0;
  for (let c = 0; c < model.callCount; c += step) {
    const { first, last } = callSpan(model, c);
    const want = model.calls.entryLine[c] < 0 ? 0 : Math.max(0, last - first + 1 - own[c]);
    assert.equal(foreignLines(model, c, Infinity), want, `${what}: call ${c}, walked`);
    assert.equal(foreignLines(model, c, 0), want, `${what}: call ${c}, from the model's counts`);
    checked++;
  }
  assert.ok(checked > 0 || model.callCount === 0);
}
