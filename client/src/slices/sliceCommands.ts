// Commands that open part of a trace as its own small trace (call, task, CPU, time window), and "Reveal in Full Trace" from a slice; plus the slice hover.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { CallAtRequest, CallTreeRequest, SLICE_SCHEME, SlowestCallsRequest, sliceUri, type CallGroup, type SliceSpec } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';
import type { TreeNode } from '../callTree/callTreeProvider';
import { revealLine } from '../navigation/navigation';
import { Commands, LANGUAGE_ID } from '../shared/ids';
import { send } from '../shared/requests';
import type { FocusedTrace, TraceFocus } from '../shared/traceFocus';
import type { SliceDocuments } from './sliceDocuments';
import { parseWindow } from './sliceWindow';

/** Opens the slice `spec` of `source` in an editor, cursor on its focus line. */
export async function openSlice(slices: SliceDocuments, source: vscode.Uri, spec: SliceSpec): Promise<vscode.TextEditor | undefined> {
  const uri = vscode.Uri.parse(sliceUri(source.toString(), spec));
  const doc = await vscode.workspace.openTextDocument(uri);
  const info = slices.info(uri);
  if (info === undefined) return undefined; // the server could not cut it (it said why)
  // A trace saved as .txt or .log gives its slices that extension: they are traces all the same.
  const traceDoc = doc.languageId === LANGUAGE_ID ? doc : await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  const line = Math.min(info.focusLine, traceDoc.lineCount - 1);
  const editor = await vscode.window.showTextDocument(traceDoc, { preview: false, selection: new vscode.Range(line, 0, line, 0) });
  editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
  if (info.truncated !== null) {
    const t = info.truncated;
    void vscode.window.showInformationMessage(`Ftrace Lens: "${info.title}" was cut at ${t.reason === 'lines' ? '300,000 lines' : '20 MB'} so that VS Code keeps colors, folding and inlay hints: ${t.omittedLines !== null ? `${t.omittedLines.toLocaleString('en-US')} lines` : 'the rest'} from line ${(t.firstOmittedLine + 1).toLocaleString('en-US')} of the full trace are left out.`);
  }
  return editor;
}

