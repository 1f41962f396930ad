// Integration: the Call Tree panel against `ftrace-lens calls --jsonl` (groups, top-level calls, children, order, follow cursor, collapse all).
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallNode } from '../../server/src/protocol';
import {
  activatePanel, cliCalls, openInEditor, placeCursor, realTrace, sameAsPrinted, seedTraceText, serverTimeOrder, usOf, waitFor, writeFile, type CliCall,
  type PanelApi,
} from './helpers';
import { PAGE, calls, groupsOf, mores, showCallTree, type CallItem } from './treeHelpers';


/** The server's grouping of top-level calls (queries.ts rootGroups): per task, the idle task per CPU, else per CPU. */
function groupKey(c: CliCall): string {
  const pid = c.pid ?? -1;
  const cpu = c.cpu ?? -1;
  return pid > 0 ? `task:${pid}` : pid === 0 ? `task:0/cpu:${cpu}` : cpu >= 0 ? `cpu:${cpu}` : 'unknown';
}

/** What the CLI says the tree should hold: groups in server order with their roots, and each call's children, all in trace order. */
function expectedTree(all: readonly CliCall[]): { groups: { key: string; roots: CliCall[] }[]; kids: Map<number, CliCall[]> } {
  const groups = new Map<string, { key: string; cpu: number; pid: number; roots: CliCall[] }>();
  const kids = new Map<number, CliCall[]>();
  for (const c of all) {
    if (c.parent !== null) {
      (kids.get(c.parent) ?? kids.set(c.parent, []).get(c.parent)!).push(c);
      continue;
    }
    const key = groupKey(c);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { key, cpu: c.cpu ?? -1, pid: c.pid ?? -1, roots: [] }));
    g.roots.push(c);
  }
  const sorted = [...groups.values()].sort((a, b) => a.cpu - b.cpu || a.pid - b.pid || (a.key < b.key ? -1 : 1));
  return { groups: sorted, kids };
}

/** Same µs value (the protocol and the CLI both round to the ns). */
function sameUs(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Math.abs(a - b) < 0.0005;
}

/** Asserts that a tree call is the CLI's call: id, name, 0-based lines, inclusive time, child count. */
function assertSameCall(n: CallNode, c: CliCall, where: string): void {
  const at = `${where}: #${c.id} ${c.name} (line ${c.line})`;
  assert.equal(n.id, c.id, at);
  assert.equal(n.name, c.name, at);
  assert.equal(n.line, c.line - 1, at);
  assert.equal(n.endLine, c.endLine === null ? null : c.endLine - 1, at);
  assert.ok(sameUs(n.inclusiveUs, c.inclusiveUs), `${at}: inclusive ${n.inclusiveUs} vs CLI ${c.inclusiveUs}`);
  assert.equal(n.childCount, c.children, at);
}

/** Slowest on-CPU first, the idle task's next, untimed last, trace order on ties (the server's time order). */
const byTime = serverTimeOrder;



const SUBJECTS = [
  { name: 'seed', text: () => ({ text: seedTraceText(), label: 'seed' }) },
  {
    name: 'k61-smp4-default',
    text: () => {
      const t = realTrace('k61-smp4-default', true);
      return { text: t.text, label: t.full ? 'full capture' : 'fixture head' };
    },
  },
];

