// Line text and LSP ranges for model lines and their column spans (own line index: no per-character pass).
import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeLine, type LineDescription } from '../core/index';

/** Start offset of every line of one document version. */
interface LineIndex {
  readonly version: number;
  readonly text: string;
  /** UTF-16 offsets (a V8 string has fewer than 2^30 characters: they fit in 32 bits). */
  readonly starts: Uint32Array;
  readonly count: number;
}

const indexes = new WeakMap<TextDocument, LineIndex>();

/**
 * A document that can give the start of its text for much less than the whole (a document parsed
 * while its didOpen arrived, whose text is decoded only when first read: lazyDocument.ts).
 */
export interface TextPrefix {
  /**
   * A prefix of the text that ends just after a line break and holds `lines` whole lines, or
   * fewer when more would cost much more (then the whole text serves the lines after it);
   * undefined when there is none (or the whole text is decoded already).
   */
  textPrefix(lines: number): string | undefined;
}

/** Line indexes of documents' prefixes (see {@link TextPrefix}). */
const prefixes = new WeakMap<TextDocument, LineIndex>();
/** Lines asked of a prefix at least (the first hints and hovers of an open are on the first screens). */
const MIN_PREFIX_LINES = 512;

/** Line starts of `text`: `\r\n`, a lone `\r` and `\n` each end a line, as LSP positions (and the model) count them. */
function indexText(text: string, version: number): LineIndex {
  let starts = new Uint32Array(Math.max(16, Math.ceil(text.length / 48)));
  let count = 1;
  starts[0] = 0;
  const add = (start: number): void => {
    if (count === starts.length) {
      const next = new Uint32Array(starts.length * 2);
      next.set(starts);
      starts = next;
    }
    starts[count++] = start;
  };
  if (text.indexOf('\r') < 0) for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) add(p + 1);
  else {
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === 13) {
        if (text.charCodeAt(p + 1) === 10) p++;
        add(p + 1);
      } else if (c === 10) add(p + 1);
    }
  }
  // Spare room dropped (the first guess is one line per 48 characters, and doubling overshoots).
  if (starts.length - count > starts.length >> 3) starts = starts.slice(0, count);
  return { version, text, starts, count };
}

/**
 * The document's line starts, found with native `indexOf` (TextDocument's own index reads every
 * character in JavaScript, about 10 ms per MB: half a second on a 50 MB trace).
 */
function lineIndex(doc: TextDocument): LineIndex {
  const hit = indexes.get(doc);
  if (hit !== undefined && hit.version === doc.version) return hit;
  const idx = indexText(doc.getText(), doc.version);
  indexes.set(doc, idx);
  // The whole text serves every line from now on.
  prefixes.delete(doc);
  return idx;
}

/**
 * An index of a prefix of the document's text that holds `line` whole (its last entry starts
 * after the prefix's last line break: the lines before it are whole), when the document offers
 * one ({@link TextPrefix}); asked for twice the lines of the last prefix at least, so reading
 * the lines one after another decodes O(1) times their bytes.
 */
function prefixIndex(doc: TextDocument, line: number): LineIndex | undefined {
  if (typeof (doc as Partial<TextPrefix>).textPrefix !== 'function') return undefined;
  const hit = prefixes.get(doc);
  if (hit !== undefined && hit.version === doc.version && line < hit.count - 1) return hit;
  const text = (doc as TextDocument & TextPrefix).textPrefix(Math.max(line + 1, MIN_PREFIX_LINES, 2 * (hit?.count ?? 0)));
  if (text === undefined) return undefined;
  // The same prefix again (it could not grow): it does not hold the line either.
  if (hit !== undefined && hit.text === text) return undefined;
  const idx = indexText(text, doc.version);
  prefixes.set(doc, idx);
  return line < idx.count - 1 ? idx : undefined;
}

/** Builds the index of every line of `doc` (decoding a streamed open's whole text), so that the next line read costs nothing. */
export function prepareLines(doc: TextDocument): void {
  lineIndex(doc);
}

/** Bytes of the line index kept for `doc` (its current version; 0 when none is built). */
export function lineIndexBytes(doc: TextDocument): number {
  const hit = indexes.get(doc);
  return hit === undefined || hit.version !== doc.version ? 0 : hit.starts.buffer.byteLength;
}

/** Text of 0-based `line` without its line break (empty past the end). */
export function lineText(doc: TextDocument, line: number): string {
  const idx = (line >= 0 && prefixIndex(doc, line)) || lineIndex(doc);
  if (line < 0 || line >= idx.count) return '';
  const s = idx.starts[line];
  let e = line + 1 < idx.count ? idx.starts[line + 1] - 1 : idx.text.length;
  if (e > s && idx.text.charCodeAt(e - 1) === 13) e--;
  return idx.text.slice(s, e);
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
 * Lines longer than this (UTF-16 code units) are not parsed again for their spans: the kernel's
 * lines fit in a page (4 KB), so only hostile input reaches it, and an answer then costs no more
 * than the line's length in native searches (parsing a 10 MB line takes about 0.2 s).
 */
const MAX_SPAN_LINE = 65536;

/** Text of the first span of `kind` (a SPAN_KIND_NAMES name) on `line`, or undefined (also for lines longer than 64 KiB). */
export function spanText(doc: TextDocument, line: number, kind: string): string | undefined {
  const text = lineText(doc, line);
  if (text.length > MAX_SPAN_LINE) return undefined;
  return describeLine(text).spans.find((s) => s.kind === kind)?.text;
}

/**
 * Range of the most telling span of a line: the function name on entry and leaf lines, `}` and
 * its tail on exit lines, else (and on lines longer than 64 KiB) the trimmed line.
 */
export function focusRange(doc: TextDocument, line: number): Range {
  const text = lineText(doc, line);
  if (text.length > MAX_SPAN_LINE) return { start: { line, character: text.length - text.trimStart().length }, end: { line, character: text.trimEnd().length } };
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
