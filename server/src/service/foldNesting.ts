// Which call folds survive in VS Code: folds must nest, so where calls of different CPUs cross, on-CPU work wins over the idle task and calls that slept.

/**
 * Marks the folds to offer so that no two cross (each pair nests or is disjoint), given candidate
 * folds in increasing order of their first line: `start[i]`..`end[i]` (0-based lines, `end[i] >
 * start[i]`). VS Code keeps only nested folds: of two that cross it drops the one that starts later
 * (`FoldingRegions.sanitizeAndMerge`). In a multi-CPU trace the lines of the CPUs interleave, so a
 * call that spans many lines (the idle loop, a task asleep in `schedule()`) crosses the calls other
 * CPUs run meanwhile, and the slow calls people want to fold lost their fold. Here folds with
 * `low[i] === 0` (on-CPU work) are chosen first, with VS Code's rule among themselves; then a low
 * fold (`low[i] === 1`: idle, or slept inside) is kept only when it crosses no kept fold.
 * Returns 1 per kept fold. Linear passes plus a segment tree (O(n log n)).
 */
export function nestingFolds(start: Int32Array, end: Int32Array, low: Uint8Array): Uint8Array {
  const n = start.length;
  const keep = new Uint8Array(n);
  // Pass 1: on-CPU work alone, as VS Code would nest it.
  const stack = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    if (low[i] === 1) continue;
    while (top > 0 && end[stack[top - 1]] < start[i]) top--;
    if (top > 0 && end[stack[top - 1]] < end[i]) continue;
    keep[i] = 1;
    stack[top++] = i;
  }
  // The kept work folds in start order, with a max-of-ends segment tree: does one start inside a
  // low fold and end after it?
  let m = 0;
  for (let i = 0; i < n; i++) if (keep[i] === 1) m++;
  const starts = new Int32Array(m);
  const tree = new Int32Array(2 * m).fill(-1);
  for (let i = 0, k = 0; i < n; i++) {
    if (keep[i] !== 1) continue;
    starts[k] = start[i];
    tree[m + k] = end[i];
    k++;
  }
  for (let k = m - 1; k >= 1; k--) tree[k] = Math.max(tree[2 * k], tree[2 * k + 1]);
  const maxEnd = (lo: number, hi: number): number => {
    let r = -1;
    for (lo += m, hi += m; lo < hi; lo >>= 1, hi >>= 1) {
      if ((lo & 1) === 1) r = Math.max(r, tree[lo++]);
      if ((hi & 1) === 1) r = Math.max(r, tree[--hi]);
    }
    return r;
  };
  /** First index of `starts` greater than `line`. */
  const after = (line: number): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Pass 2: every fold in start order, one stack of the kept ones (work and low).
  top = 0;
  for (let i = 0; i < n; i++) {
    if (low[i] === 0 && keep[i] === 0) continue;
    while (top > 0 && end[stack[top - 1]] < start[i]) top--;
    if (low[i] === 1) {
      // It must nest in the kept fold around its start, and no kept work fold may start inside it and end after it.
      if (top > 0 && end[stack[top - 1]] < end[i]) continue;
      if (maxEnd(after(start[i]), after(end[i])) > end[i]) continue;
      keep[i] = 1;
    }
    stack[top++] = i;
  }
  return keep;
}

/**
 * True when two of the folds `start[i]`..`end[i]` (in increasing order of their first line) cross:
 * then {@link nestingFolds} has to choose, and needs to know which folds are on-CPU work. When
 * none cross every fold is kept, whatever its kind (one stack pass, linear).
 */
export function foldsCross(start: Int32Array, end: Int32Array): boolean {
  const n = start.length;
  const stack = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    while (top > 0 && end[stack[top - 1]] < start[i]) top--;
    if (top > 0 && end[stack[top - 1]] < end[i]) return true;
    stack[top++] = i;
  }
  return false;
}
