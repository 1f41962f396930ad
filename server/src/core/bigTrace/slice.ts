// Cuts a part of a trace (a call, a task, a CPU, a time window) into a smaller trace text with its header lines and a line map back to the full trace.
import type { LineSource } from './lineSource';
import type { TraceModel } from '../model/model';
import { headerLines, resolveSelection, type SliceSelection } from './sliceSelect';
import { Take } from './sliceTake';

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
  /** Runs as flat triples `[sliceLine, fullLine, length, …]`, ascending in both columns; the notes the slice adds are in none. */
  readonly lineMap: number[];
  /** Slice line of the call's entry (its exit when the entry is missing) for call slices, else of the first selected line. */
  readonly focusLine: number;
  readonly title: string;
  /** Null when complete; else why it was cut, how many selected lines were left out (the calls' lines; null when not counted) and the first line left out. */
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
/** Room kept for the header comment (bytes). */
const COMMENT_BYTES = 4096;
/** Prefix of the lines a slice adds (header comment, cut note); they map to no full-trace line. */
export const SLICE_NOTE_PREFIX = '# ftrace-lens: ';
/** Runs of the line map listed in the header comment; past this the comment gives the span only. */
const LISTED_RUNS = 6;

const num = (n: number): string => n.toLocaleString('en-US');

/** The header comment line saying which full-trace lines the slice lines are (1-based for people). */
function mappingNote(bodyMap: readonly number[], offset: number): string {
  const runs = bodyMap.length / 3;
  if (runs === 0) return 'no line of the full trace';
  const span = (a: number, n: number): string => (n === 1 ? num(a + 1) : `${num(a + 1)}–${num(a + n)}`);
  if (runs <= LISTED_RUNS) {
    const parts: string[] = [];
    for (let k = 0; k < bodyMap.length; k += 3) parts.push(`${span(bodyMap[k] + offset, bodyMap[k + 2])} ${bodyMap[k + 2] === 1 ? 'is' : 'are'} ${span(bodyMap[k + 1], bodyMap[k + 2])}`);
    return `line numbers: slice line${bodyMap.length === 3 && bodyMap[2] === 1 ? '' : 's'} ${parts.join('; ')} of the full trace (a line's hover gives its full-trace line)`;
  }
  const lastRun = bodyMap.length - 3;
  return `line numbers: the slice's lines come from lines ${num(bodyMap[1] + 1)}–${num(bodyMap[lastRun + 1] + bodyMap[lastRun + 2])} of the full trace in ${num(runs)} runs (a line's hover gives its full-trace line)`;
}

/**
 * The slice of `model` (whose text `source` gives) that `sel` selects, within `limits`: the
 * trace's header lines, a header comment (`# ftrace-lens: ` lines: what the slice is, what it
 * kept and why, which full-trace lines it holds), then the selected lines in trace order. When
 * the limits cut it, the text ends with a `# ftrace-lens:` line saying so. Returns a message for
 * people when `sel` selects nothing. A call slice holds the call's subtree and the task switches
 * its on-CPU analysis needs, so its inclusive, self, on-CPU and off-CPU times are those of the
 * full trace.
 */
export function sliceTrace(model: TraceModel, source: LineSource, sel: SliceSelection, limits: SliceLimits): TraceSlice | string {
  const s = resolveSelection(model, source, sel);
  if (typeof s === 'string') return s;
  const headers = headerLines(model);
  const head: string[] = [];
  let bytes = 0;
  for (let l = 0; l < headers; l++) {
    head.push(source.text(l));
    bytes += utf8Length(head[l]) + 1;
  }
  // The body's lines and its map with slice lines counted from the body's first line.
  const body: string[] = [];
  const map: number[] = [];
  /** Adds line `full` of the trace, `text`, which takes `size` bytes with its line break. */
  const push = (full: number, text: string, size: number): void => {
    const at = body.length;
    body.push(text);
    bytes += size;
    const k = map.length - 3;
    if (k >= 0 && map[k] + map[k + 2] === at && map[k + 1] + map[k + 2] === full) map[k + 2]++;
    else map.push(at, full, 1);
  };
  // Notes: the title, what was kept (a fixed number of sentences), where it was cut, the line numbers.
  const notesIfCut = 3 + s.describe({ selected: 0, context: 0 }).length;
  const maxBody = Math.max(1, limits.maxLines - headers - notesIfCut - 1);
  const maxBytes = Math.max(bytes + 2 * NOTE_BYTES + COMMENT_BYTES, limits.maxBytes) - NOTE_BYTES - COMMENT_BYTES;
  let focus = -1;
  let cut: TraceSlice['truncated'] = null;
  let selected = 0;
  let context = 0;
  let l = Math.max(s.first, headers);
  for (; l <= s.last && !s.ended(); l++) {
    if (s.skip !== undefined && (l = s.skip(l)) > s.last) break;
    const how = s.take(l);
    if (how === Take.No) continue;
    const text = source.text(l);
    const size = utf8Length(text) + 1;
    if (body.length >= maxBody || bytes + size > maxBytes) {
      cut = { reason: body.length >= maxBody ? 'lines' : 'bytes', omittedLines: null, firstOmittedLine: l };
      break;
    }
    if (l === s.focus || (focus < 0 && s.focus < 0 && how === Take.Selected)) focus = body.length;
    if (how === Take.Selected) selected++;
    else context++;
    push(l, text, size);
  }
  if (body.length === 0 && cut === null) return `nothing selected: ${s.title} has no lines`;
  const comment = [`slice of the full trace: ${s.title}`, ...s.describe({ selected, context })];
  const mapped = map.slice();
  if (cut !== null) {
    let omitted: number | null = null;
    if (!s.readsText) {
      omitted = 0;
      // The selected lines only (no line text read; the context lines next to them are not counted).
      if (s.countSelected !== undefined) omitted = s.countSelected(l, s.last);
      else for (; l <= s.last; l++) if (s.selects(l)) omitted++;
    }
    const limit = cut.reason === 'lines' ? `${num(limits.maxLines)} lines` : `${(limits.maxBytes / 1048576).toFixed(0)} MB`;
    const rest = omitted === null ? 'the rest of the selection' : `${num(omitted)} more selected lines`;
    cut = { ...cut, omittedLines: omitted };
    comment.push(`cut at ${limit} so that VS Code keeps colors and folding: ${rest}, from line ${num(cut.firstOmittedLine + 1)} of the full trace, not shown (the last line says so too)`);
    body.push(`${SLICE_NOTE_PREFIX}slice cut at ${limit} (so that VS Code keeps colors and folding): ${rest}, from line ${num(cut.firstOmittedLine + 1)} of the full trace, not shown`);
    bytes += utf8Length(body[body.length - 1]) + 1;
  }
  // The mapping note counts slice lines from the body's first line: headers, the comment and itself before it.
  comment.push(mappingNote(mapped, headers + comment.length + 1));
  const notes = comment.map((c) => SLICE_NOTE_PREFIX + c);
  for (const n of notes) bytes += utf8Length(n) + 1;
  const start = headers + notes.length;
  const lineMap: number[] = headers > 0 ? [0, 0, headers] : [];
  for (let k = 0; k < mapped.length; k += 3) lineMap.push(mapped[k] + start, mapped[k + 1], mapped[k + 2]);
  return {
    text: [...head, ...notes, ...body].join('\n') + '\n',
    lines: headers + notes.length + body.length,
    bytes,
    lineMap,
    focusLine: start + (focus < 0 ? 0 : focus),
    title: s.title,
    truncated: cut,
  };
}
