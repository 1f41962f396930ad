// Call Tree helpers shared by the panel and paging suites: node filters, the groups of a trace, showing the view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../client/src/callTree/callTreeProvider';
import { send } from '../../client/src/shared/requests';
import { CallAtRequest } from '../../server/src/protocol';
import { waitFor, type PanelApi } from './helpers';

/** Calls per ftrace/callTree page (client/src/callTree/callTreeProvider.ts PAGE_SIZE). */
export const PAGE = 200;
export type CallItem = Extract<TreeNode, { kind: 'call' }>;
export type MoreItem = Extract<TreeNode, { kind: 'more' }>;
export const calls = (ns: readonly TreeNode[]): CallItem[] => ns.filter((n): n is CallItem => n.kind === 'call');
export const mores = (ns: readonly TreeNode[]): MoreItem[] => ns.filter((n): n is MoreItem => n.kind === 'more');

/** The Call Tree's groups once the panel shows `uri` (waits for the view to follow the editor and the server to parse). */
export async function groupsOf(api: PanelApi, uri: vscode.Uri, timeoutMs = 30000): Promise<Extract<TreeNode, { kind: 'group' }>[]> {
  return waitFor(`the Call Tree showing ${path.basename(uri.fsPath)}`, async () => {
    if (api.callTree.provider.current?.uri.toString() !== uri.toString()) return undefined;
    const gs = await api.callTree.provider.getChildren();
    return gs.length > 0 ? gs.filter((g): g is Extract<TreeNode, { kind: 'group' }> => g.kind === 'group') : undefined;
  }, { timeoutMs, events: [api.callTree.provider.onDidChangeTreeData, vscode.window.onDidChangeActiveTextEditor] });
}

/** Opens the Ftrace container with the Call Tree visible. */
export async function showCallTree(api: PanelApi): Promise<void> {
  await vscode.commands.executeCommand('ftraceLens.callTree.focus');
  await waitFor('the Call Tree visible', () => (api.callTree.view.visible ? true : undefined), { events: [api.callTree.view.onDidChangeVisibility] });
}

/**
 * The Call Tree's call whose first line is 0-based `line` of `uri`, found as the view reveals a call
 * (`ftrace/callAt` for its path, then the pages that hold it), whatever the tree's order and paging.
 */
export async function treeCall(api: PanelApi, uri: vscode.Uri, version: number, line: number): Promise<TreeNode> {
  const p = api.callTree.provider;
  return waitFor(`the call on line ${line + 1} in the Call Tree`, async () => {
    p.setTrace({ uri, version });
    // The top level first, as the view shows it (this also reads a slice's line names for the tooltips).
    await p.getChildren();
    const at = await send(api.client, CallAtRequest, { uri: uri.toString(), line, order: p.currentOrder, sleepsAndIdle: p.sleepsAndIdle });
    if (at === null || at.call === null || at.group === null || at.call.line !== line) return undefined;
    const node = await p.nodeForPath(`g:${at.group}`, at.path, at.indices);
    return node?.kind === 'call' && node.call.line === line ? node : undefined;
  }, { timeoutMs: 20000 });
}
