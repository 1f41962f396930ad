// Integration: big traces in VS Code: the regime of each trace tab, Restore Editor Features, a trace past 50 MB indexed from disk (panel, reveal), faults (binary file, changed on disk), and slices (every feature, full-trace line, Reveal in Full Trace).
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activatePanel, cliReport, hoverText, lineOf, openInEditor, placeCursor, seedTraceText, setSetting, waitFor, waitForFolding, waitForHover, workDir, writeFile, type PanelApi,
} from './helpers';
import { slowestCallItem } from '../../client/src/navigation/commands';
import { send } from '../../client/src/shared/requests';
import { SlowestCallsRequest } from '../../server/src/protocol';
import { treeCall } from './treeHelpers';

const SLICE_SCHEME = 'ftrace-slice';

/** Writes a file of at least `minBytes` bytes: `header`, then `body` repeated (whole lines). */
function bigFile(rel: string, minBytes: number, header: string, body: string): vscode.Uri {
  const file = path.join(workDir(), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header);
    const block = body.repeat(Math.max(1, Math.floor(4_000_000 / body.length)));
    for (let n = header.length; n < minBytes; n += block.length) fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
  return vscode.Uri.file(file);
}

/** Writes a trace of at least `minBytes` bytes: the seed's body repeated after `header` (by default the seed's header). */
function bigTraceFromSeed(rel: string, minBytes: number, header?: string): vscode.Uri {
  const lines = seedTraceText().split('\n');
  const body = lines.filter((l) => /^\s*\d+\)/.test(l)).join('\n') + '\n';
  return bigFile(rel, minBytes, header ?? lines.filter((l) => l.startsWith('#')).join('\n') + '\n', body);
}

