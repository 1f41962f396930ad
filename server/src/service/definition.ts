// Go to Definition on a call line: which function the cursor is on, as the names its C definition may have, and the answer once tags were read.
import type { Location, LocationLink, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineKind, callName, sourceNames, type TraceModel } from '../core/index';
import { describeLine } from '../core/present/describe';
import { lineText } from './lines';
import type { SourceLocation } from '../protocol';

/** The function under the cursor: the span to underline and the names to look up, most exact first. */
export interface DefinitionTarget {
  readonly origin: Range;
  readonly names: string[];
}

/** Lines longer than this are not parsed for their spans (no trace line comes near: see lines.ts). */
const MAX_LINE = 65536;

/**
 * The function `pos` is on: the name of an entry or leaf (with its ` [module]`), the name in an
 * exit's `/* name *\/` comment, or an exit's `}` (the call it closes, when the trace has its
 * entry or names it). Undefined elsewhere (times, columns, comments, other lines) and for names
 * that are no C function's (raw addresses).
 */
export function definitionTarget(doc: TextDocument, model: TraceModel, pos: Position): DefinitionTarget | undefined {
  const line = pos.line;
  if (line < 0 || line >= model.lineCount) return undefined;
  const kind = model.lineKinds[line];
  if (kind !== LineKind.Entry && kind !== LineKind.Exit && kind !== LineKind.Leaf) return undefined;
  const text = lineText(doc, line);
  if (text.length > MAX_LINE) return undefined;
  const spans = describeLine(text).spans;
  const at = (k: string) => spans.find((s) => s.kind === k && pos.character >= s.start && pos.character <= s.end);
  const range = (s: number, e: number): Range => ({ start: { line, character: s }, end: { line, character: e } });
  const fn = spans.find((s) => s.kind === 'functionName');
  const mod = spans.find((s) => s.kind === 'module');
  if (fn !== undefined && (at('functionName') !== undefined || at('module') !== undefined)) {
    return target(range(fn.start, mod?.end ?? fn.end), fn.text);
  }
  const tail = at('tailName');
  if (tail !== undefined) return target(range(tail.start, tail.end), tail.text);
  const brace = at('closeBrace');
  if (brace !== undefined) {
    const id = model.lineCall.at(line);
    if (id >= 0) return target(range(brace.start, brace.end), callName(model, id));
  }
  return undefined;
}

function target(origin: Range, name: string): DefinitionTarget | undefined {
  const names = sourceNames(name);
  return names.length === 0 ? undefined : { origin, names };
}

/** A definition found in a source file: its URI, its 0-based line and the text of that line. */
export interface SourceLine {
  readonly uri: string;
  readonly line: number;
  readonly text: string;
  /** The name found there (one of the target's names). */
  readonly name: string;
}

/** Most characters of a definition's line given in {@link sourceLocations} (a list entry, not the source). */
const LINE_TEXT_MAX = 200;

/** A found line's range, and the range of the name in it (the line when it does not hold the name as a word). */
function ranges(f: SourceLine): { whole: Range; sel: Range } {
  const col = nameColumn(f.text, f.name);
  const whole: Range = { start: { line: f.line, character: 0 }, end: { line: f.line, character: f.text.length } };
  return { whole, sel: col < 0 ? whole : { start: { line: f.line, character: col }, end: { line: f.line, character: col + f.name.length } } };
}

/**
 * The answer to a definition request: links from the origin span to each line (the name selected
 * in it when the line holds it, else the line), or plain locations for a client without link support.
 */
export function definitionAnswer(t: DefinitionTarget, found: readonly SourceLine[], links: boolean): LocationLink[] | Location[] {
  const all = found.map((f) => ({ f, ...ranges(f) }));
  if (!links) return all.map(({ f, sel }) => ({ uri: f.uri, range: sel }));
  return all.map(({ f, whole, sel }) => ({ originSelectionRange: t.origin, targetUri: f.uri, targetRange: whole, targetSelectionRange: sel }));
}

/** The definitions found for a function by name (`ftrace/functionSource`), with each line's text for a list. */
export function sourceLocations(found: readonly SourceLine[]): SourceLocation[] {
  return found.map((f) => {
    const { whole, sel } = ranges(f);
    const text = f.text.trim();
    return { uri: f.uri, range: whole, selection: sel, text: text.length > LINE_TEXT_MAX ? `${text.slice(0, LINE_TEXT_MAX)}…` : text };
  });
}

/** Column of `name` as a whole word in `text`, -1 when absent (SYSCALL_DEFINE3(read, …) holds `read`, not `sys_read`). */
function nameColumn(text: string, name: string): number {
  const word = /[A-Za-z0-9_]/;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if ((i === 0 || !word.test(text.charAt(i - 1))) && (i + name.length >= text.length || !word.test(text.charAt(i + name.length)))) return i;
  }
  return -1;
}
