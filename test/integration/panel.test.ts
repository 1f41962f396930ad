// Integration: the Call Tree panel against `ftrace-lens calls --jsonl` (groups, top-level calls, children, order, follow cursor, collapse all) and its paging on a ~1M-line trace with an event-loop drift monitor.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import type { CallNode } from '../../server/src/protocol';
import type { TreeNode } from '../../client/src/callTreeProvider';
import {
  activatePanel, cliCalls, fixturePath, openInEditor, placeCursor, realTrace, seedTraceText, sharedLargeTrace, waitFor,
  workDir, writeFile, type CliCall, type PanelApi,
} from './helpers';

const PAGE = 200;
type CallItem = Extract<TreeNode, { kind: 'call' }>;
type MoreItem = Extract<TreeNode, { kind: 'more' }>;
const calls = (ns: readonly TreeNode[]): CallItem[] => ns.filter((n): n is CallItem => n.kind === 'call');
const mores = (ns: readonly TreeNode[]): MoreItem[] => ns.filter((n): n is MoreItem => n.kind === 'more');

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

/** Slowest first, untimed last, trace order on ties (the server's time order). */
function byTime(cs: readonly CliCall[]): CliCall[] {
  const key = (c: CliCall): number => c.inclusiveUs ?? -1;
  return [...cs].sort((a, b) => key(b) - key(a) || a.id - b.id);
}

/** The Call Tree's groups once the panel shows `uri` (waits for the view to follow the editor and the server to parse). */
async function groupsOf(api: PanelApi, uri: vscode.Uri, timeoutMs = 30000): Promise<Extract<TreeNode, { kind: 'group' }>[]> {
  return waitFor(`the Call Tree showing ${path.basename(uri.fsPath)}`, async () => {
    if (api.callTree.provider.current?.uri.toString() !== uri.toString()) return undefined;
    const gs = await api.callTree.provider.getChildren();
    return gs.length > 0 ? gs.filter((g): g is Extract<TreeNode, { kind: 'group' }> => g.kind === 'group') : undefined;
  }, { timeoutMs, events: [api.callTree.provider.onDidChangeTreeData, vscode.window.onDidChangeActiveTextEditor] });
}

/** Opens the Ftrace container with the Call Tree visible. */
async function showCallTree(api: PanelApi): Promise<void> {
  await vscode.commands.executeCommand('ftraceLens.callTree.focus');
  await waitFor('the Call Tree visible', () => (api.callTree.view.visible ? true : undefined), { events: [api.callTree.view.onDidChangeVisibility] });
}

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
          assert.match(String(item.description), new RegExp(`^${roots.length} top-level call`));
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
          assert.equal(item.label, items[0].call.name);
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

// ---------------------------------------------------------------- paging on a large trace

/** Keeps the file under VS Code's 50 MB sync limit (otherwise the document never reaches extensions or the server). */
const MAX_BYTES = 47 * 1024 * 1024;
const MAX_LINES = 1_000_000;

/** The head of the large real capture (streamed, cut at a line boundary), up to MAX_LINES lines / MAX_BYTES bytes. */
async function largeHead(gz: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let lines = 0;
  let end = -1; // bytes to keep: just after the MAX_LINES-th newline
  const stream = fs.createReadStream(gz).pipe(zlib.createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0 && end < 0; i = chunk.indexOf(10, i + 1)) if (++lines === MAX_LINES) end = bytes + i + 1;
    chunks.push(chunk);
    bytes += chunk.length;
    if (end >= 0 || bytes > MAX_BYTES) break;
  }
  stream.destroy();
  const all = Buffer.concat(chunks);
  const keep = all.subarray(0, Math.min(end >= 0 ? end : all.length, MAX_BYTES));
  return keep.subarray(0, keep.lastIndexOf(10) + 1);
}

