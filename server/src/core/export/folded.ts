// Writes a trace as folded stacks (`a;b;c N`, N the self time in ns of that call path), the input of FlameGraph, inferno and speedscope.
import type { TraceModel } from '../model/model';
import { ChunkBuffer } from './chunks';

/** Call paths merged: a tree of distinct paths with their summed self time. */
export interface PathTree {
  /** Parent path node, -1 for top-level paths. */
  readonly parent: Int32Array;
  /** Name id of the last frame (-1 when unknown). */
  readonly name: Int32Array;
  /** Summed self time of the calls on exactly this path, ns (negative self times count as 0). */
  readonly selfNs: Float64Array;
  /** Number of path nodes. */
  readonly count: number;
}

/**
 * Merges identical call paths (from the top-level call down, by name) over all CPUs and tasks.
 * Calls with an unknown self time add nothing but still carry their children's paths.
 */
export function mergePaths(model: TraceModel): PathTree {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, parent: parentOf, name: nameOf, selfNs: selfOf } = c;
  const n = model.callCount;
  const width = model.names.length + 1;
  const index = new Map<number, number>();
  let parent = new Int32Array(Math.max(16, n));
  let name = new Int32Array(parent.length);
  let selfNs = new Float64Array(parent.length);
  let count = 0;
  const nodeOf = new Int32Array(n);
  const stack: number[] = [];
  for (let root = 0; root < n; root++) {
    if (parentOf[root] >= 0) continue;
    stack.push(root);
    while (stack.length > 0) {
      const call = stack.pop()!;
      const p = parentOf[call];
      const pNode = p >= 0 ? nodeOf[p] : -1;
      const key = (pNode + 1) * width + (nameOf[call] + 1);
      let node = index.get(key);
      if (node === undefined) {
        if (count === parent.length) {
          parent = grow(parent);
          name = grow(name);
          selfNs = grow(selfNs);
        }
        node = count++;
        parent[node] = pNode;
        name[node] = nameOf[call];
        index.set(key, node);
      }
      nodeOf[call] = node;
      const s = selfOf.at(call);
      if (s > 0) selfNs[node] += s;
      for (let k = childStart[call + 1] - 1; k >= childStart[call]; k--) stack.push(childList[k]);
    }
  }
  return { parent: parent.subarray(0, count), name: name.subarray(0, count), selfNs: selfNs.subarray(0, count), count };
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A frame name as folded text: `;` separates frames and a line break ends the line, so both become `_`. */
export function foldedFrame(name: string): string {
  return name.replace(/[;\r\n]/g, '_');
}

/**
 * Folded stacks of `model`, in chunks of about 64 K characters: one line per distinct call path
 * with a self time of at least 1 ns, `frame;frame;frame N`, N the summed self time in whole ns.
 * Frames are names as printed (`sym [module]`), `?` when unknown.
 */
export function* foldedChunks(model: TraceModel): Generator<string, void, undefined> {
  const t = mergePaths(model);
  const frames = model.names.map(foldedFrame);
  // Children lists of the path tree (CSR), in creation order.
  const start = new Int32Array(t.count + 2);
  for (let i = 0; i < t.count; i++) start[t.parent[i] + 2]++;
  for (let i = 2; i < start.length; i++) start[i] += start[i - 1];
  const list = new Int32Array(t.count);
  const fill = start.slice(0, t.count + 1);
  for (let i = 0; i < t.count; i++) list[fill[t.parent[i] + 1]++] = i;
  // start[p + 1] .. start[p + 2] are the children of node p (p = -1: the top-level paths).
  const out = new ChunkBuffer();
  const path: string[] = [];
  const stack: number[] = [];
  const next: number[] = [];
  const enterChildren = (p: number): void => {
    stack.push(p);
    next.push(start[p + 1]);
  };
  enterChildren(-1);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const p = stack[top];
    if (next[top] < start[p + 2]) {
      const node = list[next[top]++];
      path.push(t.name[node] >= 0 ? frames[t.name[node]] : '?');
      const ns = Math.round(t.selfNs[node]);
      if (ns >= 1) out.push(`${path.join(';')} ${ns}\n`);
      if (out.full) yield out.take();
      enterChildren(node);
      continue;
    }
    stack.pop();
    next.pop();
    path.pop();
  }
  const rest = out.take();
  if (rest !== '') yield rest;
}
