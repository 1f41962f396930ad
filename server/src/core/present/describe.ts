// Describes one line with its kind and named column spans (for hovers, tests and tools).
import { LineFields } from '../parse/lineFields';
import { LINE_KIND_NAMES, SPAN_KIND_NAMES, type LineKind } from '../parse/lineKinds';
import { parseLine } from '../parse/lineParser';

/** One column span of a line: 0-based UTF-16 columns [start, end). */
export interface LineSpan {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A line's classification, its numbers and its spans. */
export interface LineDescription {
  readonly kind: LineKind;
  readonly kindName: string;
  readonly cpu: number;
  readonly pid: number;
  readonly depth: number;
  /** Printed duration in ns, -1 when none. */
  readonly durationNs: number;
  readonly spans: readonly LineSpan[];
}

/**
 * Parses a single line (without its line break). `inComment` says the line before opened a
 * multi-line comment. Never throws.
 */
export function describeLine(line: string, inComment = false): LineDescription {
  const f = new LineFields();
  f.spans = [];
  parseLine(line, 0, line.length, f, inComment);
  const spans: LineSpan[] = [];
  const raw = f.spans;
  if (f.normalised === null) {
    for (let i = 0; i < raw.length; i += 3) {
      spans.push({ kind: SPAN_KIND_NAMES[raw[i]], start: raw[i + 1], end: raw[i + 2], text: line.slice(raw[i + 1], raw[i + 2]) });
    }
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  return {
    kind: f.kind,
    kindName: LINE_KIND_NAMES[f.kind],
    cpu: f.cpu,
    pid: f.pid,
    depth: f.depth,
    durationNs: f.durationNs,
    spans,
  };
}
