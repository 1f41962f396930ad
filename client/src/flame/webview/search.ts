// The Flame Graph's search: which function names match, and how many calls and how much time match (nested matches counted once).
import type { Trace } from './trace';

/** What a search matches. */
export interface SearchMatch {
  /** 1 at the name indexes that contain the query (case-insensitive). */
  readonly names: Uint8Array;
  /** Matching calls on the timeline. */
  readonly count: number;
  /** Inclusive time of the matching calls not nested in another match, ns. */
  readonly totalNs: number;
}

/** Matches query `q` (already trimmed and lower-cased, not empty) against the names of `trace`. */
export function searchTrace(trace: Trace, q: string): SearchMatch {
  const names = trace.names;
  const match = new Uint8Array(names.length);
  for (let k = 0; k < names.length; k++) if (names[k].toLowerCase().includes(q)) match[k] = 1;
  // Total: matching calls not nested in another match (no time counted twice).
  const b = trace.timeline;
  let count = 0;
  let total = 0;
  for (let i = 0; i < b.n;) {
    if (b.name[i] >= 0 && match[b.name[i]] === 1) {
      total += b.dur[i];
      for (let j = i; j < b.end[i]; j++) if (b.name[j] >= 0 && match[b.name[j]] === 1) count++;
      i = b.end[i];
    } else i++;
  }
  return { names: match, count, totalNs: total };
}
