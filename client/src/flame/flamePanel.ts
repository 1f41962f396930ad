// The Flame Graph view: a webview beside the editor for the active trace; fetches binary call columns, reveals clicked calls, follows the cursor.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallAtRequest, FlameDataRequest, type FlameDataResult } from '../../../server/src/protocol';
import { Commands, LANGUAGE_ID, VIEW_TYPES } from '../shared/ids';
import { activeTraceEditor } from '../navigation/navigation';
import { send } from '../shared/requests';
import { flameBuffer } from './flameBuffer';
import { flameHtml, makeNonce } from './html';
import type { FlamePayload, FromWebview, ToWebview } from './messages';

/** The payload the webview draws from the server's answer and its buffer. */
export function payloadOf(r: FlameDataResult, buffer: ArrayBuffer, title: string): FlamePayload {
  return {
    title,
    version: r.version,
    count: r.count,
    clock: r.clock,
    names: r.names,
    lanes: r.lanes.map((l) => ({ label: l.label, first: l.first, count: l.count })),
    taskInfo: r.taskInfo,
    columns: r.columns,
    buffer,
  };
}

/** The one Flame Graph panel (created on demand, shown beside the trace). */
export class FlamePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private doc: vscode.TextDocument | undefined;
  private column: vscode.ViewColumn | undefined;
  private ready = false;
  private loaded: { uri: string; version: number } | undefined;
  private seq = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<{ version: number; ms: number; boxes: number }>();
  /** Fires when the webview drew a payload's first frame (tests wait on it). */
  readonly onRendered = this.renderedEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    this.subs.push(
      this.renderedEmitter,
      vscode.commands.registerCommand(Commands.showFlameGraph, () => this.show()),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (this.panel !== undefined && e !== undefined && e.document.languageId === LANGUAGE_ID) void this.load(e);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel !== undefined && e.document === this.doc) this.scheduleReload();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.panel !== undefined && e.textEditor.document === this.doc) this.scheduleCursor(e.textEditor);
      }),
    );
  }

  /** Opens (or reveals) the view for the active trace. */
  async show(): Promise<void> {
    const editor = activeTraceEditor(LANGUAGE_ID) ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID);
    if (editor === undefined) {
      void vscode.window.showInformationMessage('Open an ftrace trace to see its flame graph.');
      return;
    }
    if (this.panel === undefined) this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    await this.load(editor);
  }

  private create(): void {
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const out = vscode.Uri.joinPath(this.context.extensionUri, 'client', 'out');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.flameGraph, 'Flame Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [media, out],
    });
    this.panel = panel;
    this.ready = false;
    this.loaded = undefined;
    panel.iconPath = vscode.Uri.joinPath(media, 'ftrace.svg');
    const w = panel.webview;
    w.html = flameHtml(w.cspSource, makeNonce((n) => randomBytes(n)), w.asWebviewUri(vscode.Uri.joinPath(out, 'flameView.js')).toString(), w.asWebviewUri(vscode.Uri.joinPath(media, 'flame.css')).toString());
    w.onDidReceiveMessage((m: FromWebview) => this.onMessage(m), undefined, this.subs);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.loaded = undefined;
    }, undefined, this.subs);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') {
      this.ready = true;
      const editor = this.doc && vscode.window.visibleTextEditors.find((e) => e.document === this.doc);
      this.loaded = undefined;
      if (editor !== undefined) void this.load(editor);
    } else if (m.type === 'reveal' && this.doc !== undefined && Number.isInteger(m.line) && m.line >= 0) {
      void this.reveal(m.line);
    } else if (m.type === 'rendered') {
      this.renderedEmitter.fire({ version: m.version, ms: m.ms, boxes: m.boxes });
    }
  }

  private post(m: ToWebview): void {
    void this.panel?.webview.postMessage(m);
  }

  private async load(editor: vscode.TextEditor): Promise<void> {
    this.doc = editor.document;
    this.column = editor.viewColumn;
    const doc = editor.document;
    const title = doc.uri.path.split('/').pop() ?? 'trace';
    if (this.panel !== undefined) this.panel.title = `Flame Graph: ${title}`;
    if (!this.ready) return;
    if (this.loaded?.uri === doc.uri.toString() && this.loaded.version === doc.version) return;
    const seq = ++this.seq;
    this.post({ type: 'status', text: `Loading ${title}…` });
    const r = await send(this.client, FlameDataRequest, { uri: doc.uri.toString() }).catch((e: unknown) => {
      this.post({ type: 'status', text: `Could not load the calls: ${e instanceof Error ? e.message : String(e)}` });
      return null;
    });
    if (r === null) return;
    const buffer = await flameBuffer(r).catch((e: unknown) => {
      this.post({ type: 'status', text: `Could not read the calls: ${e instanceof Error ? e.message : String(e)}` });
      return null;
    });
    if (seq !== this.seq || buffer === null || this.panel === undefined) return;
    this.loaded = { uri: doc.uri.toString(), version: r.version };
    this.post({ type: 'data', payload: payloadOf(r, buffer, title) });
    this.scheduleCursor(editor);
  }

  private scheduleReload(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.doc);
      if (editor !== undefined) void this.load(editor);
    }, 500);
  }

  private scheduleCursor(editor: vscode.TextEditor): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(async () => {
      const r = await send(this.client, CallAtRequest, { uri: editor.document.uri.toString(), line: editor.selection.active.line }).catch(() => null);
      this.post({ type: 'highlight', line: r?.call?.line ?? -1 });
    }, 120);
  }

  /** Selects and centers 0-based `line` in the trace's editor (its own column, not the view's). */
  private async reveal(line: number): Promise<void> {
    const doc = this.doc!;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: this.column ?? vscode.ViewColumn.One, preserveFocus: false, preview: false });
    const l = Math.min(line, doc.lineCount - 1);
    const text = doc.lineAt(l);
    editor.selection = new vscode.Selection(new vscode.Position(l, text.firstNonWhitespaceCharacterIndex), text.range.end);
    editor.revealRange(text.range, vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    clearTimeout(this.cursorTimer);
    this.panel?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
