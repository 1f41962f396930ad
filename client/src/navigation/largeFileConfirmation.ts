// Opening a trace at a line when VS Code's open confirmation (workbench.editorLargeFileConfirmation) shows "The file is not displayed in the text editor because it is very large" instead of its text: say so, offer to raise the limit, reveal again.
import * as vscode from 'vscode';

const MB = 1024 * 1024;
const SECTION = 'workbench';
const KEY = 'editorLargeFileConfirmation';

/**
 * The size in bytes above which VS Code shows "The file is not displayed in the text editor because
 * it is very large" instead of the text of `uri` (the setting in MB; its default depends on where
 * VS Code runs: 1 GB local, 10 MB remote, 50 MB in a browser; VS Code's `getLargeFileConfirmationLimit`).
 */
export function confirmationLimitBytes(uri: vscode.Uri): number {
  const mb = vscode.workspace.getConfiguration(SECTION, uri).get<number>(KEY);
  return typeof mb === 'number' && mb > 0 ? mb * MB : Number.POSITIVE_INFINITY;
}

/** The limit (MB) that lets a file of `bytes` open: the next 100 MB above it. */
export function raisedLimitMb(bytes: number): number {
  return Math.ceil((bytes / MB + 1) / 100) * 100;
}

/**
 * Files told about this session: once each (after "Open Anyway" VS Code shows the text although the
 * file is above the limit, and extensions cannot tell the two apart: past 50 MB they get no editor).
 */
const told = new Set<string>();

/**
 * Opens `uri` in VS Code's own editor at `show.selection` (a trace past 50 MB: extensions get no
 * editor for it). When the file is above the open confirmation limit, VS Code shows its "very large" page
 * instead and the selection is lost: the user is told so (once per file and session, without
 * waiting for the answer) and offered to raise the limit for the workspace or the user, after which
 * the line is revealed again.
 */
export async function openAtLine(uri: vscode.Uri, show: vscode.TextDocumentShowOptions): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri, show);
  const bytes = await vscode.workspace.fs.stat(uri).then((s) => s.size, () => undefined);
  const limit = confirmationLimitBytes(uri);
  if (bytes === undefined || bytes <= limit || told.has(uri.toString())) return;
  void offerRaise(uri, show, bytes, limit);
}

/** The notice: why nothing is shown at the line, and buttons that raise the limit and reveal again. */
async function offerRaise(uri: vscode.Uri, show: vscode.TextDocumentShowOptions, bytes: number, limit: number): Promise<void> {
  told.add(uri.toString());
  const raised = raisedLimitMb(bytes);
  const line = show.selection !== undefined ? show.selection.start.line + 1 : undefined;
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const folders = vscode.workspace.workspaceFolders;
  const buttons = folders !== undefined && folders.length > 0 ? ['Raise for Workspace', 'Raise for User'] : ['Raise for User'];
  const pick = await vscode.window.showWarningMessage(
    `Ftrace Lens: ${name} is above workbench.editorLargeFileConfirmation (${limit / MB} MB), so VS Code shows its "file is very large" page instead of the text ` +
      `(unless opened with Open Anyway)${line !== undefined ? ` and cannot select line ${line.toLocaleString('en-US')}` : ''}. Raise the limit to ${raised} MB?`,
    ...buttons,
  );
  if (pick === undefined) return;
  const target = pick === 'Raise for Workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION, uri).update(KEY, raised, target);
  await openAtLine(uri, { ...show, preserveFocus: false });
}
