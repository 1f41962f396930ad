// Finds the trace files shown in editor tabs (also those past 50 MB, which have no TextDocument) and measures them.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { HEAD_CHARS, headIsTrace } from '../documents/traceContent';
import { LANGUAGE_ID, Settings } from '../shared/ids';
import { regimeOf, type Regime } from './regime';

/** A trace file seen in an editor tab. */
export interface TraceFile {
  readonly uri: vscode.Uri;
  /** Base name, for messages. */
  readonly name: string;
  readonly bytes: number;
  /** Line count when VS Code synchronized the document, else undefined. */
  readonly lines: number | undefined;
  readonly regime: Regime;
  /** Last modification time (ms) when measured. */
  readonly mtime: number;
}

/** File names and extensions that the ftrace language claims in package.json. */
const TRACE_NAMES = new Set(['trace', 'trace_pipe', 'trace.txt']);
const TRACE_EXTENSIONS = ['.trace', '.ftrace'];
/** Extensions a trace saved by hand often has; such files count when their first 8 KB are function_graph output (traceContent.ts). */
const TEXT_EXTENSIONS = ['.txt', '.log', '.dat', ''];
/** Of those, the extensions no language claims, so that VS Code's `firstLine` rule decides a smaller file's language. */
const UNCLAIMED_EXTENSIONS = ['.dat', ''];

/** The URI of a text tab (the editor kind that shows a file as text), else undefined. */
export function tabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  return tab?.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

/** Every text tab's URI, once each, in group order. */
export function textTabUris(): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const g of vscode.window.tabGroups.all) for (const t of g.tabs) {
    const u = tabUri(t);
    if (u !== undefined && !seen.has(u.toString())) seen.set(u.toString(), u);
  }
  return [...seen.values()];
}

/** The TextDocument VS Code gave extensions for `uri`, when it did (never above 50 MB). */
export function syncedDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/**
 * The first {@link HEAD_CHARS} bytes of a file on disk as text, and whether the file goes on past
 * them; undefined when it cannot be read. Read where the extension host runs, which is where the
 * files are (a workspace extension: on the remote machine in a remote window); `vscode.workspace.fs`
 * has no ranged read and would read a file past 50 MB whole to look at 8 KB. Other schemes than
 * `file` are not read.
 */
async function headOnDisk(uri: vscode.Uri): Promise<{ text: string; truncated: boolean } | undefined> {
  if (uri.scheme !== 'file') return undefined;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(uri.fsPath, 'r');
    const buf = Buffer.alloc(HEAD_CHARS + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    // A multi-byte character cut at the end is in the last line, which a truncated head ignores.
    return { text: buf.subarray(0, Math.min(bytesRead, HEAD_CHARS)).toString('utf8'), truncated: bytesRead > HEAD_CHARS };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** True when the name alone makes `uri` an ftrace file (as the language contribution does). */
function traceByName(uri: vscode.Uri): boolean {
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
  return TRACE_NAMES.has(base) || TRACE_EXTENSIONS.some((e) => base.endsWith(e));
}

/**
 * Measures `uri` when it is a trace: a synchronized ftrace document, or (no document: past 50 MB) a
 * file whose name is a trace's or, named as text (`.txt`, `.log`, …), whose first 8 KB are
 * function_graph output by the same check as a smaller document's (detectTraces.ts, with the
 * `ftraceLens.detectTraces` setting). Undefined otherwise.
 */
export async function inspectTraceFile(uri: vscode.Uri): Promise<TraceFile | undefined> {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
  const doc = syncedDocument(uri);
  if (doc !== undefined && doc.languageId !== LANGUAGE_ID) return undefined;
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  if (doc === undefined) {
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot) : '';
    if (!traceByName(uri)) {
      if (!TEXT_EXTENSIONS.includes(ext)) return undefined;
      const head = await headOnDisk(uri);
      const detect = vscode.workspace.getConfiguration(undefined, uri).get<boolean>(Settings.detectTraces, true);
      if (head === undefined || !headIsTrace(head.text, head.truncated, detect, UNCLAIMED_EXTENSIONS.includes(ext))) return undefined;
    }
  }
  const lines = doc?.lineCount;
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri, name, bytes: stat.size, lines, regime: regimeOf(stat.size, lines), mtime: stat.mtime };
}
