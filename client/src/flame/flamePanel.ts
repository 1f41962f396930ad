// The Flame Graph view: a webview beside the editor for the trace in focus (an editor, or a trace past 50 MB read from disk); fetches binary call columns, reveals clicked calls, follows the cursor.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallAtRequest, FlameDataRequest, type FlameDataResult, type LineMap } from '../../../server/src/protocol';
import { Commands, LANGUAGE_ID, VIEW_TYPES } from '../shared/ids';
import type { FocusedTrace, TraceFocus } from '../shared/traceFocus';
import { tabUri } from '../bigTrace/traceFiles';
import { openAtLine } from '../navigation/largeFileConfirmation';
import { send } from '../shared/requests';
import { flameBuffer } from './flameBuffer';
import { flameHtml, makeNonce } from './html';
import type { FlamePayload, FromWebview, ToWebview } from './messages';

/** The payload the webview draws from the server's answer and its buffer (`lineMap`: a slice's, to name full-trace lines). */
export function payloadOf(r: FlameDataResult, buffer: ArrayBuffer, title: string, lineMap?: LineMap): FlamePayload {
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
    ...(lineMap !== undefined ? { lineMap } : {}),
  };
}

/** The trace the view shows: its URI and, for a synchronized document, the document. */
interface Shown {
  readonly uri: vscode.Uri;
  readonly doc: vscode.TextDocument | undefined;
  readonly fromDisk: boolean;
}