suite('Call Tree panel', () => {
  let api: PanelApi;

  suiteSetup(async () => {
    api = await activatePanel();
    await showCallTree(api);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('ftraceLens.callTree.orderByTrace');
    await vscode.commands.executeCommand('ftraceLens.callTree.followCursorOff');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const subject of SUBJECTS) {
    suite(`on ${subject.name}`, () => {
      let uri: vscode.Uri;
      let editor: vscode.TextEditor;
      let all: CliCall[];
      let want: ReturnType<typeof expectedTree>;
      let label = '';

      suiteSetup(async function () {
        this.timeout(180000);
        const t = subject.text();
        uri = writeFile(`panel/${subject.name}.trace`, t.text);
        const doc = await openInEditor(uri);
        await api.ready; // the server starts with the first open trace
        editor = vscode.window.activeTextEditor!;
        assert.equal(editor.document, doc);
        all = await cliCalls(uri.fsPath);
        want = expectedTree(all);
        label = `${t.label}: ${doc.lineCount} lines, ${all.length} calls, ${want.groups.length} groups`;
        await showCallTree(api);
        await groupsOf(api, uri, 120000);
      });

      test('groups: one per task/CPU with the CLI\'s top-level calls', async function () {
        this.test!.title += ` (${label})`;
        const groups = await groupsOf(api, uri);
        assert.deepEqual(groups.map((g) => g.group.key), want.groups.map((g) => g.key));
        for (const [i, g] of groups.entries()) {
          const roots = want.groups[i].roots;
          assert.equal(g.group.callCount, roots.length, g.group.label);
          const timed = roots.filter((r) => r.inclusiveUs !== null);
          const total = timed.reduce((s, r) => s + r.inclusiveUs!, 0);
          assert.ok(timed.length === 0 ? g.group.totalUs === null : Math.abs(g.group.totalUs! - total) < 0.001 * timed.length + 1e-9 * total, `${g.group.label}: total ${g.group.totalUs} vs ${total}`);
          const item = api.callTree.provider.getTreeItem(g);
          assert.equal(item.label, g.group.label);
          assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
          // On-CPU time of the group: the CLI's on-CPU times of its top-level calls (unknown when one's is).
          const on = timed.every((r) => r.onCpuUs !== null) ? timed.reduce((s, r) => s + r.onCpuUs!, 0) : null;
          assert.ok(timed.length === 0 || on === null ? g.group.onCpuUs === null : Math.abs(g.group.onCpuUs! - on) < 0.001 * timed.length + 1e-9 * on, `${g.group.label}: on-CPU ${g.group.onCpuUs} vs ${on}`);
          assert.match(String(item.description), new RegExp(`(^|· )${roots.length} top-level call`));
        }
      });

      test('top-level calls and their children match the CLI, in trace order, with the same inclusive times', async function () {
        const groups = await groupsOf(api, uri);
        let compared = 0;
        let expanded = 0;
        for (const [i, g] of groups.entries()) {
          const roots = want.groups[i].roots;
          const page = await api.callTree.provider.getChildren(g);
          const items = calls(page);
          assert.equal(items.length, Math.min(PAGE, roots.length), `${g.group.label}: first page`);
          items.forEach((n, j) => assertSameCall(n.call, roots[j], `${g.group.label} root ${j}`));
          compared += items.length;
          const more = mores(page);
          if (roots.length > PAGE) assert.deepEqual(more.map((m) => [m.direction, m.count]), [['later', roots.length - PAGE]]);
          else assert.equal(more.length, 0);
          // Children of the top-level calls (a spread of 30 per group), and their descendants up to 3 levels down.
          const parents = items.filter((n) => n.call.childCount > 0);
          const sample = parents.length <= 30 ? parents : parents.filter((_, k) => k % Math.ceil(parents.length / 30) === 0);
          let budget = 1500;
          const compareKids = async (p: CallItem, levels: number): Promise<void> => {
            const kids = want.kids.get(p.call.id) ?? [];
            const got = calls(await api.callTree.provider.getChildren(p));
            assert.equal(got.length, Math.min(PAGE, kids.length), `children of #${p.call.id}`);
            got.forEach((n, j) => assertSameCall(n.call, kids[j], `child ${j} of #${p.call.id}`));
            assert.ok(got.every((n) => api.callTree.provider.getParent(n) === p), 'getParent is the expanded call');
            compared += got.length;
            budget -= got.length;
            expanded++;
            if (levels > 1) for (const n of got) if (n.call.childCount > 0 && budget > 0) await compareKids(n, levels - 1);
          };
          for (const p of sample) if (budget > 0) await compareKids(p, 3);
          const item = api.callTree.provider.getTreeItem(items[0]);
          // The time first (it stays visible in a narrow side bar), then the name.
          const label = String(item.label);
          assert.ok(label.endsWith(items[0].call.name), label);
          if (items[0].call.inclusiveUs !== null) assert.ok(sameAsPrinted(usOf(label), items[0].call.inclusiveUs), `${label} vs ${items[0].call.inclusiveUs} µs`);
          assert.equal(item.collapsibleState, items[0].call.childCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
          assert.equal(item.command?.command, 'ftraceLens.revealCall');
          assert.equal(item.command?.arguments?.[1], items[0].call.line);
        }
        this.test!.title += ` (${compared} calls compared, ${expanded} expanded)`;
        assert.ok(compared >= Math.min(all.length, 50), `only ${compared} calls compared`);
      });

      test('Order by Time lists slowest first; Order as in the Trace restores it', async () => {
        await vscode.commands.executeCommand('ftraceLens.callTree.orderByTime');
        assert.equal(api.callTree.provider.currentOrder, 'time');
        const groups = await groupsOf(api, uri);
        for (const [i, g] of groups.entries()) {
          const expected = byTime(want.groups[i].roots).slice(0, PAGE);
          const got = calls(await api.callTree.provider.getChildren(g));
          assert.deepEqual(got.map((n) => n.call.id), expected.map((c) => c.id), `${g.group.label} by time`);
          const parent = got.find((n) => n.call.childCount > 1);
          if (parent !== undefined) {
            const kids = calls(await api.callTree.provider.getChildren(parent));
            assert.deepEqual(kids.map((n) => n.call.id), byTime(want.kids.get(parent.call.id)!).slice(0, PAGE).map((c) => c.id), `children of #${parent.call.id} by time`);
          }
        }
        await vscode.commands.executeCommand('ftraceLens.callTree.orderByTrace');
        assert.equal(api.callTree.provider.currentOrder, 'trace');
        const first = (await groupsOf(api, uri))[0];
        assert.deepEqual(calls(await api.callTree.provider.getChildren(first)).map((n) => n.call.id), want.groups[0].roots.slice(0, PAGE).map((c) => c.id));
      });

      test('Follow Cursor selects the call under the cursor in the panel', async function () {
        await showCallTree(api);
        await vscode.window.showTextDocument(editor.document, { preview: false });
        editor = vscode.window.activeTextEditor!;
        await vscode.commands.executeCommand('ftraceLens.callTree.followCursorOn');
        // Deep calls spread over the file, plus the slowest.
        const deep = all.filter((c) => c.depth >= 2 && !c.flags.includes('missingEntry'));
        const picks = [0.1, 0.5, 0.9].map((f) => deep[Math.floor(f * (deep.length - 1))]).filter((c) => c !== undefined);
        assert.ok(picks.length > 0, 'no call at depth >= 2');
        for (const c of picks) {
          placeCursor(editor, c.line - 1);
          await waitFor(`#${c.id} ${c.name} (line ${c.line}) selected in the Call Tree`, () => {
            const n = api.callTree.view.selection[0];
            return n?.kind === 'call' && n.call.id === c.id ? n : undefined;
          }, { events: [api.callTree.view.onDidChangeSelection], timeoutMs: 15000 });
        }
        await vscode.commands.executeCommand('ftraceLens.callTree.followCursorOff');
        this.test!.title += ` (${picks.length} calls, depths ${picks.map((c) => c.depth).join(', ')})`;
      });

      test('Collapse All collapses what the reveal expanded', async () => {
        await showCallTree(api);
        // The last call with a parent and a grandparent (depth alone says nothing: a trace cut mid-call has deep roots).
        const byId = new Map(all.map((c) => [c.id, c]));
        const deep = [...all].reverse().find((c) => c.parent !== null && byId.get(c.parent)?.parent != null);
        assert.ok(deep, 'no call with a grandparent');
        const expanded = new Set<string>();
        const collapsed = new Set<string>();
        let armed = false;
        // Start from a collapsed tree, so the reveal below has ancestors to expand.
        await vscode.commands.executeCommand('workbench.actions.treeView.ftraceLens.callTree.collapseAll');
        const subs = [
          api.callTree.view.onDidExpandElement((e) => expanded.add(e.element.key)),
          api.callTree.view.onDidCollapseElement((e) => armed && collapsed.add(e.element.key)),
        ];
        try {
          assert.ok(await api.callTree.revealLine(deep.line - 1), 'revealLine found the call');
          await waitFor('the reveal expanded the path', () => (expanded.size >= 2 ? true : undefined), { events: [api.callTree.view.onDidExpandElement], timeoutMs: 10000 });
          armed = true;
          await vscode.commands.executeCommand('workbench.actions.treeView.ftraceLens.callTree.collapseAll');
          await waitFor(`collapse events for ${[...expanded].join(', ')}`, () => ([...expanded].every((k) => collapsed.has(k)) ? true : undefined), {
            events: [api.callTree.view.onDidCollapseElement], timeoutMs: 10000,
          });
        } finally {
          subs.forEach((s) => s.dispose());
        }
      });
    });
  }
});