/** Without ../shared: the no-CPU-column fixture head (short lines) repeated to MAX_LINES lines under MAX_BYTES. */
function repeatedFixture(): Buffer {
  const rows = fs.readFileSync(fixturePath('k61-smp2-no-cpu-head.trace'), 'utf8').split('\n');
  const header = rows.filter((r) => r.startsWith('#'));
  const body = rows.filter((r) => !r.startsWith('#') && r.trim() !== '');
  const out: string[] = [...header];
  let bytes = header.join('\n').length + 1;
  while (out.length < MAX_LINES) {
    const r = body[(out.length - header.length) % body.length];
    if (bytes + r.length + 1 > MAX_BYTES) break;
    out.push(r);
    bytes += r.length + 1;
  }
  return Buffer.from(out.join('\n') + '\n');
}

/** Event-loop drift monitor: a 10 ms interval whose late ticks measure how long the extension host was blocked. */
function driftMonitor() {
  const PERIOD = 10;
  let phase = 'idle';
  let last = performance.now();
  let max = { gap: 0, phase: '' };
  const late: string[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last - PERIOD;
    last = now;
    if (gap > max.gap) max = { gap, phase };
    if (gap > 50) late.push(`${gap.toFixed(0)} ms during ${phase}`);
  }, PERIOD);
  return {
    get phase(): string {
      return phase;
    },
    set phase(p: string) {
      phase = p;
    },
    stop() {
      clearInterval(timer);
      return { max, late };
    },
  };
}

