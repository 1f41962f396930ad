// Lines inside a call's span that belong to it (its subtree, comments, arrows) versus other CPUs' or tasks' lines.
import { CallFlag, type TraceModel } from '../model/model';
import { openCallEnd } from './taskExit';

const ownCache = new WeakMap<TraceModel, Int32Array>();

/** Per call: how many lines its subtree owns (entry, exit, leaf, comment and arrow lines). O(lines + calls) once per model. */
function ownLines(model: TraceModel): Int32Array {
  const hit = ownCache.get(model);
  if (hit !== undefined) return hit;
  const n = model.callCount;
  const own = new Int32Array(n);
  for (let l = 0; l < model.lineCount; l++) {
    const c = model.lineCall.at(l);
    if (c >= 0) own[c]++;
  }
  // Children have larger ids than their parents except when an exit with a missing entry adopts
  // earlier calls; accumulate in an order that visits every child before its parent.
  const order = postOrder(model);
  for (const c of order) {
    const p = model.calls.parent[c];
    if (p >= 0) own[p] += own[c];
  }
  ownCache.set(model, own);
  return own;
}

/** Call ids with every child before its parent. */
function postOrder(model: TraceModel): Int32Array {
  const c = model.calls;
  const out = new Int32Array(model.callCount);
  let k = 0;
  // (call, next child index) pairs in stack[0, top): a top index, not the array's length (its
  // setter is a runtime call: most of this function's time on a 2M-call trace).
  const stack: number[] = [];
  const { childStart, childList } = c;
  for (let r = 0; r < model.callCount; r++) {
    if (c.parent[r] >= 0) continue;
    let top = 0;
    stack[top++] = r;
    stack[top++] = 0;
    while (top > 0) {
      const i = stack[top - 1];
      const id = stack[top - 2];
      const s = childStart[id];
      if (s + i < childStart[id + 1]) {
        stack[top - 1] = i + 1;
        stack[top++] = childList[s + i];
        stack[top++] = 0;
      } else {
        top -= 2;
        out[k++] = id;
      }
    }
  }
  return out;
}

/** First and last 0-based line of a call's span (last = first for leaves; open calls run to the end, or to their task's last line when it exited: openCallEnd). */
export function callSpan(model: TraceModel, call: number): { first: number; last: number } {
  const c = model.calls;
  const first = c.entryLine[call] >= 0 ? c.entryLine[call] : c.exitLine.at(call);
  const exit = c.exitLine.at(call);
  const last = exit >= 0 ? exit : (c.flags[call] & CallFlag.Open) !== 0 ? openCallEnd(model, call) : first;
  return { first, last };
}

/**
 * Per model, a mark per call for {@link foreignLines}: `2g + 1` judged inside the call of the g-th
 * count, `2g` outside, anything lower not judged in it (so the marks are never cleared). Four bytes
 * per call, made on the first hover (as the per-call counts it replaces were).
 */
const marksOf = new WeakMap<TraceModel, { marks: Int32Array; count: number }>();
const path: number[] = [];

/** Spans of more lines than this are counted from every call's own lines (ownLines, once per model) rather than line by line. */
export const SPAN_WALK_LINES = 65536;

/**
 * Lines of the call's span [first, last] that are not its own: other CPUs' or tasks' lines
 * interleaved with it (and, for a call whose entry is missing, nothing before its exit is counted).
 * A span of up to `walkLines` lines is counted alone: each line's call is followed up its callers
 * until this call, a caller already judged, or a root, and every call on the way is judged once, so
 * the count costs the span's lines and the calls in them, not the model's (counting every call's
 * own lines at once took 0.1 s on a 9 MB trace alone and 0.5 s in code-server, on the first
 * hover). A longer span takes those counts (once per model: a walk of a million lines took 50 ms).
 */
export function foreignLines(model: TraceModel, call: number, walkLines = SPAN_WALK_LINES): number {
  const { first, last } = callSpan(model, call);
  if (model.calls.entryLine[call] < 0) return 0;
  if (last - first >= walkLines) return Math.max(0, last - first + 1 - ownLines(model)[call]);
  let m = marksOf.get(model);
  if (m === undefined || m.count >= 0x3fffffff) marksOf.set(model, (m = { marks: new Int32Array(model.callCount), count: 0 }));
  const marks = m.marks;
  const outside = 2 * ++m.count;
  const inside = outside + 1;
  const parent = model.calls.parent;
  marks[call] = inside;
  let own = 0;
  for (let l = first; l <= last; l++) {
    let c = model.lineCall.at(l);
    if (c < 0) continue;
    let mark = marks[c];
    while (mark < outside) {
      path.push(c);
      c = parent[c];
      mark = c < 0 ? outside : marks[c];
    }
    for (let k = 0; k < path.length; k++) marks[path[k]] = mark;
    path.length = 0;
    if (mark === inside) own++;
  }
  return last - first + 1 - own;
}
