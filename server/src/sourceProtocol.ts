// Custom LSP requests of Go to Definition / Go to Source (a traced function's C source); re-exported by protocol.ts.
import { request } from './protocolBase';
import type { Range } from 'vscode-languageserver-types';
import type { DocumentParams } from './protocol';

/** Params of {@link SourceNamesRequest}: a position in the document. */
export interface SourceNamesParams extends DocumentParams {
  readonly line: number;
  readonly character: number;
}

export interface SourceNamesResult {
  /** The span of the function name (or `}`) at the position: what a definition link starts from. */
  readonly range: Range;
  /**
   * The names its C definition may have, most exact first: the printed name, without a compiler
   * clone suffix (`.isra.0`), and a syscall wrapper's `__do_sys_…` and `sys_…`.
   */
  readonly names: readonly string[];
}

/**
 * The function at a position, as the names of its C definition; null when the position is on no
 * function's name (or `}`). Go to Definition reads tags files in the server; the client asks the
 * workspace's symbol providers (a C language server) with these names when no tags file has them.
 */
export const SourceNamesRequest = request<SourceNamesParams, SourceNamesResult | null>('ftrace/sourceNames');

/** Params of {@link FunctionSourceRequest}: the trace (for its tags files and settings) and a function's name as printed. */
export interface FunctionSourceParams extends DocumentParams {
  readonly name: string;
}

/** A definition found in a source file. */
export interface SourceLocation {
  readonly uri: string;
  /** The definition's line. */
  readonly range: Range;
  /** The name in that line (the line when it does not hold the name as a word). */
  readonly selection: Range;
  /** The line's text (cut to 200 characters), for a list to choose from. */
  readonly text: string;
}

export interface FunctionSourceResult {
  /** The names looked up, most exact first (as {@link SourceNamesResult.names}). */
  readonly names: readonly string[];
  /** The definitions of the first name a tags file has; empty when none has any. */
  readonly locations: readonly SourceLocation[];
  /** The tags files read (paths): none when the trace has none near it and the setting names none. */
  readonly tagsFiles: readonly string[];
}

/**
 * Where a function is defined, by name: what Go to Definition finds from a name in the trace, for
 * the views (Call Tree, Hot Functions) and traces without a document (read from disk). Answers for
 * any trace URI: it needs no model.
 */
export const FunctionSourceRequest = request<FunctionSourceParams, FunctionSourceResult>('ftrace/functionSource');
