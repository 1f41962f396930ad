// Shows VS Code progress while the server parses a large trace, until its first model is ready.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryRequest, type SummaryResult } from '../../../server/src/protocol';
import { LANGUAGE_ID } from '../shared/ids';

/** Documents larger than this (characters) show progress while parsing. */
export const PROGRESS_THRESHOLD_CHARS = 4 * 1024 * 1024;

/** Character count of a document without copying its text. */
function sizeOf(doc: vscode.TextDocument): number {
  return doc.lineCount === 0 ? 0 : doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/** Watches trace documents being opened; returns the disposable. */
export function watchParseProgress(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable {
  const seen = new Set<string>();
  const onOpen = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== LANGUAGE_ID || seen.has(doc.uri.toString())) return;
    const size = sizeOf(doc);
    if (size < PROGRESS_THRESHOLD_CHARS) return;
    seen.add(doc.uri.toString());
    const name = doc.uri.path.split('/').pop() ?? 'trace';
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Ftrace Lens: reading ${name} (${(size / 1e6).toFixed(0)} MB)…` },
      async () => {
        const start = Date.now();
        try {
          const s = await client.sendRequest<SummaryResult | null>(SummaryRequest.method, { uri: doc.uri.toString() });
          output.info(`${name}: ${s?.lines ?? '?'} lines, ${s?.calls ?? '?'} calls ready in ${Date.now() - start} ms`);
        } catch (e) {
          output.warn(`${name}: parse progress ended: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    );
  };
  const subs = [vscode.workspace.onDidOpenTextDocument(onOpen), vscode.workspace.onDidCloseTextDocument((d) => seen.delete(d.uri.toString()))];
  vscode.workspace.textDocuments.forEach(onOpen);
  return vscode.Disposable.from(...subs);
}
