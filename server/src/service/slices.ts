// ftrace/slice answers: a protocol slice spec cut from a model and its line source, and the slice document's hover line.
import type { Hover } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sliceTrace, type LineSource, type SliceSelection, type TraceModel } from '../core/index';
import { SLICE_MAX_BYTES, SLICE_MAX_LINES, sliceUri, type SliceResult, type SliceSpec } from '../protocol';
import { lineText } from './lines';
import { code } from './markdown';

/** The core selection for a protocol spec (window bounds from seconds to µs). */
export function selectionOf(spec: SliceSpec): SliceSelection {
  switch (spec.kind) {
    case 'window': return { kind: 'window', fromUs: spec.fromTs * 1e6, toUs: spec.toTs * 1e6 };
    default: return spec;
  }
}

/** Size limits of a slice (defaults: VS Code's large-file thresholds). */
export interface SliceAnswerLimits {
  readonly maxLines?: number;
  readonly maxBytes?: number;
}

/** The `ftrace/slice` answer for `spec` of the trace `uri` (its model at `version`, its text from `source`). */
export function sliceAnswer(uri: string, model: TraceModel, source: LineSource, version: number, spec: SliceSpec, limits: SliceAnswerLimits = {}): SliceResult {
  const s = sliceTrace(model, source, selectionOf(spec), { maxLines: limits.maxLines ?? SLICE_MAX_LINES, maxBytes: limits.maxBytes ?? SLICE_MAX_BYTES });
  if (typeof s === 'string') return { ok: false, message: s };
  return {
    ok: true,
    text: s.text,
    title: s.title,
    sliceUri: sliceUri(uri, spec),
    lineMap: s.lineMap,
    focusLine: s.focusLine,
    lines: s.lines,
    bytes: s.bytes,
    truncated: s.truncated,
    version,
  };
}

/** A {@link LineSource} over an open document. */
export function documentLines(doc: TextDocument, model: TraceModel): LineSource {
  return { lineCount: model.lineCount, text: (line) => lineText(doc, line) };
}

/** `hover` with a last paragraph naming the full-trace line of a slice line (1-based for people). */
export function withFullTraceLine(hover: Hover | null, fullLine: number | null, sourceName: string): Hover | null {
  if (hover === null || fullLine === null) return hover;
  const c = hover.contents;
  if (typeof c !== 'object' || !('kind' in c) || c.kind !== 'markdown') return hover;
  const value = `${c.value}\n\n---\nLine ${(fullLine + 1).toLocaleString('en-US')} of the full trace ${code(sourceName)}`;
  return { ...hover, contents: { kind: 'markdown', value } };
}
