// How views name a document's lines: `line 12` in a trace, `line 1,235 of the full trace` in a slice (through its line map).
import { mapSliceLine, type LineMap } from '../../../server/src/protocol';

/** Names 0-based lines of one document for people (1-based, and of the full trace in a slice). */
export interface LineNames {
  /** `line 13`; in a slice `line 1,236 of the full trace`, or `slice line 2` for a line the slice added. */
  line(line: number): string;
  /** `line 13–20` (`line 13` without an end); in a slice `lines 1,236–1,290 of the full trace` (one line named once). */
  lines(first: number, end: number | null): string;
}

/** Names of an ordinary document (or a full trace): its own 1-based line numbers, unchanged. */
export const PLAIN_LINE_NAMES: LineNames = {
  line: (line) => `line ${line + 1}`,
  lines: (first, end) => `line ${first + 1}${end !== null ? `–${end + 1}` : ''}`,
};

const count = (n: number): string => (n + 1).toLocaleString('en-US');

/**
 * Names of a slice whose lines map to the full trace by `map` (runs `[sliceLine, fullLine, length, …]`);
 * a line the slice added (its header comment, a cut note) keeps its slice number, said so.
 */
export function sliceLineNames(map: LineMap): LineNames {
  const full = (line: number): number | null => (Number.isInteger(line) && line >= 0 ? mapSliceLine(map, line) : null);
  return {
    line: (line) => {
      const f = full(line);
      return f === null ? `slice line ${count(line)}` : `line ${count(f)} of the full trace`;
    },
    lines: (first, end) => {
      const f = full(first);
      const e = end === null || end === first ? null : full(end);
      if (f === null) return `slice line${end !== null && end !== first ? `s ${count(first)}–${count(end)}` : ` ${count(first)}`}`;
      return e === null ? `line ${count(f)} of the full trace` : `lines ${count(f)}–${count(e)} of the full trace`;
    },
  };
}

/** The names for a document: a slice's when its line map is known, else its own numbers. */
export function lineNamesOf(map: LineMap | undefined): LineNames {
  return map === undefined ? PLAIN_LINE_NAMES : sliceLineNames(map);
}
