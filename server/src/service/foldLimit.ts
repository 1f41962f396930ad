// Which folds to offer when a trace has more than the editor's folding limit: a fold control on every screenful of lines, then the outermost folds.

/**
 * Lines of the shortest screen in which {@link limitFolds} keeps a fold control wherever the trace
 * starts a fold (an editor 900 px tall shows about 40 lines of 19 px).
 */
export const SCREEN_LINES = 32;

/**
 * Marks (1) one fold in every stretch of `screen` lines that starts a fold, preferring the outermost
 * (lowest `rank`, then the first): walking in line order from the last marked start `k`, the next
 * one is chosen among the starts from the first one after `k` to `k + screen` (a stretch of
 * `screen` lines after `k` that holds a start then holds the marked one), among those at least
 * `screen / 2` lines past `k` when there are any (so marked starts are that far apart: at most
 * about 4 per `screen` lines), else the farthest. Each start is looked at no more than twice:
 * linear. Returns the number marked.
 */
function markScreens(start: Int32Array, rank: Int32Array, screen: number, keep: Uint8Array): number {
  const n = start.length;
  const half = Math.max(1, screen >> 1);
  let marked = 0;
  let k = -1;
  let i = 0;
  while (i < n) {
    const p = start[i];
    const hi = Math.max(p, k + screen);
    const lo = Math.max(p, k + half);
    let best = -1;
    let last = i;
    for (let j = i; j < n && start[j] <= hi; j++) {
      last = j;
      if (start[j] >= lo && (best < 0 || rank[j] < rank[best])) best = j;
    }
    const q = best >= 0 ? best : last;
    keep[q] = 1;
    marked++;
    k = start[q];
    i = q + 1;
    while (i < n && start[i] <= k) i++;
  }
  return marked;
}

/**
 * Chooses at most `limit` of the folds starting on lines `start[i]` (0-based, increasing), whose
 * `rank[i]` says how far in each is (0, or below: outermost). All of them when they fit. Else: first, in
 * every stretch of `screen` lines (default {@link SCREEN_LINES}) that starts a fold, at least one,
 * the outermost there, so a fold control shows wherever a person looks; `screen` doubles until these
 * take at most half of `limit`. Then the rest of `limit` goes to the outermost of the others
 * (rank 0 first; at the last rank that fits in part, the first in line order). Any subset of folds
 * that nest or are disjoint nests or is disjoint too. Returns 1 per chosen fold; exactly
 * `min(limit, n)` are chosen. Linear passes (a doubling of `screen` repeats one).
 */
export function limitFolds(start: Int32Array, rank: Int32Array, limit: number, screen = SCREEN_LINES): Uint8Array {
  const n = start.length;
  const keep = new Uint8Array(n);
  if (!(n > limit)) return keep.fill(1);
  const max = Math.floor(limit);
  if (!(max > 0)) return keep;
  // Screens first, with at most half the limit (at least one fold); a screen past twice the last
  // start marks a single fold, so the doubling ends.
  const cap = Math.max(1, max >> 1);
  let h = Math.max(2, Math.floor(screen) || SCREEN_LINES);
  let marked = markScreens(start, rank, h, keep);
  while (marked > cap) {
    keep.fill(0);
    h *= 2;
    marked = markScreens(start, rank, h, keep);
  }
  // The outermost of the others: the number of unmarked folds per rank, then the deepest rank that still fits.
  const r = new Int32Array(n);
  let deepest = 0;
  for (let i = 0; i < n; i++) {
    r[i] = rank[i] > 0 ? rank[i] : 0;
    if (r[i] > deepest) deepest = r[i];
  }
  const perRank = new Int32Array(deepest + 1);
  for (let i = 0; i < n; i++) if (keep[i] === 0) perRank[r[i]]++;
  let room = max - marked;
  let cut = deepest + 1;
  for (let l = 0; l <= deepest; l++) {
    if (perRank[l] > room) {
      cut = l;
      break;
    }
    room -= perRank[l];
  }
  for (let i = 0; i < n; i++) {
    if (keep[i] === 1 || r[i] > cut) continue;
    if (r[i] === cut) {
      if (room <= 0) continue;
      room--;
    }
    keep[i] = 1;
  }
  return keep;
}