suite('Call Tree paging on a ~1M-line trace', () => {
  let api: PanelApi;
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let source = '';

  suiteSetup(async function () {
    this.timeout(300000);
    api = await activatePanel();
    const gz = sharedLargeTrace();
    const bytes = gz !== undefined ? await largeHead(gz) : repeatedFixture();
    assert.ok(bytes.length < 50 * 1024 * 1024, `${bytes.length} bytes: over VS Code's 50 MB sync limit`);
    source = gz !== undefined ? 'head of k61-smp2-large' : 'repeated k61-smp2-no-cpu fixture';
    const file = path.join(workDir(), 'large', 'large.trace');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    uri = vscode.Uri.file(file);
    await showCallTree(api);
    doc = await openInEditor(uri);
    assert.equal(doc.languageId, 'ftrace');
    await api.ready;
    await groupsOf(api, uri, 240000);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('expanding groups and calls and loading "more…" pages never blocks the extension host or fetches more than a page', async function () {
    this.timeout(240000);
    const client = api.client as unknown as { sendRequest: (...args: unknown[]) => Promise<unknown> };
    const original = client.sendRequest;
    const sizes: { calls: number; groups: number; ms: number }[] = [];
    client.sendRequest = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      const p = original.apply(this, args);
      if (args[0] === 'ftrace/callTree') {
        void p.then((r) => {
          const x = r as { calls?: unknown[]; groups?: unknown[] } | null;
          sizes.push({ calls: x?.calls?.length ?? 0, groups: x?.groups?.length ?? 0, ms: performance.now() - t0 });
        }, () => undefined);
      }
      return p;
    };
    const mon = driftMonitor();
    const provider = api.callTree.provider;
    let loaded = 0;
    let pages = 0;
    let earlier = 0;
    const loadMs: number[] = [];
    try {
      mon.phase = 'groups';
      const groups = await groupsOf(api, uri);
      /** Loads `n` "more…" pages under `parent` with the view's own command, checking each adds at most a page. */
      const loadPages = async (parent: TreeNode, n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const before = await provider.getChildren(parent);
          const more = mores(before).find((m) => m.direction === 'later');
          if (more === undefined) return;
          mon.phase = `loadMore ${parent.key} page ${i + 1}`;
          const tl = performance.now();
          await vscode.commands.executeCommand('ftraceLens.callTree.loadMore', more);
          loadMs.push(Math.round(performance.now() - tl));
          const after = await provider.getChildren(parent);
          const added = calls(after).length - calls(before).length;
          assert.equal(added, Math.min(PAGE, more.count), `${parent.key}: one page per "more…"`);
          const left = mores(after).find((m) => m.direction === 'later')?.count ?? 0;
          assert.equal(left, more.count - added);
          loaded += added;
          pages++;
        }
      };
      // The groups with the most top-level calls: expand, page through them.
      const big = [...groups].sort((a, b) => b.group.callCount - a.group.callCount).slice(0, 3);
      let deepRoot: CallItem | undefined;
      for (const g of big) {
        mon.phase = `expand ${g.key}`;
        await api.callTree.view.reveal(g, { expand: true, select: false, focus: false });
        const first = calls(await provider.getChildren(g));
        assert.equal(first.length, Math.min(PAGE, g.group.callCount), `${g.key}: first page`);
        loaded += first.length;
        await loadPages(g, 3);
        const items = calls(await provider.getChildren(g));
        if (deepRoot === undefined && items.length > PAGE) deepRoot = items[items.length - 1];
        // The calls of the group with the most direct calls: expand, and page through their children.
        const fat = [...items].sort((a, b) => b.call.childCount - a.call.childCount).slice(0, 2).filter((n) => n.call.childCount > 0);
        for (const c of fat) {
          mon.phase = `expand ${c.key}`;
          await api.callTree.view.reveal(c, { expand: true, select: false, focus: false });
          loaded += calls(await provider.getChildren(c)).length;
          await loadPages(c, 4);
        }
      }
      // Revealing a top-level call beyond the first page of a fresh tree jumps the window to its page, with "earlier…" above.
      if (deepRoot !== undefined) {
        const target = deepRoot;
        mon.phase = 'reset (order toggle)';
        await vscode.commands.executeCommand('ftraceLens.callTree.orderByTime');
        await vscode.commands.executeCommand('ftraceLens.callTree.orderByTrace');
        mon.phase = `reveal line ${target.call.line + 1}`;
        await vscode.window.showTextDocument(doc, { preview: false });
        assert.ok(await api.callTree.revealLine(target.call.line), `reveal line ${target.call.line + 1}`);
        const group = (await groupsOf(api, uri)).find((g) => g.key === target.parent.key)!;
        const kids = await provider.getChildren(group);
        assert.ok(calls(kids).some((n) => n.call.id === target.call.id), 'the revealed call is loaded');
        const up = mores(kids).find((m) => m.direction === 'earlier');
        assert.ok(up !== undefined && up.count >= PAGE, `an "earlier…" item above the jumped-to page: ${mores(kids).map((m) => `${m.direction} ${m.count}`).join(', ')}`);
        mon.phase = `load earlier ${group.key}`;
        await vscode.commands.executeCommand('ftraceLens.callTree.loadMore', up);
        const after = await provider.getChildren(group);
        assert.equal(calls(after).length - calls(kids).length, Math.min(PAGE, up.count), 'one page per "earlier…"');
        assert.equal(mores(after).find((m) => m.direction === 'earlier')?.count ?? 0, up.count - Math.min(PAGE, up.count));
        earlier++;
      }
      mon.phase = 'settle';
      await waitFor('the last callTree answers recorded', () => (sizes.length > 0 ? true : undefined));
    } catch (e) {
      throw new Error(`during "${mon.phase}" (loadMore ms: ${loadMs.join(',')}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    } finally {
      client.sendRequest = original;
    }
    const { max, late } = mon.stop();
    const worst = Math.max(...sizes.map((s) => s.calls));
    const slowest = Math.max(...sizes.map((s) => s.ms));
    this.test!.title += ` (${source}: ${doc.lineCount} lines; ${sizes.length} ftrace/callTree requests, ${loaded} calls loaded, ${pages} "more…" pages, ${earlier} "earlier…" pages; largest answer ${worst} calls, slowest ${slowest.toFixed(0)} ms; max event-loop gap ${max.gap.toFixed(1)} ms during ${max.phase})`;
    assert.ok(pages >= 3, `only ${pages} "more…" pages loaded: the trace should need paging`);
    assert.ok(worst <= PAGE, `a request returned ${worst} calls (page is ${PAGE})`);
    assert.ok(sizes.every((s) => s.groups <= 500));
    assert.ok(max.gap <= 100, `the extension host was blocked ${max.gap.toFixed(0)} ms during ${max.phase}; late ticks: ${late.join('; ')}`);
  });
});