/** The one Flame Graph panel (created on demand, shown beside the trace). */
export class FlamePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: Shown | undefined;
  private column: vscode.ViewColumn | undefined;
  private ready = false;
  private loaded: { uri: string; version: number } | undefined;
  private seq = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<{ version: number; ms: number; boxes: number }>();
  /** Fires when the webview drew a payload's first frame (tests wait on it). */
  readonly onRendered = this.renderedEmitter.event;

  /** `lineMap` gives a slice's line map (tooltips then name full-trace lines). */
  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient, private readonly focus: TraceFocus, private readonly lineMap: (uri: vscode.Uri) => Promise<LineMap | undefined> = async () => undefined) {
    this.subs.push(
      this.renderedEmitter,
      vscode.commands.registerCommand(Commands.showFlameGraph, () => this.show()),
      // The active editor or tab changed, or a disk index became ready (the view itself taking focus is no trace: ignored).
      focus.onDidChange(() => {
        const t = focus.current();
        if (this.panel !== undefined && t !== undefined) void this.load(t);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel !== undefined && e.document === this.shown?.doc) this.scheduleReload();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.panel !== undefined && e.textEditor.document === this.shown?.doc) this.scheduleCursor(e.textEditor);
      }),
    );
  }

  /** Opens (or reveals) the view for the trace in focus (else a visible trace editor). */
  async show(): Promise<void> {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID);
    const t = this.focus.current() ?? (editor && { uri: editor.document.uri, version: editor.document.version, editor, fromDisk: false });
    if (t === undefined) {
      void vscode.window.showInformationMessage('Open an ftrace trace to see its flame graph.');
      return;
    }
    if (this.panel === undefined) this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    await this.load(t);
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
    w.html = flameHtml(w.cspSource, makeNonce((n) => randomBytes(n)), w.asWebviewUri(vscode.Uri.joinPath(out, 'flameView.js')).toString(), w.asWebviewUri(vscode.Uri.joinPath(media, 'flame.css')).toString(),
      w.asWebviewUri(vscode.Uri.joinPath(out, 'codicons', 'codicon.css')).toString());
    w.onDidReceiveMessage((m: FromWebview) => this.onMessage(m), undefined, this.subs);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.loaded = undefined;
    }, undefined, this.subs);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.loaded = undefined;
      const s = this.shown;
      if (s !== undefined) void this.load({ uri: s.uri, version: s.doc?.version ?? 0, editor: s.doc && vscode.window.visibleTextEditors.find((e) => e.document === s.doc), fromDisk: s.fromDisk });
    } else if (m.type === 'reveal' && this.shown !== undefined && Number.isInteger(m.line) && m.line >= 0) {
      void this.reveal(m.line);
    } else if (m.type === 'rendered') {
      this.renderedEmitter.fire({ version: m.version, ms: m.ms, boxes: m.boxes });
    }
  }

  private post(m: ToWebview): void {
    void this.panel?.webview.postMessage(m);
  }

  private async load(t: FocusedTrace): Promise<void> {
    const doc = t.editor?.document ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri.toString());
    this.shown = { uri: t.uri, doc, fromDisk: t.fromDisk && doc === undefined };
    // The trace's own column: clicks reveal lines there, not in the view's column.
    if (t.editor !== undefined) this.column = t.editor.viewColumn;
    else if (t.fromDisk && tabUri(vscode.window.tabGroups.activeTabGroup.activeTab)?.toString() === t.uri.toString()) this.column = vscode.window.tabGroups.activeTabGroup.viewColumn;
    const title = t.uri.path.split('/').pop() ?? 'trace';
    if (this.panel !== undefined) this.panel.title = `Flame Graph: ${title}`;
    if (!this.ready) return;
    const key = t.uri.toString();
    if (this.loaded?.uri === key && this.loaded.version === (doc?.version ?? t.version)) return;
    const seq = ++this.seq;
    this.post({ type: 'status', text: `Loading ${title}…` });
    const r = await send(this.client, FlameDataRequest, { uri: key }).catch((e: unknown) => {
      this.post({ type: 'status', text: `Could not load the calls: ${e instanceof Error ? e.message : String(e)}` });
      return null;
    });
    if (r === null) return;
    const [buffer, lineMap] = await Promise.all([
      flameBuffer(r).catch((e: unknown) => {
        this.post({ type: 'status', text: `Could not read the calls: ${e instanceof Error ? e.message : String(e)}` });
        return null;
      }),
      this.lineMap(t.uri).catch(() => undefined),
    ]);
    if (seq !== this.seq || buffer === null || this.panel === undefined) return;
    this.loaded = { uri: key, version: r.version };
    this.post({ type: 'data', payload: payloadOf(r, buffer, title, lineMap) });
    if (t.editor !== undefined) this.scheduleCursor(t.editor);
  }

  private scheduleReload(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      const t = this.focus.current();
      if (t !== undefined && t.uri.toString() === this.shown?.uri.toString()) void this.load(t);
    }, 500);
  }

  private scheduleCursor(editor: vscode.TextEditor): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(async () => {
      const r = await send(this.client, CallAtRequest, { uri: editor.document.uri.toString(), line: editor.selection.active.line }).catch(() => null);
      this.post({ type: 'highlight', line: r?.call?.line ?? -1 });
    }, 120);
  }

  /** Selects and centers 0-based `line` in the trace's editor (its own column, not the view's); a trace read from disk opens at the line. */
  private async reveal(line: number): Promise<void> {
    const s = this.shown!;
    if (s.doc === undefined) {
      // Past 50 MB there is no TextDocument: VS Code's own editor opens at the line, in the trace's column.
      const l = Math.max(0, line);
      const show: vscode.TextDocumentShowOptions = { viewColumn: this.column ?? vscode.ViewColumn.One, preserveFocus: false, preview: false, selection: new vscode.Range(l, 0, l, 100_000) };
      await openAtLine(s.uri, show);
      return;
    }
    const editor = await vscode.window.showTextDocument(s.doc, { viewColumn: this.column ?? vscode.ViewColumn.One, preserveFocus: false, preview: false });
    const l = Math.min(line, s.doc.lineCount - 1);
    const text = s.doc.lineAt(l);
    editor.selection = new vscode.Selection(new vscode.Position(l, text.firstNonWhitespaceCharacterIndex), text.range.end);
    editor.revealRange(text.range, vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    clearTimeout(this.cursorTimer);
    this.panel?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
