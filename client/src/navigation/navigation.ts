// Editor navigation: select a call's line and reveal it centered.
import * as vscode from 'vscode';

/** Opens (or focuses) `uri`, selects 0-based `line` and centers it; returns the editor. */
export async function revealLine(uri: vscode.Uri, line: number, options: { preserveFocus?: boolean; preview?: boolean } = {}): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: options.preserveFocus ?? false, preview: options.preview ?? false });
  const l = Math.max(0, Math.min(line, editor.document.lineCount - 1));
  const text = editor.document.lineAt(l);
  const start = new vscode.Position(l, text.firstNonWhitespaceCharacterIndex);
  editor.selection = new vscode.Selection(start, text.range.end);
  editor.revealRange(text.range, vscode.TextEditorRevealType.InCenter);
  return editor;
}

/** The active editor when it shows a trace of language `languageId`. */
export function activeTraceEditor(languageId: string): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  return e !== undefined && e.document.languageId === languageId ? e : undefined;
}
