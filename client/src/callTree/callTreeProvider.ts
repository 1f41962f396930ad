// Call Tree data: groups, top-level calls and children fetched from the server page by page (windowed, lazy).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CallTreeRequest, type CallGroup, type CallNode, type TreeOrder } from '../../../server/src/protocol';
import { Commands } from '../shared/ids';
import { callDescription, callIcon, callLabel, callTooltip } from './callPresentation';
import { groupDescription, groupTooltip } from './groupText';
import { send } from '../shared/requests';
import { PLAIN_LINE_NAMES, type LineNames } from '../slices/lineNames';

/** Children fetched per request. */
export const PAGE_SIZE = 200;

/** A node of the Call Tree view. */
export type TreeNode =
  | { readonly kind: 'group'; readonly key: string; readonly group: CallGroup }
  | { readonly kind: 'call'; readonly key: string; readonly call: CallNode; readonly parent: TreeNode }
  | { readonly kind: 'more'; readonly key: string; readonly parent: TreeNode; readonly direction: 'earlier' | 'later'; readonly count: number };

/** Loaded window [start, end) of one parent's children. */
interface Window {
  start: number;
  end: number;
  total: number;
  items: TreeNode[];
}

/** The trace the tree shows. */
export interface TraceRef {
  readonly uri: vscode.Uri;
  readonly version: number;
}

