// "Export Trace As…": pick a format, choose a file, and let the server write the export there.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportRequest, type ExportFormatName, type ExportResult } from '../../../server/src/protocol';
import { Commands } from '../shared/ids';
import type { TraceFocus } from '../shared/traceFocus';
import { send } from '../shared/requests';

/** The formats as offered to people: what opens them, file suffix and save-dialog filter. */
export const EXPORT_CHOICES: readonly { format: ExportFormatName; label: string; detail: string; suffix: string; filter: Record<string, string[]> }[] = [
  { format: 'chrome', label: 'Trace Event JSON', detail: 'Perfetto UI (ui.perfetto.dev), chrome://tracing: one slice per call, a process per CPU, a thread per task', suffix: '.trace.json', filter: { 'Trace Event JSON': ['json'] } },
  { format: 'speedscope', label: 'speedscope', detail: 'speedscope: time order, left heavy and sandwich views, one profile per task', suffix: '.speedscope.json', filter: { 'speedscope JSON': ['json'] } },
  { format: 'folded', label: 'Folded stacks', detail: 'FlameGraph (flamegraph.pl), inferno, speedscope: self time per call path in ns', suffix: '.folded.txt', filter: { 'Folded stacks': ['txt', 'folded'] } },
];

/** Registers the command; `format` and `target` arguments skip the pickers (tests, keybindings). */
export function registerExportCommand(client: LanguageClient, focus: TraceFocus): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.exportTrace, (format?: ExportFormatName, target?: vscode.Uri) => exportTrace(client, focus, format, target));
}

/** Runs the export of the trace in focus (an editor, or a trace past 50 MB read from disk); resolves to the server's answer (undefined when cancelled or failed). */
async function exportTrace(client: LanguageClient, focus: TraceFocus, format?: ExportFormatName, target?: vscode.Uri): Promise<ExportResult | undefined> {
  const trace = focus.current();
  if (trace === undefined) {
    void vscode.window.showInformationMessage('Open an ftrace trace to export it.');
    return undefined;
  }
  const doc = { uri: trace.uri };
  let choice = EXPORT_CHOICES.find((c) => c.format === format);
  if (choice === undefined) {
    const pick = await vscode.window.showQuickPick(EXPORT_CHOICES.map((c) => ({ label: c.label, detail: c.detail, choice: c })), { title: 'Export trace as', matchOnDetail: true });
    if (pick === undefined) return undefined;
    choice = pick.choice;
  }
  if (target === undefined) {
    const base = doc.uri.path.split('/').pop()!.replace(/\.(trace|ftrace|txt|log)$/i, '');
    const dirUri = doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: `Export ${choice.label}`,
      saveLabel: 'Export',
      filters: choice.filter,
      defaultUri: dirUri ? vscode.Uri.joinPath(dirUri, base + choice.suffix) : undefined,
    });
    if (target === undefined) return undefined;
  }
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Ftrace Lens writes exports to local files only, not to ${target.scheme}: URIs.`);
    return undefined;
  }
  const dest = target;
  const chosen = choice;
  try {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${chosen.label}…`, cancellable: true },
      (_, token) => send(client, ExportRequest, { uri: doc.uri.toString(), format: chosen.format, target: dest.toString() }, token),
    );
    if (r === null) {
      void vscode.window.showWarningMessage('Ftrace Lens: the trace is not open in the language server; export skipped.');
      return undefined;
    }
    const mb = r.bytes >= 1e6 ? `${(r.bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(r.bytes / 1e3)} KB`;
    void vscode.window.showInformationMessage(`Exported ${r.calls.toLocaleString('en-US')} calls to ${dest.path.split('/').pop()} (${mb}): ${r.note}.`);
    return r;
  } catch (e) {
    void vscode.window.showErrorMessage(`Ftrace Lens: export failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