/** Registers the slice commands and the slice hover. */
export function registerSliceCommands(client: LanguageClient, focus: TraceFocus, slices: SliceDocuments, treeTrace: () => vscode.Uri | undefined): vscode.Disposable[] {
  const need = (): FocusedTrace | undefined => {
    const t = focus.current();
    if (t === undefined) void vscode.window.showInformationMessage('Ftrace: open an ftrace trace first.');
    return t;
  };
  /** The trace a Call Tree node belongs to, else the focused one. */
  const sourceOf = (node: TreeNode | undefined): vscode.Uri | undefined => (node !== undefined ? treeTrace() : need()?.uri);

  const groups = async (uri: vscode.Uri): Promise<readonly CallGroup[]> => (await send(client, CallTreeRequest, { uri: uri.toString(), limit: 500 }))?.groups ?? [];
  const pickGroup = async (uri: vscode.Uri, kind: 'task' | 'cpu'): Promise<CallGroup | undefined> => {
    const all = (await groups(uri)).filter((g) => (kind === 'task' ? g.pid !== null : g.cpu !== null));
    if (all.length === 0) return void vscode.window.showInformationMessage(kind === 'task' ? 'Ftrace: this trace does not name tasks (no funcgraph-proc column or context switches).' : 'Ftrace: this trace has no CPU column.');
    const at = focus.current()?.editor;
    let preferred: CallGroup | undefined;
    if (at !== undefined) {
      const c = (await send(client, CallAtRequest, { uri: uri.toString(), line: at.selection.active.line }))?.path[0];
      preferred = c && all.find((g) => (kind === 'task' ? g.pid === c.pid : g.cpu === c.cpu));
    }
    const items = all.map((g) => ({ label: g.label, description: `${g.callCount} top-level calls${g.totalUs !== null ? ` · ${formatDuration(nsOf(g.totalUs))}` : ''}`, group: g }));
    if (preferred !== undefined) items.sort((a, b) => Number(b.group === preferred) - Number(a.group === preferred));
    return (await vscode.window.showQuickPick(items, { title: kind === 'task' ? 'Open which task as a trace?' : 'Open which CPU as a trace?' }))?.group;
  };

  return [
    vscode.commands.registerCommand(Commands.openCallAsTrace, async (node?: TreeNode) => {
      const source = sourceOf(node);
      if (source === undefined) return;
      let line: number | undefined;
      if (node?.kind === 'call') line = node.call.line;
      else {
        const t = focus.current();
        if (t?.editor !== undefined) line = t.editor.selection.active.line;
        else {
          // Past 50 MB there is no cursor to read: pick among the slowest calls.
          const r = await send(client, SlowestCallsRequest, { uri: source.toString(), count: 50 });
          const pick = await vscode.window.showQuickPick((r?.calls ?? []).map((c) => ({ label: `${formatDuration(nsOf(c.inclusiveUs))}  ${c.name}`, description: `line ${c.line + 1}`, line: c.line })), { title: 'Open which call as a trace?' });
          line = pick?.line;
        }
      }
      if (line !== undefined) await openSlice(slices, source, { kind: 'call', line });
    }),
    vscode.commands.registerCommand(Commands.openTaskAsTrace, async (node?: TreeNode) => {
      const source = sourceOf(node);
      if (source === undefined) return;
      const pid = node?.kind === 'group' ? node.group.pid : node?.kind === 'call' ? node.call.pid : (await pickGroup(source, 'task'))?.pid;
      if (pid !== null && pid !== undefined) await openSlice(slices, source, { kind: 'task', pid });
    }),
    vscode.commands.registerCommand(Commands.openCpuAsTrace, async (node?: TreeNode) => {
      const source = sourceOf(node);
      if (source === undefined) return;
      const cpu = node?.kind === 'group' ? node.group.cpu : node?.kind === 'call' ? node.call.cpu : (await pickGroup(source, 'cpu'))?.cpu;
      if (cpu !== null && cpu !== undefined) await openSlice(slices, source, { kind: 'cpu', cpu });
    }),
    vscode.commands.registerCommand(Commands.openTimeWindowAsTrace, async () => {
      const t = need();
      if (t === undefined) return;
      const text = await vscode.window.showInputBox({
        title: 'Open Time Window as Trace',
        prompt: 'From and to, in seconds as the trace prints its timestamps (abstime or trace-cmd column), e.g. "1234.5678 1234.6"',
        validateInput: (v) => (parseWindow(v) === undefined ? 'Two numbers, from and to (from ≤ to), in seconds.' : undefined),
      });
      const w = text === undefined ? undefined : parseWindow(text);
      if (w !== undefined) await openSlice(slices, t.uri, { kind: 'window', fromTs: w[0], toTs: w[1] });
    }),
    vscode.commands.registerCommand(Commands.revealInFullTrace, async (uriArg?: string | vscode.Uri, lineArg?: number) => {
      const editor = vscode.window.activeTextEditor;
      const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg ?? editor?.document.uri;
      if (uri === undefined || uri.scheme !== SLICE_SCHEME) return void vscode.window.showInformationMessage('Ftrace: "Reveal in Full Trace" works in a slice (Open Call, Task, CPU or Time Window as Trace).');
      const line = lineArg ?? (editor?.document.uri.toString() === uri.toString() ? editor.selection.active.line : 0);
      const where = await slices.fullLine(uri, line);
      if (where === undefined) return void vscode.window.showWarningMessage('Ftrace: the full trace of this slice is no longer open.');
      if (where.line === null) return void vscode.window.showInformationMessage('Ftrace: this line was added by the slice (a header or a note); it is not in the full trace.');
      await revealLine(where.source, where.line, { fromDisk: focus.isDisk(where.source) });
    }),
    vscode.languages.registerHoverProvider({ scheme: SLICE_SCHEME }, {
      provideHover: async (doc, pos) => {
        const where = await slices.fullLine(doc.uri, pos.line);
        if (where?.line === null || where === undefined) return undefined;
        const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), pos.line]));
        // The server's hover already says which line of the full trace this is; this adds the way there.
        const md = new vscode.MarkdownString(`[$(go-to-file) Reveal in Full Trace](command:${Commands.revealInFullTrace}?${args} "Line ${(where.line + 1).toLocaleString('en-US')} of the full trace")`, true);
        md.isTrusted = { enabledCommands: [Commands.revealInFullTrace] };
        return new vscode.Hover(md);
      },
    }),
  ];
}
