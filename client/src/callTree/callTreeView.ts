// Call Tree view: follows the active trace, refreshes only while visible, order and follow-cursor toggles, reveal.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallAtRequest } from '../../../server/src/protocol';
import { CallTreeProvider, type TreeNode } from './callTreeProvider';
import { Commands, ContextKeys, Views } from '../shared/ids';
import { revealLine } from '../navigation/navigation';
import type { TraceFocus } from '../shared/traceFocus';
import { send } from '../shared/requests';
import { revealNode } from './treeReveal';
import type { SleepsAndIdle } from '../navigation/sleepsAndIdle';
import type { LineNames } from '../slices/lineNames';

const FOLLOW_DELAY_MS = 150;
/** Reveals of a call whose selection a tree refresh dropped: how many, and how long to wait for the selection first. */
const RESELECT_ATTEMPTS = 3;
const RESELECT_DELAY_MS = 250;
const NO_TRACE = 'Open an ftrace function_graph trace (a .trace file, or a file starting with "# tracer: function_graph") to see its calls here.';

/** The Call Tree view and its commands. */
export class CallTreeView implements vscode.Disposable {
  readonly provider: CallTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly subs: vscode.Disposable[] = [];
  private dirty = false;
  private follow = false;
  private followTimer: ReturnType<typeof setTimeout> | undefined;

  /** `lineNames` names a document's lines (full-trace lines in a slice). */
  constructor(private readonly client: LanguageClient, private readonly sleeps: SleepsAndIdle, private readonly focus: TraceFocus, lineNames?: (uri: vscode.Uri) => Promise<LineNames>) {
    this.provider = new CallTreeProvider(client, lineNames);
    this.provider.sleepsAndIdle = sleeps.on;
    this.view = vscode.window.createTreeView(Views.callTree, { treeDataProvider: this.provider, showCollapseAll: true });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => e.visible && this.dirty && this.sync()),
      focus.onDidChange(() => this.sync()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.sync()),
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.toString() === this.provider.current?.uri.toString() && this.sync()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
      vscode.commands.registerCommand(Commands.loadMore, (n: TreeNode) => n.kind === 'more' && this.provider.loadMore(n)),
      vscode.commands.registerCommand(Commands.revealCall, async (uri: vscode.Uri, line: number, _endLine?: number | null, inPanel?: boolean) => {
        await revealLine(uri, line, { fromDisk: this.focus.isDisk(uri) });
        if (inPanel === true) await this.revealLine(line);
      }),
      vscode.commands.registerCommand(Commands.orderByTime, () => this.setOrder('time')),
      vscode.commands.registerCommand(Commands.orderByTrace, () => this.setOrder('trace')),
      vscode.commands.registerCommand(Commands.followCursorOn, () => this.setFollow(true)),
      vscode.commands.registerCommand(Commands.followCursorOff, () => this.setFollow(false)),
      // The time order ranks by the same measure as the slow-call commands.
      sleeps.onDidChange((on) => this.provider.setSleepsAndIdle(on)),
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.callTreeOrder, 'trace');
    void vscode.commands.executeCommand('setContext', ContextKeys.followCursor, false);
    this.sync();
  }

  /** Points the view at the active trace editor (or shows the "no trace" message). */
  sync(): void {
    const trace = this.focus.current();
    if (!this.view.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    if (trace === undefined) {
      // Keep showing the last trace while another kind of editor is active, unless it was closed.
      const cur = this.provider.current;
      const open = cur !== undefined && this.focus.isOpen(cur.uri);
      const waiting = this.focus.waiting();
      if (!open || waiting !== undefined) this.provider.setTrace(undefined);
      this.view.message = waiting ?? (open ? undefined : NO_TRACE);
      return;
    }
    this.view.message = undefined;
    this.provider.setTrace({ uri: trace.uri, version: trace.version });
  }

  /** Reveals and selects the call covering 0-based `line` of the active trace. */
  async revealLine(line: number, focus = false): Promise<boolean> {
    const trace = this.focus.current();
    if (trace === undefined) return false;
    if (!this.view.visible && !focus) return false;
    this.provider.setTrace({ uri: trace.uri, version: trace.version });
    const at = await send(this.client, CallAtRequest, { uri: trace.uri.toString(), line, order: this.provider.currentOrder, sleepsAndIdle: this.sleeps.on });
    if (at === null || at.call === null || at.group === null) return false;
    // A refresh of the tree that VS Code applies while the reveal runs (it debounces them: the
    // refreshes of a trace that just opened) can drop the selection the reveal made, with no
    // error: the call was then not selected at all. Look the node up and reveal it again then
    // (unless something else was selected meanwhile: a click in the tree wins).
    for (let attempt = 1; ; attempt++) {
      const node = await this.provider.nodeForPath(`g:${at.group}`, at.path, at.indices);
      if (node === undefined) return false;
      const before = this.view.selection[0];
      await revealNode(this.view, node, { select: true, focus, expand: false }, (n) => this.provider.getParent(n));
      if (this.selects(node.key)) return true;
      await new Promise((resolve) => setTimeout(resolve, RESELECT_DELAY_MS));
      if (this.selects(node.key)) return true;
      if (attempt === RESELECT_ATTEMPTS || this.view.selection[0] !== before || this.focus.current()?.uri.toString() !== trace.uri.toString()) return false;
    }
  }

  /** True when the view's selection is the node `key`. */
  private selects(key: string): boolean {
    const s = this.view.selection;
    return s.length === 1 && s[0].key === key;
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.follow || !this.view.visible || e.textEditor !== this.focus.current()?.editor) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => void this.revealLine(e.selections[0].active.line), FOLLOW_DELAY_MS);
  }

  private setOrder(order: 'time' | 'trace'): void {
    this.provider.setOrder(order);
    void vscode.commands.executeCommand('setContext', ContextKeys.callTreeOrder, order);
  }

  private setFollow(on: boolean): void {
    this.follow = on;
    void vscode.commands.executeCommand('setContext', ContextKeys.followCursor, on);
    const editor = this.focus.current()?.editor;
    if (on && editor !== undefined) void this.revealLine(editor.selection.active.line);
  }

  dispose(): void {
    clearTimeout(this.followTimer);
    for (const s of this.subs) s.dispose();
  }
}
