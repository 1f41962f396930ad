// Opens a Plain Text or Log document as ftrace when it starts as a function_graph trace: `# tracer: function_graph`, or `trace-cmd report` output (VS Code's firstLine rule never beats .txt/.log).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/ids';
import { SIGNATURE_LINES, looksLikeTrace } from './traceSignature';

export { FIRST_LINE } from './traceSignature';

/** Languages that claim `.txt` and `.log` by extension before VS Code looks at the first line. */
const CLAIMED_BY_EXTENSION = new Set(['plaintext', 'log']);

/** Documents switched to ftrace, by URI: the language VS Code first gave them. */
const switchedFrom = new Map<string, string>();

/** The language VS Code gave `uri` before it was switched to ftrace (Plain Text or Log), if it was. */
export function firstLanguageOf(uri: { toString(): string }): string | undefined {
  return switchedFrom.get(uri.toString());
}

/**
 * Switches such documents to ftrace once per session: when someone switches a document back with
 * "Change Language Mode", it stays as they chose.
 */
export function watchTextTraces(): vscode.Disposable {
  const switched = new Set<string>();
  const check = (doc: vscode.TextDocument): void => {
    if (!CLAIMED_BY_EXTENSION.has(doc.languageId) || doc.lineCount === 0) return;
    const key = doc.uri.toString();
    if (switched.has(key)) return;
    const head: string[] = [];
    for (let i = 0; i < Math.min(doc.lineCount, SIGNATURE_LINES); i++) head.push(doc.lineAt(i).text);
    if (!looksLikeTrace(head)) return;
    switched.add(key);
    switchedFrom.set(key, doc.languageId);
    void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
