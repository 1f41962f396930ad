// Opens a Plain Text or Log document as ftrace when its first lines are function_graph output (VS Code's firstLine rule never beats .txt/.log, and sees one line only).
import * as vscode from 'vscode';
import { LANGUAGE_ID, Settings } from '../shared/ids';
import { HEAD_CHARS, HEAD_LINES, looksLikeFunctionGraph } from './traceContent';

/** Languages VS Code gives text files before looking at their content (`.txt`, `.log`, unknown names). */
const CLAIMED_BY_EXTENSION = new Set(['plaintext', 'log']);

/** Documents switched to ftrace, by URI: the language VS Code first gave them. */
const switchedFrom = new Map<string, string>();

/** Documents whose language the extension itself is changing (not to be taken as new opens). */
const busy = new Set<string>();

/** The language VS Code gave `uri` before it was switched to ftrace (Plain Text or Log), if it was. */
export function firstLanguageOf(uri: { toString(): string }): string | undefined {
  return switchedFrom.get(uri.toString());
}

/** Runs `change` on `uri`'s document without the switch below looking at the intermediate languages. */
export async function whileChangingLanguage<T>(uri: vscode.Uri, change: () => Thenable<T>): Promise<T> {
  const key = uri.toString();
  busy.add(key);
  try {
    return await change();
  } finally {
    busy.delete(key);
  }
}

/** The first {@link HEAD_LINES} lines of `doc`, at most {@link HEAD_CHARS} characters, and whether that cut it. */
function headOf(doc: vscode.TextDocument): { text: string; truncated: boolean } {
  const lines = Math.min(doc.lineCount, HEAD_LINES);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; i < lines && size < HEAD_CHARS; i++) {
    const text = doc.lineAt(i).text;
    parts.push(text.length > HEAD_CHARS - size ? text.slice(0, HEAD_CHARS - size) : text);
    size += text.length + 1;
  }
  return { text: parts.join('\n'), truncated: size > HEAD_CHARS };
}

/**
 * Switches Plain Text and Log documents whose first lines are unambiguously function_graph output
 * (traceContent.ts: the kernel's header, a trace-cmd report, a trace_pipe or per-instance capture)
 * to ftrace. Each document is looked at once, when it opens: when someone then chooses another
 * language with "Change Language Mode" (for a trace opened by name too), it stays as they chose.
 * Off when `ftraceLens.detectTraces` is false. Reads at most 8 KB of each.
 */
export function watchTextTraces(): vscode.Disposable {
  const looked = new Set<string>();
  const check = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    if (busy.has(key) || looked.has(key)) return;
    looked.add(key);
    if (!CLAIMED_BY_EXTENSION.has(doc.languageId) || doc.lineCount === 0) return;
    if (!vscode.workspace.getConfiguration(undefined, doc).get<boolean>(Settings.detectTraces, true)) return;
    const head = headOf(doc);
    if (!looksLikeFunctionGraph(head.text, head.truncated)) return;
    switchedFrom.set(key, doc.languageId);
    void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  // A language change closes and reopens the document: only a document that is gone is looked at again when reopened.
  const forget = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    setTimeout(() => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) looked.delete(key);
    }, 0);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument(check), vscode.workspace.onDidCloseTextDocument(forget));
}
