// The trace the views and commands work on: the active ftrace editor, or the active tab of a trace past 50 MB read from disk.
import * as vscode from 'vscode';
import type { DiskIndexes } from '../bigTrace/diskIndex';
import { tabUri } from '../bigTrace/traceFiles';
import { ContextKeys, LANGUAGE_ID } from './ids';

/** The trace in focus. */
export interface FocusedTrace {
  readonly uri: vscode.Uri;
  /** Document version, or the disk index generation. */
  readonly version: number;
  /** The editor, when VS Code gave extensions the document (not past 50 MB). */
  readonly editor: vscode.TextEditor | undefined;
  /** True for a trace past 50 MB indexed from disk. */
  readonly fromDisk: boolean;
}

/** Follows the active editor and tab; fires when the trace in focus (or its version) may have changed. */
export class TraceFocus implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly disk: DiskIndexes) {
    const fire = (): void => {
      void vscode.commands.executeCommand('setContext', ContextKeys.traceActive, this.current() !== undefined);
      void vscode.commands.executeCommand('setContext', ContextKeys.diskTraceActive, this.current()?.fromDisk === true);
      this.changed.fire();
    };
    this.subs.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(fire),
      // A .txt/.log trace switched to ftrace (documents/detectTraces.ts) stays in the same editor:
      // VS Code reports the language change as a close and an open of the document.
      vscode.workspace.onDidOpenTextDocument((d) => d.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString() && fire()),
      vscode.window.tabGroups.onDidChangeTabs(fire),
      vscode.window.tabGroups.onDidChangeTabGroups(fire),
      disk.onDidChange(fire),
    );
    fire();
  }

  /** The active ftrace editor (slices included), else the active tab when it shows a ready disk index. */
  current(): FocusedTrace | undefined {
    const e = vscode.window.activeTextEditor;
    if (e !== undefined && e.document.languageId === LANGUAGE_ID) return { uri: e.document.uri, version: e.document.version, editor: e, fromDisk: false };
    const uri = tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    if (uri === undefined) return undefined;
    const version = this.disk.version(uri);
    return version === undefined ? undefined : { uri, version, editor: undefined, fromDisk: true };
  }

  /** For the active tab of a trace past 50 MB that is not ready yet: what the views should say instead of a tree. */
  waiting(): string | undefined {
    const uri = tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    const s = uri && this.disk.state(uri);
    if (uri === undefined || s === undefined) return undefined;
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    switch (s.kind) {
      case 'indexing': return `Reading ${name} from disk (past 50 MB VS Code gives it to no extension)…`;
      case 'stale': return `${s.message} Reading it again…`;
      case 'failed': return s.message;
      case 'cancelled': return `Reading ${name} was cancelled. Click the "over 50 MB" status bar item to read it again.`;
      case 'ready': return undefined;
    }
  }

  /** True when `uri` is a trace past 50 MB read from disk (no TextDocument). */
  isDisk(uri: vscode.Uri): boolean {
    return this.disk.has(uri) && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  /** True while `uri` is still open: a document VS Code synchronized, or a tab of a disk-indexed trace. */
  isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return true;
    return this.disk.has(uri) && vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === key));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
