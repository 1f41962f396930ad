// Hot Functions view: per-function calls, total, self, max and mean; sortable; a row reveals the function's slowest call.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { FunctionStatsRequest, type FunctionSort, type FunctionStatRow } from '../../../server/src/protocol';
import { nsOf } from '../callTree/callPresentation';
import { Commands, Views } from '../shared/ids';
import { send } from '../shared/requests';
import type { TraceFocus } from '../shared/traceFocus';

const LIMIT = 500;
const SORTS: readonly { key: FunctionSort; label: string }[] = [
  { key: 'self', label: 'Self time (total)' },
  { key: 'total', label: 'Inclusive time (total)' },
  { key: 'max', label: 'Slowest single call' },
  { key: 'mean', label: 'Mean time per call' },
  { key: 'count', label: 'Number of calls' },
  { key: 'name', label: 'Name' },
];

/** One row: a function of the active trace. */
interface Row {
  readonly uri: vscode.Uri;
  readonly stat: FunctionStatRow;
}

/** Tree data for the Hot Functions view (a flat list of the top functions). */
class HotFunctionsProvider implements vscode.TreeDataProvider<Row> {
  private readonly changed = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  uri: vscode.Uri | undefined;
  version: number | undefined;
  sort: FunctionSort = 'self';
  total = 0;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const s = row.stat;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    const parts = [`self ${formatDuration(nsOf(s.selfUs))}`, `total ${formatDuration(nsOf(s.totalUs))}`, `${s.calls} call${s.calls === 1 ? '' : 's'}`, `max ${formatDuration(nsOf(s.maxUs))}`, `mean ${formatDuration(nsOf(s.meanUs))}`];
    item.description = s.totalUs === null ? `${s.calls} calls` : parts.join(' · ');
    item.tooltip = `${s.name}\n${parts.join('\n')}${s.slowestLine !== null ? `\nslowest call on line ${s.slowestLine + 1}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('flame');
    if (s.slowestLine !== null) item.command = { command: Commands.revealCall, title: 'Reveal slowest call', arguments: [row.uri, s.slowestLine, null, true] };
    return item;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    const uri = this.uri;
    if (row !== undefined || uri === undefined) return [];
    const r = await send(this.client, FunctionStatsRequest, { uri: uri.toString(), sortBy: this.sort, limit: LIMIT });
    if (r === null || this.uri !== uri) return [];
    this.total = r.total;
    return r.functions.map((stat) => ({ uri, stat }));
  }
}

/** The Hot Functions view and its sort command. */
export class HotFunctionsView implements vscode.Disposable {
  private readonly provider: HotFunctionsProvider;
  private readonly view: vscode.TreeView<Row>;
  private readonly subs: vscode.Disposable[] = [];
  private dirty = false;

  constructor(client: LanguageClient, private readonly focus: TraceFocus) {
    this.provider = new HotFunctionsProvider(client);
    this.view = vscode.window.createTreeView(Views.hotFunctions, { treeDataProvider: this.provider });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => e.visible && this.dirty && this.sync()),
      focus.onDidChange(() => this.sync()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.sync(true)),
      vscode.commands.registerCommand(Commands.sortHotFunctions, () => this.pickSort()),
    );
    this.sync();
  }

  private sync(force = false): void {
    if (!this.view.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const trace = this.focus.current();
    if (trace === undefined) {
      const waiting = this.focus.waiting();
      if (waiting === undefined && this.provider.uri !== undefined && this.focus.isOpen(this.provider.uri)) return;
      this.provider.uri = undefined;
      this.view.message = waiting ?? 'Open an ftrace trace to see its hot functions.';
      this.provider.refresh();
      return;
    }
    const changed = this.provider.uri?.toString() !== trace.uri.toString() || this.provider.version !== trace.version;
    this.provider.uri = trace.uri;
    this.provider.version = trace.version;
    this.view.message = undefined;
    this.view.description = `by ${SORTS.find((s) => s.key === this.provider.sort)!.label.toLowerCase()}`;
    if (changed || force) this.provider.refresh();
  }

  private async pickSort(): Promise<void> {
    const pick = await vscode.window.showQuickPick(SORTS.map((s) => ({ label: s.label, key: s.key, picked: s.key === this.provider.sort })), { title: 'Sort hot functions by' });
    if (pick === undefined) return;
    this.provider.sort = pick.key;
    this.sync(true);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
