// Cuts a part of a trace (a call, a task, a CPU, a time window) into a smaller trace text with its header lines and a line map back to the full trace.
import type { LineSource } from './lineSource';
import type { TraceModel } from './model';
import { headerLines, resolveSelection, type SliceSelection } from './sliceSelect';

/** Size limits of a slice (lines include the header lines and the cut note). */
export interface SliceLimits {
  readonly maxLines: number;
  /** UTF-8 bytes, line breaks included. */
  readonly maxBytes: number;
}

/** VS Code's large-file thresholds: a slice below both keeps colors, folding and inlay hints. */
export const DEFAULT_SLICE_LIMITS: SliceLimits = { maxLines: 300_000, maxBytes: 20 * 1024 * 1024 };

/** A slice: text, line map and where it was cut. Lines are 0-based. */
export interface TraceSlice {
  /** The slice text, LF line breaks, ending with one. */
  readonly text: string;
  /** Number of lines of `text`. */
  readonly lines: number;
  /** UTF-8 bytes of `text`. */
  readonly bytes: number;
  /** Runs as flat triples `[sliceLine, fullLine, length, …]`, ascending in both columns. */
  readonly lineMap: number[];
  /** Slice line of the call's entry (call slices) or of the first selected line. */
  readonly focusLine: number;
  readonly title: string;
  /** Null when complete; else why it was cut, how many selected lines were left out (null when not counted) and the first of them. */
  readonly truncated: { readonly reason: 'lines' | 'bytes'; readonly omittedLines: number | null; readonly firstOmittedLine: number } | null;
}

/** UTF-8 length of `s` (lone surrogates count 3, as the encoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair: 2 UTF-16 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Room kept for the note line that says where the slice was cut. */
const NOTE_BYTES = 400;

/**
 * The slice of `model` (whose text `source` gives) that `sel` selects, within `limits`: the
 * trace's header lines, then the selected lines in trace order. When the limits cut it, the text
 * ends with a `# ftrace-lens:` line saying so. Returns a message for people when `sel` selects
 * nothing. A call slice holds the call's entry and exit and every line of its subtree, so its
 * inclusive and self times are those of the full trace.
 */
export function sliceTrace(model: TraceModel, source: LineSource, sel: SliceSelection, limits: SliceLimits): TraceSlice | string {
  const s = resolveSelection(model, source, sel);
  if (typeof s === 'string') return s;
  const out: string[] = [];
  const map: number[] = [];
  let bytes = 0;
  const push = (full: number, text: string): void => {
    const at = out.length;
    out.push(text);
    bytes += utf8Length(text) + 1;
    if (full < 0) return;
    const k = map.length - 3;
    if (k >= 0 && map[k] + map[k + 2] === at && map[k + 1] + map[k + 2] === full) map[k + 2]++;
    else map.push(at, full, 1);
  };
  const headers = headerLines(model);
  for (let l = 0; l < headers; l++) push(l, source.text(l));
  const maxLines = Math.max(headers + 2, limits.maxLines) - 1;
  const maxBytes = Math.max(bytes + 2 * NOTE_BYTES, limits.maxBytes) - NOTE_BYTES;
  let focus = -1;
  let cut: TraceSlice['truncated'] = null;
  let l = Math.max(s.first, headers);
  for (; l <= s.last && !s.ended(); l++) {
    if (!s.take(l)) continue;
    const text = source.text(l);
    const size = utf8Length(text) + 1;
    if (out.length >= maxLines || bytes + size > maxBytes) {
      cut = { reason: out.length >= maxLines ? 'lines' : 'bytes', omittedLines: null, firstOmittedLine: l };
      break;
    }
    // The first selected line: the call's entry line for a call slice.
    if (focus < 0) focus = out.length;
    push(l, text);
  }
  if (cut !== null) {
    let omitted: number | null = null;
    if (!s.readsText) {
      omitted = 0;
      for (; l <= s.last; l++) if (s.take(l)) omitted++;
    }
    const limit = cut.reason === 'lines' ? `${limits.maxLines.toLocaleString('en-US')} lines` : `${(limits.maxBytes / 1048576).toFixed(0)} MB`;
    const rest = omitted === null ? 'the rest of the selection' : `${omitted.toLocaleString('en-US')} more selected lines`;
    cut = { ...cut, omittedLines: omitted };
    push(-1, `# ftrace-lens: slice cut at ${limit} (so that VS Code keeps colors and folding): ${rest}, from line ${(cut.firstOmittedLine + 1).toLocaleString('en-US')} of the full trace, not shown`);
  }
  if (out.length === headers) return `nothing selected: ${s.title} has no lines`;
  return {
    text: out.join('\n') + '\n',
    lines: out.length,
    bytes,
    lineMap: map,
    focusLine: focus < 0 ? headers : focus,
    title: s.title,
    truncated: cut,
  };
}
