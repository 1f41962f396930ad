// Integration: "Compare with Another Trace…" in VS Code shows the same table as `ftrace-lens diff`, for a baseline open in an editor and for one that is only a file.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activatePanel, fixturePath, openInEditor, runCli, waitFor, writeFile } from './helpers';
import { baselineChoices } from '../../client/src/compare/compareCommand';

const COMPARE = 'ftraceLens.compareTraces';

/** The table's rows (the lines after its column header). */
function rows(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => l.includes('total before')) + 1);
}

suite('Compare with Another Trace…', () => {
  const before = writeFile('compare/6.1-vfs_read.trace', fs.readFileSync(fixturePath('k61-smp2-graphfn-vfs_read-depth5.trace')));
  const after = writeFile('compare/7.3-vfs_read.trace', fs.readFileSync(fixturePath('b73-smp2-graphfn-vfs_read-retval.trace')));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a baseline open in an editor: a read-only document with the rows `ftrace-lens diff` prints', async () => {
    const api = await activatePanel();
    await openInEditor(before);
    await openInEditor(after);
    await api.ready;
    const r = (await vscode.commands.executeCommand(COMPARE, before)) as { text: string; functions: number; sortBy: string } | undefined;
    assert.ok(r, 'the command returned no result');
    const shown = await waitFor('the comparison in the active editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'ftrace-compare' ? e : undefined;
    });
    const text = shown.document.getText();
    assert.equal(text, r.text);
    assert.match(shown.document.uri.path, /7\.3-vfs_read\.trace vs 6\.1-vfs_read\.trace/);
    assert.match(text, /^before: 6\.1-vfs_read\.trace\n/);
    assert.match(text, /\n\s+10\.47 ms\s+6\.501 ms\s+-3\.965 ms\s+-37\.9%.* vfs_read\n/);
    // The comparison is no trace: the server is not sent it, so no trace features run on it.
    assert.notEqual(shown.document.languageId, 'ftrace');
    const cli = await runCli(['diff', before.fsPath, after.fsPath, '--top', '200']);
    assert.deepEqual(rows(text), rows(cli));
    assert.ok(rows(text).length > 50, `${rows(text).length} rows`);
  });

  test('a baseline that is only a file (Choose a File…): opened for the server, then compared', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const only = writeFile('compare/unopened-6.1.trace', fs.readFileSync(fixturePath('k61-smp2-graphfn-vfs_read-depth5.trace')));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === only.toString()));
    await openInEditor(after);
    const r = (await vscode.commands.executeCommand(COMPARE, only, undefined, 'calls')) as { text: string; sortBy: string } | undefined;
    assert.ok(r, 'the command returned no result');
    assert.equal(r.sortBy, 'calls');
    assert.match(r.text, /Functions by change in number of calls/);
    const cli = await runCli(['diff', only.fsPath, after.fsPath, '--top', '200', '--sort', 'calls']);
    assert.deepEqual(rows(r.text), rows(cli));
  });

  test('a baseline past 50 MB (no document for extensions): read from disk for the comparison, its index freed afterwards', async function () {
    this.timeout(180000);
    const api = await activatePanel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const one = fs.readFileSync(fixturePath('k61-smp2-graphfn-vfs_read-depth5.trace'));
    const big = writeFile('compare/big-6.1.trace', Buffer.concat(new Array<Buffer>(Math.ceil(60e6 / one.length)).fill(one)));
    await openInEditor(after);
    const r = (await vscode.commands.executeCommand(COMPARE, big)) as { text: string } | undefined;
    assert.ok(r, 'the command returned no result');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === big.toString()), 'VS Code gives no document past 50 MB: the file was read from disk');
    assert.match(r.text, /^before: big-6\.1\.trace\n/);
    const cli = await runCli(['diff', big.fsPath, after.fsPath, '--top', '200']);
    assert.deepEqual(rows(r.text), rows(cli));
    assert.equal(r.text.split('\n')[1], cli.split('\n')[1], 'the same calls and time in all');
    assert.ok(!api.diskIndexes.has(big), 'the index read for the comparison is freed');
    // Open in a tab (read from disk as the tab opens): offered in the picker, and its index stays after a comparison.
    await vscode.commands.executeCommand('vscode.open', big);
    await waitFor('the big baseline read from disk', () => (api.diskIndexes.version(big) !== undefined ? true : undefined), { timeoutMs: 120000 });
    await vscode.commands.executeCommand('vscode.open', after);
    assert.ok(baselineChoices(after, api.diskIndexes).some((u) => u.toString() === big.toString()), 'the tab past 50 MB is offered');
    assert.ok(!baselineChoices(after, api.diskIndexes).some((u) => u.toString() === after.toString()), 'the trace itself is not');
    assert.ok(await vscode.commands.executeCommand(COMPARE, big));
    assert.ok(api.diskIndexes.has(big), 'the index of a file shown in a tab is kept');
  });
});
