// A call's enclosing calls, bounded: the innermost few and the top-level call, found by a loop (never recursion).
import type { TraceModel } from '../core/index';

/** The nearest ancestors of a call, and its top-level call. */
export interface Ancestry {
  /** At most `max` calls ending with the call itself, outermost first (the top-level call first when `complete`). */
  readonly path: readonly number[];
  /** The top-level call (the call itself when it has no parent). */
  readonly root: number;
  /** True when `path` reaches the top-level call. */
  readonly complete: boolean;
}

/**
 * The call `id` and its nearest enclosing calls, at most `max` of them, plus its top-level call.
 * O(depth) time (a walk up the parent column, at most `callCount` steps), O(max) memory.
 */
export function ancestry(model: TraceModel, id: number, max: number): Ancestry {
  const parent = model.calls.parent;
  const path: number[] = [];
  let root = id;
  for (let c = id, steps = 0; c >= 0 && steps <= model.callCount; c = parent[c], steps++) {
    if (path.length < max) path.push(c);
    root = c;
  }
  path.reverse();
  return { path, root, complete: path.length > 0 && path[0] === root };
}