/** The first text tab showing `uri`. */
function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('Big traces', function () {
  this.timeout(240000);
  let api: PanelApi;

  suiteSetup(async () => {
    // code-server asks "Open Anyway?" from 16 MB on (remote windows): open traces as `npm start` does.
    await vscode.workspace.getConfiguration('workbench').update('editorLargeFileConfirmation', 4096, vscode.ConfigurationTarget.Global);
    api = await activatePanel();
    await openInEditor(writeFile('big/first.trace', seedTraceText()));
    await api.ready;
  });
  teardown(closeAll);
  suiteTeardown(() => vscode.workspace.getConfiguration('workbench').update('editorLargeFileConfirmation', undefined, vscode.ConfigurationTarget.Global));

  test('a trace of more than 300,000 lines is "large"; Restore Editor Features reopens it and puts the language setting back', async () => {
    const uri = bigTraceFromSeed('big/large.trace', 22_000_000);
    // Opened as a person does (workspace.openTextDocument would make VS Code keep the model ~3 min after its editor closes).
    await vscode.commands.executeCommand('vscode.open', uri);
    const f = await waitFor('the regime of the large trace', () => api.bigTraces.file(uri), { timeoutMs: 30000 });
    assert.equal(f.regime, 'large');
    assert.ok(f.lines !== undefined && f.bytes > 20 * 1024 * 1024, JSON.stringify(f));
    const cfg = () => vscode.workspace.getConfiguration('editor', { languageId: 'ftrace' }).inspect<boolean>('largeFileOptimizations')?.globalLanguageValue;
    const before = cfg();
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => d.uri.toString() === uri.toString() && (sub.dispose(), resolve()));
    });
    await vscode.commands.executeCommand('ftraceLens.restoreEditorFeatures', uri);
    await closed; // the old model went (VS Code decides "large" only when it creates a model)
    await waitFor('the restored state', () => (api.bigTraces.featuresRestored(uri) ? true : undefined), { timeoutMs: 60000 });
    const editor = await waitFor('the reopened editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()), { timeoutMs: 30000 });
    assert.equal(editor.document.languageId, 'ftrace');
    assert.equal(cfg(), before, 'editor.largeFileOptimizations for [ftrace] is back as it was');
  });

  test('with editor.largeFileOptimizations off for ftrace, a large trace keeps every feature: not announced as large, nothing to restore', async () => {
    const cfg = vscode.workspace.getConfiguration('editor', { languageId: 'ftrace' });
    const before = cfg.inspect<boolean>('largeFileOptimizations')?.globalLanguageValue;
    await cfg.update('largeFileOptimizations', false, vscode.ConfigurationTarget.Global, true);
    try {
      const uri = bigTraceFromSeed('big/large-kept.trace', 22_000_000);
      await vscode.commands.executeCommand('vscode.open', uri);
      const f = await waitFor('the regime of the large trace', () => api.bigTraces.file(uri), { timeoutMs: 30000 });
      assert.equal(f.regime, 'large');
      assert.ok(api.bigTraces.featuresKeptByEditor(uri), 'VS Code kept its features: the extension knows');
      assert.ok(!api.bigTraces.featuresRestored(uri));
      // Restore Editor Features has nothing to do: the file is not closed and reopened.
      let closed = false;
      const sub = vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.toString() === uri.toString()) closed = true; });
      try {
        await vscode.commands.executeCommand('ftraceLens.restoreEditorFeatures', uri);
        await new Promise((r) => setTimeout(r, 1000));
        assert.ok(!closed, 'the trace was not reopened');
      } finally {
        sub.dispose();
      }
    } finally {
      await cfg.update('largeFileOptimizations', before, vscode.ConfigurationTarget.Global, true);
    }
  });

  test('with ftraceLens.largeFiles.restoreEditorFeatures on, a large trace is reopened with every feature without asking', async () => {
    await setSetting('largeFiles.restoreEditorFeatures', true);
    try {
      const uri = bigTraceFromSeed('big/large-auto.trace', 22_000_000);
      await vscode.commands.executeCommand('vscode.open', uri);
      await waitFor('the automatic restore', () => (api.bigTraces.featuresRestored(uri) ? true : undefined), { timeoutMs: 120000 });
      // Restored once the new model exists; its editor may show a moment later.
      await waitFor('the reopened editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.document.languageId === 'ftrace'), { timeoutMs: 30000 });
    } finally {
      await setSetting('largeFiles.restoreEditorFeatures', undefined);
    }
  });

  test('a large trace named .txt comes back from Restore Editor Features as ftrace (VS Code reopens it as Plain Text)', async () => {
    const uri = bigTraceFromSeed('big/large-capture.txt', 22_000_000);
    await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
    await waitFor('the trace detected as ftrace', () => (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId === 'ftrace' ? true : undefined), { timeoutMs: 30000 });
    const f = await waitFor('the regime of the large trace', () => api.bigTraces.file(uri), { timeoutMs: 30000 });
    assert.equal(f.regime, 'large');
    await vscode.commands.executeCommand('ftraceLens.restoreEditorFeatures', uri);
    await waitFor('the restored state', () => (api.bigTraces.featuresRestored(uri) ? true : undefined), { timeoutMs: 60000 });
    const editor = await waitFor('the reopened editor as ftrace', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.document.languageId === 'ftrace'), { timeoutMs: 30000 });
    assert.ok(!editor.document.isClosed);
  });

  test('two large traces restored at once are both reopened with every feature, and the setting is put back', async () => {
    const uris = [bigTraceFromSeed('big/large-a.trace', 22_000_000), bigTraceFromSeed('big/large-b.trace', 22_000_000)];
    for (const uri of uris) {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      await waitFor('the regime of a large trace', () => api.bigTraces.file(uri), { timeoutMs: 30000 });
    }
    const cfg = () => vscode.workspace.getConfiguration('editor', { languageId: 'ftrace' }).inspect<boolean>('largeFileOptimizations')?.globalLanguageValue;
    const before = cfg();
    // The second asked while the first runs, once the first turned the setting off (as the automatic
    // restore does when a workspace reopens several large traces).
    const first = vscode.commands.executeCommand('ftraceLens.restoreEditorFeatures', uris[0]);
    await waitFor('the first restore to turn the setting off', () => (cfg() === false ? true : undefined), { timeoutMs: 30000 });
    await Promise.all([first, vscode.commands.executeCommand('ftraceLens.restoreEditorFeatures', uris[1])]);
    for (const uri of uris) await waitFor('the restored state', () => (api.bigTraces.featuresRestored(uri) ? true : undefined), { timeoutMs: 60000 });
    assert.equal(cfg(), before, 'editor.largeFileOptimizations for [ftrace] is back as it was');
  });

  test('past 50 MB: no TextDocument, the tab is found, the file is indexed from disk and the Call Tree, summary and reveal work', async function () {
    // 60 MB keeps this suite short; test/e2e/bigTraces.mjs does the same on the 160 MB capture in the DOM.
    const uri = bigTraceFromSeed('big/huge.trace', 60_000_000);
    await vscode.commands.executeCommand('vscode.open', uri);
    await waitFor('the tab of the big trace', () => tabOf(uri));
    assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), false, 'VS Code does not synchronize a file past 50 MB');
    const state = await waitFor('the disk index', () => {
      const s = api.diskIndexes.state(uri);
      return s !== undefined && s.kind !== 'indexing' ? s : undefined;
    }, { timeoutMs: 200000 });
    assert.equal(state.kind, 'ready', JSON.stringify(state));
    assert.equal(api.bigTraces.file(uri)?.regime, 'tooBig');
    const report = await cliReport(uri.fsPath);
    if (state.kind === 'ready') assert.equal(state.result.calls, report.calls, 'the disk index has the calls the CLI counts');
    // The view is hidden in this test, so point its provider at the trace as the view does when shown.
    if (state.kind === 'ready') api.callTree.provider.setTrace({ uri, version: state.result.generation });
    const groups = await waitFor('Call Tree groups', async () => {
      const g = await api.callTree.provider.getChildren();
      return g.length > 0 ? g : undefined;
    }, { timeoutMs: 30000 });
    assert.ok(groups.every((g) => g.kind === 'group'));
    const top = groups[0].kind === 'group' ? groups[0].group.callCount : 0;
    assert.ok(top > 0, 'the first group has calls');
    // Jump to Slowest Call opens VS Code's own editor at the line: the tab stays, no document appears.
    await vscode.commands.executeCommand('ftraceLens.jumpToSlowestCall');
    assert.ok(tabOf(uri)?.isActive, 'the big trace tab is active');
    assert.equal(report.slowest[0].line > 0, true);
  });

  test('past 50 MB, named .txt: known as a trace by its first 8 KB as a smaller file is (a capture whose first line names nop), a kernel log is not, nor the capture with ftraceLens.detectTraces off', async () => {
    const capture = bigTraceFromSeed('big/instance.txt', 55_000_000, '# tracer: nop\n#\n');
    const log = bigFile('big/kernel.txt', 55_000_000, '', Array.from({ length: 60 }, (_, i) => `Nov 30 02:27:${String(i).padStart(2, '0')} host kernel: usb 1-1: new high-speed USB device number ${i}\n`).join(''));
    const openTab = async (uri: vscode.Uri): Promise<void> => {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      await waitFor(`the tab of ${path.basename(uri.fsPath)}`, () => tabOf(uri));
    };
    await openTab(log);
    await openTab(capture);
    await api.bigTraces.scan(); // every open tab looked at
    assert.equal(api.bigTraces.file(capture)?.regime, 'tooBig', 'the capture is a trace');
    assert.equal(api.bigTraces.file(log), undefined, 'the kernel log is no trace');
    await closeAll();
    await api.bigTraces.scan();
    await setSetting('detectTraces', false);
    try {
      await openTab(capture);
      await api.bigTraces.scan();
      assert.equal(api.bigTraces.file(capture), undefined, 'with detection off, a .txt whose first line is no trace\'s is not one');
    } finally {
      await setSetting('detectTraces', undefined);
    }
  });

  test('past 50 MB, not a trace: a binary file named .trace stops early with a clear message', async () => {
    const file = path.join(workDir(), 'big', 'binary.trace');
    const buf = Buffer.alloc(52 * 1024 * 1024, 0);
    buf.write('# tracer: function_graph\n');
    fs.writeFileSync(file, buf);
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.open', uri);
    const state = await waitFor('the answer for the binary file', () => {
      const s = api.diskIndexes.state(uri);
      return s !== undefined && s.kind !== 'indexing' ? s : undefined;
    }, { timeoutMs: 60000 });
    assert.equal(state.kind, 'failed');
    if (state.kind === 'failed') assert.match(state.message, /binary|not a trace|trace/i);
  });

  test('past 50 MB, changed on disk: the index goes stale and is read again (never answered from the old one)', async () => {
    const uri = bigTraceFromSeed('big/growing.trace', 55_000_000);
    await vscode.commands.executeCommand('vscode.open', uri);
    const first = await waitFor('the first index', () => {
      const s = api.diskIndexes.state(uri);
      return s?.kind === 'ready' ? s : undefined;
    }, { timeoutMs: 120000 });
    fs.appendFileSync(uri.fsPath, ' 0)   1.000 us    |  appended_call();\n');
    const second = await waitFor('a new index generation', () => {
      const s = api.diskIndexes.state(uri);
      return s?.kind === 'ready' && s.result.generation > first.result.generation ? s : undefined;
    }, { timeoutMs: 120000, events: [api.diskIndexes.onDidChange] });
    assert.equal(second.result.lines, first.result.lines + 1);
  });

  test('slices: Open Call as Trace gives a read-only ftrace document with folding, hovers with the full-trace line, and Reveal in Full Trace', async () => {
    const uri = writeFile('big/seed-for-slice.trace', seedTraceText());
    const doc = await openInEditor(uri);
    const editor = await waitFor('the seed editor', () => (vscode.window.activeTextEditor?.document === doc ? vscode.window.activeTextEditor : undefined));
    const attach = lineOf(doc, 'vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
    await waitForHover(uri, new vscode.Position(attach, doc.lineAt(attach).text.indexOf('vfio_iommu')), 'inclusive');
    placeCursor(editor, attach);
    await vscode.commands.executeCommand('ftraceLens.openCallAsTrace');
    const slice = await waitFor('the slice editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === SLICE_SCHEME ? e : undefined;
    }, { timeoutMs: 20000 });
    assert.equal(slice.document.languageId, 'ftrace');
    const sliceDoc = slice.document;
    const entry = lineOf(sliceDoc, 'vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
    assert.equal(slice.selection.active.line, entry, 'the cursor is on the call');
    const folds = await waitForFolding(sliceDoc.uri);
    assert.ok(folds.some((r) => r.start === entry), 'the call folds in the slice');
    const pos = new vscode.Position(entry, sliceDoc.lineAt(entry).text.indexOf('vfio_iommu'));
    const text = await waitForHover(sliceDoc.uri, pos, 'inclusive: 2.672 ms');
    assert.match(text, new RegExp(`Line ${attach + 1} of the full trace`));
    assert.match(await hoverText(sliceDoc.uri, pos), /Reveal in Full Trace/);
    // The Call Tree's tooltip names the full trace's lines in the slice, and the trace's own lines in the trace.
    const sliceNode = await treeCall(api, sliceDoc.uri, sliceDoc.version, entry);
    assert.ok(sliceNode.kind === 'call' && entry !== attach, 'slice lines differ from the full trace\'s');
    const end = sliceNode.call.endLine;
    assert.ok(end !== null);
    const fullEnd = doc.getText().split(/\r?\n/).indexOf(sliceDoc.lineAt(end).text, attach);
    assert.ok(fullEnd > attach, 'the call\'s exit in the full trace');
    const sliceTip = String(api.callTree.provider.getTreeItem(sliceNode).tooltip);
    assert.match(sliceTip, new RegExp(`^lines ${(attach + 1).toLocaleString('en-US')}–${(fullEnd + 1).toLocaleString('en-US')} of the full trace, depth `, 'm'), sliceTip);
    const fullNode = await treeCall(api, uri, doc.version, attach);
    const fullTip = String(api.callTree.provider.getTreeItem(fullNode).tooltip);
    assert.match(fullTip, new RegExp(`^line ${attach + 1}–${fullEnd + 1}, depth `, 'm'), fullTip);
    assert.doesNotMatch(fullTip, /full trace/);
    // Show Slowest Calls names the same line: the full trace's in the slice, the trace's own in the trace.
    const slowestIn = async (u: vscode.Uri) => {
      const r = await send(api.client, SlowestCallsRequest, { uri: u.toString(), count: 50, sleepsAndIdle: false });
      assert.ok(r !== null);
      const i = r.calls.findIndex((c) => c.name.startsWith('vfio_iommu_type1_attach_group'));
      assert.ok(i >= 0, 'the call is among the slowest');
      return slowestCallItem(r.calls[i], i, r.ranking, await api.slices.lineNames(u)).description;
    };
    assert.match(await slowestIn(sliceDoc.uri), new RegExp(`· line ${(attach + 1).toLocaleString('en-US')} of the full trace$`));
    assert.match(await slowestIn(uri), new RegExp(`· line ${attach + 1}$`));
    // A slice has no file behind it: nothing can be saved (the editor shows it read-only; the e2e types into it).
    assert.equal(vscode.workspace.fs.isWritableFileSystem(SLICE_SCHEME), undefined);
    await vscode.commands.executeCommand('ftraceLens.revealInFullTrace', sliceDoc.uri.toString(), entry);
    await waitFor('the full trace at the call', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.toString() === uri.toString() && e.selection.active.line === attach ? e : undefined;
    }, { timeoutMs: 10000, events: [vscode.window.onDidChangeActiveTextEditor, vscode.window.onDidChangeTextEditorSelection] });
  });

  test('slices: Open Task as Trace from a Call Tree group holds only that task', async () => {
    const uri = writeFile('big/seed-for-task.trace', seedTraceText());
    await openInEditor(uri);
    api.callTree.provider.setTrace({ uri, version: 1 });
    const groups = await waitFor('groups', async () => {
      const g = await api.callTree.provider.getChildren();
      return g.length > 0 ? g : undefined;
    }, { timeoutMs: 20000 });
    const task = groups.find((g) => g.kind === 'group' && g.group.pid !== null && g.group.label.includes('qemu'));
    assert.ok(task && task.kind === 'group', 'a qemu task group');
    await vscode.commands.executeCommand('ftraceLens.openTaskAsTrace', task);
    const slice = await waitFor('the task slice', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === SLICE_SCHEME ? e : undefined;
    }, { timeoutMs: 20000 });
    const body = slice.document.getText().split('\n').filter((l) => /^\s*\d+\)/.test(l) && l.includes('-'));
    assert.ok(body.length > 0);
    assert.ok(body.every((l) => l.includes(`-${task.group.pid}`) || !/\w+-\d+\s/.test(l)), 'only the task\'s lines');
  });
});
