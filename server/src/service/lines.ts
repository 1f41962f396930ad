// Line text and LSP ranges for model lines and their column spans.
import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeLine, type LineDescription } from '../core/index';

/** Text of 0-based `line` without its line break. */
export function lineText(doc: TextDocument, line: number): string {
  const t = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return t.endsWith('\r\n') ? t.slice(0, -2) : t.endsWith('\n') ? t.slice(0, -1) : t;
}

/** The whole of `line` as a range. */
export function lineRange(doc: TextDocument, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: lineText(doc, line).length } };
}

/** Span description of a line (kinds of its columns). */
export function describeDocLine(doc: TextDocument, line: number, inComment = false): LineDescription {
  return describeLine(lineText(doc, line), inComment);
}

/**
 * Range of the most telling span of a line: the function name on entry and leaf lines, `}` and
 * its tail on exit lines, else the trimmed line.
 */
export function focusRange(doc: TextDocument, line: number): Range {
  const text = lineText(doc, line);
  const d = describeLine(text);
  const name = d.spans.find((s) => s.kind === 'functionName');
  const mod = d.spans.find((s) => s.kind === 'module');
  if (name !== undefined) return { start: { line, character: name.start }, end: { line, character: mod?.end ?? name.end } };
  const brace = d.spans.find((s) => s.kind === 'closeBrace');
  if (brace !== undefined) {
    const tail = d.spans.find((s) => s.kind === 'tailComment');
    return { start: { line, character: brace.start }, end: { line, character: tail?.end ?? brace.end } };
  }
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
}
