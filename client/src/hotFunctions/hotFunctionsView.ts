// Hot Functions view: per-function calls, total, self, max and mean in the ranking's time (on-CPU by default); sortable; a row reveals the function's slowest call; a last row offers what is set aside.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatDuration } from '../../../server/src/core/format';
import { FunctionStatsRequest, type FunctionSort, type FunctionStatRow, type RankingInfo } from '../../../server/src/protocol';
import { nsOf } from '../shared/nsOf';
import { Commands, Views } from '../shared/ids';
import { send } from '../shared/requests';
import { measureText, sleepsAndIdleText, type SleepsAndIdle } from '../navigation/sleepsAndIdle';
import type { TraceFocus } from '../shared/traceFocus';
import { PLAIN_LINE_NAMES, type LineNames } from '../slices/lineNames';

const LIMIT = 500;
const SORTS: readonly { key: FunctionSort; label: string }[] = [
  { key: 'self', label: 'Self time (total)' },
  { key: 'total', label: 'Inclusive time (total)' },
  { key: 'max', label: 'Slowest single call' },
  { key: 'mean', label: 'Mean time per call' },
  { key: 'count', label: 'Number of calls' },
  { key: 'name', label: 'Name' },
];

/** One row: a function of the active trace, or the entry for what the ranking set aside. */
type Row =
  | { readonly kind: 'function'; readonly uri: vscode.Uri; readonly stat: FunctionStatRow; readonly ranking: RankingInfo; readonly names: LineNames }
  | { readonly kind: 'setAside'; readonly text: string; readonly on: boolean };

/** Tree data for the Hot Functions view (a flat list of the top functions). */
class HotFunctionsProvider implements vscode.TreeDataProvider<Row> {
  private readonly changed = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  uri: vscode.Uri | undefined;
  version: number | undefined;
  sort: FunctionSort = 'self';
  total = 0;
  /** How the last answer ranked, and a callback once it is known (the view's description). */
  ranking: RankingInfo | undefined;
  onRanked: (() => void) | undefined;

  constructor(private readonly client: LanguageClient, private readonly sleeps: SleepsAndIdle, private readonly lineNames: (uri: vscode.Uri) => Promise<LineNames>) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if (row.kind === 'setAside') {
      const item = new vscode.TreeItem(row.on ? 'Rank on-CPU work only' : 'Sleeps and idle', vscode.TreeItemCollapsibleState.None);
      item.description = row.text;
      item.tooltip = row.on ? `Counted: ${row.text}. Click to set sleeps and idle aside again.` : `Set aside: ${row.text}. Click to count them.`;
      item.iconPath = new vscode.ThemeIcon(row.on ? 'pulse' : 'debug-pause');
      item.command = { command: row.on ? Commands.hideSleepsAndIdle : Commands.showSleepsAndIdle, title: row.on ? 'Rank On-CPU Work Only' : 'Show Sleeps and Idle' };
      return item;
    }
    const s = row.stat;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    const m = row.ranking.measure === 'onCpu' ? ' on-CPU' : '';
    const parts = [`self${m} ${formatDuration(nsOf(s.selfUs))}`, `total${m} ${formatDuration(nsOf(s.totalUs))}`, `${s.calls} call${s.calls === 1 ? '' : 's'}`, `max ${formatDuration(nsOf(s.maxUs))}`, `mean ${formatDuration(nsOf(s.meanUs))}`];
    item.description = s.totalUs === null ? `${s.calls} calls` : parts.join(' · ');
    const more = [
      s.inclusiveUs !== null ? `inclusive ${formatDuration(nsOf(s.inclusiveUs))}` : '',
      s.onCpuUs !== null ? `on-CPU ${formatDuration(nsOf(s.onCpuUs))}` : 'on-CPU unknown',
      s.offCpuUs !== null && s.offCpuUs > 0 ? `off-CPU ${formatDuration(nsOf(s.offCpuUs))}` : '',
      s.leftOut > 0 ? `${s.leftOut} call${s.leftOut === 1 ? '' : 's'} set aside (sleeps, idle)` : '',
    ].filter(Boolean);
    item.tooltip = `${s.name}\n${[...parts, ...more].join('\n')}${s.slowestLine !== null ? `\nslowest call on ${row.names.line(s.slowestLine)}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('flame');
    item.contextValue = 'ftraceFunction';
    if (s.slowestLine !== null) item.command = { command: Commands.revealCall, title: 'Reveal slowest call', arguments: [row.uri, s.slowestLine, null, true] };
    return item;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    const uri = this.uri;
    if (row !== undefined || uri === undefined) return [];
    const on = this.sleeps.on;
    const [r, names] = await Promise.all([
      send(this.client, FunctionStatsRequest, { uri: uri.toString(), sortBy: this.sort, limit: LIMIT, sleepsAndIdle: on }),
      this.lineNames(uri).catch(() => PLAIN_LINE_NAMES),
    ]);
    if (r === null || this.uri !== uri) return [];
    this.total = r.total;
    this.ranking = r.ranking;
    const rows: Row[] = r.functions.map((stat) => ({ kind: 'function', uri, stat, ranking: r.ranking, names }));
    const text = sleepsAndIdleText(r.ranking);
    if (text !== undefined) rows.push({ kind: 'setAside', text, on });
    this.onRanked?.();
    return rows;
  }
}

/** The Hot Functions view and its sort command. */
export class HotFunctionsView implements vscode.Disposable {
  private readonly provider: HotFunctionsProvider;
  private readonly view: vscode.TreeView<Row>;
  private readonly subs: vscode.Disposable[] = [];
  private dirty = false;

  /** `lineNames` names a document's lines (full-trace lines in a slice). */
  constructor(client: LanguageClient, private readonly sleeps: SleepsAndIdle, private readonly focus: TraceFocus, lineNames: (uri: vscode.Uri) => Promise<LineNames> = async () => PLAIN_LINE_NAMES) {
    this.provider = new HotFunctionsProvider(client, sleeps, lineNames);
    this.provider.onRanked = () => this.describe();
    this.view = vscode.window.createTreeView(Views.hotFunctions, { treeDataProvider: this.provider });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => e.visible && this.dirty && this.sync()),
      focus.onDidChange(() => this.sync()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.sync(true)),
      vscode.commands.registerCommand(Commands.sortHotFunctions, () => this.pickSort()),
      sleeps.onDidChange(() => this.sync(true)),
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
    this.describe();
    if (changed || force) this.provider.refresh();
  }

  /** `by self time (total) · on-CPU · sleeps and idle set aside`. */
  private describe(): void {
    const r = this.provider.ranking;
    const how = r === undefined ? '' : this.sleeps.on ? ` · ${measureText(r)}, sleeps and idle counted` : ` · ${measureText(r)}${r.sleepsAndIdle.leftOutCalls > 0 ? `, ${r.sleepsAndIdle.leftOutCalls.toLocaleString('en-US')} calls set aside` : ''}`;
    this.view.description = `by ${SORTS.find((s) => s.key === this.provider.sort)!.label.toLowerCase()}${how}`;
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
