// Editor navigation: select a call's line and reveal it centered (also in a trace past 50 MB, which extensions cannot see).
import * as vscode from 'vscode';
import { syncedDocument } from '../bigTrace/traceFiles';
import { openAtLine } from './largeFileConfirmation';

/** Options of {@link revealLine}. */
export interface RevealOptions {
  preserveFocus?: boolean;
  preview?: boolean;
  /** The file is past 50 MB (no TextDocument): open VS Code's own editor with a selection instead. */
  fromDisk?: boolean;
}

/**
 * Opens (or focuses) `uri`, selects 0-based `line` and centers it; returns the editor, or undefined
 * for a trace past 50 MB: VS Code gives extensions no editor for it, so the line is selected through
 * the `vscode.open` command's `selection` option (VS Code clamps the end to the line's length); when
 * the file is above VS Code's open confirmation limit the user is offered to raise it ({@link openAtLine}).
 */
export async function revealLine(uri: vscode.Uri, line: number, options: RevealOptions = {}): Promise<vscode.TextEditor | undefined> {
  if (options.fromDisk === true && syncedDocument(uri) === undefined) {
    const l = Math.max(0, line);
    const show: vscode.TextDocumentShowOptions = { preserveFocus: options.preserveFocus ?? false, preview: options.preview ?? false, selection: new vscode.Range(l, 0, l, 100_000) };
    await openAtLine(uri, show);
    return undefined;
  }
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