/** TreeDataProvider over `ftrace/callTree`: never more than a page per request, "more…" items for the rest. */
export class CallTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private trace: TraceRef | undefined;
  private order: TreeOrder = 'trace';
  private groups: TreeNode[] | undefined;
  private readonly windows = new Map<string, Window>();
  private readonly nodes = new Map<string, TreeNode>();
  /** Callbacks waiting for VS Code to fetch a node's children again after a change event. */
  private readonly refetched = new Map<string, (() => void)[]>();
  /** Nodes whose children VS Code has fetched (only those can be stale in its cache). */
  private readonly served = new Set<string>();

  /** How the shown trace's lines are named (full-trace lines in a slice), known once its children are first asked for. */
  private names: { readonly uri: string; readonly names: LineNames } | undefined;

  /** `lineNames` names a document's lines (a slice's through its line map); by default their own numbers. */
  constructor(private readonly client: LanguageClient, private readonly lineNames: (uri: vscode.Uri) => Promise<LineNames> = async () => PLAIN_LINE_NAMES) {}

  /** The trace shown, if any. */
  get current(): TraceRef | undefined {
    return this.trace;
  }

  get currentOrder(): TreeOrder {
    return this.order;
  }

  /** Shows `trace` (or nothing); drops everything fetched for another trace or version. */
  setTrace(trace: TraceRef | undefined): void {
    const same = trace !== undefined && this.trace !== undefined && trace.uri.toString() === this.trace.uri.toString() && trace.version === this.trace.version;
    if (same) return;
    this.trace = trace;
    this.reset();
  }

  /** True when the time order counts sleeps and idle (Show Sleeps and Idle); else it ranks on-CPU work first. */
  sleepsAndIdle = false;

  /** Changes {@link sleepsAndIdle}; redraws when the time order depends on it. */
  setSleepsAndIdle(on: boolean): void {
    if (on === this.sleepsAndIdle) return;
    this.sleepsAndIdle = on;
    if (this.order === 'time') this.reset();
  }

  /** Switches between trace order and slowest-first. */
  setOrder(order: TreeOrder): void {
    if (order === this.order) return;
    this.order = order;
    this.reset();
  }

  /** Forgets fetched pages and redraws. */
  reset(): void {
    this.groups = undefined;
    this.windows.clear();
    this.nodes.clear();
    for (const list of this.refetched.values()) for (const done of list) done();
    this.refetched.clear();
    this.served.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const g = node.group;
      const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.key;
      item.description = groupDescription(g);
      item.tooltip = groupTooltip(g);
      item.iconPath = new vscode.ThemeIcon(g.pid !== null ? 'person' : 'circuit-board');
      // The context menu offers "Open Task as Trace" on task groups and "Open CPU as Trace" on CPU groups.
      item.contextValue = g.pid !== null ? 'ftraceGroupTask' : g.cpu !== null ? 'ftraceGroupCpu' : 'ftraceGroup';
      return item;
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(node.direction === 'later' ? `more… (${node.count} not shown)` : `earlier… (${node.count} not shown)`, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon(node.direction === 'later' ? 'ellipsis' : 'fold-up');
      item.command = { command: Commands.loadMore, title: 'Load more', arguments: [node] };
      item.contextValue = 'ftraceMore';
      return item;
    }
    const c = node.call;
    const item = new vscode.TreeItem(callLabel(c), c.childCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    item.description = callDescription(c);
    item.iconPath = callIcon(c);
    item.tooltip = callTooltip(c, this.names !== undefined && this.names.uri === this.trace?.uri.toString() ? this.names.names : PLAIN_LINE_NAMES);
    item.contextValue = 'ftraceCall';
    if (this.trace !== undefined) item.command = { command: Commands.revealCall, title: 'Reveal call', arguments: [this.trace.uri, c.line, c.endLine] };
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'group' ? undefined : node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const trace = this.trace;
    if (trace === undefined) return [];
    const key = trace.uri.toString();
    if (this.names?.uri !== key) {
      const names = await this.lineNames(trace.uri).catch(() => PLAIN_LINE_NAMES);
      if (this.trace !== trace) return [];
      this.names = { uri: key, names };
    }
    if (node === undefined) return this.loadGroups(trace);
    if (node.kind === 'more') return [];
    const w = await this.window(trace, node);
    const out: TreeNode[] = [];
    if (w.start > 0) out.push(this.more(node, 'earlier', w.start));
    out.push(...w.items);
    if (w.end < w.total) out.push(this.more(node, 'later', w.total - w.end));
    this.served.add(node.key);
    const waiting = this.refetched.get(node.key);
    if (waiting !== undefined) {
      this.refetched.delete(node.key);
      for (const done of waiting) done();
    }
    return out;
  }

  /**
   * Announces new children of `node` and resolves once VS Code has fetched them (at once when it
   * never fetched them, so has nothing cached; after 400 ms at most when the node is not shown).
   * VS Code answers a reveal from the children it cached, and it refreshes only after a debounce:
   * revealing a call of a page loaded a moment ago would fail.
   */
  private changedAndFetched(node: TreeNode): Promise<void> {
    if (!this.served.has(node.key)) {
      this.changed.fire(node);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Let VS Code store the answer before the caller goes on.
        setTimeout(resolve, 0);
      };
      const timer = setTimeout(finish, 400);
      const list = this.refetched.get(node.key) ?? [];
      list.push(finish);
      this.refetched.set(node.key, list);
      this.changed.fire(node);
    });
  }

  /** Extends a parent's window by a page in the direction of a "more…" item. */
  async loadMore(more: Extract<TreeNode, { kind: 'more' }>): Promise<void> {
    const trace = this.trace;
    const w = this.windows.get(more.parent.key);
    if (trace === undefined || w === undefined) return;
    if (more.direction === 'later') {
      const page = await this.fetch(trace, more.parent, w.end);
      if (page === undefined) return;
      w.items.push(...page.items);
      w.end += page.items.length;
    } else {
      const start = Math.max(0, w.start - PAGE_SIZE);
      const page = await this.fetch(trace, more.parent, start, w.start - start);
      if (page === undefined) return;
      w.items.unshift(...page.items);
      w.start = start;
    }
    await this.changedAndFetched(more.parent);
  }

  /**
   * The node for a call given its path from the top-level call and each one's index among its
   * siblings (from `ftrace/callAt`), loading the pages that hold them. Undefined when the trace changed.
   */
  async nodeForPath(groupKey: string, path: readonly CallNode[], indices: readonly number[]): Promise<TreeNode | undefined> {
    const trace = this.trace;
    if (trace === undefined) return undefined;
    const groups = await this.loadGroups(trace);
    let parent = groups.find((g) => g.key === groupKey);
    for (let i = 0; i < path.length && parent !== undefined; i++) {
      const w = await this.window(trace, parent);
      const index = indices[i];
      if (index < w.start || index >= w.end) {
        // Jump the window to the page holding the call (keeps requests to one page).
        const start = Math.max(0, index - (index % PAGE_SIZE));
        const page = await this.fetch(trace, parent, start);
        if (page === undefined) return undefined;
        w.start = start;
        w.end = start + page.items.length;
        w.items = page.items;
        await this.changedAndFetched(parent);
      }
      parent = w.items.find((n) => n.kind === 'call' && n.call.id === path[i].id);
    }
    return parent;
  }

  private async loadGroups(trace: TraceRef): Promise<TreeNode[]> {
    if (this.groups !== undefined) return this.groups;
    const r = await send(this.client, CallTreeRequest, { uri: trace.uri.toString(), version: trace.version, limit: 500 });
    if (this.trace !== trace) return [];
    this.groups = (r?.groups ?? []).map((group) => this.remember({ kind: 'group', key: `g:${group.key}`, group }));
    return this.groups;
  }

  private async window(trace: TraceRef, parent: TreeNode): Promise<Window> {
    let w = this.windows.get(parent.key);
    if (w !== undefined) return w;
    const page = await this.fetch(trace, parent, 0);
    w = { start: 0, end: page?.items.length ?? 0, total: page?.total ?? 0, items: page?.items ?? [] };
    this.windows.set(parent.key, w);
    return w;
  }

  private async fetch(trace: TraceRef, parent: TreeNode, offset: number, limit = PAGE_SIZE): Promise<{ items: TreeNode[]; total: number } | undefined> {
    const params = parent.kind === 'group'
      ? { uri: trace.uri.toString(), version: trace.version, group: parent.group.key, offset, limit, order: this.order, sleepsAndIdle: this.sleepsAndIdle }
      : parent.kind === 'call'
        ? { uri: trace.uri.toString(), version: trace.version, parent: parent.call.id, offset, limit, order: this.order, sleepsAndIdle: this.sleepsAndIdle }
        : undefined;
    if (params === undefined) return undefined;
    const r = await send(this.client, CallTreeRequest, params);
    if (this.trace !== trace || r === null) return undefined;
    const items = (r.calls ?? []).map((call) => this.remember({ kind: 'call', key: `c:${call.id}`, call, parent }));
    return { items, total: r.total };
  }

  private more(parent: TreeNode, direction: 'earlier' | 'later', count: number): TreeNode {
    return { kind: 'more', key: `${parent.key}:${direction}`, parent, direction, count };
  }

  private remember(node: TreeNode): TreeNode {
    this.nodes.set(node.key, node);
    return node;
  }
}
